"""Page layout from glyph boxes (pipeline.readers.layout), on pages drawn glyph by glyph.

Each page here is built from strings placed at points, one glyph a character (Chinese ten
points wide, Latin five), so every case states exactly where the text lies.
"""

from __future__ import annotations

import random

import pytest

from pipeline.readers.layout import (
    Glyph,
    PageGlyphs,
    find_gutters,
    is_cjk,
    join_paragraphs,
    lay_out,
    line_break_joiner,
    line_text,
    page_rows,
    reading_lines,
)

SIZE = 10.0


def glyphs(text: str, x: float, top: float, gap: float = 0.0) -> list[Glyph]:
    """Glyphs of `text` from x, one after another (`gap` points apart), at row `top`."""
    placed = []
    for char in text:
        width = SIZE if is_cjk(char) else SIZE / 2
        placed.append(Glyph(char, x, x + width, top, top + SIZE))
        x += width + gap
    return placed


def column_page(left: list[tuple[str, float]], right: list[tuple[str, float]], order: str,
                extra: list[Glyph] = ()) -> list[Glyph]:
    """A two-column page: (text, indent) rows at 100 (left) and 240 (right), 15 points apart.

    `order` is how the file stores the glyphs: "columns", "rows", or "shuffled".
    """
    rows = []
    for index in range(max(len(left), len(right))):
        top = 60 + 15 * index
        row = [glyphs(text, x + indent, top) for texts, x in ((left, 100), (right, 240))
               if index < len(texts) for text, indent in [texts[index]]]
        rows.append(row)
    if order == "columns":
        placed = [glyph for column in (0, 1) for row in rows if column < len(row) for glyph in row[column]]
    else:
        placed = [glyph for row in rows for part in row for glyph in part]
        if order == "shuffled":
            random.Random(5).shuffle(placed)
    return placed + list(extra)


LEFT = [("　【组织建设】全市共有协", 0), ("会组织1 519个，其中县级协", 0), ("会11个，乡镇协会122个，", 0),
        ("村协会。", 0)]
RIGHT = [("　【抗击非典】各级协会组", 0), ("织积极配合卫生部门做好", 0), ("各项预防工作。", 0)]
EXPECTED_TWO_COLUMNS = ("【组织建设】全市共有协会组织1 519个，其中县级协会11个，乡镇协会122个，村协会。\n"
                        "【抗击非典】各级协会组织积极配合卫生部门做好各项预防工作。")


# --- development cases ----------------------------------------------------------------------


def test_rows_group_glyphs_by_height_and_read_left_to_right() -> None:
    placed = glyphs("第二行", 100, 80) + glyphs("第一行", 100, 60.5) + glyphs("下标", 140, 61.8)
    random.Random(1).shuffle(placed)
    assert [row.text for row in page_rows(placed)] == ["第一行下标", "第二行"]


def test_a_glyph_printed_twice_over_itself_is_read_once() -> None:
    bold = glyphs("概况", 100, 60) + glyphs("概况", 100.4, 60)
    assert [row.text for row in page_rows(bold)] == ["概况"]


@pytest.mark.parametrize("order", ["columns", "rows", "shuffled"])
def test_two_columns_read_left_then_right_whatever_order_the_file_stores(order: str) -> None:
    page = PageGlyphs(1, column_page(LEFT, RIGHT, order))
    assert lay_out([page]) == (EXPECTED_TWO_COLUMNS, (0,), [])


def test_the_gutter_lies_between_the_columns() -> None:
    rows = page_rows(column_page(LEFT, RIGHT, "rows"))
    assert find_gutters(rows) == [(226, 240)]  # in whole points: the left column ends at 225


def test_one_column_has_no_gutter() -> None:
    lines = [("　【组织建设】全市共有协会组织1 519个，其中县级", 0), ("协会11个，乡镇协会122个，村协会1 294个。", 0)] * 3
    assert find_gutters(page_rows(column_page(lines, [], "rows"))) == []


def test_a_short_last_column_beside_a_justified_one_is_still_a_column() -> None:
    left = [("全市共有协会组织一千五百", 0)] * 8 + [("余个。", 0)]
    placed = column_page(left, [("（李正伟）", 60)], "rows")
    assert find_gutters(page_rows(placed)) == [(221, 300)]
    assert lay_out([PageGlyphs(1, placed)])[0] == "全市共有协会组织一千五百" * 8 + "余个。\n（李正伟）"


