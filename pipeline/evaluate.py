"""The accuracy report: extract, score against every gold set, show where extraction fails.

One call extracts each gold document's text in memory, scores it with the contract's scorer,
runs the baselines on the same texts, and groups the errors into their most frequent
patterns (which rule produced a false positive; whether a false negative was missed
entirely or found with another value).

Two views ask how the rules carry over to text they were not written for:

* by source family: every gold document belongs to the family its doc_id names before the
  first hyphen (`gov-2026-beijing-a` → `gov`, `dongming-1992-keji` → `dongming`), one kind of
  source (government reports, one gazetteer, one yearbook), scored on its own;
* leave one family out: each family extracted again in a fresh process without the lexicon
  entries that occur in its own gold texts and in no other family's nor in the contract
  (rules that may have been written while looking at it), beside its score with all rules.
"""

from __future__ import annotations

import multiprocessing
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from pipeline.baselines import BASELINES
from pipeline.core.errors import GoldError
from pipeline.core.records import ExtractionFile
from pipeline.gold import LoadedChapter, load_gold, locate_records, validate_gold_file
from pipeline.readers import find_text_file, read_document
from pipeline.runner import extract_segmented
from pipeline.scoring import Score, ScoringError, format_table, gold_paths, score_chapter
from pipeline.segment import SegmentedChapter, segment
from pipeline.withheld import withholding


@dataclass(frozen=True)
class GoldSet:
    """A folder of gold files and the folder holding their texts. The errors on a held-out set
    are not listed among the error patterns, so that no rule is written against it."""

    name: str
    gold_dir: Path
    text_dir: Path
    held_out: bool = False


@dataclass
class Report:
    score: Score = field(default_factory=Score)
    development: Score = field(default_factory=Score)  # the sets that are not held out
    per_set: dict[str, Score] = field(default_factory=dict)
    families: dict[str, Score] = field(default_factory=dict)
    left_out: dict[str, LeftOut] = field(default_factory=dict)
    baselines: dict[str, Score] = field(default_factory=dict)
    sets: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # gold set → why it was not scored

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.score.as_dict(),
            "sets": {name: score.as_dict() for name, score in self.per_set.items()},
            "skipped_sets": self.skipped,
            "families": {name: score.as_dict() for name, score in sorted(self.families.items())},
            "leave_one_family_out": {
                family: {"withheld_entries": result.withheld, "strict_f1_all_rules": strict_f1s(self.families[family]),
                         "strict_f1_left_out": result.without}
                for family, result in self.left_out.items()
            },
            "baselines": {name: score.as_dict() for name, score in self.baselines.items()},
            "error_patterns": [
                {"type": t, "error": e, "pattern": p, "count": n, "examples": examples}
                for (t, e, p), (n, examples) in error_patterns(self.development).items()
            ],
        }


def _as_loaded(path: Path, result: ExtractionFile, text: str) -> LoadedChapter:
    return LoadedChapter(path, result.doc_id, result.chapter, locate_records(path, result.records, text))


@dataclass(frozen=True)
class GoldDocument:
    set_name: str
    held_out: bool
    doc_id: str
    gold_path: Path
    text_path: Path

    @property
    def family(self) -> str:
        return family_of(self.doc_id)


def checkout_root() -> Path:
    """The project checkout this package runs from: where gold/, corpus/ and ../shared are
    looked for by default, whatever the current folder."""
    return Path(__file__).resolve().parent.parent


def family_of(doc_id: str) -> str:
    """The source family a doc_id names before its first hyphen (`lyg-minzheng-a` → `lyg`)."""
    return doc_id.split("-", 1)[0]


def skipped_reason(gold_set: GoldSet) -> str | None:
    """Why `gold_set` cannot be scored here, or None when it can."""
    for what, folder in (("gold folder", gold_set.gold_dir), ("text folder", gold_set.text_dir)):
        if not folder.is_dir():
            return f"{what} {folder.resolve()} not found"
    if not gold_paths(gold_set.gold_dir):
        return f"no gold files (*.json) in {gold_set.gold_dir.resolve()}"
    return None


def _documents(gold_set: GoldSet) -> Iterator[GoldDocument]:
    for gold_path in gold_paths(gold_set.gold_dir):
        doc_id = validate_gold_file(gold_path).doc_id
        text_path = find_text_file(gold_set.text_dir, doc_id)
        if text_path is None:
            raise GoldError(f"no chapter text for doc_id {doc_id!r} in {gold_set.text_dir}", path=str(gold_path))
        yield GoldDocument(gold_set.name, gold_set.held_out, doc_id, gold_path, text_path)


def _extract_and_load(document: GoldDocument) -> tuple[str, SegmentedChapter, LoadedChapter, LoadedChapter]:
    """A gold document's text as read, its segmented chapter, its gold and the extraction."""
    text = read_document(document.text_path).text
    chapter = segment(document.doc_id, text)
    prediction = _as_loaded(document.gold_path, extract_segmented(chapter), text)
    return text, chapter, load_gold(document.gold_path, text), prediction


