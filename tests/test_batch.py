"""Batch runs: doc_ids, errors, resuming, executors, progress and the `extract` options."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from helpers import DEV_EXCERPTS, ROOT
from pipeline import runner
from pipeline.cli import main
from pipeline.core.errors import OutputError
from pipeline.executors import ExecutorError, ProcessExecutor, SerialExecutor, make_executor
from pipeline.extras import MissingExtraError
from pipeline.manifest import MANIFEST_NAME, Entry, Manifest
from pipeline.output import output_folder_lock
from pipeline.progress import Progress
from pipeline.runner import FileResult, collect_inputs, extract_task, run_extraction

SAMPLE = ROOT / "corpus" / "jiamusi-2003-jishengxie.txt"
EXCERPTS = sorted(DEV_EXCERPTS.glob("*.txt"))[:3]
needs_dev = pytest.mark.skipif(not DEV_EXCERPTS.is_dir(), reason="../shared/dev/excerpts is not beside the project")


def _folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "in"
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every output file by relative name, without the run's bookkeeping (manifest, lock)."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name not in (MANIFEST_NAME, ".yearbook.lock") and path.suffix != ".sqlite"}


# --- doc_ids ---------------------------------------------------------------------------------


def test_doc_ids_are_stems_prefixed_by_folders_only_where_stems_collide(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"2003/jishengxie.txt": "甲", "2004/jishengxie.txt": "乙", "2004/minzheng.md": "丙",
                              "Other.txt": "丁", ".hidden.txt": "x", ".git/log.txt": "x", "notes.json": "{}"})
    ids = {item.path.relative_to(root).as_posix(): item.doc_id for item in collect_inputs([root])}
    assert ids == {"2003/jishengxie.txt": "2003-jishengxie", "2004/jishengxie.txt": "2004-jishengxie",
                   "2004/minzheng.md": "minzheng", "Other.txt": "Other"}


def test_doc_ids_cannot_name_a_path_outside_the_output_folder(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"_.txt": "甲", "a b/c;d.txt": "乙", f"{'长' * 80}.txt": "丙"})
    ids = sorted(item.doc_id for item in collect_inputs([root]))
    assert ids == ["c_d", "document", "长" * 50]
    assert all("/" not in doc_id and not doc_id.startswith(".") for doc_id in ids)


def test_files_in_the_output_folder_are_no_inputs(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"a.txt": "甲", "out/a.txt": "甲"})
    assert [item.path for item in collect_inputs([root], exclude=root / "out")] == [root / "a.txt"]


def test_a_file_given_twice_is_extracted_once(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"a.txt": "甲"})
    assert [item.doc_id for item in collect_inputs([root, root / "a.txt", root / "." / "a.txt"])] == ["a"]


# --- one run ---------------------------------------------------------------------------------


def test_failures_are_listed_and_the_other_documents_go_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _folder(tmp_path, {"good.txt": SAMPLE.read_text(encoding="utf-8"), "binary.txt": b"\x00\x01\x02text"})
    out = tmp_path / "out"
    assert main(["extract", str(root), "--out", str(out), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"extracted 1 of 2 documents into {out}\n"
    message = f"{root / 'binary.txt'}: binary data, not text (NUL byte at offset 0)"
    assert captured.err == f"Error: {message}\n"
    assert [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()] == [
        {"file": str(root / "binary.txt"), "doc_id": "binary", "level": "error", "stage": "read", "message": message}]
    assert sorted(path.name for path in out.glob("*.json")) == ["good.json"]


def test_an_unexpected_exception_is_a_failure_naming_file_and_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc_id: str, text: str) -> Any:
        raise ValueError("boom")

    monkeypatch.setattr(runner, "extract_text", broken)
    result = extract_task(SAMPLE, "sample")
    assert (result.doc_id, result.entry, result.stage) == ("sample", None, "extract")
    assert result.message == (f"{SAMPLE}: unexpected ValueError: boom (at test_batch.py:{broken.__code__.co_firstlineno + 1}); "
                              f"this is a bug, please report it with the file")


def test_records_jsonl_has_every_record_with_its_doc_id(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_extraction(collect_inputs([SAMPLE]), out)
    document = json.loads((out / "jiamusi-2003-jishengxie.json").read_text(encoding="utf-8"))
    lines = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines == [{"doc_id": "jiamusi-2003-jishengxie", **record} for record in document["records"]]
    assert list(lines[0])[0] == "doc_id"


def test_output_files_name_nothing_of_the_run(tmp_path: Path) -> None:
    """Per-document files hold no time and no path of this machine: two runs from different
    folders give the same bytes."""
    first, second = tmp_path / "a" / SAMPLE.name, tmp_path / "b" / "deeper" / SAMPLE.name
    for copy in (first, second):
        copy.parent.mkdir(parents=True)
        shutil.copy(SAMPLE, copy)
    run_extraction(collect_inputs([first]), tmp_path / "out1")
    run_extraction(collect_inputs([second]), tmp_path / "out2")
    assert _outputs(tmp_path / "out1") == _outputs(tmp_path / "out2")
    text = (tmp_path / "out1" / "jiamusi-2003-jishengxie.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in text


# --- resuming --------------------------------------------------------------------------------


def test_a_rerun_skips_unchanged_documents_and_redoes_changed_ones(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"a.txt": SAMPLE.read_text(encoding="utf-8"), "b.txt": "【概况】全市共有协会组织 1 519个。"})
    out = tmp_path / "out"
    first = run_extraction(collect_inputs([root]), out)
    before = _outputs(out)
    assert (first.extracted, first.unchanged) == (["a", "b"], [])

    again = run_extraction(collect_inputs([root]), out)
    assert (again.extracted, again.unchanged) == ([], ["a", "b"])
    assert _outputs(out) == before

    (root / "b.txt").write_text("【概况】全市共有协会组织 1 520个。", encoding="utf-8")
    (out / "a.json").write_text("tampered", encoding="utf-8")
    third = run_extraction(collect_inputs([root]), out)
    assert (third.extracted, third.unchanged) == (["a", "b"], [])
    assert json.loads((out / "b.json").read_text(encoding="utf-8"))["records"][0]["value"] == 1520


def test_a_new_pipeline_version_extracts_everything_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_extraction(collect_inputs([SAMPLE]), out)
    monkeypatch.setattr(runner, "pipeline_fingerprint", lambda: "another pipeline")
    assert run_extraction(collect_inputs([SAMPLE]), out).extracted == ["jiamusi-2003-jishengxie"]


def test_a_document_that_now_fails_loses_its_old_output(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"a.txt": "【概况】全市共有协会组织 1 519个。"})
    out = tmp_path / "out"
    run_extraction(collect_inputs([root]), out)
    (root / "a.txt").write_bytes(b"\x00binary")
    summary = run_extraction(collect_inputs([root]), out)
    assert [entry["doc_id"] for entry in summary.failed] == ["a"]
    assert not (out / "a.json").exists()
    assert json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["files"] == {}


def test_leftover_temporary_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "csv").mkdir(parents=True)
    leftovers = [out / ".a.json.x1y2.part", out / ".records.sqlite.abc.part", out / "csv" / ".count.csv.q.part"]
    for leftover in leftovers:
        leftover.write_text("half", encoding="utf-8")
    run_extraction(collect_inputs([SAMPLE]), out)
    assert [leftover.exists() for leftover in leftovers] == [False, False, False]


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_folder_lock(out):
        with pytest.raises(OutputError) as caught:
            run_extraction(collect_inputs([SAMPLE]), out)
    assert str(caught.value) == (f"{out}: another yearbook run is writing into this folder; "
                                 f"wait for it to finish or choose another --out")


def test_a_failed_run_leaves_the_previous_stores_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_extraction(collect_inputs([SAMPLE]), out)
    before = _outputs(out)

    def interrupted(*_: object) -> FileResult:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "extract_task", interrupted)
    monkeypatch.setattr(runner, "pipeline_fingerprint", lambda: "another pipeline")
    with pytest.raises(KeyboardInterrupt):
        run_extraction(collect_inputs([SAMPLE]), out)
    assert _outputs(out) == before
    assert sorted(path.name for path in out.iterdir() if path.name.endswith(".part")) == []


# --- executors -------------------------------------------------------------------------------


@needs_dev
def test_a_process_pool_writes_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    """Real commands, each from a fresh process."""
    inputs = [str(path) for path in (SAMPLE, *EXCERPTS)]
    for jobs in ("1", "2"):
        subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", *inputs, "--out", str(tmp_path / jobs),
                        "--jobs", jobs, "--format", "csv"], cwd=ROOT, check=True, capture_output=True)
    assert len(list((tmp_path / "2").glob("*.json"))) == len(inputs)
    assert _outputs(tmp_path / "2") == _outputs(tmp_path / "1")


def test_a_dead_worker_fails_its_document_and_the_pool_goes_on() -> None:
    with ProcessExecutor(1) as executor:
        with pytest.raises(BrokenProcessPool):
            executor.submit(os._exit, 3).result()
        assert executor.submit(len, "四个字符").result() == 4


def test_a_document_lost_by_the_executor_is_listed_as_failed(tmp_path: Path) -> None:
    class Lost(SerialExecutor):
        def submit(self, function: Any, *args: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
            return future

    summary = run_extraction(collect_inputs([SAMPLE]), tmp_path / "out", Lost())
    assert summary.failed == [{"file": str(SAMPLE), "doc_id": "jiamusi-2003-jishengxie", "level": "error",
                               "stage": "worker", "message":
                               f"{SAMPLE}: the worker extracting it stopped (BrokenProcessPool: A child process "
                               f"terminated abruptly); run again to retry"}]


@pytest.mark.parametrize(("options", "message"), [
    ({"kind": "dask"}, "--executor dask needs --scheduler ADDRESS (for example tcp://127.0.0.1:8786)"),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "--scheduler is for --executor dask"),
    ({"jobs": 0}, "--jobs must be at least 1, not 0"),
    ({"kind": "spark"}, "unknown executor 'spark'; choose from process, dask"),
], ids=["dask-without-scheduler", "scheduler-without-dask", "no-jobs", "unknown"])
def test_executor_options_are_checked(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ExecutorError) as caught:
        make_executor(**options)
    assert str(caught.value) == message


def test_one_job_or_one_file_runs_in_this_process() -> None:
    assert isinstance(make_executor("process", 1), SerialExecutor)
    assert isinstance(make_executor("process", 4, files=1), SerialExecutor)
    with make_executor("process", 4, files=3) as executor:
        assert (type(executor), executor.in_flight) == (ProcessExecutor, 6)


def test_parquet_without_pyarrow_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    assert main(["extract", str(SAMPLE), "--out", str(tmp_path / "out"), "--format", "parquet", "--jobs", "1"]) == 1
    assert capsys.readouterr().err == ("Error: --format parquet needs the 'pyarrow.parquet' package, which is not "
                                       "installed; install it with: pip install 'yearbook-extract[parquet]'\n")
    assert not (tmp_path / "out" / "jiamusi-2003-jishengxie.json").exists()
    assert MissingExtraError.stage == "setup"


# --- the command -----------------------------------------------------------------------------


def test_extract_with_jobs_and_csv_then_a_rerun(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    arguments = ["extract", str(SAMPLE), "--out", str(out), "--jobs", "2", "--format", "csv", "--progress", "off"]
    assert main(arguments) == 0
    assert capsys.readouterr() == (f"extracted 1 of 1 documents into {out}\n", "")
    assert sorted(path.name for path in (out / "csv").iterdir()) == [
        "award.csv", "campaign.csv", "chapters.csv", "count.csv", "document.csv", "meeting.csv", "organization.csv",
        "table_cells.csv", "tables.csv"]
    assert main(arguments) == 0
    assert capsys.readouterr().out == f"extracted 1 of 1 documents into {out} (1 unchanged since the last run)\n"


def test_extract_shows_progress_into_a_log_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SAMPLE), "--out", str(tmp_path), "--jobs", "1", "--progress", "on"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["[####################] 1/1 documents"] * 2


def test_schema_documents_the_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    outputs = json.loads(capsys.readouterr().out)["x-yearbook-outputs"]
    assert sorted(outputs["files"]) == [".yearbook-manifest", "<doc_id>.json", "<doc_id>.txt", "csv/<table>.csv", "errors.jsonl",
                                        "parquet/<table>.parquet", "records.jsonl", "records.sqlite"]
    assert [(column["name"], column["sqlite"], column["parquet"]) for column in outputs["tables"]["count"]] == [
        ("doc_id", "TEXT NOT NULL", "string"), ("record_index", "INTEGER NOT NULL", "int64"),
        ("value", "NUMERIC NOT NULL", "double"), ("value_max", "NUMERIC", "double"), ("unit", "TEXT NOT NULL", "string"),
        ("qualifier", "TEXT", "string"), ("subject", "TEXT", "string"), ("section", "TEXT", "string"),
        ("evidence", "TEXT NOT NULL", "string"), ("start", "INTEGER", "int64"), ("end", "INTEGER", "int64"),
        ("raw", "TEXT", "string"), ("rule", "TEXT", "string"), ("page", "INTEGER", "int64"),
        ("confidence", "NUMERIC", "double"), ("warnings", "TEXT", "list<string>")]


# --- progress --------------------------------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_on_a_terminal_redraws_one_line() -> None:
    stream, clock = io.StringIO(), _Clock()
    progress = Progress(4, stream, live=True, clock=clock)
    clock.now = 102.0
    progress.advance("extracted", 300_000)
    clock.now = 102.1  # too soon to redraw
    progress.advance("unchanged")
    clock.now = 104.0
    progress.advance("failed")
    progress.advance("extracted", 100_000)
    progress.finish()
    assert stream.getvalue().split("\r")[1:] == [
        "[#####---------------] 1/4 documents  0.5 documents/s  150,000 characters/s\x1b[K",
        "[###############-----] 3/4 documents  0.2 documents/s  75,000 characters/s  1 unchanged  1 failed\x1b[K",
        "[####################] 4/4 documents  0.5 documents/s  100,000 characters/s  1 unchanged  1 failed\x1b[K\n",
    ]


def test_progress_into_a_log_prints_a_line_every_few_seconds() -> None:
    stream, clock = io.StringIO(), _Clock()
    progress = Progress(2, stream, live=False, clock=clock)
    clock.now = 101.0
    progress.advance("extracted", 1000)
    clock.now = 103.0
    progress.advance("extracted", 1000)
    progress.finish()
    assert stream.getvalue() == (
        "[##########----------] 1/2 documents  1.0 documents/s  1,000 characters/s\n"
        "[####################] 2/2 documents  0.7 documents/s  667 characters/s\n")


# --- known failures --------------------------------------------------------------------------


_EXTRACT_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path
from pipeline.runner import extract_text
for path in sys.argv[1:]:
    print(extract_text("x", Path(path).read_text(encoding="utf-8")).model_dump_json())
"""


