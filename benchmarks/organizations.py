"""Organization finders side by side, accuracy and speed in one run (issue 13).

Four finders, each over the same segmented texts: jieba's `nt` tag, the rules alone, the
trained recognizer alone (`extractors/org_model.py`) and the hybrid the pipeline runs (the
recognizer proposes, the rules decide). For each it prints

* on the held-out splits of `../shared/corpora` (never trained on; see pipeline/training.py):
  precision, recall and F1 of the distinct organization names of each document of 20
  consecutive sentences, micro-averaged over documents;
* strict organization F1 against the dev gold (`gold/dev/`; the recognizer was trained on
  it, so this is no measure of how it generalises) and the held-out gold (`gold/heldout/`);
* characters per second over the held-out splits (segmentation included, one process).

    .venv/bin/python benchmarks/organizations.py
    .venv/bin/python benchmarks/organizations.py --limit 100   # a quick look: 100 documents a split
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.baselines import jieba_nt_organizations, model_organizations, rule_organizations
from pipeline.core.records import ExtractionFile
from pipeline.gold import LoadedChapter, load_gold, locate_records
from pipeline.readers import find_text_file, read_document
from pipeline.scoring import Score, Tally, gold_paths, score_chapter
from pipeline.segment import SegmentedChapter, segment
from pipeline.training import held_out_splits, iter_documents
from extractors import organizations

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD_SETS = (("dev gold", ROOT / "gold" / "dev"), ("held-out gold", ROOT / "gold" / "heldout"))
# A title line of its own, so that segmentation reads every sentence of a document as body text.
TITLE = "新闻\n"

FINDERS: dict[str, Callable[[SegmentedChapter], list[Any]]] = {
    "jieba nt": jieba_nt_organizations,
    "rules alone": rule_organizations,
    "model alone": model_organizations,
    "hybrid (pipeline)": lambda chapter: list(organizations.extract(chapter)),
}


def held_out_names(corpora: Path, limit: int | None) -> dict[str, dict[str, tuple[Tally, float]]]:
    """Per split and finder: the tally of distinct names over documents, and characters a second."""
    results: dict[str, dict[str, tuple[Tally, float]]] = {}
    for split, sentences in held_out_splits(corpora).items():
        documents = list(iter_documents(sentences))[:limit]
        texts = [TITLE + "\n".join(text for text, _ in document) for document in documents]
        gold = [{text[s:e] for text, spans in document for s, e in spans} for document in documents]
        characters = sum(len(text) for text in texts)
        results[split] = {}
        for finder in FINDERS.values():
            finder(segment("warm-up", texts[0]))  # dictionaries and the model load once, untimed
        for name, finder in FINDERS.items():
            tally = Tally()
            started = time.perf_counter()
            found = [{record.name for record in finder(segment(f"{split}-{i}", text))} for i, text in enumerate(texts)]
            seconds = time.perf_counter() - started
            for expected, predicted in zip(gold, found):
                tally.tp += len(expected & predicted)
                tally.fp += len(predicted - expected)
                tally.fn += len(expected - predicted)
            results[split][name] = (tally, characters / seconds)
    return results


def gold_f1(gold_dir: Path, text_dir: Path) -> dict[str, Tally]:
    """Per finder: the strict organization tally against every gold file of `gold_dir`."""
    scores = {name: Score() for name in FINDERS}
    for gold_path in gold_paths(gold_dir):
        text = read_document(find_text_file(text_dir, gold_path.stem)).text
        gold = load_gold(gold_path, text)
        only_organizations = LoadedChapter(gold.path, gold.doc_id, gold.chapter,
                                           [r for r in gold.records if r.type == "organization"])
        chapter = segment(gold.doc_id, text)
        for name, finder in FINDERS.items():
            records = finder(chapter)
            found = ExtractionFile(doc_id=gold.doc_id, records=records)
            prediction = LoadedChapter(gold_path, gold.doc_id, found.chapter, locate_records(gold_path, found.records, text))
            score_chapter(only_organizations, prediction, scores[name])
    return {name: score.types["organization"]["strict"] for name, score in scores.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=SHARED / "corpora")
    parser.add_argument("--limit", type=int, help="documents per held-out split (default: all)")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        sys.exit(f"corpora not found at {args.corpora}: pass --corpora")

    print("Distinct organization names per 20-sentence document, held-out splits: P / R / F1, chars/s")
    for split, finders in held_out_names(args.corpora, args.limit).items():
        print(f"  {split}")
        for name, (tally, speed) in finders.items():
            print(f"    {name:<20} {tally.precision:.3f} / {tally.recall:.3f} / {tally.f1:.3f}   {speed:>9,.0f} chars/s")
    for set_name, gold_dir in GOLD_SETS:
        print(f"Strict organization P / R / F1, {set_name} ({gold_dir.relative_to(ROOT)})")
        for name, tally in gold_f1(gold_dir, SHARED / "dev" / "excerpts").items():
            print(f"    {name:<20} {tally.precision:.3f} / {tally.recall:.3f} / {tally.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
