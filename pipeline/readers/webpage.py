"""Read a saved web page (`.html`, `.htm`): the chapter text without the site around it.

1. `page_encoding`: the byte-order mark, else the charset the page declares in its first
   bytes (`<meta charset>`, `http-equiv`, `<?xml encoding?>`), else detection.
2. `page_lines`: the page's text a block element per line, leaving out scripts, styles, the
   head, navigation, header, footer and aside landmarks, and every element whose class or id
   names a non-content part (`data/html_skip_names.txt`: nav, breadcrumb, footer, share, …).
3. `main_text`: the lines that are not navigation left unmarked (lines mostly made of link
   text) nor footer or page-tool lines (`data/html_skip_lines.txt`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from pipeline.readers.encoding import decode_bytes, decode_declared
from pipeline.readers.rules import data_lines, data_patterns

_DECLARED_CHARSET = re.compile(
    rb"""
    <meta [^>]*? charset \s*=\s* ["']? \s* (?P<meta>[A-Za-z0-9_.:\-]+)   # <meta charset> or http-equiv
    | <\?xml [^>]*? encoding \s*=\s* ["'] (?P<xml>[A-Za-z0-9_.:\-]+)     # XML declaration
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The declaration must come early; browsers look at the first 1024 bytes, saved pages with
# long comments before it need a little more.
_SNIFF_BYTES = 4096
# HTML's white space, and the no-break space that pages use for indents.
_WHITESPACE = re.compile(r"[ \t\n\r\f\u00a0]+")
_NAME_WORD = re.compile(r"[a-z0-9]+")
# A line with at least this share of its characters inside links is navigation.
LINK_SHARE = 0.5

_SKIPPED_TAGS = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                           "canvas", "select", "button", "textarea", "nav", "aside", "footer", "menu"})
# A <header> is the site's banner unless it is the heading of an article.
_LANDMARK_HOLDERS = frozenset({"article", "main"})
_BLOCK_TAGS = frozenset({"address", "article", "blockquote", "body", "center", "dd", "div", "dl", "dt", "figcaption",
                         "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
                         "section", "table", "tbody", "thead", "tfoot", "tr", "ul", "br", "caption", "form", "fieldset"})
_CELL_TAGS = frozenset({"td", "th"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                        "track", "wbr"})


@lru_cache(maxsize=1)
def _skip_names() -> frozenset[str]:
    return frozenset(line.lower() for _, line in data_lines("html_skip_names.txt"))


@lru_cache(maxsize=1)
def _skip_lines() -> list[re.Pattern[str]]:
    return data_patterns("html_skip_lines.txt")


def page_encoding(data: bytes, path: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode a page: (text, encoding, warnings)."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _DECLARED_CHARSET.search(data[:_SNIFF_BYTES])
        if declared:
            label = (declared.group("meta") or declared.group("xml")).decode("ascii")
            return decode_declared(data, label, path)
    text, encoding = decode_bytes(data, path)
    return text, encoding, ()


@dataclass
class _Line:
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0


class _TextCollector(HTMLParser):
    """Collect the text of the parts of a page worth reading, a line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[_Line] = [_Line()]
        # Open elements: (tag, skipped, is link); tolerant of tags that are never closed.
        self._open: list[tuple[str, bool, bool]] = []
        self._skipping = 0
        self._in_links = 0
        self._in_pre = 0

    def _skips(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIPPED_TAGS:
            return True
        if tag == "header" and not any(open_tag in _LANDMARK_HOLDERS for open_tag, _, _ in self._open):
            return True
        names = " ".join(value or "" for name, value in attrs if name in ("class", "id")).lower()
        return any(word in _skip_names() for word in _NAME_WORD.findall(names))

    def _break(self) -> None:
        if self.lines[-1].parts:
            self.lines.append(_Line())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and any(open_tag == "head" for open_tag, _, _ in self._open):
            self.handle_endtag("head")  # the body ends a head left open
        if tag in _BLOCK_TAGS:
            self._break()
        elif tag in _CELL_TAGS and not self._skipping:
            self.lines[-1].parts.append(" ")
        if tag in _VOID_TAGS:
            return
        skipped = self._skipping > 0 or self._skips(tag, attrs)
        is_link = tag == "a"
        self._open.append((tag, skipped, is_link))
        self._skipping += skipped
        self._in_links += is_link
        self._in_pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _, _ in self._open):
            return  # a stray end tag
        while self._open:
            open_tag, skipped, is_link = self._open.pop()
            self._skipping -= skipped
            self._in_links -= is_link
            self._in_pre -= open_tag == "pre"
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        pieces = data.split("\n") if self._in_pre else [data]
        for index, piece in enumerate(pieces):
            if index:
                self._break()
            line = self.lines[-1]
            line.parts.append(piece)
            if self._in_links:
                line.link_chars += len(_WHITESPACE.sub("", piece))


def page_lines(text: str) -> list[tuple[str, int]]:
    """(line, characters inside links) for each block of the page's readable parts."""
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    lines = []
    for line in collector.lines:
        content = _WHITESPACE.sub(" ", "".join(line.parts)).strip()
        if content:
            lines.append((content, line.link_chars))
    return lines


def main_text(lines: list[tuple[str, int]]) -> str:
    """The lines that are chapter text: not link-made navigation, footers or page tools."""
    kept = []
    for content, link_chars in lines:
        if link_chars and link_chars >= LINK_SHARE * len(content.replace(" ", "")):
            continue
        if any(pattern.fullmatch(content) for pattern in _skip_lines()):
            continue
        kept.append(content)
    return "\n".join(kept)


def read_webpage(data: bytes, path: str) -> tuple[str, str, tuple[str, ...]]:
    """The chapter text of a saved web page: (text, encoding, warnings)."""
    text, encoding, warnings = page_encoding(data, path)
    return main_text(page_lines(text)), encoding, warnings
