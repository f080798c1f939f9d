"""Training the organization model (`yearbook train orgs`), and the held-out splits it is
measured on.

The data are the organization spans of the public NER corpora in `../shared/corpora` (their
README gives sources and terms) and, optionally, the organization names of the project's dev
gold found in their texts. Three splits are held out and never trained on: the last tenth of
`msra/train.jsonl`, `cluener2020/dev.jsonl` and `peoples_daily_1998/dev.jsonl`. A training
sentence or clause that appears inside a held-out sentence is left out too: MSRA and both
People's Daily corpora are cut from the same newspaper.

Everything is read in a fixed order and the trainer (L-BFGS, python-crfsuite) has no random
state, so the same data and settings give the same model file.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from extractors.org_model import BEGIN, FINALS_FILE, INSIDE, MODEL_FILE, OUTSIDE, char_features, normalised
from pipeline.core.errors import GoldError, InputError
from pipeline.gold import validate_gold_file
from pipeline.readers import find_text_file, read_document
from pipeline.scoring import gold_paths

Sentence = tuple[str, tuple[tuple[int, int], ...]]

MSRA_HELD_OUT_FRACTION = 10  # the last 1/10 of msra/train.jsonl
# (folder, file) of the corpora trained on, in the order they are read.
TRAINING_FILES = (
    ("cluener2020", "train.jsonl"),
    ("msra", "train.jsonl"),
    ("peoples_daily_1998_clauses", "train.jsonl"),
    ("resume_ner", "train.jsonl"),
    ("weibo_ner", "train.jsonl"),
)
HELD_OUT_SPLITS = ("msra-heldout", "cluener2020-dev", "peoples_daily_1998-dev")
ALGORITHM = "lbfgs"
SETTINGS = {
    "c1": 0.05,  # L1 keeps the model small: most pair features get no weight
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}
FINALS_COVERAGE = 0.95


def read_corpus(path: Path) -> list[Sentence]:
    """The sentences of one corpus file, `{"text": …, "orgs": [[start, end], …]}` a line."""
    if not path.is_file():
        raise InputError("corpus file not found; pass the folder described in ../shared/corpora/README.md "
                         "with --corpora", path=str(path))
    sentences = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                item = json.loads(line)
                text = item["text"]
                spans = tuple(sorted((int(s), int(e)) for s, e in item["orgs"]))
            except (ValueError, KeyError, TypeError) as error:
                raise InputError(f"line {number}: not a corpus line ({error})", path=str(path)) from None
            if any(not 0 <= s < e <= len(text) for s, e in spans):
                raise InputError(f"line {number}: an organization span lies outside the text", path=str(path))
            sentences.append((text, spans))
    return sentences


def _msra(corpora: Path) -> tuple[list[Sentence], list[Sentence]]:
    sentences = read_corpus(corpora / "msra" / "train.jsonl")
    cut = len(sentences) - len(sentences) // MSRA_HELD_OUT_FRACTION
    return sentences[:cut], sentences[cut:]


def held_out_splits(corpora: Path) -> dict[str, list[Sentence]]:
    """The held-out splits by name, sentences in corpus order."""
    return {
        "msra-heldout": _msra(corpora)[1],
        "cluener2020-dev": read_corpus(corpora / "cluener2020" / "dev.jsonl"),
        "peoples_daily_1998-dev": read_corpus(corpora / "peoples_daily_1998" / "dev.jsonl"),
    }


_NOT_WORD = re.compile(r"[\W_]+")
MIN_MATCHED = 8  # a shorter clause (国务院) may stand in a held-out sentence by chance


def training_sentences(corpora: Path) -> list[Sentence]:
    """Every training sentence of the corpora, in a fixed order, none from a held-out split:
    a sentence held out elsewhere (MSRA and People's Daily share most of January 1998) or
    a clause of one is left out."""
    held_out = "\n".join(_NOT_WORD.sub("", text) for split in held_out_splits(corpora).values() for text, _ in split)
    sentences: list[Sentence] = []
    for folder, name in TRAINING_FILES:
        corpus = _msra(corpora)[0] if folder == "msra" else read_corpus(corpora / folder / name)
        sentences.extend((text, spans) for text, spans in corpus
                         if len(key := _NOT_WORD.sub("", text)) < MIN_MATCHED or key not in held_out)
    return sentences


def gold_sentences(gold_dir: Path, text_dir: Path) -> list[Sentence]:
    """The lines of each gold file's text, with every occurrence of the organization names its
    gold gives marked (longest first). A name the text does not hold as written (a shared head
    restored, 东风区计生协 from 东风区、向阳区计生协) marks nothing."""
    sentences: list[Sentence] = []
    for path in gold_paths(gold_dir):
        gold = validate_gold_file(path)
        text_path = find_text_file(text_dir, gold.doc_id)
        if text_path is None:
            raise GoldError(f"no chapter text for doc_id {gold.doc_id!r} in {text_dir}", path=str(path))
        names = sorted({r.name for r in gold.records if r.type == "organization"}, key=lambda n: (-len(n), n))
        pattern = re.compile("|".join(map(re.escape, names))) if names else None
        for line in read_document(text_path).text.splitlines():
            if line.strip():
                spans = tuple(m.span() for m in pattern.finditer(line)) if pattern else ()
                sentences.append((line, spans))
    return sentences


def labels(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    """B/I/O labels of the characters of `text`; of overlapping spans the first one wins."""
    tags = [OUTSIDE] * len(text)
    for start, end in spans:
        if any(tag != OUTSIDE for tag in tags[start:end]):
            continue
        tags[start:end] = [BEGIN] + [INSIDE] * (end - start - 1)
    return tags


@dataclass(frozen=True)
class TrainingRun:
    sentences: int
    characters: int
    names: int
    seconds: float


def train(sentences: list[Sentence], out: Path, log: Callable[[str], None] = print) -> TrainingRun:
    """Train the character CRF on `sentences` and write it to `out`."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(ALGORITHM, verbose=True)  # prints each iteration
    characters = names = 0
    for text, spans in sentences:
        if text:
            trainer.append(char_features(text), labels(text, spans))
            characters += len(text)
            names += len(spans)
    trainer.set_params(SETTINGS)
    log(f"training on {len(sentences)} sentences, {characters} characters, {names} names: {ALGORITHM} {SETTINGS}")
    started = time.monotonic()
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return TrainingRun(len(sentences), characters, names, time.monotonic() - started)


def write_finals(sentences: list[Sentence], path: Path, coverage: float = FINALS_COVERAGE) -> int:
    """Write the characters that end the most names, as many as end `coverage` of them, and
    return how many: the model reads only clauses holding one (see extractors/org_model.py)."""
    finals = Counter(normalised(text[end - 1]) for text, spans in sentences for _, end in spans)
    total = sum(finals.values())
    kept, covered = [], 0
    for char, count in sorted(finals.items(), key=lambda item: (-item[1], item[0])):
        if covered >= coverage * total:
            break
        kept.append(char)
        covered += count
    header = (f"# Characters that end organization names in the training data of {MODEL_FILE}, the\n"
              f"# most frequent first, as many as end {coverage:.0%} of its {total} names; written by\n"
              "# `yearbook train orgs` with the model. The model reads only clauses that hold one.\n")
    path.write_text(header + "".join(char + "\n" for char in kept), encoding="utf-8")
    return len(kept)


def train_organizations(corpora: Path, out_dir: Path, gold: list[tuple[Path, Path]],
                        log: Callable[[str], None] = print) -> TrainingRun:
    """`yearbook train orgs`: the model and its finals file in `out_dir`, from the corpora
    and the gold sets given as (gold folder, text folder)."""
    sentences = training_sentences(corpora)
    for gold_dir, text_dir in gold:
        sentences += gold_sentences(gold_dir, text_dir)
    run = train(sentences, out_dir / MODEL_FILE, log)
    finals = write_finals(sentences, out_dir / FINALS_FILE)
    log(f"wrote {out_dir / MODEL_FILE} ({(out_dir / MODEL_FILE).stat().st_size / 1e6:.1f} MB) in {run.seconds:.0f} s "
        f"and {out_dir / FINALS_FILE} ({finals} characters)")
    return run


def iter_documents(sentences: list[Sentence], size: int = 20) -> Iterator[list[Sentence]]:
    """Consecutive groups of `size` sentences, the documents distinct names are counted in."""
    for index in range(0, len(sentences), size):
        yield sentences[index:index + size]
