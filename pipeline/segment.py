"""Segment a chapter once: boilerplate, title, byline, headings, sections, sentences, clauses.

Extractors only read a `SegmentedChapter`; nobody re-splits the text. Its `text` is the
chapter with the layout removed inside paragraphs (hard line wraps, stray spaces:
`pipeline.unwrap`); all offsets of the chapter are half-open character offsets into that text,
and `as_read` turns a span of it into the span of the text as read.

Headings come in the forms Chinese yearbooks and gazetteers use, tried in this order on each
line: a Markdown `#` heading, a bracketed entry `【组织建设】` (run into its first sentence or
alone), an entry heading run into the paragraph it opens and set off by spaces
(`    队伍建设  1995年，全县…`), a numbered line (`第三章`, `第二节`, `一、`, `（一）`, `1.`)
standing alone, and a numbered heading run into its paragraph, `（一）内需潜力持续释放。…`.
Entries (`【】` and run-in) are the chapter's sections; the other headings are the levels
above them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources

from pipeline.core.errors import RuleFileError
from pipeline.core.records import Table
from pipeline.tables import find_tables
from pipeline.unwrap import Unwrapped, unwrap
from pipeline.words import cut_words

# --- data ---------------------------------------------------------------------------------


def _read_patterns(name: str) -> list[re.Pattern[str]]:
    text = resources.files("pipeline.data").joinpath(name).read_text(encoding="utf-8")
    patterns = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(re.compile(line))
        except re.error as error:
            raise RuleFileError(f"line {number}: bad pattern ({error})", path=f"pipeline/data/{name}") from None
    return patterns


BOILERPLATE_LINES = _read_patterns("boilerplate.txt")

# A label with an empty value: the value sits on the next line (`来源:` then `四川日报`).
_LABEL_ONLY = re.compile(r"(来源|信息来源|稿件来源|作者|编辑|责任编辑|时间|日期|发布时间)[:：]")

# --- heading patterns ---------------------------------------------------------------------

NUMERAL = "〇零一二三四五六七八九十百两"
_ENTRY = re.compile(r"【(?P<text>[^【】\n]{1,30})】")
_MARKDOWN = re.compile(r"(?P<marks>#{1,6})[ \t]*(?P<text>[^\n]*?)[ \t#]*")
_NUMBERED: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"第[{NUMERAL}\d]+[编卷篇](?![^\s]{{0,2}}[，。,；])")),
    (2, re.compile(rf"第[{NUMERAL}\d]+章")),
    (3, re.compile(rf"第[{NUMERAL}\d]+节")),
    (4, re.compile(rf"[{NUMERAL}]+(?:、|[．.](?!\d))")),
    (5, re.compile(rf"[（(][{NUMERAL}]+[）)]")),
    (6, re.compile(r"\d{1,2}(?:、|[．.](?!\d))")),
)
# A standalone heading line is short and does not read as a sentence.
_MAX_HEADING = 40
_SENTENCE_END = "。！？!?；;，,：:"
# A run-in heading: the first sentence of a numbered paragraph, short and without a comma.
_MAX_RUN_IN = 25
# A run-in entry heading (contract v2): a short phrase of Chinese characters opening a
# paragraph, set off from the paragraph's text by two or more spaces (a full-width space is
# two wide), `推广优良品种  建国以来，…`; numbered, `一、组织建设  …`, a structure heading.
_RUN_IN_ENTRY = re.compile(rf"""
    (?P<text>
      (?P<number>[{NUMERAL}]+、|[（(][{NUMERAL}]+[）)])?  # numbered, it is a structure heading run in
      [\u4e00-\u9fff]{{2,12}})          # no punctuation, no digits: a date (1985年  …) is no heading
    (?:[ \t]{{2,}}|\u3000[ \t\u3000]*)  # the gap that sets it off
    (?P<rest>\S.*)                      # the paragraph's text, run in
""", re.VERBOSE)
# What a heading phrase is not: a date in Chinese numerals (一九八五年), an enumerating opener
# (一是, 二是), or a clause cut short before its object (全县共有, 主要是, 组织了).
_NOT_AN_ENTRY = re.compile(r"""
    [〇零一二三四五六七八九十]+(?:年|月|日)
  | ^[一二三四五六七八九十]+是
  | [的了着过是有在和与及对把被将从向由于为并而]$
