"""The review report without a browser: marks, judgements, escaping and the `view` command.

The report in a real browser is tested in test_view_browser.py.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.core.errors import InputError
from pipeline.view import load_review, nest_marks, record_fields, render_report

TEXT = "【组织建设】市计生协会召开会议。全市共有协会组织 1 519个,农行贷款20余万元。"


def _tag(index: int, continued: bool) -> str:
    return f"<m{index}{'+' * continued}>"


# --- nesting: development cases -----------------------------------------------------------


@pytest.mark.parametrize(("text", "spans", "expected"), [
    pytest.param("ab cd", [(0, 2), (3, 5)], "<m0>ab</mark> <m1>cd</mark>", id="apart"),
    pytest.param("甲获奖3名乙", [(0, 6), (3, 5)], "<m0>甲获奖<m1>3名</mark>乙</mark>", id="count-inside-award"),
    pytest.param("ab", [(0, 2), (0, 2)], "<m0><m1>ab</mark></mark>", id="same-span-first-outside"),
    pytest.param("abc", [(0, 1), (0, 3)], "<m1><m0>a</mark>bc</mark>", id="same-start-longer-outside"),
    pytest.param("abc", [(0, 3), (2, 3)], "<m0>ab<m1>c</mark></mark>", id="same-end"),
    pytest.param("abcd", [(0, 2), (1, 4)], "<m0>a<m1>b</mark></mark><m1+>cd</mark>", id="crossing-is-split"),
    pytest.param("abcde", [(0, 3), (1, 4), (2, 5)],
                 "<m0>a<m1>b<m2>c</mark></mark></mark><m2+><m1+>d</mark>e</mark>", id="three-crossing"),
    pytest.param("ab", [(1, 1), (1, 5), (-1, 1)], "ab", id="empty-and-out-of-range-left-out"),
    pytest.param('<b a="1">&\r\n', [], "&lt;b a=&quot;1&quot;&gt;&amp;&#13;\n", id="text-escaped"),
    pytest.param("", [(0, 0)], "", id="empty-text"),
])
def test_nest_marks(text: str, spans: list[tuple[int, int]], expected: str) -> None:
    assert nest_marks(text, spans, _tag) == expected


# --- nesting: properties ------------------------------------------------------------------


class _MarkReader(HTMLParser):
    """The text of marked-up HTML and, per mark index, the characters its elements cover."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.open: list[int] = []
        self.covered: dict[int, set[int]] = defaultdict(set)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(int(dict(attrs)["data-i"] or ""))

    def handle_endtag(self, tag: str) -> None:
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for index in self.open:
            self.covered[index].update(range(len(self.text), len(self.text) + len(data)))
        self.text += data


@given(st.text(alphabet='ab<>&"\r\n中 ', max_size=30),
       st.lists(st.tuples(st.integers(-2, 32), st.integers(-2, 32)), max_size=8))
def test_marks_keep_the_text_and_cover_exactly_their_spans(text: str, spans: list[tuple[int, int]]) -> None:
    reader = _MarkReader()
    reader.feed(nest_marks(text, spans, lambda index, continued: f'<mark data-i="{index}">'))
    reader.close()
    assert reader.text == text
    assert reader.open == []
    expected = {index: set(range(start, end)) for index, (start, end) in enumerate(spans)
                if 0 <= start < end <= len(text)}
    assert dict(reader.covered) == expected


# --- judging against gold -----------------------------------------------------------------


def _record(record_type: str, evidence: str, **fields: object) -> dict[str, object]:
    return {"type": record_type, "section": "组织建设", "evidence": evidence, **fields}


def _at(raw: str) -> dict[str, object]:
    start = TEXT.index(raw)
    return {"start": start, "end": start + len(raw), "raw": raw}


def _count(value: int, unit: str, qualifier: str | None, evidence: str) -> dict[str, object]:
    return _record("count", evidence, value=value, value_max=None, unit=unit, qualifier=qualifier, subject=None)


