"""The review report: every record highlighted in its chapter, and scoring errors beside them.

Three public steps, each usable alone:

* `load_review` reads the predictions (and the gold) of a folder with their chapter texts, and
  with gold asks the scorer (`score_chapter`, strict matching) which predictions are true or
  false positives and which gold records were missed;
* `nest_marks` HTML-escapes a chapter text and wraps each highlighted span in a `<mark>`,
  nesting overlapping spans and splitting the ones that cross, so the page's text stays the
  chapter's text character for character;
* `render_report` makes one self-contained HTML page: styles, script and record fields
  inline, nothing fetched from the network.

All text from the inputs (chapter text, doc_ids, titles, record fields) reaches the page
escaped: as HTML text, as attribute values, or as JSON with `<`, `>` and `&` written as
`\\u` escapes. The page's script only ever sets `textContent`.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from pipeline.core.errors import InputError
from pipeline.core.records import RECORD_TYPES, STRICT_KEYS
from pipeline.core.textspan import NormalisedText
from pipeline.gold import (LoadedChapter, LocatedRecord, load_gold, load_prediction, prediction_paths,
                           validate_gold_file)
from pipeline.output import write_atomic
from pipeline.readers import find_text_file, read_document
from pipeline.scoring import MODES, ChapterFieldError, Score, Tally, gold_paths, score_chapter

STATUS_LABELS = {"tp": "true positive", "fp": "false positive", "fn": "false negative"}

# The field a record is called by; a record without offsets is highlighted on these words
# inside its evidence rather than on the whole clause.
NAME_FIELDS = {"organization": "name", "campaign": "name", "meeting": "name", "document": "title",
               "award": "recipient"}

# Fill and ink of each record type: light enough to read the text through, apart in hue.
TYPE_COLOURS = {
    "organization": ("#d6e6ff", "#1d5fc4"),
    "count": ("#ffe2bd", "#b86200"),
    "campaign": ("#d3f0d0", "#2b7f2b"),
    "award": ("#f2d6f5", "#93309b"),
    "meeting": ("#c9efec", "#0f7b74"),
    "document": ("#ece0cc", "#805316"),
}

# Fields that only locate a record; shown last in the details.
_PROVENANCE = ("section", "evidence", "start", "end", "raw", "rule", "confidence", "page", "warnings")


@dataclass(frozen=True)
class Highlight:
    """One record as shown: where in the text, and (with gold) how the scorer judged it."""

    record_id: str
    record: Any
    span: tuple[int, int]
    status: str | None


@dataclass(frozen=True)
class ChapterView:
    doc_id: str
    text: str
    title: str | None
    highlights: tuple[Highlight, ...]
    tally: Tally | None  # strict counts of this chapter, with gold
    chapter_errors: tuple[ChapterFieldError, ...] = ()  # with gold: title, author, sections that differ

    @property
    def anchor(self) -> str:
        return f"chapter-{self.doc_id}"


@dataclass(frozen=True)
class Review:
    chapters: tuple[ChapterView, ...]
    score: Score | None  # with gold: summed over the chapters that have a gold file

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for chapter in self.chapters:
            for highlight in chapter.highlights:
                if highlight.status:
                    counts[highlight.status] += 1
        return counts

    def summary(self) -> str:
        """One line for the command: how much the report shows.

        >>> Review((), None).summary()
        '0 chapters, 0 records'
        """
        records = sum(len(chapter.highlights) for chapter in self.chapters)
        line = f"{_plural(len(self.chapters), 'chapter')}, {_plural(records, 'record')}"
        if self.score is not None:
            line += "; strict: " + ", ".join(
                _plural(count, STATUS_LABELS[status]) for status, count in self.status_counts().items())
        return line


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- loading ------------------------------------------------------------------------------


def load_review(pred_dir: Path, gold_dir: Path | None = None, text_dir: Path = Path("corpus")) -> Review:
    """Every chapter of `pred_dir/<doc_id>.json` (and, with gold, of `gold_dir`), in doc_id order.

    Texts are looked up by doc_id in `text_dir`. With gold, each chapter is scored with the
    contract's scorer; a gold chapter without a prediction shows its records as missed, a
    prediction without a gold file is shown unjudged.
    """
    predictions = prediction_paths(pred_dir)
    golds = {validate_gold_file(path).doc_id: path for path in gold_paths(gold_dir)} if gold_dir else {}
    score = Score() if gold_dir else None
    chapters = []
    for doc_id in sorted(predictions.keys() | golds.keys()):
        source = predictions.get(doc_id) or golds[doc_id]
        text_path = find_text_file(text_dir, doc_id)
        if text_path is None:
            raise InputError(f"no chapter text for doc_id {doc_id!r} in {text_dir}; pass --text", path=str(source))
        text = read_document(text_path).text
        pred = load_prediction(predictions[doc_id], text) if doc_id in predictions else None
        gold = load_gold(golds[doc_id], text) if doc_id in golds else None
        chapters.append(_chapter_view(doc_id, text, pred, gold, score))
    return Review(tuple(chapters), score)


def _chapter_view(doc_id: str, text: str, pred: LoadedChapter | None, gold: LoadedChapter | None,
                  score: Score | None) -> ChapterView:
    predicted = pred.records if pred else []
    judged: list[tuple[LocatedRecord, str | None]] = [(item, None) for item in predicted]
    tally = None
    chapter_errors: tuple[ChapterFieldError, ...] = ()
    if gold is not None and score is not None:
        judged, tally, chapter_errors = _judge(gold, pred, score)
    normalised = NormalisedText.of(text)
    highlights = tuple(
        Highlight(f"{doc_id}/{index}", item.record, highlight_span(item, text, normalised), status)
        for index, (item, status) in enumerate(judged)
    )
    title = (pred.chapter.title if pred else None) or (gold.chapter.title if gold else None)
    return ChapterView(doc_id, text, title, highlights, tally, chapter_errors)


def _judge(gold: LoadedChapter, pred: LoadedChapter | None, score: Score
           ) -> tuple[list[tuple[LocatedRecord, str | None]], Tally, tuple[ChapterFieldError, ...]]:
    """Score one chapter into `score`; each prediction as tp or fp, then each missed gold
    record; and the chapter fields that differ."""
    before, chapter_before = len(score.errors), len(score.chapter_errors)
    score_chapter(gold, pred, score)
    strict_errors = [error for error in score.errors[before:] if error.mode == "strict"]
    # The scorer reports the very record objects it was given, so identity tells them apart
    # even where two predictions are equal.
    false_positives = {id(error.record) for error in strict_errors if error.kind == "fp"}
    judged: list[tuple[LocatedRecord, str | None]] = [
        (item, "fp" if id(item.record) in false_positives else "tp") for item in (pred.records if pred else [])
    ]
    judged += [(LocatedRecord(error.record, error.span), "fn") for error in strict_errors if error.kind == "fn"]
    return judged, score.documents[gold.doc_id]["strict"], tuple(score.chapter_errors[chapter_before:])


def highlight_span(item: LocatedRecord, text: str, normalised: NormalisedText) -> tuple[int, int]:
    """The characters to highlight for a record.

    Its own `start`/`end` when they hold its `raw` text; else the first place inside its
    evidence where its name is written (gold records have no offsets); else its evidence.
    """
    record = item.record
    start, end = getattr(record, "start", None), getattr(record, "end", None)
    if start is not None and end is not None and start < end <= len(text):
        raw = getattr(record, "raw", None)
        if raw is None or text[start:end] == raw:
            return start, end
    name = getattr(record, NAME_FIELDS.get(record.type, ""), None)
    if name:
        for span in normalised.find_all(name):
            if item.span[0] <= span[0] and span[1] <= item.span[1]:
                return span
    return item.span


# --- the chapter text with its marks ------------------------------------------------------


def escape_text(text: str) -> str:
    r"""Text as HTML character data that a browser shows exactly as `text`.

    Carriage returns are written as references: the HTML parser would turn a literal one
    into a line feed.

    >>> escape_text('<img src=x onerror="f()">\r\n&')
    '&lt;img src=x onerror=&quot;f()&quot;&gt;&#13;\n&amp;'
    """
    return html.escape(text).replace("\r", "&#13;")


def nest_marks(text: str, spans: Sequence[tuple[int, int]], open_tag: Callable[[int, bool], str]) -> str:
    """`text` escaped, with each span (half-open, by index) wrapped in `open_tag(...)` and `</mark>`.

    Spans inside others nest; a span that starts first, or is longer, is the outer one. A span
    that crosses the end of an enclosing one is closed there and reopened after it, with
    `open_tag(index, True)`. Empty or out-of-range spans are left out.

    >>> nest_marks("a<b>c", [(0, 3), (1, 5)], lambda i, continued: f"<mark {i}{'+' * continued}>")
    '<mark 0>a<mark 1>&lt;b</mark></mark><mark 1+>&gt;c</mark>'
    """
    kept = [index for index, (start, end) in enumerate(spans) if 0 <= start < end <= len(text)]
    boundaries = sorted({0, len(text)} | {spans[i][0] for i in kept} | {spans[i][1] for i in kept})
    starting: dict[int, list[int]] = defaultdict(list)
    for index in kept:
        starting[spans[index][0]].append(index)
    parts: list[str] = []
    stack: list[int] = []  # open spans, outermost first
    for here, after in zip(boundaries, boundaries[1:] + [len(text)]):
        ending = [depth for depth, index in enumerate(stack) if spans[index][1] == here]
        reopened: list[int] = []
        if ending:
            reopened = [index for index in stack[ending[0]:] if spans[index][1] != here]
            parts.append("</mark>" * (len(stack) - ending[0]))
            del stack[ending[0]:]
        for index in sorted(reopened + starting[here], key=lambda i: (-spans[i][1], spans[i][0], i)):
            parts.append(open_tag(index, spans[index][0] < here))
            stack.append(index)
        parts.append(escape_text(text[here:after]))
    return "".join(parts)


# --- the page -----------------------------------------------------------------------------


def _display(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " / ".join(_display(item) for item in value)
    return str(value)


def record_fields(record: Any) -> list[tuple[str, str]]:
    """The fields shown for a record: its strict key first, provenance last, nulls left out."""
    data = record.model_dump(exclude_none=True)
    key = [name for name in STRICT_KEYS[record.type] if name in data]
    rest = [name for name in data if name not in key and name not in _PROVENANCE and name != "type"]
    located = [name for name in _PROVENANCE if name in data]
    return [(name, _display(data[name])) for name in key + rest + located]


def record_summary(record: Any) -> str:
    """A record in a few words: its type and its strict key.

    >>> from pipeline.core.records import Count
    >>> record_summary(Count(section=None, evidence="1 519个", value=1519, unit="个"))
    'count: 1519 · 个'
    """
    data = record.model_dump(exclude_none=True)
    return f"{record.type}: " + " · ".join(_display(data[name]) for name in STRICT_KEYS[record.type] if name in data)


def _json_for_script(data: Any) -> str:
    """JSON that cannot end or comment out the `<script>` element holding it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _attribute(value: str) -> str:
    return html.escape(value, quote=True).replace("\r", "&#13;")