""", re.VERBOSE)
# A table row sets its cells apart by gaps too: the text after a heading's gap reads as prose,
# without another gap, and holds a clause mark unless it runs on for a while.
_COLUMN_GAP = re.compile(r"[ \t]{2,}|\u3000")
_PROSE_MARK = re.compile(r"[，。；：、！？,;:]")
_MIN_UNMARKED_REST = 15
# Indentation of this width or more (a full-width space counting two) opens a paragraph.
_INDENT_WIDTH = 2

# Bylines: `(李正伟)`, `（撰稿：张三、李四）` at the end; `北京市市长 殷勇` near the top.
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_NAMES = rf"{_NAME}(?:[、，,\s]+{_NAME})*"
_BYLINE_LABEL = r"(?:撰稿人?|供稿|执笔|编写|整理|作者|撰写|审稿)"
_LABELLED_BYLINE = rf"{_BYLINE_LABEL}\s*[:：]\s*(?P<labelled>{_NAMES})"
_BYLINE_END = re.compile(rf"[（(]\s*(?:{_BYLINE_LABEL}\s*[:：]?\s*)?(?P<names>{_NAMES})\s*[）)]|{_LABELLED_BYLINE}")
_OFFICE = r"(?:省长|市长|县长|区长|州长|旗长|主席|书记|主任|局长|厅长|部长|理事长|会长|院长)"
_BYLINE_TOP = re.compile(rf"[\u4e00-\u9fff]{{0,16}}{_OFFICE}[ \t\u3000]+(?P<names>{_NAME})")
_BYLINE_TOP_LABELLED = re.compile(_LABELLED_BYLINE)
# Bylines are looked for among the chapter's first lines.
_BYLINE_TOP_LINES = 6

# Clause punctuation: evidence is normally the clause between two of these.
_CLAUSE_BREAK = re.compile(r"[，。；：！？;:!?]|,(?!\d{3}(?!\d))")
_SENTENCE_BREAK = re.compile(r"[。！？!?]")
# Sentences longer than this are cut (at a clause mark where possible).
_MAX_SENTENCE = 300
# A body line that ends without one of these runs on into the next line (a hard-wrapped line).
_LINE_END = "。！？!?；;：:…”’」』）)】》"
# Quoted names and book titles, kept within one line and of a bounded length so that an
# unbalanced mark cannot swallow a paragraph.
_ENCLOSURES = re.compile(r"“[^“”\n]{1,80}”|「[^「」\n]{1,80}」|\"[^\"\n]{1,80}\"|《[^《》\n]{1,80}》")


@dataclass(frozen=True)
class Heading:
    text: str
    start: int
    end: int
    level: int
    kind: str  # "entry", "markdown" or "numbered"


@dataclass(frozen=True)
class _Words:
    """The jieba words of one clause: spans, their starts (for bisect), start → end, and where
    the clause starts and ends."""

    spans: list[tuple[int, int]]
    starts: list[int]
    end_at: dict[int, int]
    start: int
    end: int


_NO_WORDS = _Words([], [], {}, 0, 0)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    section: str | None


@dataclass
class SegmentedChapter:
    doc_id: str
    text: str  # the text extractors read: paragraphs without their layout
    text_as_read: str
    unwrapped: Unwrapped = field(repr=False)
    title: str | None
    author: str | None
    headings: list[Heading]
    sections: list[str]
    sentences: list[Sentence]
    # Tables with their captions and notes: data of their own, never body text (contract v2).
    tables: list[Table] = field(default_factory=list)
    # Sorted offsets of clause punctuation in the body, for `clause_span`.
    clause_breaks: list[int] = field(repr=False, default_factory=list)
    # (start, end) of every quoted or book-title span in the body, marks included, sorted.
    enclosures: list[tuple[int, int]] = field(repr=False, default_factory=list)
    _tokens: dict[int, _Words] = field(repr=False, default_factory=dict)
    _last_sentence: Sentence | None = field(repr=False, default=None)
    _last_words: _Words = field(repr=False, default=_NO_WORDS)

    def as_read(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as read that [start, end) of `text` was read from."""
        return self.unwrapped.to_read(start, end)

    def enclosure_at(self, start: int, end: int) -> tuple[int, int] | None:
        """The quoted or 《》 span strictly holding [start, end), if any."""
        index = bisect.bisect_right(self.enclosures, (start, len(self.text))) - 1
        if index >= 0:
            quote_start, quote_end = self.enclosures[index]
            if quote_start < start and end < quote_end:
                return quote_start, quote_end
        return None

    def section_at(self, offset: int) -> str | None:
        """The nearest heading at or before `offset`."""
        index = bisect.bisect_right(self._heading_starts, offset) - 1
        return self.headings[index].text if index >= 0 else None

    @cached_property
    def _heading_starts(self) -> list[int]:
        return [heading.start for heading in self.headings]

    def sentence_span(self, start: int, end: int) -> tuple[int, int]:
        """The body sentence holding [start, end), widened over several if the span crosses."""
        index = bisect.bisect_right(self._sentence_starts, start) - 1
        index = max(index, 0)
        first = self.sentences[index] if self.sentences else Sentence(start, end, None)
        last_index = bisect.bisect_left(self._sentence_starts, end) - 1
        last = self.sentences[max(last_index, index)] if self.sentences else first
        return min(first.start, start), max(last.end, end)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    def clause_span(self, start: int, end: int) -> tuple[int, int]:
        """The clause holding [start, end): between the nearest clause marks outside it."""
        sentence_start, sentence_end = self.sentence_span(start, end)
        before = bisect.bisect_left(self.clause_breaks, start) - 1
        clause_start = self.clause_breaks[before] + 1 if before >= 0 else 0
        after = bisect.bisect_left(self.clause_breaks, end)
        clause_end = self.clause_breaks[after] if after < len(self.clause_breaks) else len(self.text)
        clause_start = max(clause_start, sentence_start)
        clause_end = min(clause_end, sentence_end)
        return _strip_span(self.text, clause_start, clause_end)

    def is_word(self, start: int, end: int) -> bool:
        """Whether jieba has a word starting at `start` that ends at or before `end`.

        Used to check that a Chinese numeral stands on its own (两家 in 两家保险公司) and is
        not part of a longer word (千家万户, 统一).
        """
        word_end = self._words_of(start).end_at.get(start)
        return word_end is not None and word_end <= end

    def words(self, start: int, end: int) -> list[tuple[int, int]]:
        """jieba word spans that overlap [start, end), in order."""
        found: list[tuple[int, int]] = []
        cursor = start
        while True:
            words = self._words_of(cursor)
            first = max(bisect.bisect_right(words.starts, cursor) - 1, 0)
            last = bisect.bisect_left(words.starts, end)
            found.extend((s, e) for s, e in words.spans[first:last] if e > cursor)
            if not words.spans or words.end >= end or words.end <= cursor:
                return found
            cursor = words.end

    def clause_words(self, offset: int) -> list[tuple[int, int]]:
        """All jieba word spans of the clause holding `offset`, in order. Names, subjects and
        owners never cross clause punctuation, and jieba splits its input there too, so a
        clause is tokenised alone exactly as it would be inside its sentence."""
        return self._words_of(offset).spans

    def _words_of(self, offset: int) -> _Words:
        """Words of the clause holding `offset`, tokenised lazily and once: clauses no
        extractor asks about are never tokenised."""
        if self._last_words.start <= offset < self._last_words.end:
            return self._last_words  # most lookups ask again about the clause just read
        if not self.sentences:
            return _NO_WORDS
        last = self._last_sentence
        if last is not None and last.start <= offset < last.end:
            sentence = last  # most lookups ask again about the sentence just read
        else:
            sentence = self.sentences[max(bisect.bisect_right(self._sentence_starts, offset) - 1, 0)]
            self._last_sentence = sentence
        before = bisect.bisect_left(self.clause_breaks, offset) - 1
        clause_start = max(sentence.start, self.clause_breaks[before] + 1 if before >= 0 else 0)
        cached = self._tokens.get(clause_start)
        if cached is None:
            after = bisect.bisect_left(self.clause_breaks, offset)
            clause_end = min(sentence.end, self.clause_breaks[after] + 1 if after < len(self.clause_breaks) else len(self.text))
            clause_end = max(clause_end, min(offset + 1, sentence.end))
            spans = []
            cursor = clause_start
            for word in cut_words(self.text[clause_start:clause_end]):
                spans.append((cursor, cursor + len(word)))
                cursor += len(word)
            cached = _Words(spans, [s for s, _ in spans], dict(spans), clause_start, clause_end)
            self._tokens[clause_start] = cached
        self._last_words = cached
        return cached


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # excluding the newline
    text: str  # stripped
    raw_prefix: str = ""  # the whitespace the line opens with

    @property
    def indent(self) -> int:
        """The width of the line's indentation, a full-width space counting two."""
        return len(self.raw_prefix) + self.raw_prefix.count("\u3000")