def _write_chapter(folder: Path, records: list[dict[str, object]], doc_id: str = "t",
                   chapter: dict[str, object] | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"doc_id": doc_id, "guideline": 1, "chapter": chapter or {}, "records": records}
    (folder / f"{doc_id}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def folders(tmp_path: Path) -> Path:
    """texts/t.txt, gold/t.json and pred/t.json: two true positives, two false, two missed."""
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t.txt").write_text(TEXT, encoding="utf-8")
    _write_chapter(tmp_path / "gold", [
        _record("organization", "市计生协会召开会议", name="市计生协会"),
        _count(1519, "个", None, "全市共有协会组织 1 519个"),
        _record("organization", "农行贷款20余万元", name="农行"),
        _count(200000, "元", "余", "农行贷款20余万元"),
    ], chapter={"title": "计划生育协会"})
    _write_chapter(tmp_path / "pred", [
        _record("organization", "市计生协会召开会议", name="市计生协会", **_at("市计生协会")),
        _count(1519, "个", None, "全市共有协会组织 1 519个") | _at("1 519个"),
        _count(200000, "元", None, "20余万元"),
        # Stale offsets (they hold other text): highlighted where its name is, in its evidence.
        _record("organization", "市计生协会召开会议", name="计生协会", start=0, end=4, raw="计生协会"),
    ])
    return tmp_path


def _shown(review_chapter) -> list[tuple[str, str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(h.record_id, h.record.type, TEXT[h.span[0]:h.span[1]], h.status) for h in review_chapter.highlights]


def test_predictions_judged_by_the_strict_scorer(folders: Path) -> None:
    review = load_review(folders / "pred", folders / "gold", folders / "texts")
    (chapter,) = review.chapters
    assert _shown(chapter) == [
        ("t/0", "organization", "市计生协会", "tp"),
        ("t/1", "count", "1 519个", "tp"),
        ("t/2", "count", "20余万元", "fp"),
        ("t/3", "organization", "计生协会", "fp"),
        ("t/4", "organization", "农行", "fn"),
        ("t/5", "count", "农行贷款20余万元", "fn"),
    ]
    assert chapter.title == "计划生育协会"
    assert (chapter.tally.tp, chapter.tally.fp, chapter.tally.fn) == (2, 2, 2)  # type: ignore[union-attr]
    assert review.summary() == "1 chapter, 6 records; strict: 2 true positives, 2 false positives, 2 false negatives"


def test_without_gold_nothing_is_judged(folders: Path) -> None:
    review = load_review(folders / "pred", None, folders / "texts")
    assert [h.status for h in review.chapters[0].highlights] == [None] * 4
    assert review.score is None
    assert review.summary() == "1 chapter, 4 records"


def test_gold_without_prediction_is_all_missed_and_prediction_without_gold_unjudged(folders: Path) -> None:
    (folders / "pred" / "t.json").rename(folders / "pred" / "u.json")
    (folders / "texts" / "u.txt").write_text(TEXT, encoding="utf-8")
    review = load_review(folders / "pred", folders / "gold", folders / "texts")
    assert [(c.doc_id, [h.status for h in c.highlights]) for c in review.chapters] == [
        ("t", ["fn"] * 4),
        ("u", [None] * 4),
    ]


def test_fields_key_first_provenance_last(folders: Path) -> None:
    review = load_review(folders / "pred", None, folders / "texts")
    assert record_fields(review.chapters[0].highlights[1].record) == [
        ("value", "1519"), ("unit", "个"), ("section", "组织建设"), ("evidence", "全市共有协会组织 1 519个"),
        ("start", "25"), ("end", "31"), ("raw", "1 519个"),
    ]


def test_missing_text_names_the_file_and_the_fix(folders: Path) -> None:
    with pytest.raises(InputError) as raised:
        load_review(folders / "pred", None, folders / "gold")
    assert str(raised.value) == (f"{folders / 'pred' / 't.json'}: no chapter text for doc_id 't' in "
                                 f"{folders / 'gold'}; pass --text")


@pytest.mark.parametrize("with_gold", [False, True], ids=["alone", "with-gold"])
def test_empty_prediction_folder_is_an_error(tmp_path: Path, with_gold: bool) -> None:
    """With gold too: a page of nothing but missed records would only mislead."""
    (tmp_path / "pred").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t.json").write_text('{"doc_id": "t", "records": []}', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_review(tmp_path / "pred", tmp_path / "gold" if with_gold else None)
    assert str(raised.value) == (f"{tmp_path / 'pred'}: no prediction files <doc_id>.json in the folder; run "
                                 f"`yearbook extract … --out {tmp_path / 'pred'}` first, or check the folder's name")


# --- the page: bugs it must not have ------------------------------------------------------

HOSTILE = 'x<script>window.__pwned = 1</script>y<img src=x onerror="window.__pwned = 2">z&amp;\r\n'


def test_hostile_text_title_and_fields_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "h.txt").write_text(HOSTILE, encoding="utf-8", newline="")
    name = "<script>window.__pwned = 1</script>"
    _write_chapter(tmp_path / "pred", [_record("organization", name, name=name)], doc_id="h",
                   chapter={"title": '"><img src=x onerror="window.__pwned = 3">'})
    page = render_report(load_review(tmp_path / "pred", None, tmp_path / "texts"))
    assert page.count("<script") == 2  # the records block and the page's own script
    assert page.count("<img") == 0
    assert re.findall(r"(?:src|href)=\"(?!#)", page) == []
    assert ('<div class="text">x<mark data-record-type="organization" data-record-id="h/0" '
            'title="organization: &lt;script&gt;window.__pwned = 1&lt;/script&gt;\n(click for all fields)" '
            'tabindex="0">&lt;script&gt;window.__pwned = 1&lt;/script&gt;</mark>y&lt;img src=x '
            'onerror=&quot;window.__pwned = 2&quot;&gt;z&amp;amp;&#13;\n</div>') in page
    assert '\\u003cscript\\u003ewindow.__pwned = 1\\u003c/script\\u003e' in page


def test_page_has_score_table_only_with_gold(folders: Path) -> None:
    judged = render_report(load_review(folders / "pred", folders / "gold", folders / "texts"))
    plain = render_report(load_review(folders / "pred", None, folders / "texts"))
    assert judged.count('<table class="score">') == 1
    assert "<tr><td>micro</td><td>4</td><td>4</td><td>2</td><td>2</td><td>2</td>" in judged
    assert plain.count('<table class="score">') == 0
    assert re.findall(r"<[a-z]+ [^>]*data-status", plain) == []


# --- the command --------------------------------------------------------------------------


def test_view_command_writes_the_report(folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = folders / "report" / "review.html"
    assert main(["view", str(folders / "pred"), "--gold", str(folders / "gold"), "--text", str(folders / "texts"),
                 "--out", str(out)]) == 0
    assert capsys.readouterr().out == (f"wrote {out}: 1 chapter, 6 records; strict: 2 true positives, "
                                       "2 false positives, 2 false negatives\n")
    assert out.read_text(encoding="utf-8").count("<mark ") == 6


def test_view_command_missing_folder_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["view", str(tmp_path / "nope"), "--out", str(tmp_path / "r.html")]) == 1
    assert capsys.readouterr().err == (f"Error: {tmp_path / 'nope'}: prediction folder not found; "
                                       "give the --out folder of a `yearbook extract` run\n")