def evaluate(gold_sets: list[GoldSet], contract: Path | None = None, leave_one_out: bool = True) -> Report:
    """Score every set that can be scored here; name the others in `report.skipped`."""
    report = Report()
    for baseline in BASELINES:
        report.baselines[baseline] = Score()
    documents: list[GoldDocument] = []
    for gold_set in gold_sets:
        reason = skipped_reason(gold_set)
        if reason:
            report.skipped[gold_set.name] = reason
            continue
        report.sets.append(gold_set.name)
        documents.extend(_documents(gold_set))
    for document in documents:
        set_score = report.per_set.setdefault(document.set_name, Score())
        family_score = report.families.setdefault(document.family, Score())
        text, chapter, gold, prediction = _extract_and_load(document)
        for score in (report.score, set_score, family_score):
            score_chapter(gold, prediction, score)
        if not document.held_out:
            score_chapter(gold, prediction, report.development)
        for name, (record_type, finder) in BASELINES.items():
            baseline = ExtractionFile(doc_id=document.doc_id, records=finder(chapter))
            only_type = LoadedChapter(gold.path, document.doc_id, gold.chapter,
                                      [r for r in gold.records if r.type == record_type])
            score_chapter(only_type, _as_loaded(document.gold_path, baseline, text), report.baselines[name])
    if leave_one_out and len(report.families) > 1:
        report.left_out = leave_one_family_out(documents, contract)
    return report


# --- leave one family out -----------------------------------------------------------------