def _lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        prefix = raw[: len(raw) - len(raw.lstrip())]
        lines.append(_Line(offset, offset + len(raw), stripped, prefix))
        offset += len(raw) + 1
    return lines


@dataclass(frozen=True)
class _Paragraphs:
    """How a chapter shows where its paragraphs begin. Print and typed volumes indent the first
    line of each paragraph and wrap the rest flush with the margin, whatever a line ends with;
    texts whose lines are paragraphs (reports, web pages) indent nothing, and a line there runs
    on only when it stops mid-sentence."""

    margin: int
    indented: bool

    @classmethod
    def of(cls, lines: list[_Line]) -> _Paragraphs:
        """The chapter indents its paragraphs when an indented line is followed by a line
        flush with the margin: a paragraph's first line and its wrapped next one."""
        margin = min((line.indent for line in lines if line.text), default=0)
        layout = cls(margin, False)
        indented = any(line.text and below.text and layout.opens(line) and not layout.opens(below)
                       for line, below in zip(lines, lines[1:]))
        return cls(margin, indented)

    def opens(self, line: _Line) -> bool:
        return line.indent >= self.margin + _INDENT_WIDTH

    def continues(self, previous: _Line | None, line: _Line) -> bool:
        """Whether `line` continues the body line just above it (a hard-wrapped line)."""
        if previous is None or self.opens(line):
            return False
        return self.indented or previous.text[-1] not in _LINE_END


