"""Tables: found in the text as read, rebuilt as rows of cells, kept out of the prose.

Every table here was written for these tests (not copied from the development texts); the
expected cells were worked out by hand from the drawing.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3

import pytest
from helpers import DEV_EXCERPTS, records_of

from pipeline.cli import main
from pipeline.core.records import ExtractionFile, Table
from pipeline.output import dump_json
from pipeline.runner import extract_text
from pipeline.segment import segment
from pipeline.stores import OutputStores, load_parquet, load_sqlite
from pipeline.tables import find_tables


def cells(rows: list) -> list[list[tuple[str, int, int, int]]]:
    """(text, column, row_span, column_span) of every cell, row by row."""
    return [[(cell.text, cell.column, cell.row_span, cell.column_span) for cell in row] for row in rows]


def only_table(text: str) -> Table:
    tables = find_tables(text)
    assert len(tables) == 1, tables
    return tables[0]


# --- box-drawn tables ---------------------------------------------------------------------

MERGED_BOX = """\
    全镇养殖业逐年扩大。
                表5—1  1986—1988年河口镇养殖情况
                                          单位：户
┏━━━━┯━━━━━━━━━┯━━━━┓
┃        │     养殖户数     │        ┃
┃  年份  ├────┬────┤ 备  注 ┃
┃        │  养鱼  │  养鸭  │        ┃
┠────┼────┼────┼────┨
┃  1986  │   12   │   30   │连年干旱┃
┠────┼────┼────┼────┨
┃  1987  │   25   │   41   │新修鱼塘┃
┠────┤        ├────┼────┨
┃  1988  │        │   57   │        ┃
┗━━━━┷━━━━┷━━━━┷━━━━┛
注：1987年、1988年养鱼户合计
统计。
    养殖收入  1988年，全镇养殖收入12万元。
"""


def test_box_table_with_merged_cells_caption_unit_and_note() -> None:
    table = only_table(MERGED_BOX)
    assert table.caption == "表5—1 1986—1988年河口镇养殖情况"
    assert table.notes == ["单位：户", "注：1987年、1988年养鱼户合计统计。"]
    assert MERGED_BOX[table.start:].startswith("表5—1")
    assert MERGED_BOX[:table.end].endswith("统计。")
    assert cells(table.header) == [
        [("年份", 0, 2, 1), ("养殖户数", 1, 1, 2), ("备注", 3, 2, 1)],
        [("养鱼", 1, 1, 1), ("养鸭", 2, 1, 1)],
    ]
    assert cells(table.rows) == [
        [("1986", 0, 1, 1), ("12", 1, 1, 1), ("30", 2, 1, 1), ("连年干旱", 3, 1, 1)],
        [("1987", 0, 1, 1), ("25", 1, 2, 1), ("41", 2, 1, 1), ("新修鱼塘", 3, 1, 1)],  # 25 covers 1988 too
        [("1988", 0, 1, 1), ("57", 2, 1, 1), ("", 3, 1, 1)],
    ]


def test_cell_offsets_point_into_the_text_as_read() -> None:
    table = only_table(MERGED_BOX)
    for row in table.header + table.rows:
        for cell in row:
            if cell.text and "\n" not in MERGED_BOX[cell.start:cell.end]:
                assert re.sub(r"\s", "", MERGED_BOX[cell.start:cell.end]) == cell.text
    empty = table.rows[2][2]
    assert (empty.text, empty.start == empty.end) == ("", True)


WRAPPED_BOX = """\
                      城关镇历届人民代表大会表
