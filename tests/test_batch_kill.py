"""SIGKILL a real `yearbook extract` mid-batch, rerun it, and get the bytes of a run that was
never interrupted: every write is atomic and the rerun skips what was finished."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import DEV_EXCERPTS, ROOT
from pipeline.manifest import MANIFEST_NAME
from pipeline.stores import load_sqlite

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not DEV_EXCERPTS.is_dir(), reason="../shared/dev is not beside the project")]

_COPIES = 3
_DEADLINE_SECONDS = 120
_ENVIRONMENT = dict(os.environ)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev excerpts in three sub-folders, the same stems in each."""
    root = tmp_path_factory.mktemp("archive")
    texts = sorted(DEV_EXCERPTS.glob("*.txt"))
    for copy in range(_COPIES):
        (root / f"box{copy}").mkdir()
        for text in texts:
            shutil.copy(text, root / f"box{copy}" / text.name)
    return root


def _command(archive: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "extract", str(archive), "--out", str(out),
            "--jobs", str(jobs), "--format", "csv", "--progress", "off"]


def _run(archive: Path, out: Path, jobs: int) -> str:
    finished = subprocess.run(_command(archive, out, jobs), cwd=ROOT, env=_ENVIRONMENT, capture_output=True,
                              text=True, timeout=_DEADLINE_SECONDS, check=True)
    return finished.stdout


def _files(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()
            and path.name not in (MANIFEST_NAME, ".yearbook.lock", "records.sqlite")}


@pytest.fixture(scope="module")
def uninterrupted(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("uninterrupted")
    _run(archive, out, jobs=1)
    return out


def _kill_when(archive: Path, out: Path, outputs: int) -> tuple[int, bool]:
    """Start a run with two workers; SIGKILL it and its workers once `outputs` document files
    exist. Return how many there were at the kill, and whether the kill came before the end."""
    process = subprocess.Popen(_command(archive, out, 2), cwd=ROOT, env=_ENVIRONMENT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + _DEADLINE_SECONDS
    try:
        while len(list(out.glob("*.json"))) < outputs and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        written = len(list(out.glob("*.json")))
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        written = len(list(out.glob("*.json")))
    return written, process.wait() == -signal.SIGKILL


@pytest.mark.parametrize("share", [0.0, 0.5, 1.0], ids=["first-output", "halfway", "writing-stores"])
def test_killed_then_rerun_gives_the_uninterrupted_bytes(archive: Path, uninterrupted: Path, tmp_path: Path,
                                                         share: float) -> None:
    total = len(list(uninterrupted.glob("*.json")))
    assert total == _COPIES * len(list(archive.glob("box0/*.txt"))) >= _COPIES * 10
    at = max(1, round(share * total))
    out = tmp_path / "out"
    written, killed = _kill_when(archive, out, at)
    assert written >= at
    assert killed or share == 1.0  # at the end the run may finish before the kill
    # Nothing half-written: every output file there is complete.
    for path in out.glob("*.json"):
        assert path.read_bytes() == (uninterrupted / path.name).read_bytes(), path.name

    report = _run(archive, out, jobs=2)
    assert report.startswith(f"extracted {total} of {total} documents into {out}")
    if share == 0.5:  # the manifest is saved after the first document: by now it holds finished ones
        assert "unchanged since the last run" in report
    assert _files(out) == _files(uninterrupted)
    assert load_sqlite(out / "records.sqlite") == load_sqlite(uninterrupted / "records.sqlite")
    assert [path.name for path in out.rglob(".*.part")] == []