def _is_boilerplate(line: str) -> bool:
    return any(pattern.fullmatch(line) for pattern in BOILERPLATE_LINES)


def _one_space(text: str) -> str:
    """Heading text with each run of layout spaces written as one (`第一辑    科技机构`)."""
    return _LAYOUT_SPACES.sub(" ", text)


_LAYOUT_SPACES = re.compile(r"[ \t\u3000]+")


def _standalone_heading(line: str) -> tuple[int, str] | None:
    """(level, text) when a whole line is a numbered heading."""
    if len(line) > _MAX_HEADING or line[-1] in _SENTENCE_END:
        return None
    for level, pattern in _NUMBERED:
        if pattern.match(line):
            return level, line
    return None


def _run_in_heading(line: str) -> str | None:
    """The heading text when a numbered paragraph opens with a short heading sentence."""
    for level, pattern in _NUMBERED:
        if level < 4 or not pattern.match(line):
            continue
        stop = line.find("。")
        if 0 < stop <= _MAX_RUN_IN and not re.search(r"[，,；;：:]", line[:stop]):
            return line[:stop]
    return None


def _run_in_entry(line: str) -> re.Match[str] | None:
    """The match of a run-in entry heading opening a paragraph (`推广优良品种  建国以来，…`)."""
    match = _RUN_IN_ENTRY.fullmatch(line)
    if match is None or _NOT_AN_ENTRY.search(match.group("text")):
        return None
    rest = match.group("rest")
    if _COLUMN_GAP.search(rest) or not (_PROSE_MARK.search(rest) or len(rest) >= _MIN_UNMARKED_REST):
        return None
    return match