def _mark_tag(highlight: Highlight, continued: bool) -> str:
    status = STATUS_LABELS.get(highlight.status or "")
    hover = record_summary(highlight.record) + (f"\n{status}" if status else "") + "\n(click for all fields)"
    attributes = [
        f'data-record-type="{highlight.record.type}"',
        f'data-record-id="{_attribute(highlight.record_id)}"',
        f'title="{_attribute(hover)}"',
        'tabindex="0"',
    ]
    if highlight.status:
        attributes.append(f'data-status="{highlight.status}"')
    if continued:
        attributes.append("data-continued")
    return f"<mark {' '.join(attributes)}>"


def _chapter_html(chapter: ChapterView) -> str:
    highlights = chapter.highlights
    body = nest_marks(chapter.text, [h.span for h in highlights], lambda i, continued: _mark_tag(highlights[i], continued))
    heading = escape_text(chapter.doc_id) + (f" <small>{escape_text(chapter.title)}</small>" if chapter.title else "")
    parts = [
        f'<section class="chapter" id="{_attribute(chapter.anchor)}" data-doc-id="{_attribute(chapter.doc_id)}">',
        f"<h2>{heading}</h2>",
        f'<p class="counts">{escape_text(_chapter_counts(chapter))}</p>',
    ]
    if chapter.chapter_errors:
        parts.append(_chapter_fields_html(chapter.chapter_errors))
    if chapter.tally is not None:
        parts.append(_errors_html(chapter))
    parts += [f'<div class="text">{body}</div>', "</section>"]
    return "\n".join(parts)


