"""Score predicted records against gold records, as the contract's Scoring section says.

Per chapter and per type, two one-to-one matchings:

* strict: equal key after normalisation (NFKC, whitespace removed, quote marks unified);
* lenient: overlapping located evidence spans.

Counts are summed over chapters into per-type and micro-averaged precision, recall and F1.
Over strictly matched pairs, each remaining field's accuracy is reported (count `subject` by
character-overlap F1), and the chapter fields (title, author, sections) are compared exactly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pipeline.core.errors import GoldError, InputError, named
from pipeline.core.records import RECORD_TYPES, STRICT_KEYS
from pipeline.core.textspan import normalise_key
from pipeline.gold import (LoadedChapter, LocatedRecord, load_gold, load_prediction, prediction_paths,
                           validate_gold_file)
from pipeline.readers import find_text_file, read_document

MODES = ("strict", "lenient")

# Fields whose accuracy is reported over strict matches, per type (contract, Scoring).
SCORED_FIELDS: dict[str, tuple[str, ...]] = {
    "count": ("subject",),
    "campaign": ("kind", "expansion"),
    "document": ("issuer",),
    "meeting": ("attendees",),
}
CHAPTER_FIELDS = ("title", "author", "sections")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True)
class ScoringError:
    """A false positive or false negative, for `--errors` and the accuracy report."""

    doc_id: str
    mode: str
    kind: str  # "fp" or "fn"
    record: Any
    span: tuple[int, int]

    def as_dict(self) -> dict[str, Any]:
        data = self.record.model_dump(exclude_none=True)
        return {"doc_id": self.doc_id, "mode": self.mode, "error": self.kind, "span": list(self.span), **data}


@dataclass(frozen=True)
class ChapterFieldError:
    """A chapter field (title, author, sections) that the prediction gives otherwise than gold."""

    doc_id: str
    name: str
    gold: Any
    pred: Any

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "field": self.name, "gold": self.gold, "pred": self.pred}


@dataclass
class FieldTally:
    total: int = 0
    score: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.score / self.total if self.total else 0.0


@dataclass
class Score:
    """Everything a scoring run found, summed over chapters."""

    types: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: {t: {m: Tally() for m in MODES} for t in RECORD_TYPES}
    )
    documents: dict[str, dict[str, Tally]] = field(default_factory=dict)
    fields: dict[str, FieldTally] = field(default_factory=lambda: defaultdict(FieldTally))
    chapter: dict[str, FieldTally] = field(default_factory=lambda: defaultdict(FieldTally))
    errors: list[ScoringError] = field(default_factory=list)
    chapter_errors: list[ChapterFieldError] = field(default_factory=list)
    gold_types: set[str] = field(default_factory=set)
    # What the numbers leave out: gold without a prediction, predictions without gold.
    warnings: list[str] = field(default_factory=list)

    def micro(self, mode: str) -> Tally:
        total = Tally()
        for record_type in RECORD_TYPES:
            total.add(self.types[record_type][mode])
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "micro": {mode: self.micro(mode).as_dict() for mode in MODES},
            "types": {
                t: {mode: tallies[mode].as_dict() for mode in MODES}
                for t, tallies in self.types.items()
            },
            "documents": {
                doc_id: {mode: tallies[mode].as_dict() for mode in MODES}
                for doc_id, tallies in sorted(self.documents.items())
            },
            "fields": {
                name: {"accuracy": round(t.accuracy, 4), "pairs": t.total}
                for name, t in sorted(self.fields.items())
            },
            "chapter": {
                name: {"accuracy": round(t.accuracy, 4), "chapters": t.total}
                for name, t in sorted(self.chapter.items())
            },
        }


# --- keys and matching --------------------------------------------------------------------


def _normal_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return round(float(value), 6)
    if isinstance(value, str):
        return normalise_key(value)
    if isinstance(value, (list, tuple)):
        return tuple(_normal_value(item) for item in value)
    return value


def strict_key(record: Any) -> tuple[Any, ...]:
    return tuple(_normal_value(getattr(record, name)) for name in STRICT_KEYS[record.type])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match_strict(gold: list[LocatedRecord], pred: list[LocatedRecord]) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index) with equal keys; within a key, nearest evidence first."""
    by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, item in enumerate(pred):
        by_key[strict_key(item.record)].append(index)
    pairs = []
    for gold_index, item in enumerate(gold):
        candidates = by_key.get(strict_key(item.record))
        if not candidates:
            continue
        best = max(candidates, key=lambda p: (_overlap(item.span, pred[p].span), -abs(item.span[0] - pred[p].span[0])))
        candidates.remove(best)
        pairs.append((gold_index, best))
    return pairs


