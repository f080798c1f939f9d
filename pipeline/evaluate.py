"""The accuracy report: extract, score against every gold set, show where extraction fails.

One call extracts each gold document's text in memory, scores it with the contract's scorer,
runs the baselines on the same texts, and groups the errors into their most frequent
patterns (which rule produced a false positive; whether a false negative was missed
entirely or found with another value).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.baselines import BASELINES
from pipeline.core.errors import GoldError
from pipeline.core.records import ExtractionFile
from pipeline.gold import LoadedChapter, load_gold, locate_records, validate_gold_file
from pipeline.readers import find_text_file, read_document
from pipeline.runner import extract_segmented
from pipeline.scoring import Score, ScoringError, format_table, gold_paths, score_chapter
from pipeline.segment import segment


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
    baselines: dict[str, Score] = field(default_factory=dict)
    sets: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.score.as_dict(),
            "sets": {name: score.as_dict() for name, score in self.per_set.items()},
            "baselines": {name: score.as_dict() for name, score in self.baselines.items()},
            "error_patterns": [
                {"type": t, "error": e, "pattern": p, "count": n, "examples": examples}
                for (t, e, p), (n, examples) in error_patterns(self.development).items()
            ],
        }


def _as_loaded(path: Path, result: ExtractionFile, text: str) -> LoadedChapter:
    return LoadedChapter(path, result.doc_id, result.chapter, locate_records(path, result.records, text))


def evaluate(gold_sets: list[GoldSet]) -> Report:
    report = Report()
    for baseline in BASELINES:
        report.baselines[baseline] = Score()
    for gold_set in gold_sets:
        if not gold_set.gold_dir.is_dir() or not gold_set.text_dir.is_dir():
            continue
        report.sets.append(gold_set.name)
        set_score = report.per_set.setdefault(gold_set.name, Score())
        for gold_path in gold_paths(gold_set.gold_dir):
            doc_id = validate_gold_file(gold_path).doc_id
            text_path = find_text_file(gold_set.text_dir, doc_id)
            if text_path is None:
                raise GoldError(f"no chapter text for doc_id {doc_id!r} in {gold_set.text_dir}", path=str(gold_path))
            text = read_document(text_path).text
            gold = load_gold(gold_path, text)
            chapter = segment(doc_id, text)
            prediction = _as_loaded(gold_path, extract_segmented(chapter), text)
            score_chapter(gold, prediction, report.score)
            score_chapter(gold, prediction, set_score)
            if not gold_set.held_out:
                score_chapter(gold, prediction, report.development)
            for name, (record_type, finder) in BASELINES.items():
                records = finder(chapter)
                baseline = ExtractionFile(doc_id=doc_id, records=records)
                only_type = LoadedChapter(gold.path, doc_id, gold.chapter, [r for r in gold.records if r.type == record_type])
                score_chapter(only_type, _as_loaded(gold_path, baseline, text), report.baselines[name])
    return report


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
    lines = ["ACCURACY (all gold sets)", format_table(report.score), ""]
    for name in report.sets:
        lines += [f"gold set: {name}", format_table(report.per_set[name]), ""]
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