def _type_counts(highlights: Iterable[Highlight]) -> dict[str, int]:
    counts = dict.fromkeys(RECORD_TYPES, 0)
    for highlight in highlights:
        counts[highlight.record.type] += 1
    return counts


def _chapter_counts(chapter: ChapterView) -> str:
    by_type = _type_counts(chapter.highlights)
    line = _plural(len(chapter.highlights), "record") + ": " + ", ".join(
        f"{count} {record_type}" for record_type, count in by_type.items() if count)
    if chapter.tally is not None:
        tally = chapter.tally
        line += f" — strict P {tally.precision:.3f} R {tally.recall:.3f} F1 {tally.f1:.3f}"
    return line


def _errors_html(chapter: ChapterView) -> str:
    """The chapter's scoring errors in two columns: missed gold records, wrong predictions."""
    columns = []
    for status, heading in (("fn", "Missed: in gold, not extracted"), ("fp", "Wrong: extracted, not in gold")):
        listed = sorted((h for h in chapter.highlights if h.status == status), key=lambda h: h.span)
        items = "".join(
            f'<li><button type="button" data-target="{_attribute(h.record_id)}" data-status="{status}">'
            f"{escape_text(record_summary(h.record))}</button> <q>{escape_text(h.record.evidence)}</q></li>"
            for h in listed
        )
        columns.append(f'<div><h3>{heading} ({len(listed)})</h3><ol>{items}</ol></div>')
    return f'<div class="errors">{"".join(columns)}</div>'