def _level_of(text: str) -> int:
    for level, pattern in _NUMBERED:
        if pattern.match(text):
            return level
    return len(_NUMBERED) + 1


def segment(doc_id: str, text: str) -> SegmentedChapter:
    """Segment a chapter text once for all extractors."""
    lines = _lines(text)
    paragraphs = _Paragraphs.of(lines)
    tables = find_tables(text)
    is_markdown = any(_MARKDOWN.fullmatch(line.text) and line.text.startswith("#") for line in lines)
    headings: list[Heading] = []
    body: list[tuple[int, int]] = []  # spans of body text, in order
    title: str | None = None
    title_seen = False
    author: str | None = None
    hide_next = False
    content_lines = 0
    previous_body: _Line | None = None  # the line just above, when it is body text

    for line in lines:
        above, previous_body = previous_body, None
        if not line.text or any(table.start < line.end and line.start < table.end for table in tables):
            continue
        start = line.start + len(line.raw_prefix)
        if hide_next:
            hide_next = False
            continue
        if _is_boilerplate(line.text):
            hide_next = bool(_LABEL_ONLY.fullmatch(line.text))
            continue
        if title is not None and line.text == title and not paragraphs.continues(above, line):
            continue  # a repeated title line, not a wrapped line that reads the same
        content_lines += 1

        markdown = _MARKDOWN.fullmatch(line.text) if line.text.startswith("#") else None
        if markdown:
            heading_text = markdown.group("text").strip()
            level = len(markdown.group("marks"))
            offset = start + line.text.index(heading_text) if heading_text else start
            if level == 1 and not title_seen:
                title, title_seen = _one_space(heading_text), True
                continue
            title_seen = True
            if heading_text:
                headings.append(Heading(_one_space(heading_text), offset, offset + len(heading_text), level, "markdown"))
                body.append((offset, offset + len(heading_text)))  # headings hold records too
            continue

        top_byline = _BYLINE_TOP_LABELLED.fullmatch(line.text) if content_lines <= _BYLINE_TOP_LINES else None
        if author is None and top_byline:
            author = _names(top_byline.group("labelled"))  # `撰稿：王立新`: a byline, not body text
            continue

        if not title_seen and not is_markdown:
            title_seen = True
            if len(line.text) <= _MAX_HEADING and line.text[-1] not in _SENTENCE_END and not line.text.startswith("【"):
                title = _one_space(line.text)
                continue
        title_seen = True

        if author is None and content_lines <= _BYLINE_TOP_LINES:
            top = _BYLINE_TOP.fullmatch(line.text)
            if top:
                author = top.group("names")
                body.append((start, line.end))  # its office names a body (河南省人民政府省长 王凯)
                continue

        entry = _ENTRY.match(line.text)
        if entry:
            heading = entry.group("text")
            heading_start = start + entry.start("text") + len(heading) - len(heading.lstrip())
            heading_text = heading.strip()
            headings.append(Heading(_one_space(heading_text), heading_start, heading_start + len(heading_text), 1, "entry"))
            body.append((start + entry.end(), line.end))
            previous_body = line
            continue

        wrapped = paragraphs.continues(above, line)
        if wrapped and above is not None and _standalone_heading(line.text):
            # A line that reads as a heading is one, unless a sentence of the paragraph above
            # was wrapped into it.
            wrapped = paragraphs.indented and above.text[-1] not in _LINE_END
        if wrapped:
            body[-1] = (body[-1][0], line.end)  # a line the layout broke: one paragraph
            previous_body = line
            continue

        run_in_entry = None if wrapped else _run_in_entry(line.text)
        if run_in_entry:
            heading_text = run_in_entry.group("text")
            level, kind = (_level_of(heading_text), "numbered") if run_in_entry.group("number") else (1, "entry")
            headings.append(Heading(heading_text, start, start + len(heading_text), level, kind))
            body.append((start + run_in_entry.start("rest"), line.end))
            previous_body = line
            continue

        standalone = _standalone_heading(line.text)
        if standalone:
            level, heading_text = standalone
            headings.append(Heading(_one_space(heading_text), start, start + len(heading_text), level, "numbered"))
            body.append((start, start + len(heading_text)))
            continue
        run_in = _run_in_heading(line.text)
        if run_in:
            headings.append(Heading(_one_space(run_in), start, start + len(run_in), _level_of(run_in), "numbered"))
        body.append((start, line.end))
        previous_body = line

    author, body = _byline_at_end(text, author, body)
    unwrapped = unwrap(text, body)
    to_clean = unwrapped.to_clean
    headings = [replace(heading, start=to_clean(heading.start), end=to_clean(heading.end)) for heading in headings]
    body = [(to_clean(start), to_clean(end)) for start, end in body]
    chapter = SegmentedChapter(
        doc_id=doc_id,
        text=unwrapped.text,
        text_as_read=text,
        unwrapped=unwrapped,
        title=title,
        author=author,
        headings=headings,
        sections=_top_sections(headings),
        sentences=[],
        tables=tables,
    )
    chapter.sentences = _sentences(chapter, body)
    chapter.clause_breaks = [match.start() for start, end in body for match in _CLAUSE_BREAK.finditer(chapter.text, start, end)]
    chapter.enclosures = [match.span() for start, end in body for match in _ENCLOSURES.finditer(chapter.text, start, end)]
    return chapter