┏━━━━━┯━━━━━┯━━━┯━━━━━━━━━━━┓
┃ 会议名称 │ 召开时间 │出席代│      主要议程        ┃
┃          │          │表    │                      ┃
┃          │          │人数  │                      ┃
┠─────┼─────┼───┼───────────┨
┃城关镇第一│1956年4月 │  96  │听取县总工会工作报告，┃
┃届人民代表│          │      │选举镇长、副镇长。    ┃
┃大会      │          │      │                      ┃
┠─────┼─────┼───┼───────────┨
┃城关镇第二│1958年11月│ 104  │通过修建东街水渠的决议┃
┃届人民代表│          │      │。                    ┃
┃大会      │          │      │                      ┃
┗━━━━━┷━━━━━┷━━━┷━━━━━━━━━━━┛
"""


def test_box_rows_ruled_off_join_each_cells_wrapped_lines() -> None:
    table = only_table(WRAPPED_BOX)
    assert table.caption == "城关镇历届人民代表大会表"
    assert [[cell.text for cell in row] for row in table.header] == [["会议名称", "召开时间", "出席代表人数", "主要议程"]]
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["城关镇第一届人民代表大会", "1956年4月", "96", "听取县总工会工作报告，选举镇长、副镇长。"],
        ["城关镇第二届人民代表大会", "1958年11月", "104", "通过修建东街水渠的决议。"],
    ]
    first = table.rows[0][0]
    assert WRAPPED_BOX[first.start:].startswith("城关镇第一") and WRAPPED_BOX[:first.end].endswith("大会")


def test_ascii_grid_is_a_box() -> None:
    text = "+------+--------+\n| 项目 | 数量   |\n+======+========+\n| 学校 | 12     |\n| 教师 | -      |\n+------+--------+\n"
    table = only_table(text)
    assert cells(table.header) == [[("项目", 0, 1, 1), ("数量", 1, 1, 1)]]
    assert [[cell.text for cell in row] for row in table.rows] == [["学校", "12"], ["教师", "-"]]  # a dash is no rule


def test_box_body_without_row_rules_is_cut_into_rows_line_by_line() -> None:
    text = ("┌────┬────┬─────┐\n│  年份  │ 学校数 │  学生数  │\n├────┼────┼─────┤\n"
            "│  1985  │   14   │   3210   │\n│  1986  │   15   │   3388   │\n│  1987  │   15   │   3502   │\n"
            "└────┴────┴─────┘\n")
    table = only_table(text)
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["1985", "14", "3210"], ["1986", "15", "3388"], ["1987", "15", "3502"]]


def test_box_typed_by_hand_without_lined_up_strokes_is_read_stroke_by_stroke() -> None:
    text = ("各村民兵人数表\n┏━━━━┳━━━┓\n┃村  名┃人数┃\n┠───╂────┨\n┃李庄┃ 46人┃\n┃王  楼┃38人┃\n"
            "┗━━━┻━━━━┛\n单位：人\n全乡共有民兵507人。\n")
    table = only_table(text)
    assert (table.caption, table.notes) == ("各村民兵人数表", ["单位：人"])  # the unit line takes no prose after it
    assert [[cell.text for cell in row] for row in table.header] == [["村名", "人数"]]
    assert [[cell.text for cell in row] for row in table.rows] == [["李庄", "46人"], ["王楼", "38人"]]
    assert [(r.type, r.raw) for r in records_of(text)] == [("count", "507人")]


# --- column-aligned tables ----------------------------------------------------------------

ALIGNED = """\
    乡镇企业发展较快。
            1990年各乡镇企业产值统计
  乡镇        企业数    职工人数    产值（万元）
  城关镇        45        1320        860.5
  东关乡        12         410        120
  沙窝乡         9         288         76.3
  合  计        66        2018       1056.8
资料来源：县统计局。
    农业机械  全县拥有拖拉机312台，比1985年增加40台。
