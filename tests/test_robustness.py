"""Nothing lost, nothing crashes: bad inputs, runaway documents, dead workers, a full or
unwritable output folder and bugs each give a clear per-file error or a sensible result,
never a hang, unbounded memory or a traceback.

`test_robustness_archive.py` runs the command on a folder mixing all the bad inputs here
with good files.
"""

from __future__ import annotations

import errno
import gc
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from helpers import ROOT, assert_offsets
from pipeline import cli, runner
from pipeline.cli import main
from pipeline.core.errors import InputError
from pipeline.executors import ProcessExecutor, TimeLimit, TimeLimitError, make_executor
from pipeline.output import PendingFile
from pipeline.readers import read_document
from pipeline.readers.encoding import decode_bytes
from pipeline.readers.pdf import read_pdf
from pipeline.runner import Limits, collect_inputs, extract_task, extract_text, run_extraction

SAMPLE = ROOT / "corpus" / "jiamusi-2003-jishengxie.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_ID = "jiamusi-2003-jishengxie"
# Four million characters of real text: more than ten seconds of work even on a fast machine
# with warm caches, far past the limit these tests set, which is itself far above the
# sample's tenth of a second (so load on the machine cannot make a good document look stopped).
LIMIT = 2.0
LONG_TEXT = SAMPLE_TEXT * (4_000_000 // len(SAMPLE_TEXT) + 1)
STOPPED = "the time limit per document (--time-limit); raise it for a very large file, or report the file as a bug"


@pytest.fixture(autouse=True)
def _no_gc_callbacks() -> Any:
    """Without the gc callbacks other tests leave in this process (hypothesis installs one): a
    stop landing inside a callback is reported by Python as ignored (the stop then comes
    again), and pytest fails the test for it."""
    saved = gc.callbacks[:]
    gc.callbacks.clear()
    yield
    gc.callbacks[:] = saved


def _spin(seconds: float) -> None:
    """Python work that only a time limit cuts short."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def _records(output: Path) -> Any:
    """An output file without its doc_id: the same for copies of one text."""
    data = json.loads(output.read_text(encoding="utf-8"))
    return data["chapter"], data["records"]


def _errors(out: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


# --- the time limit per document -------------------------------------------------------------


def test_a_time_limit_stops_the_work_in_its_block() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitError) as caught:
        with TimeLimit(0.2, "a.txt", "extract", "extracting it"):
            _spin(30)
    assert time.monotonic() - started < 5
    assert (caught.value.stage, str(caught.value)) == ("extract", f"a.txt: stopped after 0.2 s extracting it, {STOPPED}")


def test_work_that_ends_in_time_leaves_no_alarm_behind() -> None:
    with TimeLimit(1.0):  # far above the work, so a busy machine cannot make it late
        _spin(0.05)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    _spin(1.2)  # past the limit: nothing is raised out here


def test_a_stop_that_a_library_catches_and_ignores_comes_again() -> None:
    ignored: list[Exception] = []
    started = time.monotonic()
    with pytest.raises(TimeLimitError):
        with TimeLimit(0.1):
            try:
                _spin(30)
            except Exception as error:  # a library that carries on after any error
                ignored.append(error)
            _spin(30)
    assert [type(error) for error in ignored] == [TimeLimitError]
    assert time.monotonic() - started < 10


def test_off_the_main_thread_a_block_runs_without_limit() -> None:
    """Dask workers run documents in threads, where no signal can reach them."""
    finished: list[bool] = []

    def work() -> None:
        with TimeLimit(0.05):
            _spin(0.3)
        finished.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert finished == [True]


def test_a_document_stopped_mid_extraction_leaves_the_process_as_it_was(tmp_path: Path) -> None:
    """The stop unwinds real extraction at a random point; the next document gives the same
    bytes as in a process that was never interrupted."""
    before = extract_task(SAMPLE, SAMPLE_ID)
    long = _write(tmp_path, {"long.txt": LONG_TEXT}) / "long.txt"
    stopped = extract_task(long, "long", limits=Limits(LIMIT, None))
    assert (stopped.entry, stopped.stage, stopped.message) == (
        None, "extract", f"{long}: stopped after {LIMIT:g} s extracting it, {STOPPED}")
    assert extract_task(SAMPLE, SAMPLE_ID) == before


@pytest.mark.parametrize("jobs", [1, 2], ids=["this-process", "pool"])
def test_a_document_past_the_limit_is_listed_and_the_others_go_on(tmp_path: Path, jobs: int) -> None:
    root = _write(tmp_path / "in", {"good.txt": SAMPLE_TEXT, "long.txt": LONG_TEXT, "later.txt": SAMPLE_TEXT})
    with make_executor("process", jobs, files=3) as executor:
        summary = run_extraction(collect_inputs([root]), tmp_path / "out", executor, limits=Limits(LIMIT, None))
    assert summary.extracted == ["good", "later"]
    assert summary.log == [{"file": str(root / "long.txt"), "doc_id": "long", "level": "error", "stage": "extract",
                            "message": f"{root / 'long.txt'}: stopped after {LIMIT:g} s extracting it, {STOPPED}"}]
    assert _records(tmp_path / "out" / "good.json") == _records(tmp_path / "out" / "later.json")


def test_split_chapters_each_have_the_limit_and_are_named(tmp_path: Path) -> None:
    volume = _write(tmp_path, {"volume.md": f"# 第一章\n\n{SAMPLE_TEXT}\n# 第二章\n\n{LONG_TEXT}"}) / "volume.md"
    result = extract_task(volume, "volume", split=True, limits=Limits(LIMIT, None))
    assert (result.stage, result.message) == ("extract", f"{volume}: stopped after {LIMIT:g} s extracting its chapter "
                                                         f"volume-2, {STOPPED}")


# --- limits from the command line ------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "megabytes", "limits"), [
    (300, 16, Limits(300, 16_000_000)),
    (2.5, 0.5, Limits(2.5, 500_000)),
    (0, 0, Limits(None, None)),
    (float("inf"), float("inf"), Limits(None, None)),
], ids=["defaults", "fractions", "zero-is-none", "infinity-is-none"])
def test_limits_from_options(seconds: float, megabytes: float, limits: Limits) -> None:
    assert Limits.of(seconds, megabytes) == limits


@pytest.mark.parametrize(("option", "value"), [("--time-limit", "-1"), ("--max-size", "nan")])
def test_a_negative_limit_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str,
                                           value: str) -> None:
    assert main(["extract", str(SAMPLE), "--out", str(tmp_path), option, value]) == 1
    assert capsys.readouterr().err == f"Error: {option} must be 0 (no limit) or more, not {float(value):g}\n"


# --- bounded memory: the size limit ------------------------------------------------------------


def test_a_text_file_larger_than_the_limit_is_not_read(tmp_path: Path) -> None:
    path = _write(tmp_path, {"big.txt": "年鉴" * 400_000}) / "big.txt"
    with pytest.raises(InputError) as caught:
        read_document(path, max_bytes=1_000_000)
    assert str(caught.value) == (f"{path}: too large (2.4 MB); the limit is 1 MB of text per file (--max-size): "
                                 f"split the file, or raise the limit if the machine has the memory")


def test_a_pdf_is_read_until_its_text_passes_the_limit(tmp_path: Path) -> None:
    from fixture_documents import write_pdf

    path = tmp_path / "sample.pdf"
    write_pdf(SAMPLE_TEXT, path)  # its first page alone holds more than 2 kB of UTF-8
    with pytest.raises(InputError) as caught:
        read_pdf(path, max_bytes=2_000)
    assert str(caught.value) == (f"{path}: too large (its text passes the limit on page 1); the limit is 0.002 MB of "
                                 f"text per file (--max-size): split the file, or raise the limit if the machine "
                                 f"has the memory")


# --- bad inputs --------------------------------------------------------------------------------

MIXED_FIRST = "计划生育协会\n全市共有协会组织1 519个，会员3 700多人。\n"
MIXED_REST = "市计生协会进一步加大了对村级基层协会的组织整建工作力度。\n"
MIXED_REST_TRADITIONAL = "市計生協會進一步加大了對村級基層協會的組織整建工作力度。\n"


@pytest.mark.parametrize(("name", "content", "message"), [
    pytest.param("empty.txt", b"", "is empty (0 bytes): there is nothing to extract", id="empty"),
    pytest.param("blank.txt", b" \n\t\r\n", "holds only whitespace: there is nothing to extract", id="blank"),
    pytest.param("nav.html", '<html><body><nav><a href="/">首页</a> <a href="/n">年鉴</a></nav></body></html>'.encode(),
                 "holds no chapter text, only markup and navigation: there is nothing to extract", id="only-navigation"),
    pytest.param("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not text (NUL byte at offset 8)",
                 id="binary"),
    pytest.param("header.txt", b"\x89PNG\r\n\x1a\n", "binary data, not text (control characters, the first "
                                                "U+001A at character 5)", id="tiny-binary-reads-as-gb18030"),
    pytest.param("bell.txt", bytes(range(1, 9)), "binary data, not text (control characters, the first U+0001 at "
                                               "character 0)", id="tiny-binary-reads-as-utf8"),
    pytest.param("noise.txt", b"\x80" * 1000, "does not read as text in UTF-8, UTF-16, GB18030 or Big5 (closest: "
                                              "utf-16-le, 0% ordinary characters); check that it is a text file",
                 id="binary-without-nul"),
    pytest.param("mixed.txt", MIXED_FIRST.encode("utf-8") + MIXED_REST.encode("gbk"),
                 "mixes encodings: utf-8 up to byte 75, line 3, then gb18030; convert every part of it to one "
                 "encoding, UTF-8", id="utf8-then-gbk"),
    pytest.param("mixed.txt", MIXED_FIRST.encode("gbk") + MIXED_REST.encode("utf-8"),
                 "mixes encodings: gb18030 up to line 3, then utf-8; convert every part of it to one "
                 "encoding, UTF-8", id="gbk-then-utf8"),
    pytest.param("mixed.txt", MIXED_FIRST.encode("utf-8") + MIXED_REST_TRADITIONAL.encode("big5"),
                 "mixes encodings: utf-8 up to byte 75, line 3, then big5hkscs; convert every part of it to one "
                 "encoding, UTF-8", id="utf8-then-big5"),
    # GB18030 decodes Big5 too, into rare characters: a stretch of them gives the Big5 part away.
    pytest.param("mixed.txt", SAMPLE_TEXT.encode("gbk") + (MIXED_REST_TRADITIONAL * 40).encode("big5"),
                 "mixes encodings: read as gb18030, its text from about line 15 on is rare characters (6% "
                 "ordinary); convert every part of it to one encoding, UTF-8", id="gbk-then-big5"),
    pytest.param("cut.txt", SAMPLE_TEXT.encode("utf-8")[:-2], "is UTF-8 but ends in the middle of a character "
                 "(byte 5629, line 15): the file is cut off; check that it is complete", id="utf8-cut-off"),
])
def test_a_bad_text_file_is_an_error_naming_what_and_where(tmp_path: Path, name: str, content: bytes,
                                                           message: str) -> None:
    path = _write(tmp_path, {name: content}) / name
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {message}"


def test_each_encoding_alone_still_reads(tmp_path: Path) -> None:
    """The checks for mixed encodings pass every archive encoding of the whole sample."""
    for encoding in ("utf-8", "gb18030", "big5hkscs", "utf-16-le", "utf-16-be"):
        data = SAMPLE_TEXT.encode(encoding, errors="replace")
        assert decode_bytes(data, "sample.txt")[1] == encoding


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize(("damage", "reason"), [
    ("garbage", {"pdfium": "Failed to load document (PDFium: Data format error).",
                 "pdfplumber": "No /Root object! - Is this really a PDF?"}),
    ("half", {"pdfium": "Failed to load document (PDFium: Data format error).", "pdfplumber": "Unexpected EOF"}),
])
def test_a_corrupt_or_truncated_pdf_is_not_readable(tmp_path: Path, damage: str, reason: dict[str, str],
                                                    backend: str) -> None:
    from fixture_documents import write_pdf

    good = tmp_path / "good.pdf"
    write_pdf(SAMPLE_TEXT, good)
    data = good.read_bytes()
    path = _write(tmp_path, {"bad.pdf": bytes(range(256)) * 40 if damage == "garbage" else data[:len(data) // 2]})
    with pytest.raises(InputError) as caught:
        read_pdf(path / "bad.pdf", backend)
    assert str(caught.value) == f"{path / 'bad.pdf'}: not a readable PDF ({reason[backend]}); check that the file is complete"


def test_a_malformed_page_box_is_a_reading_error_in_pdfplumber(tmp_path: Path) -> None:
    """Regression: pdfplumber raises its own MalformedPDFException, which was reported as a bug."""
    from fixture_documents import write_pdf

    path = tmp_path / "box.pdf"
    write_pdf(SAMPLE_TEXT, path)
    path.write_bytes(path.read_bytes().replace(b"419.5 595.3", b"419\x175 595.3"))  # same length: offsets hold
    with pytest.raises(InputError) as caught:
        read_pdf(path, "pdfplumber")
    assert str(caught.value) == (f"{path}: not a readable PDF (Bounding box contains non-number coordinate(s): "
                                 f"[0, 0, 419, /b'\\x17', 5, 595.3]); check that the file is complete")


@pytest.mark.parametrize("mark", ["“", "【", "《"])
def test_thousands_of_unbalanced_marks_give_every_count_once(mark: str) -> None:
    text = "计划生育协会\n" + f"{mark}全市共有协会组织1519个，" * 3000
    result = extract_text("unbalanced", text)
    assert_offsets(text, result.records)
    assert [(record.type, record.value, record.unit) for record in result.records] == [("count", 1519, "个")] * 3000


def test_thousands_of_opening_marks_in_a_row_give_the_sentence_after_them() -> None:
    text = "计划生育协会\n" + "“" * 3000 + "【" * 3000 + "《" * 3000 + "全市共有协会组织1519个。"
    result = extract_text("unbalanced", text)
    assert [(record.type, record.value, record.raw) for record in result.records] == [("count", 1519, "1519个")]


def test_a_pipe_named_on_the_command_line_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "chapter.txt"
    os.mkfifo(pipe)
    with pytest.raises(InputError) as caught:
        collect_inputs([pipe])
    assert str(caught.value) == f"{pipe}: neither a file nor a folder (a pipe or a device?)"


# --- a dead worker -----------------------------------------------------------------------------


class _Crashing(ProcessExecutor):
    """Kills the worker that takes the document `crash` (as a crash in a C library or the
    out-of-memory killer would), the first time or every time."""

    def __init__(self, jobs: int, every_time: bool) -> None:
        super().__init__(jobs)
        self.every_time = every_time
        self.crashes = 0

    def submit(self, function: Any, *args: Any) -> Future[Any]:
        if args[1] == "crash" and (self.every_time or not self.crashes):
            self.crashes += 1
            return super().submit(os._exit, 3)
        return super().submit(function, *args)


@pytest.mark.parametrize("every_time", [False, True], ids=["once", "every-time"])
def test_a_file_that_kills_its_worker_costs_only_itself(tmp_path: Path, every_time: bool) -> None:
    names = ["a", "b", "crash", "d", "e"]
    root = _write(tmp_path / "in", {f"{name}.txt": SAMPLE_TEXT for name in names})
    with _Crashing(2, every_time) as executor:
        summary = run_extraction(collect_inputs([root]), tmp_path / "out", executor)
    assert summary.extracted == [name for name in names if not (every_time and name == "crash")]
    if every_time:
        [failure] = summary.failed
        assert (failure["doc_id"], failure["stage"]) == ("crash", "worker")
        assert failure["message"].startswith(f"{root / 'crash.txt'}: the worker extracting it stopped (BrokenProcessPool: ")
        assert failure["message"].endswith("); run again to retry")
    else:
        assert summary.log == []
    assert all(_records(tmp_path / "out" / f"{name}.json") == _records(tmp_path / "out" / "a.json")
               for name in summary.extracted)


# --- the output folder: full, unwritable -------------------------------------------------------


def _no_space(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_one_clear_error_and_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(Path, "write_bytes", _no_space)
    assert main(["extract", str(SAMPLE), "--out", str(out), "--jobs", "1"]) == 1
    assert capsys.readouterr().err == (f"Error: {out / SAMPLE_ID}.json: cannot write: No space left on device; "
                                       f"the disk is full: free some space or choose another --out\n")
    assert sorted(path.name for path in out.rglob("*")) == [".yearbook.lock"]


class _FullDiskStream(io.StringIO):
    """A text file on a full disk: writing fails, and so does closing it, which flushes."""

    def __init__(self, real: Any) -> None:
        super().__init__()
        self.real = real

    def write(self, text: str) -> int:
        _no_space()
        return 0

    def close(self) -> None:
        if not self.closed:
            self.real.close()
            super().close()
            _no_space()


def test_the_error_that_stopped_the_run_is_reported_not_one_from_cleaning_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: records.jsonl failing to close after failing to write hid the first error
    behind a traceback and left the other stores' temporary files."""
    out = tmp_path / "out"
    assert main(["extract", str(SAMPLE), "--out", str(tmp_path / "reference"), "--jobs", "1"]) == 0
    real_open = PendingFile.open_text
    monkeypatch.setattr(PendingFile, "open_text", lambda self, *args: _FullDiskStream(real_open(self, *args)))
    capsys.readouterr()
    assert main(["extract", str(SAMPLE), "--out", str(out), "--jobs", "1"]) == 1
    assert capsys.readouterr().err == (f"Error: {out / 'records.jsonl'}: cannot write: No space left on device; "
                                       f"the disk is full: free some space or choose another --out\n")
    # The document written before the store failed is complete, and a rerun keeps it.
    assert sorted(path.name for path in out.rglob("*")) == [".yearbook-manifest", ".yearbook.lock", f"{SAMPLE_ID}.json"]
    assert (out / f"{SAMPLE_ID}.json").read_bytes() == (tmp_path / "reference" / f"{SAMPLE_ID}.json").read_bytes()
    monkeypatch.undo()
    assert main(["extract", str(SAMPLE), "--out", str(out), "--jobs", "1"]) == 0
    assert capsys.readouterr().out == f"extracted 1 of 1 documents into {out} (1 unchanged since the last run)\n"


# Runs the command with the system refusing to let any file grow past a size (as a full disk
# refuses), for Python's writes and SQLite's alike.
_SIZE_LIMITED_COMMAND = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from pipeline.cli import main
sys.exit(main(sys.argv[2:]))
"""


# The second limit is above the size of an empty records.sqlite (its tables and their keys, 86 kB)
# and below that of records.jsonl after four documents.
@pytest.mark.slow
@pytest.mark.parametrize(("limit", "failing"), [(10_000, "records.sqlite"), (100_000, "records.jsonl")])
def test_a_write_the_system_refuses_stops_the_run_cleanly(tmp_path: Path, limit: int, failing: str) -> None:
    root = _write(tmp_path / "in", {f"copy{number}.txt": SAMPLE_TEXT for number in range(6)})
    reference, out = tmp_path / "reference", tmp_path / "out"
    assert main(["extract", str(root), "--out", str(reference), "--jobs", "1", "--format", "csv"]) == 0
    run = subprocess.run([sys.executable, "-c", _SIZE_LIMITED_COMMAND, str(limit), "extract", str(root), "--out",
                          str(out), "--jobs", "1", "--format", "csv"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.startswith(f"Error: {out / failing}: cannot write: ") and run.stderr.count("\n") == 1
    assert [path.name for path in out.rglob("*.part")] == []
    # What was written is complete: each document file has the bytes of an unlimited run.
    assert all(path.read_bytes() == (reference / path.name).read_bytes() for path in out.glob("*.json"))


def test_an_unwritable_output_folder_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    def denied(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    out = tmp_path / "out"
    monkeypatch.setattr("pipeline.output.tempfile.mkstemp", denied)
    assert main(["extract", str(SAMPLE), "--out", str(out), "--jobs", "1"]) == 1
    assert capsys.readouterr().err == (f"Error: {out}: cannot write: Permission denied; no permission to write "
                                       f"there: choose another --out or change its permissions\n")
    assert sorted(path.name for path in out.rglob("*")) == [".yearbook.lock"]


def test_an_output_path_below_a_file_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SAMPLE), "--out", str(SAMPLE / "out")]) == 1
    assert capsys.readouterr().err == f"Error: {SAMPLE / 'out'}: cannot write: Not a directory\n"


# --- bugs: one document, or the run ------------------------------------------------------------


def test_a_bug_on_one_document_is_listed_and_the_others_go_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    def fails_on_a_marker(doc_id: str, text: str) -> Any:
        if "触发" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc_id, text)

    real = runner.extract_text
    monkeypatch.setattr(runner, "extract_text", fails_on_a_marker)
    root = _write(tmp_path / "in", {"a.txt": SAMPLE_TEXT, "b.txt": "触发" + SAMPLE_TEXT, "c.txt": SAMPLE_TEXT})
    assert main(["extract", str(root), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1
    line = fails_on_a_marker.__code__.co_firstlineno + 2
    message = (f"{root / 'b.txt'}: unexpected RecursionError: maximum recursion depth exceeded "
               f"(at test_robustness.py:{line}); this is a bug, please report it with the file")
    assert capsys.readouterr().err == f"Error: {message}\n"
    assert _errors(tmp_path / "out") == [{"file": str(root / "b.txt"), "doc_id": "b", "level": "error",
                                          "stage": "extract", "message": message}]
    assert sorted(path.name for path in (tmp_path / "out").glob("*.json")) == ["a.json", "c.json"]


def test_a_bug_outside_any_document_is_one_line_unless_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_: object, **__: object) -> Any:
        raise KeyError("chapters")

    monkeypatch.setattr(cli, "collect_inputs", broken)
    assert main(["extract", str(SAMPLE), "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"Error: unexpected KeyError: 'chapters' (at test_robustness.py:"
                                       f"{broken.__code__.co_firstlineno + 1}); this is a bug, please report it with "
                                       f"the command; --debug shows the traceback\n")
    with pytest.raises(KeyError):
        main(["--debug", "extract", str(SAMPLE), "--out", str(tmp_path)])


def test_a_malformed_gold_file_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _write(tmp_path / "gold", {f"{SAMPLE_ID}.json": '{\n "doc_id": "x",\n "records": [,]\n}'})
    assert main(["score", str(gold), str(ROOT / "gold"), "--text", str(ROOT / "corpus")]) == 1
    assert capsys.readouterr().err == (f"Error: {gold / SAMPLE_ID}.json: line 3, column 14: malformed JSON "
                                       f"(Expecting value)\n")


# --- found here in segmentation and extractors (regressions) -----------------------------------


def test_a_long_line_without_punctuation_keeps_every_number_whole() -> None:
    text = "村级协会\n" + "全市共有村级协会1 519个" * 100
    result = extract_text("one-line", text)
    assert [(record.value, record.raw) for record in result.records] == [(1519, "1 519个")] * 100


def test_a_long_run_of_quoted_items_is_extracted_in_linear_time() -> None:
    with TimeLimit(5.0):
        extract_text("quotes", "计划生育协会\n" + "“三争”“四评”" * 8000)