def test_the_blank_beside_a_short_last_column_and_its_byline_is_no_gutter() -> None:
    left = [("各级协会开展生育关怀活动", 0)] * 20 + [("完。", 0)]
    right = [("　为困难家庭送去米面和书", 0), ("籍，又与两家保险公司合作", 0), ("举办讲座。", 0), ("（王明华）", 70)]
    placed = column_page(left, right, "rows")
    assert find_gutters(page_rows(placed)) == [(221, 250)]  # the first right row is indented
    assert lay_out([PageGlyphs(1, placed)])[0] == (
        "各级协会开展生育关怀活动" * 20 + "完。\n为困难家庭送去米面和书籍，又与两家保险公司合作举办讲座。\n（王明华）")


def test_a_title_across_both_columns_is_read_before_the_columns_below_it() -> None:
    title = glyphs("计划生育协会", 190, 45)
    page = PageGlyphs(1, column_page(LEFT * 3, RIGHT * 3, "rows", extra=title))
    left, right = EXPECTED_TWO_COLUMNS.split("\n")
    assert lay_out([page])[0] == "\n".join(["计划生育协会"] + [left] * 3 + [right] * 3)


def test_running_headers_footers_and_page_numbers_are_removed() -> None:
    pages = []
    for number, header, entry in ((245, "社会团体", "组织建设"), (246, "佳木斯年鉴·2003", "抗击非典"),
                                  (247, "社会团体", "扶贫帮困")):
        body = [(f"　【{entry}】全市共有协会组织", 0), ("1 519个，其中县级协会11个", 0), ("，乡镇协会122个。", 0),
                ("全市共有协会组织1 519个。", 20)]
        extra = glyphs(header, 100, 30) + glyphs(f"- {number} -", 200, 200)
        pages.append(PageGlyphs(number - 244, column_page(body, [], "rows", extra=extra)))
    text, page_starts, _ = lay_out(pages)
    repeated = "全市共有协会组织1 519个，其中县级协会11个，乡镇协会122个。\n全市共有协会组织1 519个。"
    assert text == f"【组织建设】{repeated}\n【抗击非典】{repeated}\n【扶贫帮困】{repeated}"
    assert page_starts == (0, 57, 114)


def test_a_first_line_that_only_one_page_has_is_kept() -> None:
    pages = [PageGlyphs(1, column_page([("计划生育协会", 40), ("全市共有协会组织一千五百个", 0), ("。", 0)], [], "rows")),
             PageGlyphs(2, column_page([("妇女联合会", 45), ("全市共有妇联组织一千一百个", 0), ("。", 0)], [], "rows"))]
    assert lay_out(pages)[0] == "计划生育协会\n全市共有协会组织一千五百个。\n妇女联合会\n全市共有妇联组织一千一百个。"


def test_a_page_without_glyphs_starts_where_the_next_page_does() -> None:
    first = glyphs("第一页的文字。", 100, 60) + glyphs("完。", 100, 75)
    third = glyphs("第三页的文字。", 100, 60) + glyphs("完。", 100, 75)
    pages = [PageGlyphs(1, first), PageGlyphs(2, []), PageGlyphs(3, third)]
    assert lay_out(pages) == ("第一页的文字。完。\n第三页的文字。完。", (0, 10, 10), [2])


def test_paragraphs_start_at_an_indent_and_after_a_short_line() -> None:
    placed = (glyphs("一二三四五六七八", 100, 60) + glyphs("九十。", 100, 75)        # short: ends a paragraph
              + glyphs("甲乙丙丁戊己庚辛", 100, 90) + glyphs("壬癸", 100, 105)
              + glyphs("　子丑寅卯戊己庚", 100, 120))                                  # indented by a drawn space
    lines = reading_lines(page_rows(placed), 1)
    assert join_paragraphs(lines, 1)[0] == "一二三四五六七八九十。\n甲乙丙丁戊己庚辛壬癸\n子丑寅卯戊己庚"


@pytest.mark.parametrize(("before", "after", "joiner"), [
    ("协会组织1 5", "19个", ""),      # inside a number
    ("计划生育", "协会", ""),          # Chinese on both sides
    ("Family", "Planning", " "),      # between Latin words
    ("Jiamusi,", "Heilongjiang", " "),
    ("Year-", "book", ""),            # a hyphenated word
    ("第", "3 700多人", ""),
    ("ISO", "9001", " "),
    ("1 519 ", "个", ""),              # the space is drawn already
])
def test_a_line_break_joins_without_a_space_unless_between_latin_words(before: str, after: str, joiner: str) -> None:
    assert line_break_joiner(before, after) == joiner


def test_a_gap_becomes_a_space_only_between_latin_glyphs() -> None:
    spaced = glyphs("协会", 100, 60, gap=4) + glyphs("1519", 125, 60) + glyphs("Planning", 160, 60)
    assert line_text(spaced) == "协会1519 Planning"