def _chapter_fields_html(mismatches: Iterable[ChapterFieldError]) -> str:
    """The chapter fields the prediction gives otherwise than gold, gold beside extracted."""
    rows = "".join(f"<tr><th>{name}</th><td>{escape_text(_display_value(gold))}</td>"
                   f"<td>{escape_text(_display_value(pred))}</td></tr>"
                   for name, gold, pred in ((m.name, m.gold, m.pred) for m in mismatches))
    return ('<table class="chapter-fields"><caption>Chapter fields that differ</caption>'
            f"<thead><tr><th></th><th>gold</th><th>extracted</th></tr></thead><tbody>{rows}</tbody></table>")


def _display_value(value: Any) -> str:
    """A chapter field as shown: null as a dash, a list of sections one after another."""
    return "—" if value is None else _display(value) if value else "(none)"


def _score_table(score: Score) -> str:
    header = ('<tr><th rowspan=2 class="name">type</th><th rowspan=2>gold</th><th rowspan=2>pred</th>'
              "<th colspan=6>strict</th><th colspan=3>lenient</th></tr>"
              "<tr><th>TP</th><th>FP</th><th>FN</th><th>P</th><th>R</th><th>F1</th>"
              "<th>P</th><th>R</th><th>F1</th></tr>")

    def row(name: str, tallies: dict[str, Tally]) -> str:
        strict = tallies["strict"]
        cells = [name, strict.tp + strict.fn, strict.tp + strict.fp, strict.tp, strict.fp, strict.fn]
        for mode in MODES:
            cells += [f"{tallies[mode].precision:.3f}", f"{tallies[mode].recall:.3f}", f"{tallies[mode].f1:.3f}"]
        return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"

    rows = [row(t, score.types[t]) for t in RECORD_TYPES
            if score.types[t]["strict"].tp + score.types[t]["strict"].fp + score.types[t]["strict"].fn]
    micro = row("micro", {mode: score.micro(mode) for mode in MODES})
    return (f'<table class="score"><thead>{header}</thead><tbody>{"".join(rows)}</tbody>'
            f'<tfoot>{micro}</tfoot></table>')


def _legend(review: Review) -> str:
    counts = _type_counts(h for chapter in review.chapters for h in chapter.highlights)
    boxes = [
        f'<label><input type="checkbox" checked data-filter="type" value="{t}">'
        f'<span class="swatch" data-record-type="{t}">{t}</span> {counts[t]}</label>'
        for t in RECORD_TYPES
    ]
    if review.score is not None:
        statuses = review.status_counts()
        boxes.append('<span class="divider"></span>')
        boxes += [
            f'<label><input type="checkbox" checked data-filter="status" value="{s}">'
            f'<span class="swatch" data-status="{s}">{label}</span> {statuses[s]}</label>'
            for s, label in STATUS_LABELS.items()
        ]
    return f'<div class="legend" role="group" aria-label="show records of">{"".join(boxes)}</div>'


