"""Reading text files in archive encodings and saved web pages (pipeline.readers)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from helpers import ROOT
from pipeline.core.errors import InputError
from pipeline.readers import SUPPORTED_SUFFIXES, read_document, read_documents
from pipeline.readers.encoding import decode_bytes, decode_declared
from pipeline.readers.webpage import read_webpage

SAMPLE = (ROOT / "corpus" / "jiamusi-2003-jishengxie.txt").read_text(encoding="utf-8")
TRADITIONAL = "計劃生育協會：全市共有協會組織1 519個，其中縣級協會11個，鄉鎮協會122個。"


# --- encodings: development cases ----------------------------------------------------------


@pytest.mark.parametrize(("encoded", "encoding"), [
    pytest.param(SAMPLE.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
    pytest.param(SAMPLE.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(SAMPLE.encode("gbk"), "gb18030", id="gbk"),
    pytest.param(SAMPLE.encode("utf-16"), "utf-16", id="utf-16-bom"),
    pytest.param(codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16", id="utf-16-be-bom"),
    pytest.param(SAMPLE.encode("utf-16-le"), "utf-16-le", id="utf-16-le"),
    pytest.param(SAMPLE.encode("utf-16-be"), "utf-16-be", id="utf-16-be"),
])
def test_the_sample_decodes_from_every_archive_encoding(encoded: bytes, encoding: str) -> None:
    assert decode_bytes(encoded, "sample.txt") == (SAMPLE, encoding)


def test_utf16_of_chinese_alone_has_no_nul_bytes_and_is_still_found() -> None:
    text = "计划生育协会全市共有协会组织其中县级协会乡镇街道协会"
    assert decode_bytes(text.encode("utf-16-le"), "a.txt") == (text, "utf-16-le")


# --- encodings: bugs caught ----------------------------------------------------------------


def test_big5_is_not_taken_for_gb18030_that_also_decodes_it() -> None:
    # GB18030 decodes these bytes too, into rare characters and private-use code points.
    assert decode_bytes(TRADITIONAL.encode("big5"), "tw.txt") == (TRADITIONAL, "big5hkscs")


def test_undecodable_bytes_name_the_file_byte_and_line() -> None:
    data = "计划生育\n协会".encode("gb18030") + b"\xff\xff"
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "bad.txt")
    assert str(caught.value) == ("bad.txt: not decodable as UTF-8, UTF-16, GB18030 or Big5 (byte 13, line 2, "
                                 "fails in gb18030); convert the file to UTF-8 or check that it is text")


def test_a_broken_byte_order_mark_file_is_an_error_not_a_guess() -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(codecs.BOM_UTF8 + "计划".encode("utf-8") + b"\xe8", "bom.txt")
    assert str(caught.value) == ("bom.txt: declares utf-8-sig by its byte-order mark but is not (byte 9, line 1, "
                                 "fails in utf-8-sig); convert the file to UTF-8 or check that it is text")


def test_binary_data_is_not_text() -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(b"\x00\x01\x02text", "binary.txt")
    assert str(caught.value) == "binary.txt: binary data, not text (NUL byte at offset 0)"


# --- declared charsets ---------------------------------------------------------------------


def test_a_declared_gb2312_is_read_as_its_superset() -> None:
    text = "镕基同志"  # 镕 is outside GB2312 but pages declaring gb2312 hold it
    assert decode_declared(text.encode("gb18030"), "GB2312", "p.html") == (text, "gb18030", ())


def test_a_page_resaved_as_utf8_under_its_old_declaration_is_read_as_utf8_with_a_warning() -> None:
    data = "计划生育协会".encode("utf-8")  # GBK decodes these bytes too, into 璁″垝鐢熻偛鍗忎細
    assert decode_declared(data, "gbk", "p.html") == (
        "计划生育协会", "utf-8", ("p.html: declares charset gbk but is utf-8",))


def test_a_wrong_declaration_is_read_as_what_the_bytes_are_with_a_warning() -> None:
    data = TRADITIONAL.encode("big5")
    assert decode_declared(data, "utf-8", "p.html") == (
        TRADITIONAL, "big5hkscs", ("p.html: declares charset utf-8 but is big5hkscs (byte 0 is not utf-8)",))


def test_a_declaration_that_nothing_else_fits_either_is_an_error() -> None:
    data = "计划生育".encode("gb18030") + b"\xff\xff"
    with pytest.raises(InputError) as caught:
        decode_declared(data, "gbk", "p.html")
    assert str(caught.value) == ("p.html: declares charset gbk but is not (byte 8, line 1, fails in gb18030); "
                                 "convert the file to UTF-8 or check that it is text")


def test_an_unknown_declaration_falls_back_to_detection_with_a_warning() -> None:
    data = "计划生育协会".encode("gb18030")
    assert decode_declared(data, "x-unknown", "p.html") == (
        "计划生育协会", "gb18030", ("p.html: declares unknown charset 'x-unknown'; read as gb18030",))


# --- web pages -------------------------------------------------------------------------------

PAGE = """<html><head><meta charset="{charset}"><title>站点标题</title>
<script>document.write("统计代码")</script><style>p {{ margin: 0 }}</style>
<body>
<header><a href="/">佳木斯市人民政府</a></header>
<ul class="main-menu"><li><a href="/">首页</a></li><li><a href="/nj">年鉴</a></li></ul>
<div id="breadcrumb">当前位置：<a href="/">首页</a> &gt; 年鉴</div>
<div class="list"><a href="/a">妇女联合会</a> <a href="/b">残疾人联合会</a></div>
<article><header><h1>计划生育协会</h1></header>
<p>&nbsp;&nbsp;【组织建设】全市共有协会组织 1&nbsp;519个，见<a href="/t">附表</a>。</p>
<p>　　【抗击非典】按照市委的部署，<br>全市会员3 700多人参加。</p>
<table><tr><td>县级协会</td><td>11个</td></tr></table>
<pre>第一行
第二行</pre>
</article>
<aside>热点新闻</aside>
<div class="share">分享到：微信</div>
<footer>版权所有：佳木斯市人民政府</footer>
<p>黑ICP备05001234号</p>
<p>技术支持：信息中心</p>
</body></html>"""
PAGE_TEXT = ("计划生育协会\n【组织建设】全市共有协会组织 1 519个，见附表。\n【抗击非典】按照市委的部署，\n"
             "全市会员3 700多人参加。\n县级协会 11个\n第一行\n第二行")


@pytest.mark.parametrize(("charset", "encoding"), [("gbk", "gb18030"), ("utf-8", "utf-8")])
def test_a_web_page_gives_its_main_text_without_navigation_and_footer(charset: str, encoding: str) -> None:
    assert read_webpage(PAGE.format(charset=charset).encode(charset), "p.html") == (PAGE_TEXT, encoding, ())


def test_a_big5_web_page_is_read_by_its_declaration() -> None:
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=big5"><div class="nav">首頁</div><p>{TRADITIONAL}</p>'
    assert read_webpage(page.encode("big5"), "tw.htm") == (TRADITIONAL, "big5hkscs", ())


def test_a_head_left_open_ends_where_the_body_begins() -> None:
    page = "<html><head><title>标题</title><body><p>【概况】全市共有协会组织。</p></body></html>"
    assert read_webpage(page.encode("utf-8"), "p.html") == ("【概况】全市共有协会组织。", "utf-8", ())


def test_a_page_without_declaration_is_detected() -> None:
    page = "<p>【概况】全市共有协会组织1 519个。</p>"
    assert read_webpage(page.encode("gb18030"), "p.htm") == ("【概况】全市共有协会组织1 519个。", "gb18030", ())


# --- dispatch ----------------------------------------------------------------------------------


def test_folders_are_searched_for_text_web_pages_pdfs_word_files_and_page_images() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".text", ".html", ".htm", ".pdf", ".docx",
                                  ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def test_an_unsupported_file_names_what_is_supported(tmp_path: Path) -> None:
    path = tmp_path / "chapter.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == (f"{path}: unsupported file type '.doc'; supported: "
                                 ".txt, .md, .text, .html, .htm, .pdf, .docx, .png, .jpg, .jpeg, .tif, .tiff")


def test_a_web_page_file_is_read_by_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "page.HTM"
    path.write_bytes(PAGE.format(charset="gbk").encode("gbk"))
    document = read_document(path)
    assert (document.text, document.encoding, document.page_starts, document.page_at(0)) == (
        PAGE_TEXT, "gb18030", (), None)


def test_without_split_a_file_is_one_document_under_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "volume.txt"
    path.write_text("计划生育协会\n【组织建设】一。\n妇女联合会\n【概况】二。\n", encoding="utf-8")
    assert [(suffix, document.text) for suffix, document in read_documents(path, split=False)] == [
        ("", "计划生育协会\n【组织建设】一。\n妇女联合会\n【概况】二。\n")]
