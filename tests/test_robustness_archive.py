"""The issue's acceptance run: `yearbook extract` as a real command over one folder that mixes
good chapter files with every kind of bad input. Each readable file is extracted, each bad
one is a line in errors.jsonl saying what and where, the exit status is 1, and stderr holds
`Error: …` lines and no traceback. A runaway document is stopped by the time limit, in the
command's own process and in a pool."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
import sys
from pathlib import Path
from typing import Any

import pytest

from fixture_documents import web_page, write_pdf
from helpers import ROOT
from pipeline.runner import extract_task

pytestmark = pytest.mark.slow

SAMPLE = ROOT / "corpus" / "jiamusi-2003-jishengxie.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
# A chapter without a single punctuation mark, and 3 MB in one line.
ONE_LINE = "全市共有村级协会1 519个" * (3_000_000 // len("全市共有村级协会1 519个".encode("utf-8")) + 1)
# Every count behind thousands of quotes, brackets and title marks that are never closed.
UNBALANCED = "计划生育协会\n" + "“全市共有协会组织1519个，【会员3 700多人，《" * 3000
CHINESE_UTF8 = "计划生育协会\n全市共有协会组织1 519个，会员3 700多人。\n"
CHINESE_GBK = "市计生协会进一步加大了对村级基层协会的组织整建工作力度。\n"
MAX_MEGABYTES = 4


def _encrypted_pdf(path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), encrypt=StandardEncryption("user", "owner"))
    canvas.drawString(100, 100, "Yearbook")
    canvas.save()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    files: dict[str, str | bytes] = {
        # readable
        "jiamusi-2003-jishengxie.txt": SAMPLE_TEXT,
        "gbk/chapter-gbk.txt": SAMPLE_TEXT.encode("gb18030"),
        "pages/chapter-page.html": web_page(SAMPLE_TEXT, "gb2312").encode("gb18030"),
        "第 1 章; rm -rf ~.md": SAMPLE_TEXT,
        "one-line.txt": ONE_LINE,
        "unbalanced.txt": UNBALANCED,
        # bad
        "bad/empty.txt": b"",
        "bad/image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "bad/corrupt.pdf": bytes(range(256)) * 40,
        "bad/mixed-encodings.txt": CHINESE_UTF8.encode("utf-8") + CHINESE_GBK.encode("gbk"),
        "bad/cut-off.txt": SAMPLE_TEXT.encode("utf-8")[:-2],
        "bad/too-large.txt": "年鉴" * (MAX_MEGABYTES * 1_000_000 // 6 + 1),
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (root / "pdf").mkdir()
    write_pdf(SAMPLE_TEXT, root / "pdf" / "chapter-typeset.pdf")
    typeset = (root / "pdf" / "chapter-typeset.pdf").read_bytes()
    (root / "bad" / "truncated.pdf").write_bytes(typeset[:len(typeset) // 2])
    _encrypted_pdf(root / "bad" / "encrypted.pdf")
    return root


def _expected_failures(root: Path) -> list[tuple[str, str, str]]:
    """(file, stage, message) for each bad file, in the order of the run (path order)."""
    bad = root / "bad"
    cannot_open = "not a readable PDF (Failed to load document (PDFium: Data format error).); check that the file is complete"
    return [(str(bad / name), stage, f"{bad / name}: {message}") for name, stage, message in [
        ("corrupt.pdf", "read", cannot_open),
        ("cut-off.txt", "read", "is UTF-8 but ends in the middle of a character (byte 5629, line 15): the file is cut "
                                "off; check that it is complete"),
        ("empty.txt", "read", "is empty (0 bytes): there is nothing to extract"),
        ("encrypted.pdf", "read", "the PDF is encrypted (Failed to load document (PDFium: Incorrect password error).); "
                                  "decrypt it first, e.g. `qpdf --decrypt IN OUT`"),
        ("image.txt", "read", "binary data, not text (NUL byte at offset 8)"),
        ("mixed-encodings.txt", "read", "mixes encodings: utf-8 up to byte 75, line 3, then gb18030; convert every "
                                        "part of it to one encoding, UTF-8"),
        ("too-large.txt", "read", f"too large (4.0 MB); the limit is {MAX_MEGABYTES} MB of text per file (--max-size): "
                                  f"split the file, or raise the limit if the machine has the memory"),
        ("truncated.pdf", "read", cannot_open),
    ]]


def _extract(paths: list[Path], out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", *map(str, paths), "--out", str(out),
                           "--progress", "off", *options], cwd=ROOT, capture_output=True, text=True, timeout=600)


def _output(out: Path, doc_id: str) -> Any:
    return json.loads((out / f"{doc_id}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["this-process", "pool"])
def test_a_folder_of_good_and_bad_files_extracts_every_good_one_and_lists_every_bad_one(
        archive: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    run = _extract([archive], out, "--jobs", jobs, "--max-size", str(MAX_MEGABYTES), "--keep-text")
    failures = _expected_failures(archive)
    assert "Traceback" not in run.stderr
    assert run.stderr == "".join(f"Error: {message}\n" for _, _, message in failures)
    assert run.returncode == 1
    assert run.stdout == f"extracted 7 of 15 documents into {out}\n"
    assert [(entry["file"], entry["stage"], entry["message"]) for entry in
            map(json.loads, (out / "errors.jsonl").read_text(encoding="utf-8").splitlines())] == failures
    extracted = sorted(path.stem for path in out.glob("*.json"))
    assert extracted == ["chapter-gbk", "chapter-page", "chapter-typeset", "jiamusi-2003-jishengxie", "one-line",
                         "unbalanced", "第_1_章_rm_-rf"]
    # Each output is what extracting its file alone gives, and every offset points into its text.
    for doc_id in extracted:
        data = _output(out, doc_id)
        text = (out / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert all(text[record["start"]:record["end"]] == record["raw"] for record in data["records"]), doc_id
    sample = extract_task(SAMPLE, "jiamusi-2003-jishengxie").entry
    assert sample is not None
    assert (out / "jiamusi-2003-jishengxie.json").read_text(encoding="utf-8") == \
        sample.outputs["jiamusi-2003-jishengxie.json"]
    for copy in ("chapter-gbk", "第_1_章_rm_-rf"):
        assert _output(out, copy)["records"] == _output(out, "jiamusi-2003-jishengxie")["records"]
    assert Counter((record["value"], record["unit"]) for record in _output(out, "unbalanced")["records"]) == {
        (1519, "个"): 3000, (3700, "人"): 3000}
    assert {(record["type"], record["value"], record["unit"]) for record in _output(out, "one-line")["records"]} == {
        ("count", 1519, "个")}


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["this-process", "pool"])
def test_a_runaway_document_is_stopped_and_the_run_goes_on(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    (folder / "long.txt").write_text(SAMPLE_TEXT * (1_000_000 // len(SAMPLE_TEXT) + 1), encoding="utf-8")
    (folder / "z.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    run = _extract([folder], out, "--jobs", jobs, "--time-limit", "0.5")
    message = (f"{folder / 'long.txt'}: stopped after 0.5 s extracting it, the time limit per document "
               f"(--time-limit); raise it for a very large file, or report the file as a bug")
    assert (run.returncode, run.stdout, run.stderr) == (1, f"extracted 2 of 3 documents into {out}\n",
                                                        f"Error: {message}\n")
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == json.dumps(
        {"file": str(folder / "long.txt"), "doc_id": "long", "level": "error", "stage": "extract",
         "message": message}, ensure_ascii=False) + "\n"
    assert sorted(path.name for path in out.glob("*.json")) == ["a.json", "z.json"]