"""


def test_aligned_table_with_header_caption_and_source() -> None:
    table = only_table(ALIGNED)
    assert table.caption == "1990年各乡镇企业产值统计"
    assert table.notes == ["资料来源：县统计局。"]
    assert [[cell.text for cell in row] for row in table.header] == [["乡镇", "企业数", "职工人数", "产值（万元）"]]
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["城关镇", "45", "1320", "860.5"], ["东关乡", "12", "410", "120"],
        ["沙窝乡", "9", "288", "76.3"], ["合计", "66", "2018", "1056.8"]]


def test_aligned_row_wrapped_in_its_first_column() -> None:
    text = ("  单位              人数    经费（元）\n  县农机修造厂        86      4200\n  县城关供销合作      41      1350\n"
            "  社\n  县印刷厂            23       900\n")
    table = only_table(text)
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["县农机修造厂", "86", "4200"], ["县城关供销合作社", "41", "1350"], ["县印刷厂", "23", "900"]]


@pytest.mark.parametrize("text", [
    pytest.param("    推广优良品种  建国以来，全县先后引进小麦良种12个。\n    植物保护  1975年，县植保站成立，有技术人员8人。\n"
                 "    土壤普查  1980年，全县开展第二次土壤普查，历时2年。\n", id="run-in headings"),
    pytest.param("    春眠不觉晓  处处闻啼鸟\n    夜来风雨声  花落知多少\n    白日依山尽  黄河入海流\n", id="poem"),
    pytest.param("委员：  张  三  李  四  王五六  赵  七\n        孙  八  周  九  吴十一  郑十二\n"
                 "        冯  三  陈  四  褚五六  卫  七\n", id="name list"),
    pytest.param("1985年，全县有乡镇企业66个，职工2018人，产值\n1056.8万元。1986年，新建企业9个，职工增\n加到2300人。\n",
                 id="hard-wrapped prose"),
])
def test_text_with_spaces_is_no_table(text: str) -> None:
    assert find_tables(text) == []


def test_table_number_on_its_own_line_above_the_title_is_part_of_the_caption() -> None:
    text = "表 2\n" + ALIGNED.split("\n", 2)[1].strip() + "\n" + ALIGNED.split("\n", 2)[2]
    table = only_table(text)
    assert (table.caption, table.start) == ("表2 1990年各乡镇企业产值统计", 0)


def test_caption_whose_table_the_text_does_not_hold_is_a_table_without_cells() -> None:
    text = "    养蚕  1984年，全县养蚕户增至120户。\n表3—1\n全县7个乡蚕茧收购情况表\n1985年，收购蚕茧46吨。\n"
    table = only_table(text)
    assert (table.caption, table.header, table.rows) == ("表3—1 全县7个乡蚕茧收购情况表", [], [])
    assert text[table.start:table.end] == "表3—1\n全县7个乡蚕茧收购情况表"
    assert [r.raw for r in records_of(text, "count")] == ["120户", "46吨"]  # not 7个 of the caption


# --- kept out of prose, written out -------------------------------------------------------

PROSE = "    1987年5月，河口镇召开第三次人民代表大会，出席代表98人。\n\n"
TABLE_OF_MEETINGS = WRAPPED_BOX


def test_a_table_gives_no_records_and_the_prose_beside_it_gives_its_own() -> None:
    assert records_of(TABLE_OF_MEETINGS) == []
    prose_alone = [(r.type, r.evidence, r.start) for r in records_of(PROSE)]
    assert prose_alone  # the meeting and its count
    together = [(r.type, r.evidence, r.start) for r in records_of(PROSE + TABLE_OF_MEETINGS)]
    assert together == prose_alone


def test_table_lines_are_no_sentences() -> None:
    chapter = segment("test", PROSE + TABLE_OF_MEETINGS)
    table = chapter.tables[0]
    assert all(sentence.end <= table.start for sentence in chapter.sentences)


def test_tables_are_written_in_the_chapter_json_and_load_back() -> None:
    result = extract_text("test", PROSE + MERGED_BOX)
    assert [table.caption for table in result.tables] == ["表5—1 1986—1988年河口镇养殖情况"]
    loaded = ExtractionFile.model_validate_json(dump_json(result.model_dump(mode="json")))
    assert loaded == result
    without = ExtractionFile.model_validate({"doc_id": "other-tool", "records": []})
    assert without.tables == []


# --- development texts ---------------------------------------------------------------------

GAZETTEER_CHAPTERS = sorted(DEV_EXCERPTS.glob("dongming-*.txt")) if DEV_EXCERPTS.is_dir() else []


@pytest.mark.skipif(not GAZETTEER_CHAPTERS, reason="../shared/dev/excerpts (the gazetteer chapters) is not present")
@pytest.mark.parametrize("path", GAZETTEER_CHAPTERS, ids=lambda path: path.stem)
def test_every_box_of_a_gazetteer_chapter_is_a_table_without_records(path) -> None:
    text = path.read_text(encoding="utf-8")
    result = extract_text(path.stem, text)
    boxes = [match.span() for match in re.finditer(r"┏[^\n]*\n(?:[^\n]*\n)*?┗[^\n]*", text)]
    covered = [any(table.start <= start and end <= table.end for table in result.tables) for start, end in boxes]
    assert covered == [True] * len(boxes)
    assert len(result.tables) == len(boxes)
    for table in result.tables:
        assert table.header and table.rows
        assert all(len(row) == len(table.header[0]) for row in table.rows)
        assert [record for record in result.records if table.start <= record.start < table.end] == []


# --- stores ----------------------------------------------------------------------------------


def test_tables_and_cells_in_sqlite_csv_and_parquet(tmp_path) -> None:
    result = extract_text("hekou", PROSE + MERGED_BOX)
    with OutputStores(tmp_path, ("csv", "parquet")) as stores:
        stores.add(json.loads(result.model_dump_json()))
    connection = sqlite3.connect(tmp_path / "records.sqlite")
    assert connection.execute('SELECT table_index, caption, notes, header_rows, body_rows FROM "tables"').fetchall() == [
        (0, "表5—1 1986—1988年河口镇养殖情况", '["单位：户", "注：1987年、1988年养鱼户合计统计。"]', 2, 3)]
    assert connection.execute('SELECT "row", "column", is_header, text, row_span, column_span FROM table_cells '
                              'WHERE "row" IN (0, 3) ORDER BY "row", "column"').fetchall() == [
        (0, 0, 1, "年份", 2, 1), (0, 1, 1, "养殖户数", 1, 2), (0, 3, 1, "备注", 2, 1),
        (3, 0, 0, "1987", 1, 1), (3, 1, 0, "25", 2, 1), (3, 2, 0, "41", 1, 1), (3, 3, 0, "新修鱼塘", 1, 1)]
    start, end = connection.execute('SELECT start, "end" FROM table_cells WHERE text = "养殖户数"').fetchone()
    assert (PROSE + MERGED_BOX)[start:end] == "养殖户数"
    connection.close()
    with open(tmp_path / "csv" / "table_cells.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["doc_id", "table_index", "row", "column", "is_header", "text", "row_span", "column_span", "start", "end"]
    assert len(rows) == 1 + sum(len(row) for row in result.tables[0].header + result.tables[0].rows)
    assert load_sqlite(tmp_path / "records.sqlite") == [result]
    assert load_parquet(tmp_path / "parquet") == [result]


def test_schema_documents_the_table_stores(capsys) -> None:
    assert main(["schema"]) == 0
    outputs = json.loads(capsys.readouterr().out)["x-yearbook-outputs"]
    assert [(column["name"], column["sqlite"]) for column in outputs["tables"]["table_cells"]] == [
        ("doc_id", "TEXT NOT NULL"), ("table_index", "INTEGER NOT NULL"), ("row", "INTEGER NOT NULL"),
        ("column", "INTEGER NOT NULL"), ("is_header", "INTEGER NOT NULL"), ("text", "TEXT NOT NULL"),
        ("row_span", "INTEGER NOT NULL"), ("column_span", "INTEGER NOT NULL"), ("start", "INTEGER NOT NULL"),
        ("end", "INTEGER NOT NULL")]
    assert [column["name"] for column in outputs["tables"]["tables"]] == [
        "doc_id", "table_index", "caption", "notes", "start", "end", "header_rows", "body_rows"]