# The package data files whose entries are words of the text (first column), and where they live.
_LEXICON_FOLDERS = (("extractors.data", "extractors/data"), ("pipeline.data", "pipeline/data"))
_NOT_LEXICONS = {"pipeline/data/boilerplate.txt", "pipeline/data/function_chars.txt"}


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def lexicon_entries() -> dict[str, list[str]]:
    """Every lexicon file of the package (as `extractors/data/units.txt`) and its entries."""
    entries: dict[str, list[str]] = {}
    for package, folder in _LEXICON_FOLDERS:
        for item in sorted(resources.files(package).iterdir(), key=lambda item: item.name):
            name = f"{folder}/{item.name}"
            if not item.name.endswith(".txt") or name in _NOT_LEXICONS:
                continue
            lines = item.read_text(encoding="utf-8").splitlines()
            entries[name] = [line.split()[0] for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return entries


def family_entries(documents: list[GoldDocument], contract: Path | None) -> dict[str, dict[str, list[str]]]:
    """For each family, the lexicon entries of two or more characters found in its gold texts and
    in no other family's texts nor in the contract: entries that may have been written while
    looking at it. Common words that happen to occur in one family only are withheld too, so
    the view errs on the side of showing too much fitting."""
    texts: dict[str, str] = {}
    for document in documents:
        texts[document.family] = texts.get(document.family, "") + _squeezed(read_document(document.text_path).text)
    shared = _squeezed(contract.read_text(encoding="utf-8")) if contract and contract.is_file() else ""
    own: dict[str, dict[str, list[str]]] = {family: {} for family in texts}
    for data_file, entries in lexicon_entries().items():
        for entry in entries:
            word = _squeezed(entry)
            if len(word) < 2:  # a single character (和, 个, 余) is the language, not a phrase of one text
                continue
            holders = [family for family, text in texts.items() if word in text]
            if len(holders) == 1 and word not in shared:
                own[holders[0]].setdefault(data_file, []).append(entry)
    return own


@dataclass(frozen=True)
class LeftOut:
    """One family scored without the lexicon entries only its texts hold (strict F1s)."""

    withheld: int
    without: dict[str, float]


def strict_f1s(score: Score) -> dict[str, float]:
    """Strict micro-F1 and the strict F1 of each record type the gold has."""
    f1s = {"micro": score.micro("strict").f1}
    f1s.update({record_type: score.types[record_type]["strict"].f1 for record_type in sorted(score.gold_types)})
    return f1s


def _score_without(documents: list[GoldDocument]) -> dict[str, float]:
    """Runs in a fresh worker started while the family's entries were withheld."""
    score = Score()
    for document in documents:
        _, _, gold, prediction = _extract_and_load(document)
        score_chapter(gold, prediction, score)
    return strict_f1s(score)


def leave_one_family_out(documents: list[GoldDocument], contract: Path | None) -> dict[str, LeftOut]:
    own = family_entries(documents, contract)
    context = multiprocessing.get_context("spawn")
    pools, futures = [], {}
    try:
        for family in sorted(own):
            pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            pools.append(pool)
            members = [document for document in documents if document.family == family]
            with withholding(own[family]):  # the worker starts within `submit`, and reads the entries then
                futures[family] = pool.submit(_score_without, members)
        return {family: LeftOut(sum(len(entries) for entries in own[family].values()), future.result())
                for family, future in futures.items()}
    finally:
        for pool in pools:
            pool.shutdown()


def _pattern(error: ScoringError, strict_errors: list[ScoringError]) -> str:
    record = error.record
    if error.kind == "fp":
        return f"rule {getattr(record, 'rule', None) or '?'}"
    overlapping = [
        other for other in strict_errors
        if other.kind == "fp" and other.doc_id == error.doc_id and other.record.type == record.type
        and min(other.span[1], error.span[1]) > max(other.span[0], error.span[0])
    ]
    if not overlapping:
        return "missed"
    if record.type == "count":
        other = overlapping[0].record
        differing = [name for name in ("value", "value_max", "unit", "qualifier") if getattr(other, name) != getattr(record, name)]
        return "found with other " + "+".join(differing or ["key"])
    return "found with another key"


def error_patterns(score: Score, limit: int = 15) -> dict[tuple[str, str, str], tuple[int, list[str]]]:
    """The most frequent (type, fp/fn, pattern) groups of strict errors, with examples."""
    strict = [error for error in score.errors if error.mode == "strict"]
    counter: Counter[tuple[str, str, str]] = Counter()
    examples: dict[tuple[str, str, str], list[str]] = {}
    for error in strict:
        key = (error.record.type, error.kind, _pattern(error, strict))
        counter[key] += 1
        shown = examples.setdefault(key, [])
        if len(shown) < 3:
            shown.append(_describe(error.record))
    return {key: (count, examples[key]) for key, count in counter.most_common(limit)}


def _describe(record: Any) -> str:
    fields = {"organization": "name", "campaign": "name", "meeting": "name", "document": "title", "award": "recipient"}
    if record.type == "count":
        return f"{record.value}{record.unit}{record.qualifier or ''} «{record.evidence[:30]}»"
    return f"{getattr(record, fields[record.type])} «{record.evidence[:30]}»"


def format_report(report: Report) -> str:
    scored = ", ".join(report.sets) or "none"
    lines = [f"ACCURACY (gold sets scored: {scored})"]
    lines += [f"  skipped gold set {name}: {reason}" for name, reason in report.skipped.items()]
    lines += [format_table(report.score), ""]
    for name in report.sets:
        lines += [f"gold set: {name}", format_table(report.per_set[name]), ""]
    lines += _family_lines(report)
    lines.append("PER DOCUMENT (strict / lenient micro-F1)")
    for doc_id, tallies in sorted(report.score.documents.items()):
        lines.append(f"  {doc_id:<32} {tallies['strict'].f1:6.3f}  {tallies['lenient'].f1:6.3f}")
    lines += ["", "BASELINES on the same texts (strict F1; margin = pipeline minus baseline)"]
    for name, baseline in report.baselines.items():
        record_type = BASELINES[name][0]
        ours = report.score.types[record_type]["strict"]
        theirs = baseline.types[record_type]["strict"]
        lines.append(
            f"  {name:<30} P {theirs.precision:.3f} R {theirs.recall:.3f} F1 {theirs.f1:.3f}"
            f"   pipeline F1 {ours.f1:.3f}   margin {ours.f1 - theirs.f1:+.3f}"
        )
    lines += ["", "MOST FREQUENT ERROR PATTERNS (strict; held-out gold left out)"]
    for (record_type, kind, pattern), (count, examples) in error_patterns(report.development).items():
        lines.append(f"  {count:4d}  {record_type:<12} {kind.upper()}  {pattern}")
        for example in examples:
            lines.append(f"          e.g. {example}")
    return "\n".join(lines)


_TYPE_COLUMNS = ("organization", "count", "campaign", "award", "meeting", "document")


def _f1_cells(f1s: dict[str, float]) -> str:
    cells = [f"{f1s['micro']:6.3f}"] + [f"{f1s[t]:6.3f}" if t in f1s else f"{'-':>6}" for t in _TYPE_COLUMNS]
    return " ".join(cells)


def _family_lines(report: Report) -> list[str]:
    if not report.families:
        return []
    header = f"  {'family':<10}{'docs':>5}{'gold':>6}  {'micro':>6} " + " ".join(f"{t[:6]:>6}" for t in _TYPE_COLUMNS)
    lines = ["BY SOURCE FAMILY (doc_id before its first hyphen; strict F1, micro and per type)", header]
    for family, score in sorted(report.families.items()):
        gold = score.micro("strict").tp + score.micro("strict").fn
        lines.append(f"  {family:<10}{len(score.documents):>5}{gold:>6}  {_f1_cells(strict_f1s(score))}")
    if report.left_out:
        lines += ["", "LEAVE ONE FAMILY OUT (each family extracted without the lexicon entries found only in its own",
                  "texts, not in other families' nor in the contract: rules that may have been fitted to it)",
                  f"  {'family':<10}{'withheld':>9}  {'':<9}{'micro':>6} " + " ".join(f"{t[:6]:>6}" for t in _TYPE_COLUMNS)]
        for family, result in sorted(report.left_out.items()):
            lines.append(f"  {family:<10}{result.withheld:>9}  {'all rules':<9}{_f1_cells(strict_f1s(report.families[family]))}")
            lines.append(f"  {'':<10}{'':>9}  {'left out':<9}{_f1_cells(result.without)}")
    return lines + [""]
