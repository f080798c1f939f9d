"""Mistakes a user makes every day end in an `Error: …` or a warning naming the files, never
in a quiet zero: each test runs the real command and checks its exit status and message."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from pipeline.cli import main
from pipeline.readers import SUPPORTED_SUFFIXES
from pipeline.stores import load_parquet, load_sqlite

# Two short chapters of our own, one record each.
TEXTS = {
    "xian-jiaoyu": "全县有中学十二所。",
    "xian-weisheng": "县人民医院新建病房楼一幢。",
}
RECORDS = {
    "xian-jiaoyu": {"type": "count", "section": None, "evidence": "全县有中学十二所", "value": 12, "unit": "所",
                    "subject": "中学"},
    "xian-weisheng": {"type": "organization", "section": None, "evidence": "县人民医院新建病房楼一幢",
                      "name": "县人民医院"},
}


def _chapter_file(folder: Path, doc_id: str, chapter: dict[str, object] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.json"
    path.write_text(json.dumps({"doc_id": doc_id, "guideline": 2, "chapter": chapter or {},
                                "records": [RECORDS[doc_id]]}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture()
def scored(tmp_path: Path) -> Path:
    """tmp_path/text with both chapters, tmp_path/gold with both gold files."""
    for doc_id, text in TEXTS.items():
        (tmp_path / "text").mkdir(exist_ok=True)
        (tmp_path / "text" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        _chapter_file(tmp_path / "gold", doc_id)
    return tmp_path


def _score(folder: Path, gold: str, pred: str) -> int:
    return main(["score", str(folder / gold), str(folder / pred), "--text", str(folder / "text")])


# --- yearbook score -------------------------------------------------------------------------


def test_score_into_a_missing_prediction_folder_is_an_error(scored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _score(scored, "gold", "out-typo") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"Error: {scored / 'out-typo'}: prediction folder not found; "
                            "give the --out folder of a `yearbook extract` run\n")


def test_score_of_an_empty_prediction_folder_is_an_error(scored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (scored / "out").mkdir()
    assert _score(scored, "gold", "out") == 1
    assert capsys.readouterr().err == (
        f"Error: {scored / 'out'}: no prediction files <doc_id>.json in the folder; "
        f"run `yearbook extract … --out {scored / 'out'}` first, or check the folder's name\n")


def test_score_against_an_empty_gold_folder_is_an_error(scored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (scored / "empty").mkdir()
    assert _score(scored, "empty", "gold") == 1
    assert capsys.readouterr().err == (
        f"Error: {scored / 'empty'}: no gold files <doc_id>.json in the folder; check GOLD_DIR\n")


def test_score_of_predictions_for_other_documents_is_an_error(scored: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    _chapter_file(scored / "out", "xian-jiaoyu").rename(scored / "out" / "shi-jiaoyu.json")
    assert _score(scored, "gold", "out") == 1
    assert capsys.readouterr().err == (
        f"Error: {scored / 'out'}: no prediction for any gold document of {scored / 'gold'} (xian-jiaoyu, xian-weisheng), "
        "only for shi-jiaoyu; check that PRED_DIR was extracted from the gold's texts\n")


def test_score_warns_of_gold_without_prediction_and_prediction_without_gold(
        scored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _chapter_file(scored / "out", "xian-jiaoyu")
    (scored / "out" / "xian-nongye.json").write_text(
        json.dumps({"doc_id": "xian-nongye", "records": []}), encoding="utf-8")
    assert main(["score", str(scored / "gold"), str(scored / "out"), "--text", str(scored / "text"), "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"Warning: gold documents without a prediction in {scored / 'out'}, scored as chapters with no records (1): "
        "xian-weisheng\n"
        f"Warning: predictions without a gold file in {scored / 'gold'}, not scored (1): xian-nongye\n")
    assert json.loads(captured.out)["micro"]["strict"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667,
                                                           "tp": 1, "fp": 0, "fn": 1}


def test_score_of_matching_folders_prints_no_warning(scored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _score(scored, "gold", "gold") == 0
    assert capsys.readouterr().err == ""


# --- chapter fields that differ -------------------------------------------------------------


def _chapters_apart(folder: Path) -> None:
    """Gold with a title, a byline and entries for xian-jiaoyu; a prediction that misses two."""
    _chapter_file(folder / "gold", "xian-jiaoyu", {"title": "教育", "author": "王立新", "sections": ["学校", "师资"]})
    _chapter_file(folder / "out", "xian-jiaoyu", {"title": "教育", "author": None, "sections": ["学校"]})
    _chapter_file(folder / "out", "xian-weisheng")


def test_score_errors_list_chapter_fields_that_differ(scored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _chapters_apart(scored)
    assert main(["score", str(scored / "gold"), str(scored / "out"), "--text", str(scored / "text"), "--errors"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-2:] == ['CHAPTER xian-jiaoyu author {"gold": "王立新", "pred": null}',
                                     'CHAPTER xian-jiaoyu sections {"gold": ["学校", "师资"], "pred": ["学校"]}']
    assert main(["score", str(scored / "gold"), str(scored / "out"), "--text", str(scored / "text"), "--errors",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["chapter_errors"] == [
        {"doc_id": "xian-jiaoyu", "field": "author", "gold": "王立新", "pred": None},
        {"doc_id": "xian-jiaoyu", "field": "sections", "gold": ["学校", "师资"], "pred": ["学校"]}]


def test_review_page_shows_chapter_fields_that_differ(scored: Path) -> None:
    _chapters_apart(scored)
    page = scored / "review.html"
    assert main(["view", str(scored / "out"), "--gold", str(scored / "gold"), "--text", str(scored / "text"),
                 "--out", str(page)]) == 0
    tables = re.findall(r'<table class="chapter-fields">.*?</table>', page.read_text(encoding="utf-8"))
    assert tables == ['<table class="chapter-fields"><caption>Chapter fields that differ</caption>'
                      "<thead><tr><th></th><th>gold</th><th>extracted</th></tr></thead><tbody>"
                      "<tr><th>author</th><td>王立新</td><td>—</td></tr>"
                      "<tr><th>sections</th><td>学校 / 师资</td><td>学校</td></tr></tbody></table>"]


# --- output into a closed pipe --------------------------------------------------------------


def _into_closed_pipe(*command: str) -> subprocess.CompletedProcess[str]:
    """Run a command whose stdout is a pipe nobody reads any more, as in `command | head`
    once head has its lines."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        return subprocess.run([sys.executable, *command], cwd=ROOT, stdout=writing, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    finally:
        os.close(writing)


