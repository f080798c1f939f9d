"""The review report in a real browser: Debian's Chromium, headless, driven by Playwright.

The sample chapter is extracted afresh and its report opened against the sample gold; the
numbers the page must show come from the scorer run on the same folders, not from the page's
own code. Screenshots are left in tests/artifacts/ to look at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from helpers import ROOT
from pipeline.cli import main
from pipeline.core.records import RECORD_TYPES
from pipeline.scoring import score_folders
from pipeline.view import load_review, record_fields, record_summary

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
SAMPLE_ID = "jiamusi-2003-jishengxie"
# Everything that could reach the network or change the profile is off; no sandbox as root.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.slow,
    # CI installs Chromium (.ci/run), so there the test always runs and a missing browser fails it.
    pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                       reason="needs Debian's Chromium at /usr/bin/chromium: apt-get install chromium"),
]


class OpenedPage:
    """A page of the report, with everything that went wrong or out while it was open."""

    def __init__(self, browser: Any, report: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 1400})
        self.page.set_default_timeout(5000)
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("console", lambda message: self.problems.append(f"console {message.type}: {message.text}"))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = report.resolve().as_uri()
        self.page.goto(self.url)

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def style(self, selector: str, prop: str) -> str:
        return self.page.locator(selector).first.evaluate(f"e => getComputedStyle(e)[{prop!r}]")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _report(pred: Path, out: Path) -> Path:
    assert main(["view", str(pred), "--gold", str(ROOT / "gold"), "--text", str(ROOT / "corpus"),
                 "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh extraction of the sample corpus, and its report against the sample gold."""
    folder = tmp_path_factory.mktemp("sample")
    assert main(["extract", str(ROOT / "corpus"), "--out", str(folder / "pred")]) == 0
    return folder / "pred", _report(folder / "pred", folder / "report.html")


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory: pytest.TempPathFactory, sample: tuple[Path, Path]) -> tuple[Path, Path, int, str]:
    """The fresh extraction with its first count removed and its first organization renamed.

    So the report has false positives and false negatives however good the extractor gets.
    Returns the folders, the renamed record's index and its name before.
    """
    folder = tmp_path_factory.mktemp("mistaken")
    data = json.loads((sample[0] / f"{SAMPLE_ID}.json").read_text(encoding="utf-8"))
    records = data["records"]
    del records[next(index for index, record in enumerate(records) if record["type"] == "count")]
    renamed = next(index for index, record in enumerate(records) if record["type"] == "organization")
    original = records[renamed]["name"]
    records[renamed]["name"] = original + "之外"
    (folder / "pred").mkdir()
    (folder / "pred" / f"{SAMPLE_ID}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder / "pred", _report(folder / "pred", folder / "report.html"), renamed, original


def _expected_types(pred: Path) -> dict[str, int]:
    """Records per type the page must highlight: every prediction and every strict miss."""
    score = score_folders(ROOT / "gold", pred, ROOT / "corpus")
    counts = dict.fromkeys(RECORD_TYPES, 0)
    for record in json.loads((pred / f"{SAMPLE_ID}.json").read_text(encoding="utf-8"))["records"]:
        counts[record["type"]] += 1
    for error in score.errors:
        if error.mode == "strict" and error.kind == "fn":
            counts[error.record.type] += 1
    return counts


@pytest.mark.parametrize("report_of", ["sample", "mistaken"])
def test_report_shows_every_record_judged_as_the_scorer_does(browser: Any, report_of: str,
                                                             request: pytest.FixtureRequest) -> None:
    pred, report = request.getfixturevalue(report_of)[:2]
    opened = OpenedPage(browser, report)
    if report_of == "sample":
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "view-sample-top.png"))

    records = "mark[data-record-type]:not([data-continued])"
    assert {t: opened.count(f'{records}[data-record-type="{t}"]') for t in RECORD_TYPES} == _expected_types(pred)
    micro = score_folders(ROOT / "gold", pred, ROOT / "corpus").micro("strict")
    assert [opened.count(f'{records}[data-status="{s}"]') for s in ("tp", "fp", "fn")] == [micro.tp, micro.fp, micro.fn]
    assert opened.count(records) == micro.tp + micro.fp + micro.fn

    # The page's text is the chapter's, character for character, marks and all.
    chapter_text = (ROOT / "corpus" / f"{SAMPLE_ID}.txt").read_text(encoding="utf-8")
    assert opened.page.locator(".chapter .text").text_content() == chapter_text

    # The score table at the top is the scorer's.
    micro_row = opened.page.locator("table.score tfoot td").all_text_contents()
    assert micro_row[:6] == ["micro", str(micro.tp + micro.fn), str(micro.tp + micro.fp),
                             str(micro.tp), str(micro.fp), str(micro.fn)]
    assert micro_row[8] == f"{micro.f1:.3f}"

    assert opened.problems == []
    assert opened.requests == [opened.url]


def test_errors_are_marked_apart_from_true_positives(browser: Any, mistaken: tuple[Path, Path, int, str]) -> None:
    _, report, renamed, original = mistaken
    opened = OpenedPage(browser, report)
    wrong = f'mark[data-record-id="{SAMPLE_ID}/{renamed}"]'
    assert opened.page.locator(wrong).get_attribute("data-status") == "fp"
    missed = opened.page.locator('mark[data-status="fn"]').evaluate_all("marks => marks.map(m => m.title)")
    assert [title for title in missed if title.startswith(f"organization: {original}\n")] == [
        f"organization: {original}\nfalse negative\n(click for all fields)"]
    # Solid, double and dashed lines: told apart without colour.
    assert opened.style('mark[data-status="tp"]', "borderBottomStyle") == "solid"
    assert opened.style(wrong, "borderBottomStyle") == "double"
    assert opened.style('mark[data-status="fn"]', "borderTopStyle") == "dashed"
    # The filter by judgement: misses alone turned off.
    opened.page.locator('input[data-filter="status"][value="fn"]').uncheck()
    assert opened.style('mark[data-status="fn"]', "borderTopStyle") == "none"
    assert opened.style(wrong, "borderBottomStyle") == "double"
    assert opened.problems == []


