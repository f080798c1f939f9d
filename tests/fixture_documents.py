"""Make the reader fixtures from a chapter text: typeset PDFs, Word files and saved web pages.

The PDFs are laid out the way yearbooks are printed: an A5 page, one or two justified
columns, entries indented two characters, titles centred, the byline set right, a running
header that alternates between even and odd pages, a rule under it and a page number at the
foot. Two-column pages can be stored column by column (the reading order) or row by row
across both columns, as some typesetting systems write them.

Needs reportlab (the `test` extra) and a CJK TrueType font from the system's package manager
(`apt-get install fonts-wqy-zenhei` or `fonts-wqy-microhei`; `FIXTURE_CJK_FONT` picks one);
`cjk_font()` skips the calling test when none is installed. Where the lines break depends on
the font's widths, so tests take page openings from `page_openings`, never as constants.

`score_as_sample` scores a chapter read from any of them against the sample's gold.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT
from pipeline.core.records import ExtractionFile
from pipeline.scoring import score_folders, strict_key

SAMPLE_GOLD = ROOT / "gold" / "jiamusi-2003-jishengxie.json"

# TrueType CJK fonts that Debian packages (reportlab embeds TrueType outlines, not CFF).
CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)
FONT_NAME = "FixtureCJK"

PAGE_WIDTH, PAGE_HEIGHT = 419.5, 595.3  # A5 in points
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 42.0, 64.0, 58.0
GUTTER = 20.0
FONT_SIZE, LEADING = 11.0, 17.0
HEADERS = ("佳木斯年鉴·2003", "社会团体")  # even pages, odd pages
FIRST_PAGE_NUMBER = 245


def cjk_font() -> Path:
    """The CJK TrueType font named by $FIXTURE_CJK_FONT, else the first of `CJK_FONTS`
    installed; skip the test when there is none."""
    chosen = os.environ.get("FIXTURE_CJK_FONT")
    if chosen:
        if not Path(chosen).is_file():
            pytest.fail(f"FIXTURE_CJK_FONT={chosen}: no such font file")
        return Path(chosen)
    for path in CJK_FONTS:
        if path.is_file():
            return path
    pytest.skip("no CJK TrueType font installed: run `apt-get install fonts-wqy-zenhei` (see .ci/run)")


def _register_font() -> None:
    pdfmetrics = pytest.importorskip("reportlab.pdfbase.pdfmetrics", reason="reportlab is in the `test` extra")
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(cjk_font()), subfontIndex=0))


@dataclass(frozen=True)
class _Line:
    text: str
    x: float  # offset from the column's left edge


def _width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, FONT_NAME, FONT_SIZE)


def _wrap(paragraph: str, width: float, indent: float) -> list[_Line]:
    """Break a paragraph into lines that fill `width`, the first indented by `indent`."""
    lines: list[_Line] = []
    current, room = "", width - indent
    for char in paragraph:
        if current and _width(current + char) > room:
            lines.append(_Line(current, width - room))
            current, room = "", width
        current += char
    if current:
        lines.append(_Line(current, width - room))
    return lines


def _is_byline(line: str) -> bool:
    return line.startswith(("(", "（")) and line.endswith((")", "）"))


def _is_title(line: str) -> bool:
    return len(line) <= 12 and not _is_byline(line) and not any(mark in line for mark in ":：,，。【")


def typeset(text: str, width: float) -> list[_Line]:
    """The chapter's lines in reading order, broken to a column `width` wide."""
    lines: list[_Line] = []
    for source in text.splitlines():
        paragraph = source.strip()
        if not paragraph:
            continue
        if _is_byline(paragraph):
            lines.append(_Line(paragraph, width - _width(paragraph)))
        elif _is_title(paragraph):
            lines.append(_Line(paragraph, (width - _width(paragraph)) / 2))
        else:
            indent = 2 * FONT_SIZE if source.startswith((" ", "\u3000")) else 0.0
            lines.extend(_wrap(paragraph, width, indent))
    return lines