def test_schema_into_a_closed_pipe_stops_quietly() -> None:
    finished = _into_closed_pipe("-m", "pipeline.cli", "schema")
    assert (finished.returncode, finished.stderr) == (1, "")


def test_reader_into_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    chapter = tmp_path / "xian-jiaoyu.txt"
    chapter.write_text(TEXTS["xian-jiaoyu"], encoding="utf-8")
    finished = _into_closed_pipe("-m", "pipeline.readers", str(chapter))
    assert (finished.returncode, finished.stderr) == (1, "")


# --- yearbook extract: what is in the input folders -------------------------------------------


def _inputs(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def _extract(*paths: Path, out: Path) -> int:
    return main(["extract", *map(str, paths), "--out", str(out), "--jobs", "1"])


SUPPORTED = ", ".join(SUPPORTED_SUFFIXES)


def test_a_folder_of_unsupported_files_only_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _inputs(tmp_path / "in", {"jiaoyu.doc": b"\xd0\xcf\x11\xe0", "tongji.xlsx": b"PK\x03\x04"})
    assert _extract(folder, out=tmp_path / "out") == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"Error: {folder}: no chapter files ({SUPPORTED}) to extract: "
                                                "only jiaoyu.doc, tongji.xlsx\n")
    assert not (tmp_path / "out").exists()


def test_an_empty_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    assert _extract(tmp_path / "in", out=tmp_path / "out") == 1
    assert capsys.readouterr().err == f"Error: {tmp_path / 'in'}: no chapter files ({SUPPORTED}) to extract: no files\n"