def _highlights_by_id(pred: Path) -> dict[str, Any]:
    review = load_review(pred, ROOT / "gold", ROOT / "corpus")
    return {h.record_id: h for chapter in review.chapters for h in chapter.highlights}


def _details(opened: OpenedPage) -> tuple[str | None, list[tuple[str, str]]]:
    """The heading and the field rows of the details panel."""
    details = opened.page.locator("#details")
    rows = details.locator("tr").evaluate_all("rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent])")
    return details.locator("h3").text_content(), [tuple(row) for row in rows]


def test_clicking_a_record_shows_its_fields(browser: Any, sample: tuple[Path, Path]) -> None:
    by_id = _highlights_by_id(sample[0])
    opened = OpenedPage(browser, sample[1])
    assert opened.page.locator("#details").is_hidden()

    found = opened.page.locator('mark[data-status="tp"]:not(:has(mark))').first
    highlight = by_id[found.get_attribute("data-record-id") or ""]
    assert found.get_attribute("title") == f"{record_summary(highlight.record)}\ntrue positive\n(click for all fields)"
    found.click()
    assert opened.page.locator("#details").is_visible()
    assert _details(opened) == (f"{highlight.record.type} — true positive", record_fields(highlight.record))
    assert opened.page.locator("mark.selected").evaluate_all("marks => marks.map(m => m.dataset.recordId)") == [
        highlight.record_id]
    opened.page.keyboard.press("Escape")
    assert opened.page.locator("#details").is_hidden()
    assert opened.problems == []


def test_a_wrong_record_and_the_gold_it_missed_side_by_side(browser: Any,
                                                            mistaken: tuple[Path, Path, int, str]) -> None:
    pred, report, renamed, original = mistaken
    by_id = _highlights_by_id(pred)
    wrong = by_id[f"{SAMPLE_ID}/{renamed}"]
    (missed,) = [h for h in by_id.values() if h.status == "fn" and getattr(h.record, "name", None) == original]
    assert wrong.span == missed.span
    opened = OpenedPage(browser, report)

    # Same characters: the missed gold record sits inside the wrong one, a click away from it.
    opened.page.locator(f'mark[data-record-id="{wrong.record_id}"]').click()
    assert _details(opened) == ("organization — false negative", record_fields(missed.record))
    outer = opened.page.locator("#details .enclosing button")
    assert outer.all_text_contents() == [f"inside organization: {original}之外"]
    outer.click()
    assert _details(opened) == ("organization — false positive", record_fields(wrong.record))

    # Each error in the lists beside the text selects its record.
    opened.page.locator(f'.errors button[data-target="{missed.record_id}"]').click()
    assert _details(opened)[0] == "organization — false negative"
    assert opened.page.locator("mark.selected").evaluate_all("marks => marks.map(m => m.dataset.recordId)") == [
        missed.record_id]
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "view-sample-errors.png"))
    assert opened.problems == []


def test_filter_by_type_turns_its_highlights_off(browser: Any, sample: tuple[Path, Path]) -> None:
    opened = OpenedPage(browser, sample[1])
    count_mark, organization_mark = 'mark[data-record-type="count"]', 'mark[data-record-type="organization"]'
    before = opened.style(count_mark, "backgroundColor")
    opened.page.locator('input[data-filter="type"][value="count"]').uncheck()
    assert opened.style(count_mark, "backgroundColor") == "rgba(0, 0, 0, 0)"
    assert opened.style(organization_mark, "backgroundColor") == "rgb(214, 230, 255)"
    opened.page.locator('input[data-filter="type"][value="count"]').check()
    assert opened.style(count_mark, "backgroundColor") == before == "rgb(255, 226, 189)"
    assert opened.problems == []


HOSTILE = ('前言<script>window.__pwned = 1</script>中间<img src=x onerror="window.__pwned = 2">'
           '市计生协会召开会议。<svg onload="window.__pwned = 3"></svg>')


def test_markup_in_the_chapter_is_shown_as_text_and_never_runs(browser: Any, tmp_path: Path) -> None:
    texts, pred = tmp_path / "texts", tmp_path / "pred"
    texts.mkdir()
    (texts / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    name = "<script>window.__pwned = 1</script>"
    assert main(["extract", str(texts), "--out", str(pred)]) == 0
    data = json.loads((pred / "hostile.json").read_text(encoding="utf-8"))
    data["records"].append({"type": "organization", "section": None, "evidence": name, "name": name})
    (pred / "hostile.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "report.html"
    assert main(["view", str(pred), "--text", str(texts), "--out", str(report)]) == 0

    opened = OpenedPage(browser, report)
    marked = opened.page.locator(f'mark[data-record-id="hostile/{len(data["records"]) - 1}"]')
    assert marked.text_content() == name
    marked.click()
    assert opened.page.locator("#details td").first.text_content() == name
    assert opened.page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.count("img") == 0
    assert opened.count("svg") == 0
    assert opened.count("script") == 2
    assert opened.page.locator(".chapter .text").text_content() == HOSTILE
    assert opened.problems == []
    assert opened.requests == [opened.url]