@needs_dev
def test_output_does_not_depend_on_the_string_hash_seed() -> None:
    """Byte-identical reruns need output independent of Python's per-process hash seed; pool
    workers and reruns each have their own."""
    volumes = [str(DEV_EXCERPTS.parent / name) for name in ("gov-2026-henan.txt", "gov-2026-guangdong.txt",
                                                             "lyg-minzheng.txt")]
    outputs = {subprocess.run([sys.executable, "-c", _EXTRACT_IN_A_NEW_PROCESS, *volumes], cwd=ROOT, check=True,
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1


# --- volumes, texts and warnings -------------------------------------------------------------


VOLUME = DEV_EXCERPTS.parent / "lyg-minzheng.txt"


@needs_dev
def test_split_writes_a_document_per_chapter_and_a_later_run_removes_what_it_no_longer_gives(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"lyg-minzheng.txt": VOLUME.read_bytes()})
    out = tmp_path / "out"
    summary = run_extraction(collect_inputs([root]), out, split=True)
    assert (summary.extracted, summary.documents) == (["lyg-minzheng"], 3)
    assert sorted(path.name for path in out.glob("*.json")) == ["lyg-minzheng-1.json", "lyg-minzheng-2.json",
                                                               "lyg-minzheng-3.json"]
    lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted({json.loads(line)["doc_id"] for line in lines}) == ["lyg-minzheng-1", "lyg-minzheng-2", "lyg-minzheng-3"]
    assert run_extraction(collect_inputs([root]), out, split=True).unchanged == ["lyg-minzheng"]

    whole = run_extraction(collect_inputs([root]), out)
    assert (whole.extracted, whole.documents) == (["lyg-minzheng"], 1)
    assert sorted(path.name for path in out.glob("*.json")) == ["lyg-minzheng.json"]


@needs_dev
def test_a_chapter_doc_id_taken_by_another_file_fails_that_volume(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"v.txt": VOLUME.read_bytes(), "v-2.txt": "【概况】全市共有协会组织 1 519个。"})
    summary = run_extraction(collect_inputs([root]), tmp_path / "out", split=True)
    assert summary.extracted == ["v-2"]
    assert [entry["message"] for entry in summary.failed] == [
        f"{root / 'v.txt'}: its chapter v-2 has the doc_id of another input file; rename one of them"]