ROWS_PER_COLUMN = int((PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) // LEADING)


def _paginate(text: str, columns: int) -> tuple[float, list[list[_Line]]]:
    """(column width, each page's lines in reading order) of `text` typeset
    in `columns` columns with the installed font."""
    _register_font()
    column_width = (PAGE_WIDTH - 2 * MARGIN_SIDE - (columns - 1) * GUTTER) / columns
    lines = typeset(text, column_width)
    per_page = ROWS_PER_COLUMN * columns
    return column_width, [lines[start:start + per_page] for start in range(0, len(lines), per_page)]


def page_openings(text: str, columns: int = 1) -> list[str]:
    """The first line of each page `write_pdf` prints, which depends on the font's widths."""
    return [page[0].text for page in _paginate(text, columns)[1]]


def write_pdf(text: str, path: Path, *, columns: int = 1, stored: str = "columns") -> int:
    """Typeset `text` into a PDF at `path`; return the number of pages.

    `stored` is the order the text is written in the file: "columns" (left column, then
    right) or "rows" (each row across all columns, left to right).
    """
    from reportlab.pdfgen.canvas import Canvas

    column_width, pages = _paginate(text, columns)
    canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    for index, page_lines in enumerate(pages):
        number = FIRST_PAGE_NUMBER + index
        canvas.setFont(FONT_NAME, FONT_SIZE)
        slots = [(slot // ROWS_PER_COLUMN, slot % ROWS_PER_COLUMN, line) for slot, line in enumerate(page_lines)]
        if stored == "rows":
            slots.sort(key=lambda slot: (slot[1], slot[0]))
        for column, row, line in slots:
            x = MARGIN_SIDE + column * (column_width + GUTTER) + line.x
            canvas.drawString(x, PAGE_HEIGHT - MARGIN_TOP - (row + 1) * LEADING + 4, line.text)
        _draw_running_parts(canvas, number)
        canvas.showPage()
    canvas.save()
    return len(pages)


def _draw_running_parts(canvas: object, number: int) -> None:
    """Running header (outside edge, alternating), a rule under it, and the page number."""
    header = HEADERS[number % 2]
    canvas.setFont(FONT_NAME, 9)
    top = PAGE_HEIGHT - 40
    if number % 2:
        canvas.drawRightString(PAGE_WIDTH - MARGIN_SIDE, top, header)
    else:
        canvas.drawString(MARGIN_SIDE, top, header)
    canvas.line(MARGIN_SIDE, top - 5, PAGE_WIDTH - MARGIN_SIDE, top - 5)
    canvas.drawCentredString(PAGE_WIDTH / 2, 30, str(number))


def write_scanned_pdf(path: Path, pages: int = 2) -> None:
    """A PDF whose pages carry only drawings, as a scan without a text layer does."""
    pytest.importorskip("reportlab", reason="reportlab is in the `test` extra")
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True)
    for _ in range(pages):
        for row in range(20):
            y = PAGE_HEIGHT - MARGIN_TOP - row * LEADING
            canvas.rect(MARGIN_SIDE, y, PAGE_WIDTH - 2 * MARGIN_SIDE, 6, fill=1)
        canvas.showPage()
    canvas.save()


def scanned(image: Any, seed: int = 7) -> Any:
    """A page image as a scanner gives it back: slightly skewed, blurred, speckled and
    saved as a JPEG of middling quality."""
    import io
    import random

    from PIL import Image, ImageFilter

    noise = random.Random(seed)
    page = image.convert("L").rotate(0.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    pixels = page.load()
    width, height = page.size
    for _ in range(width * height // 500):
        pixels[noise.randrange(width), noise.randrange(height)] = noise.choice((0, 96, 255))
    saved = io.BytesIO()
    page.save(saved, "JPEG", quality=60)
    return Image.open(io.BytesIO(saved.getvalue()))


def scan_pdf(pdf: Path, dpi: int = 300) -> list[Any]:
    """Each page of `pdf` printed and scanned at `dpi` (see `scanned`)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [scanned(document[index].render(scale=dpi / 72).to_pil(), seed=index) for index in range(len(document))]
    finally:
        document.close()


def write_image_pdf(pages: list[Any], path: Path, dpi: int = 300) -> None:
    """An image-only PDF of page images, as a scanner writes one."""
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)


_DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'),
}


def docx_paragraph(text: str, style: str | None = None) -> str:
    """A Word paragraph of `text` (as one run, spaces kept), with a paragraph style."""
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r></w:p>'


def write_docx(path: Path, body: str) -> None:
    """A .docx file whose document body is the WordprocessingML `body`, as Word saves one."""
    import zipfile

    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{body}<w:sectPr/></w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in _DOCX_PARTS.items():
            archive.writestr(name, part)
        archive.writestr("word/document.xml", document)


def chapter_docx(text: str, path: Path) -> None:
    """The chapter saved from Word: a paragraph a line, its titles in a heading style."""
    write_docx(path, "".join(docx_paragraph(line, "Heading1" if _is_title(line.strip()) else None)
                             for line in text.split("\n")))


def web_page(text: str, charset: str) -> str:
    """A saved yearbook web page holding `text`: navigation, breadcrumb, title, entries, footer.

    The chapter's first line is taken as the breadcrumb and its title lines as the page title;
    every other line becomes a paragraph of the article.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    crumb, titles, body = lines[0], [line for line in lines[1:] if _is_title(line)], lines[1:]
    paragraphs = "\n".join(f"<p>&nbsp;&nbsp;{html.escape(line)}</p>" for line in body if not _is_title(line))
    title = html.escape(titles[0])
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_佳木斯年鉴_佳木斯市人民政府</title>
<style>.nav li {{ float: left; }}</style>
<script>var _hmt = _hmt || []; document.write("统计");</script>
</head>
<body>
<div class="top-nav"><ul class="nav">
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/nj/">佳木斯年鉴</a></li><li><a href="/fz/">地方志</a></li>
</ul></div>
<div class="position">{html.escape(crumb)} <a href="/">首页</a> &gt; <a href="/nj/">年鉴</a> &gt; <a href="/nj/sh/">社会团体</a></div>
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="info">发布时间：2004-06-01 &nbsp; 来源：佳木斯市地方志办公室 &nbsp; 浏览次数：1024</div>
<div id="zoom" class="TRS_Editor">
{paragraphs}
</div>
<div class="share">分享到：<a href="#">微博</a> <a href="#">微信</a> <a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
<ul class="related"><li><a href="/nj/sh/1.html">妇女联合会</a></li><li><a href="/nj/sh/2.html">残疾人联合会</a></li></ul>
<div id="footer"><p>版权所有：佳木斯市人民政府 &nbsp; 主办：佳木斯市人民政府办公室</p>
<p>黑ICP备05001234号 &nbsp; 技术支持：佳木斯市信息中心</p></div>
</body></html>
"""


def record_keys(result: ExtractionFile) -> Counter[tuple[Any, ...]]:
    """What makes two extractions the same: each record's type, section and scoring key."""
    return Counter((record.type, record.section, strict_key(record)) for record in result.records)


def score_as_sample(text: str, result: ExtractionFile, folder: Path) -> dict[str, Any]:
    """The score of `result`, read from `text`, against the sample chapter's gold.

    The gold is filed under the result's doc_id, so a chapter read from any form or split from
    any volume scores as the sample would; per-document rows are listed without their doc_id.
    """
    for name in ("gold", "pred", "text"):
        (folder / name).mkdir(parents=True)
    gold = json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    gold["doc_id"] = result.doc_id
    (folder / "gold" / f"{result.doc_id}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (folder / "pred" / f"{result.doc_id}.json").write_text(
        json.dumps(result.model_dump(mode="json"), ensure_ascii=False), encoding="utf-8")
    (folder / "text" / f"{result.doc_id}.txt").write_text(text, encoding="utf-8")
    score = score_folders(folder / "gold", folder / "pred", folder / "text").as_dict()
    score["documents"] = list(score["documents"].values())
    return score