def test_unsupported_files_beside_chapters_are_named_in_a_warning(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = _inputs(tmp_path / "in", {"xian-jiaoyu.txt": TEXTS["xian-jiaoyu"], "fu/tongji.xlsx": b"PK\x03\x04",
                                       ".git/HEAD": "ref: main"})
    assert _extract(folder, out=tmp_path / "out") == 0
    captured = capsys.readouterr()
    assert captured.out == f"extracted 1 of 1 documents into {tmp_path / 'out'}\n"
    assert captured.err == (f"Warning: 1 skipped, of a type that cannot be read ({SUPPORTED}): "
                            f"{folder / 'fu' / 'tongji.xlsx'}\n")


def test_a_tiny_binary_file_is_refused_not_decoded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _inputs(tmp_path / "in", {"xian-jiaoyu.txt": TEXTS["xian-jiaoyu"], "tu.txt": b"\x89PNG\r\n\x1a\n"})
    assert _extract(folder, out=tmp_path / "out") == 1
    assert capsys.readouterr().err == (f"Error: {folder / 'tu.txt'}: binary data, not text (control characters, "
                                       "the first U+001A at character 5)\n")
    assert sorted(path.name for path in (tmp_path / "out").glob("*.json")) == ["xian-jiaoyu.json"]


@pytest.mark.parametrize(("names", "doc_ids"), [
    pytest.param(("xian.html", "xian.txt"), "xian", id="same-stem-two-types"),
    pytest.param(("Xian.md", "xian.txt"), "Xian = xian", id="stems-apart-only-by-case"),
])
def test_two_inputs_of_one_doc_id_are_an_error_naming_both(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           names: tuple[str, str], doc_ids: str) -> None:
    folder = _inputs(tmp_path / "in", dict.fromkeys(names, TEXTS["xian-jiaoyu"]))
    assert _extract(folder, out=tmp_path / "out") == 1
    first, second = (folder / name for name in names)
    assert capsys.readouterr().err == (
        f"Error: input files that would share a doc_id, so that one's output would overwrite the other's: "
        f"{first} and {second} (doc_id {doc_ids}); rename one of them, or extract them into separate --out folders\n")
    assert not (tmp_path / "out").exists()


# --- yearbook gold-stub ---------------------------------------------------------------------


def test_gold_stub_turns_predictions_into_gold_that_scores_perfectly_against_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _inputs(tmp_path / "text", {f"{doc_id}.txt": text for doc_id, text in TEXTS.items()})
    assert _extract(folder, out=tmp_path / "out") == 0
    assert main(["gold-stub", str(tmp_path / "out"), "--out", str(tmp_path / "gold")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"wrote 2 gold files into {tmp_path / 'gold'}: correct every record against its text, as "
        "docs/annotation.md says, before scoring against them")
    stub = json.loads((tmp_path / "gold" / "xian-jiaoyu.json").read_text(encoding="utf-8"))
    assert stub == {"doc_id": "xian-jiaoyu", "guideline": 2, "chapter": {"title": None, "author": None, "sections": []},
                    "records": [{"section": None, "evidence": "全县有中学十二所", "type": "count", "value": 12,
                                 "value_max": None, "unit": "所", "qualifier": None, "subject": "中学"}]}
    assert main(["score", str(tmp_path / "gold"), str(tmp_path / "out"), "--text", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["micro"]["strict"]["f1"] == 1.0


def test_gold_stub_never_overwrites_gold(scored: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corrected = (scored / "gold" / "xian-jiaoyu.json").read_bytes()
    _chapter_file(scored / "out", "xian-jiaoyu")
    _chapter_file(scored / "out", "xian-weisheng")
    (scored / "gold" / "xian-weisheng.json").unlink()
    assert main(["gold-stub", str(scored / "out"), "--out", str(scored / "gold")]) == 1
    assert capsys.readouterr().err == (
        f"Error: {scored / 'gold'}: holds gold files of the same names already, which are not overwritten: "
        "xian-jiaoyu.json; move them away or choose another --out\n")
    assert (scored / "gold" / "xian-jiaoyu.json").read_bytes() == corrected
    assert not (scored / "gold" / "xian-weisheng.json").exists()


def test_gold_stub_of_a_missing_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gold-stub", str(tmp_path / "out"), "--out", str(tmp_path / "gold")]) == 1
    assert capsys.readouterr().err == (f"Error: {tmp_path / 'out'}: prediction folder not found; "
                                       "give the --out folder of a `yearbook extract` run\n")


# --- an output folder holds one run -----------------------------------------------------------


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def _documents_in_stores(out: Path) -> dict[str, list[str]]:
    """The doc_ids each store of the folder describes."""
    with open(out / "csv" / "chapters.csv", encoding="utf-8-sig", newline="") as stream:
        csv_ids = [row["doc_id"] for row in csv.DictReader(stream)]
    jsonl_ids = {json.loads(line)["doc_id"]: None for line in (out / "records.jsonl").read_text(encoding="utf-8")
                 .splitlines()}
    return {"json": sorted(path.stem for path in out.glob("*.json")),
            "jsonl": sorted(jsonl_ids),
            "sqlite": sorted(document.doc_id for document in load_sqlite(out / "records.sqlite")),
            "csv": sorted(csv_ids),
            "parquet": sorted(document.doc_id for document in load_parquet(out / "parquet")),
            "manifest": sorted(json.loads((out / ".yearbook-manifest").read_text(encoding="utf-8"))["files"])}


@pytest.fixture()
def rerun(tmp_path: Path) -> tuple[Path, Path]:
    """An output folder of both chapters (with every store), and the input folder after one
    of them was removed."""
    folder = _inputs(tmp_path / "in", {f"{doc_id}.txt": text for doc_id, text in TEXTS.items()})
    out = tmp_path / "out"
    assert main(["extract", str(folder), "--out", str(out), "--jobs", "1", "--format", "csv",
                 "--format", "parquet"]) == 0
    (folder / "xian-weisheng.txt").unlink()
    return folder, out


def test_a_rerun_without_an_earlier_input_stops_and_changes_nothing(rerun: tuple[Path, Path],
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder, out = rerun
    before = _folder_bytes(out)
    capsys.readouterr()
    assert _extract(folder, out=out) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", (
        f"Error: {out}: holds the outputs of documents that are not inputs of this run (1): xian-weisheng; add "
        "--prune to remove them, --keep-others to keep them beside this run's, or choose another --out\n"))
    assert _folder_bytes(out) == before


@pytest.mark.parametrize(("option", "said", "documents"), [
    pytest.param("--prune", "removed", ["xian-jiaoyu"], id="prune-removes-them-from-every-store"),
    pytest.param("--keep-others", "kept", ["xian-jiaoyu", "xian-weisheng"], id="keep-others-keeps-them-in-every-store"),
])
def test_a_rerun_told_what_to_do_with_earlier_documents(rerun: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                                                        option: str, said: str, documents: list[str]) -> None:
    folder, out = rerun
    earlier = (out / "xian-weisheng.json").read_bytes()
    capsys.readouterr()
    assert main(["extract", str(folder), "--out", str(out), "--jobs", "1", option]) == 0
    assert capsys.readouterr().out == (
        f"extracted 1 of 1 documents into {out} (1 unchanged since the last run)\n"
        f"{said} the outputs of documents not among the inputs (1): xian-weisheng\n")
    assert _documents_in_stores(out) == dict.fromkeys(("json", "jsonl", "sqlite", "csv", "parquet", "manifest"),
                                                      documents)
    if option == "--keep-others":
        assert (out / "xian-weisheng.json").read_bytes() == earlier


def test_an_output_the_manifest_does_not_know_also_stops_the_run(rerun: tuple[Path, Path],
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder, out = rerun
    (out / ".yearbook-manifest").unlink()
    capsys.readouterr()
    assert _extract(folder, out=out) == 1
    assert "holds the outputs of documents that are not inputs of this run (1): xian-weisheng;" in capsys.readouterr().err


def test_prune_and_keep_others_exclude_each_other(rerun: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    folder, out = rerun
    with pytest.raises(SystemExit) as stopped:
        main(["extract", str(folder), "--out", str(out), "--prune", "--keep-others"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "yearbook extract: error: argument --keep-others: not allowed with argument --prune")
