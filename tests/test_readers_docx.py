"""Reading Word files (pipeline.readers.docx) written by the test as Word saves them.

The whole sample chapter as .docx is in test_readers_formats; here each part of a document
body on its own, with the exact text it reads as.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from fixture_documents import docx_paragraph, write_docx
from pipeline.core.errors import InputError
from pipeline.readers import read_document
from pipeline.readers.docx import read_docx


def _cell(text: str, span: int = 1) -> str:
    properties = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    return f"<w:tc>{properties}{docx_paragraph(text)}</w:tc>"


def _table(*rows: str) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"


# --- development cases ----------------------------------------------------------------------


def test_paragraphs_and_headings_are_lines_in_order(tmp_path: Path) -> None:
    path = tmp_path / "chapter.docx"
    write_docx(path, docx_paragraph("妇女联合会", "Heading1") + docx_paragraph("　　全县有妇代会组织三百个。")
               + docx_paragraph("") + docx_paragraph("（张玉兰）"))
    document = read_document(path)
    assert (document.text, document.encoding) == ("妇女联合会\n　　全县有妇代会组织三百个。\n\n（张玉兰）", "docx")


def test_a_table_is_drawn_as_a_box_between_the_paragraphs_around_it(tmp_path: Path) -> None:
    path = tmp_path / "table.docx"
    write_docx(path, docx_paragraph("表1 会员情况")
               + _table(_cell("年份") + _cell("会员"), _cell("2001") + _cell("1 200人"), _cell("两年合计", 2))
               + docx_paragraph("会员逐年增加。"))
    assert read_docx(path) == ("表1 会员情况\n"
                               "┌────┬───────┐\n"
                               "│年份│会员   │\n"
                               "├────┼───────┤\n"
                               "│2001│1 200人│\n"
                               "├────┼───────┤\n"
                               "│两年合计    │\n"
                               "└────┴───────┘\n"
                               "会员逐年增加。")


def test_a_spanning_cell_wider_than_its_columns_widens_the_last(tmp_path: Path) -> None:
    path = tmp_path / "wide.docx"
    write_docx(path, _table(_cell("甲") + _cell("乙"), _cell("县妇联主办的培训班", 2)))
    assert read_docx(path) == ("┌──┬───────────────┐\n"
                               "│甲│乙             │\n"
                               "├──┼───────────────┤\n"
                               "│县妇联主办的培训班│\n"
                               "└──┴───────────────┘")


def test_breaks_and_tabs_are_kept_and_deletions_and_field_codes_left_out(tmp_path: Path) -> None:
    path = tmp_path / "runs.docx"
    write_docx(path, '<w:p><w:r><w:t>召开</w:t></w:r><w:del><w:r><w:delText>第二次</w:delText></w:r></w:del>'
                     '<w:ins><w:r><w:t>第三次</w:t></w:r></w:ins><w:r><w:t>会议</w:t><w:br/><w:t>地点</w:t>'
                     '<w:tab/><w:t>县城</w:t></w:r>'
                     '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>。</w:t></w:r></w:p>')
    assert read_docx(path) == "召开第三次会议\n地点\t县城。"


def test_a_content_control_is_read_as_part_of_the_body(tmp_path: Path) -> None:
    path = tmp_path / "control.docx"
    write_docx(path, f"<w:sdt><w:sdtPr/><w:sdtContent>{docx_paragraph('大事记')}</w:sdtContent></w:sdt>"
               + docx_paragraph("一月，召开全县工作会议。"))
    assert read_docx(path) == "大事记\n一月，召开全县工作会议。"


# --- errors --------------------------------------------------------------------------------------


def _old_doc(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def _other_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office/>")


ERRORS = {
    "old-binary-doc": (_old_doc, "not a .docx file (not a zip archive): an old binary .doc, or an encrypted "
                                 "document? Save it as .docx without a password"),
    "zip-without-document": (_other_zip, "not a Word document: the archive has no word/document.xml"),
    "drawings-only": (lambda path: write_docx(path, "<w:p><w:r><w:drawing/></w:r></w:p>"),
                      "holds no text (only drawings or text boxes?): there is nothing to extract"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_a_file_that_is_no_readable_word_document_says_why(case: str, tmp_path: Path) -> None:
    write, message = ERRORS[case]
    path = tmp_path / f"{case}.docx"
    write(path)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {message}"


def test_a_document_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.docx"
    write_docx(path, docx_paragraph("全县" * 300))
    with pytest.raises(InputError, match=r"long\.docx: too large \(1,800 bytes of text\); the limit is 0\.001 MB"):
        read_document(path, max_bytes=1000)