def test_keep_text_writes_the_text_every_offset_points_into(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_extraction(collect_inputs([SAMPLE]), out, keep_text=True)
    text = (out / "jiamusi-2003-jishengxie.txt").read_text(encoding="utf-8")
    assert text == SAMPLE.read_text(encoding="utf-8")
    records = json.loads((out / "jiamusi-2003-jishengxie.json").read_text(encoding="utf-8"))["records"]
    assert [text[record["start"]:record["end"]] for record in records] == [record["raw"] for record in records]


def test_reader_warnings_go_to_the_log_and_come_back_when_the_file_is_skipped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = '<html><head><meta charset="gbk"><title>计划生育协会</title></head><body><p>全市共有协会组织 1 519个。</p></body></html>'
    root = _folder(tmp_path, {"page.html": page})
    out = tmp_path / "out"
    warning = f"{root / 'page.html'}: declares charset gbk but is utf-8"
    for _ in range(2):
        assert main(["extract", str(root), "--out", str(out), "--jobs", "1"]) == 0
        assert capsys.readouterr().err == f"Warning: {warning}\n"
        assert [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()] == [
            {"file": str(root / "page.html"), "doc_id": "page", "level": "warning", "stage": "read", "message": warning}]


def test_the_batch_modules_sit_in_the_running_layer() -> None:
    """executors, manifest, stores, progress and extras import nothing above running and
    writing (test_layers.LAYERS does not list them yet)."""
    from test_layers import LAYERS, _imports, _layer

    running = next(index for index, prefixes in enumerate(LAYERS) if "pipeline.runner" in prefixes)
    above = {f"pipeline/{name}.py": sorted(module for module in _imports(ROOT / "pipeline" / f"{name}.py")
                                           if (_layer(module) or 0) > running)
             for name in ("executors", "manifest", "stores", "progress", "extras")}
    assert above == {path: [] for path in above}


def test_the_manifest_is_saved_after_the_first_file_then_once_a_second(tmp_path: Path) -> None:
    now = [100.0]
    manifest = Manifest(tmp_path, "pipeline", clock=lambda: now[0])

    def saved() -> list[str]:
        return sorted(json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))["files"])

    def finish(doc_id: str, seconds_later: float) -> None:
        now[0] += seconds_later
        manifest.record(doc_id, "digest", {}, Entry({f"{doc_id}.json": "{}"}, ()))
        manifest.save_if_due()

    finish("a", 0.0)
    assert saved() == ["a"]  # at once: a run killed in its first second keeps it
    finish("b", 0.5)
    assert saved() == ["a"]
    finish("c", 0.6)
    assert saved() == ["a", "b", "c"]