def _index(review: Review) -> str:
    items = "".join(
        f'<li><a href="#{_attribute(c.anchor)}">{escape_text(c.doc_id)}</a>'
        + (f" {escape_text(c.title)}" if c.title else "")
        + f' <span class="counts">{escape_text(_chapter_counts(c))}</span></li>'
        for c in review.chapters
    )
    return f'<nav class="index"><h2>Chapters</h2><ol>{items}</ol></nav>'


def _styles() -> str:
    colours = "\n".join(f'[data-record-type="{t}"] {{ --fill: {fill}; --ink: {ink}; }}'
                        for t, (fill, ink) in TYPE_COLOURS.items())
    hidden = ",\n".join(
        [f'body.hide-type-{t} mark[data-record-type="{t}"]' for t in RECORD_TYPES]
        + [f'body.hide-status-{s} mark[data-status="{s}"]' for s in STATUS_LABELS]
    )
    return _CSS.replace("/* TYPE COLOURS */", colours).replace("/* HIDDEN */", hidden)


def render_report(review: Review) -> str:
    """The whole report as one HTML page."""
    records = {h.record_id: {"type": h.record.type, "status": STATUS_LABELS.get(h.status or ""),
                             "summary": record_summary(h.record), "fields": record_fields(h.record)}
               for chapter in review.chapters for h in chapter.highlights}
    score = _score_table(review.score) if review.score is not None else ""
    chapters = "\n".join(_chapter_html(chapter) for chapter in review.chapters)
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Extraction review</title>
<style>{_styles()}</style>
</head>
<body>
<header>
<h1>Extraction review</h1>
<p class="summary">{escape_text(review.summary())}</p>
{score}
{_legend(review)}
</header>
<main>
{_index(review)}
{chapters}
</main>
<aside id="details" hidden aria-live="polite">
<button type="button" class="close" aria-label="close">×</button>
<h3></h3>
<table></table>
<div class="enclosing"></div>
</aside>
<script type="application/json" id="records">{_json_for_script(records)}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def write_report(review: Review, path: Path) -> None:
    write_atomic(path, render_report(review))


_CSS = """
:root { --fp: #d0021b; --fn: #d0021b; font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei",
  "Microsoft YaHei", sans-serif; color: #1b1b1b; background: #fafaf7; }
body { margin: 0 auto; max-width: 62rem; padding: 0 1.5rem 12rem; }
header { border-bottom: 1px solid #ccc; }
h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .25rem; }
h2 small { font-weight: normal; color: #555; margin-left: .5rem; }
h3 { font-size: 1rem; margin: .5rem 0; }
.summary, .counts { color: #444; margin: .25rem 0; font-size: .9rem; }
table.score { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; font-variant-numeric: tabular-nums; }
table.score th, table.score td { border: 1px solid #ccc; padding: .15rem .5rem; text-align: right; }
table.score td:first-child, table.score th.name { text-align: left; }
table.score tfoot td { font-weight: bold; }
.legend { position: sticky; top: 0; z-index: 2; background: #fafaf7; padding: .5rem 0;
  display: flex; flex-wrap: wrap; gap: .35rem 1rem; align-items: center; font-size: .9rem; }
.legend label { cursor: pointer; white-space: nowrap; }
.legend .divider { border-left: 1px solid #aaa; height: 1.2rem; }
.swatch { padding: 0 .3rem; border-radius: 2px; }
.swatch[data-record-type] { background: var(--fill); border-bottom: 2px solid var(--ink); }
.swatch[data-status] { background: #eee; }
.swatch[data-status="tp"] { border-bottom: 2px solid #555; }
.index ol { padding-left: 1.5rem; margin: .25rem 0; }
.index .counts { display: block; }
table.chapter-fields { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
table.chapter-fields caption { text-align: left; font-weight: bold; }
table.chapter-fields th, table.chapter-fields td { border: 1px solid #ccc; padding: .15rem .5rem; text-align: left; }
.errors { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; font-size: .85rem; }
.errors ol { padding-left: 1.5rem; margin: 0; }
.errors li { margin: .2rem 0; }
.errors button { font: inherit; cursor: pointer; border: 0; background: #eee; border-radius: 2px; }
.errors button[data-status="fn"] { border: 1px dashed var(--fn); }
.errors button[data-status="fp"] { border-bottom: 3px double var(--fp); }
.errors q { color: #555; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 2.2; font-size: 1.05rem;
  background: #fff; border: 1px solid #ddd; padding: 1rem 1.25rem; }
/* TYPE COLOURS */
mark { color: inherit; cursor: pointer; border-radius: 2px; padding-bottom: 4px;
  background: var(--fill); border-bottom: 2px solid var(--ink);
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark mark { padding-bottom: 0; }
mark[data-status="fp"], .swatch[data-status="fp"] { border-bottom: 4px double var(--fp); }
mark[data-status="fn"], .swatch[data-status="fn"] { border: 1px dashed var(--fn);
  background: repeating-linear-gradient(135deg, #f8d3d3 0 3px, transparent 3px 7px); }
mark.selected { outline: 2px solid #111; outline-offset: 1px; }
/* HIDDEN */ { background: none; border: 0; padding: 0; outline: 0; cursor: text; }
#details { position: fixed; right: 1rem; bottom: 1rem; width: 24rem; max-height: 60vh; overflow: auto;
  background: #fff; border: 1px solid #999; box-shadow: 0 2px 10px rgba(0,0,0,.2); padding: .5rem 1rem;
  font-size: .9rem; z-index: 3; }
#details table { border-collapse: collapse; width: 100%; }
#details th { text-align: left; vertical-align: top; padding-right: .75rem; color: #555; font-weight: normal; }
#details td { overflow-wrap: anywhere; }
#details .close { float: right; border: 0; background: none; font-size: 1.2rem; cursor: pointer; }
#details .enclosing button { font: inherit; margin: .25rem .25rem 0 0; cursor: pointer; }
"""