def _match_lenient(gold: list[LocatedRecord], pred: list[LocatedRecord]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of records whose evidence spans overlap (Kuhn's algorithm)."""
    neighbours = [
        [p for p, candidate in enumerate(pred) if _overlap(item.span, candidate.span) > 0]
        for item in gold
    ]
    owner: dict[int, int] = {}

    def augment(gold_index: int, seen: set[int]) -> bool:
        for p in neighbours[gold_index]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = gold_index
                return True
        return False

    for gold_index in range(len(gold)):
        augment(gold_index, set())
    return sorted((g, p) for p, g in owner.items())


def char_overlap_f1(gold: str | None, pred: str | None) -> float:
    """Character-overlap F1 of two strings (both empty or null: 1.0)."""
    gold_chars = Counter(normalise_key(gold or ""))
    pred_chars = Counter(normalise_key(pred or ""))
    if not gold_chars and not pred_chars:
        return 1.0
    common = sum((gold_chars & pred_chars).values())
    if not common:
        return 0.0
    precision = common / sum(pred_chars.values())
    recall = common / sum(gold_chars.values())
    return 2 * precision * recall / (precision + recall)


def _field_score(name: str, gold: Any, pred: Any) -> float:
    if name == "subject":
        return char_overlap_f1(gold, pred)
    return 1.0 if _normal_value(gold) == _normal_value(pred) else 0.0


# --- scoring ------------------------------------------------------------------------------


def score_chapter(gold: LoadedChapter, pred: LoadedChapter | None, score: Score) -> None:
    """Add one chapter's matches to `score`. A missing prediction counts as no records."""
    doc_tallies = score.documents.setdefault(gold.doc_id, {m: Tally() for m in MODES})
    pred_records = pred.records if pred else []
    for record_type in RECORD_TYPES:
        gold_items = [r for r in gold.records if r.type == record_type]
        pred_items = [r for r in pred_records if r.type == record_type]
        if gold_items:
            score.gold_types.add(record_type)
        for mode, matcher in (("strict", _match_strict), ("lenient", _match_lenient)):
            pairs = matcher(gold_items, pred_items)
            tally = Tally(len(pairs), len(pred_items) - len(pairs), len(gold_items) - len(pairs))
            score.types[record_type][mode].add(tally)
            doc_tallies[mode].add(tally)
            matched_gold = {g for g, _ in pairs}
            matched_pred = {p for _, p in pairs}
            score.errors.extend(
                ScoringError(gold.doc_id, mode, "fn", item.record, item.span)
                for index, item in enumerate(gold_items)
                if index not in matched_gold
            )
            score.errors.extend(
                ScoringError(gold.doc_id, mode, "fp", item.record, item.span)
                for index, item in enumerate(pred_items)
                if index not in matched_pred
            )
            if mode == "strict":
                _score_fields(record_type, gold_items, pred_items, pairs, score)
    _score_chapter_fields(gold, pred, score)


def _score_fields(record_type: str, gold_items: list[LocatedRecord], pred_items: list[LocatedRecord],
                  pairs: Iterable[tuple[int, int]], score: Score) -> None:
    for gold_index, pred_index in pairs:
        for name in SCORED_FIELDS.get(record_type, ()):
            gold_value = getattr(gold_items[gold_index].record, name)
            pred_value = getattr(pred_items[pred_index].record, name)
            tally = score.fields[f"{record_type}.{name}"]
            tally.total += 1
            tally.score += _field_score(name, gold_value, pred_value)


def _score_chapter_fields(gold: LoadedChapter, pred: LoadedChapter | None, score: Score) -> None:
    for name in CHAPTER_FIELDS:
        gold_value = getattr(gold.chapter, name)
        if gold_value is None:
            continue
        pred_value = getattr(pred.chapter, name) if pred else None
        tally = score.chapter[name]
        tally.total += 1
        if _normal_value(gold_value) == _normal_value(pred_value):
            tally.score += 1.0
        else:
            score.chapter_errors.append(ChapterFieldError(gold.doc_id, name, gold_value, pred_value))


def format_table(score: Score) -> str:
    """The per-type table `yearbook score` prints."""
    header = f"{'type':<13}{'gold':>6}{'pred':>6}  {'strict P':>8} {'R':>6} {'F1':>6}   {'lenient P':>9} {'R':>6} {'F1':>6}"
    lines = [header, "-" * len(header)]

    def row(name: str, strict: Tally, lenient: Tally) -> str:
        gold_n = strict.tp + strict.fn
        pred_n = strict.tp + strict.fp
        return (
            f"{name:<13}{gold_n:>6}{pred_n:>6}  {strict.precision:>8.3f} {strict.recall:>6.3f} {strict.f1:>6.3f}"
            f"   {lenient.precision:>9.3f} {lenient.recall:>6.3f} {lenient.f1:>6.3f}"
        )

    for record_type in RECORD_TYPES:
        tallies = score.types[record_type]
        if tallies["strict"].tp + tallies["strict"].fn + tallies["strict"].fp == 0:
            continue
        lines.append(row(record_type, tallies["strict"], tallies["lenient"]))
    lines.append("-" * len(header))
    lines.append(row("micro", score.micro("strict"), score.micro("lenient")))
    if score.fields:
        lines.append("")
        lines.append("field accuracy over strict matches: " + ", ".join(
            f"{name} {tally.accuracy:.3f} ({tally.total})" for name, tally in sorted(score.fields.items())
        ))
    if score.chapter:
        lines.append("chapter fields: " + ", ".join(
            f"{name} {tally.accuracy:.3f} ({tally.total})" for name, tally in sorted(score.chapter.items())
        ))
    return "\n".join(lines)


# --- folders ------------------------------------------------------------------------------


def gold_paths(gold_dir: Path) -> list[Path]:
    """The gold files of a folder (not its sub-folders), in name order."""
    if not gold_dir.is_dir():
        raise GoldError("gold folder not found", path=str(gold_dir))
    return sorted(path for path in gold_dir.glob("*.json") if path.is_file())


def score_folders(gold_dir: Path, pred_dir: Path, text_dir: Path) -> Score:
    """Score every gold file in `gold_dir` against `pred_dir/<doc_id>.json`.

    Texts are looked up by doc_id in `text_dir`. A gold file without a prediction counts as a
    chapter with no records, and a prediction without gold is not scored: each is a warning
    in `Score.warnings`. A result that could only mislead raises instead: a folder that is
    missing or holds no files, or no gold document with a prediction at all. An invalid gold
    or prediction file raises `GoldError`.
    """
    gold_files = gold_paths(gold_dir)
    if not gold_files:
        raise GoldError("no gold files <doc_id>.json in the folder; check GOLD_DIR", path=str(gold_dir))
    predictions = prediction_paths(pred_dir)
    gold_ids = {validate_gold_file(path).doc_id: path for path in gold_files}
    unpredicted = [doc_id for doc_id in gold_ids if doc_id not in predictions]
    if len(unpredicted) == len(gold_ids):
        raise InputError(f"no prediction for any gold document of {gold_dir} ({named(gold_ids)}), only for "
                         f"{named(predictions)}; check that PRED_DIR was extracted from the gold's texts",
                         path=str(pred_dir))
    score = Score()
    if unpredicted:
        score.warnings.append(f"gold documents without a prediction in {pred_dir}, scored as chapters with no "
                              f"records ({len(unpredicted)}): {named(unpredicted)}")
    ungraded = [doc_id for doc_id in predictions if doc_id not in gold_ids]
    if ungraded:
        score.warnings.append(f"predictions without a gold file in {gold_dir}, not scored ({len(ungraded)}): "
                              f"{named(ungraded)}")
    for doc_id, gold_path in gold_ids.items():
        text_path = find_text_file(text_dir, doc_id)
        if text_path is None:
            raise GoldError(f"no chapter text for doc_id {doc_id!r} in {text_dir}", path=str(gold_path))
        text = read_document(text_path).text
        gold = load_gold(gold_path, text)
        pred = load_prediction(predictions[doc_id], text) if doc_id in predictions else None
        score_chapter(gold, pred, score)
    return score

