"""The same per-document function on a Dask distributed cluster: a LocalCluster of worker
processes on this machine, reached through its scheduler address as a remote one would be."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import DEV_EXCERPTS, ROOT
from pipeline.cli import main
from pipeline.executors import DaskExecutor, ExecutorError

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed: pip install -e '.[dask]'")

SAMPLE = ROOT / "corpus" / "jiamusi-2003-jishengxie.txt"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        yield cluster.scheduler_address


def _outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())
            if path.suffix in (".json", ".jsonl") or path.suffix == ".csv"}


def test_a_dask_cluster_writes_the_same_bytes_as_one_process(scheduler: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    inputs = [str(SAMPLE), *(str(path) for path in sorted(DEV_EXCERPTS.glob("*.txt"))[:3])]
    subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", *inputs, "--out", str(tmp_path / "local"),
                    "--jobs", "1"], cwd=ROOT, check=True, capture_output=True)
    assert main(["extract", *inputs, "--out", str(tmp_path / "dask"), "--executor", "dask",
                 "--scheduler", scheduler]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"extracted {len(inputs)} of {len(inputs)} documents into {tmp_path / 'dask'}"
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "local")


def test_a_failing_document_on_the_cluster_is_listed(scheduler: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00binary")
    assert main(["extract", str(bad), str(SAMPLE), "--out", str(tmp_path / "out"), "--executor", "dask",
                 "--scheduler", scheduler]) == 1
    assert capsys.readouterr().err == f"Error: {bad.resolve()}: binary data, not text (NUL byte at offset 0)\n"


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(ExecutorError) as caught:
        DaskExecutor("tcp://127.0.0.1:1", timeout=1)
    assert str(caught.value).startswith("cannot reach the Dask scheduler at tcp://127.0.0.1:1: ")
    assert str(caught.value).endswith("check the address (tcp://HOST:PORT) and that the scheduler runs")