# Reads the record fields from the JSON block; writes to the page through textContent only.
_SCRIPT = """
"use strict";
(() => {
  const records = JSON.parse(document.getElementById("records").textContent);
  const panel = document.getElementById("details");
  const shown = (mark) => !document.body.classList.contains("hide-type-" + mark.dataset.recordType)
    && !(mark.dataset.status && document.body.classList.contains("hide-status-" + mark.dataset.status));
  const piecesOf = (id) => Array.from(document.querySelectorAll("mark[data-record-id]"))
    .filter((mark) => mark.dataset.recordId === id);

  function select(id) {
    const record = records[id];
    document.querySelectorAll("mark.selected").forEach((mark) => mark.classList.remove("selected"));
    const pieces = piecesOf(id);
    pieces.forEach((mark) => mark.classList.add("selected"));
    panel.querySelector("h3").textContent = record.type + (record.status ? " — " + record.status : "");
    const table = panel.querySelector("table");
    table.replaceChildren(...record.fields.map(([name, value]) => {
      const row = document.createElement("tr");
      const label = document.createElement("th");
      const cell = document.createElement("td");
      label.textContent = name;
      cell.textContent = value;
      row.append(label, cell);
      return row;
    }));
    const enclosing = panel.querySelector(".enclosing");
    enclosing.replaceChildren();
    let outer = pieces.length ? pieces[0].parentElement.closest("mark[data-record-id]") : null;
    for (; outer; outer = outer.parentElement.closest("mark[data-record-id]")) {
      if (!shown(outer)) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.target = outer.dataset.recordId;
      button.textContent = "inside " + records[outer.dataset.recordId].summary;
      enclosing.append(button);
    }
    panel.hidden = false;
    return pieces[0];
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-target]");
    if (button) {
      const first = select(button.dataset.target);
      if (first && !panel.contains(button)) first.scrollIntoView({block: "center"});
      return;
    }
    const mark = event.target.closest("mark[data-record-id]");
    if (mark && shown(mark)) select(mark.dataset.recordId);
  });
  document.addEventListener("keydown", (event) => {
    const mark = event.target.closest && event.target.closest("mark[data-record-id]");
    if (event.key === "Enter" && mark && shown(mark)) select(mark.dataset.recordId);
    if (event.key === "Escape") panel.hidden = true;
  });
  panel.querySelector(".close").addEventListener("click", () => { panel.hidden = true; });
  document.querySelectorAll("input[data-filter]").forEach((box) => {
    box.addEventListener("change", () => {
      document.body.classList.toggle("hide-" + box.dataset.filter + "-" + box.value, !box.checked);
    });
  });
})();
"""