def _names(names: str) -> str:
    """A byline's names joined by 、 (`张三 李四` → `张三、李四`)."""
    return "、".join(re.split(r"[、，,\s]+", names.strip()))


def _byline_at_end(text: str, author: str | None, body: list[tuple[int, int]]) -> tuple[str | None, list[tuple[int, int]]]:
    """A byline on the chapter's last line, `(李正伟)`, is the author and not body text."""
    if not body:
        return author, body
    start, end = _strip_span(text, *body[-1])
    match = _BYLINE_END.fullmatch(text[start:end])
    if not match:
        return author, body
    return author or _names(match.group("names") or match.group("labelled")), body[:-1]


def _top_sections(headings: list[Heading]) -> list[str]:
    """The chapter's sections: its 【】 entries, else its headings of the shallowest level."""
    entries = [heading.text for heading in headings if heading.kind == "entry"]
    if entries:
        return entries
    if not headings:
        return []
    top = min(heading.level for heading in headings)
    return [heading.text for heading in headings if heading.level == top]


def _sentences(chapter: SegmentedChapter, body: list[tuple[int, int]]) -> list[Sentence]:
    sentences = []
    text = chapter.text
    for start, end in body:
        cursor = start
        for match in _SENTENCE_BREAK.finditer(text, start, end):
            _add_sentence(chapter, sentences, cursor, match.end())
            cursor = match.end()
        _add_sentence(chapter, sentences, cursor, end)
    return sentences


# Characters a forced cut must not fall between: a number and its unit (1 519个, 一千五百名).
_NUMBERISH = re.compile(r"[\d０-９.,，\s〇零一二两三四五六七八九十百千万亿%％]")


def _safe_cut(window: str) -> int:
    """Where to cut an overlong stretch with no clause mark: as late as possible, but not inside
    a number or between a number and the character after it."""
    for cut in range(len(window) - 1, len(window) // 2, -1):
        if not _NUMBERISH.match(window[cut - 1]) and not _NUMBERISH.match(window[cut]):
            return cut
    return len(window)


def _add_sentence(chapter: SegmentedChapter, sentences: list[Sentence], start: int, end: int) -> None:
    start, end = _strip_span(chapter.text, start, end)
    while end - start > _MAX_SENTENCE:
        # An overlong "sentence" (a page without punctuation, OCR run-ons) is cut at its last
        # clause mark before the limit, else at the limit, so that work per sentence stays bounded.
        window = chapter.text[start:start + _MAX_SENTENCE]
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(window)]
        cut = start + (breaks[-1] if breaks and breaks[-1] > _MAX_SENTENCE // 4 else _safe_cut(window))
        sentences.append(Sentence(start, cut, chapter.section_at(start)))
        start, end = _strip_span(chapter.text, cut, end)
    if start < end:
        sentences.append(Sentence(start, end, chapter.section_at(start)))
