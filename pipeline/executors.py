"""Where the per-document function runs: in this process, in a pool of processes on this
machine, or on an existing Dask distributed cluster; and how long it may run (`TimeLimit`).

Every executor offers the same two things: `submit(function, *args)` returning a future whose
`result()` gives the function's return value, and `in_flight`, how many submitted documents
keep it busy. The runner decides what to submit and consumes results in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Callable, Literal

from pipeline.core.errors import YearbookError
from pipeline.extras import import_extra

ExecutorKind = Literal["process", "dask"]
EXECUTOR_KINDS: tuple[str, ...] = ("process", "dask")
# Documents submitted per worker ahead of the one being consumed: enough to keep every worker
# busy while the runner writes, few enough that finished outputs waiting their turn stay small.
_AHEAD_PER_WORKER = 2
_DASK_CONNECT_SECONDS = 10
# Once a time limit has stopped its work, the stop is raised again this often until the work
# has ended, in case a library catches the first one and carries on.
_STOP_AGAIN_SECONDS = 1.0


class ExecutorError(YearbookError):
    """A pool or cluster that cannot be started or reached."""

    stage = "run"


class TimeLimitError(YearbookError):
    """Work stopped because it ran past its time limit; `stage` is what it was doing."""

    def __init__(self, message: str, *, path: str | None = None, stage: str = "run") -> None:
        super().__init__(message, path=path)
        self.stage = stage


def can_limit_time() -> bool:
    """Whether `TimeLimit` works here: on POSIX, in a process's main thread (this process, each
    pool worker), not in the threads a Dask worker runs tasks in."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class TimeLimit:
    """`with TimeLimit(seconds, ...):` stops the work in the block after `seconds` by raising
    `TimeLimitError` inside it, from a SIGALRM timer; `seconds` None (or 0) sets no limit.

    The error unwinds the block like any other, so what the block built is dropped with it and
    the process goes on with the next document; work that must never be cut in half (loading
    a dictionary once per process) belongs before the block. A C library notices the stop when
    it returns to Python. Where the timer cannot be used (`can_limit_time`), the block runs
    without limit.
    """

    def __init__(self, seconds: float | None, path: str | None = None, stage: str = "run",
                 doing: str = "working") -> None:
        self.seconds = seconds or None
        self.path, self.stage, self.doing = path, stage, doing
        self._armed = False

    def error(self) -> TimeLimitError:
        return TimeLimitError(f"stopped after {self.seconds:g} s {self.doing}, the time limit per document "
                              f"(--time-limit); raise it for a very large file, or report the file as a bug",
                              path=self.path, stage=self.stage)

    def __enter__(self) -> TimeLimit:
        global _running
        if self.seconds is not None and can_limit_time():
            if signal.getsignal(signal.SIGALRM) is not _on_alarm:
                signal.signal(signal.SIGALRM, _on_alarm)
            _running, self._armed = self, True
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        global _running
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _running, self._armed = None, False


# The limit whose timer is armed in this process. The handler stays installed once set: an
# alarm that arrives after its block has ended finds no limit and does nothing.
_running: TimeLimit | None = None
_LEAVING = TimeLimit.__exit__.__code__


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    limit = _running
    if limit is None or (frame is not None and frame.f_code is _LEAVING):
        return  # no block, or it is ending: its __exit__ disarms the timer
    signal.setitimer(signal.ITIMER_REAL, _STOP_AGAIN_SECONDS)
    raise limit.error()


def available_cores() -> int:
    """The cores this process may run on (all of the machine's unless restricted)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class _Closing:
    """`with executor:` closes it, also when the run fails."""

    def close(self) -> None:
        return None

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()


class SerialExecutor(_Closing):
    """Runs each document in this process as it is submitted: no start-up cost, one core."""

    in_flight = 1

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(function(*args))
        except Exception as error:  # handed to the consumer, as a pool would
            future.set_exception(error)
        return future


def _start_method() -> str:
    """`fork` where it is safe (one thread): workers inherit the imported pipeline and start at
    once. Otherwise (a Dask client or test runner has threads) a fresh interpreter."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class ProcessExecutor(_Closing):
    """A pool of `jobs` worker processes on this machine. When a worker dies (killed, out of
    memory) the documents it held fail and a new pool takes the next ones."""

    def __init__(self, jobs: int) -> None:
        if jobs < 1:
            raise ExecutorError(f"--jobs must be at least 1, not {jobs}")
        self.jobs = jobs
        self.in_flight = jobs * _AHEAD_PER_WORKER
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context(_start_method()))

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        try:
            return self._pool.submit(function, *args)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(function, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(_Closing):
    """Submits documents to a running Dask distributed scheduler. The workers need this package
    installed and must see the input files at the same absolute paths (a shared file system)."""

    def __init__(self, scheduler: str, timeout: float = _DASK_CONNECT_SECONDS) -> None:
        distributed = import_extra("distributed", "dask", "--executor dask")
        try:
            self._client = distributed.Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {error}; "
                                f"check the address (tcp://HOST:PORT) and that the scheduler runs") from None
        threads = sum(self._client.nthreads().values())
        self.in_flight = max(threads, 1) * _AHEAD_PER_WORKER

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        located = [arg.resolve() if isinstance(arg, Path) else arg for arg in args]
        return self._client.submit(function, *located, pure=False)

    def close(self) -> None:
        self._client.close()


Executor = SerialExecutor | ProcessExecutor | DaskExecutor


def make_executor(kind: str = "process", jobs: int | None = None, scheduler: str | None = None,
                  files: int | None = None) -> Executor:
    """The executor for the command-line options `--executor`, `--jobs`, `--scheduler`; a
    pool has no more workers than there are `files` to extract."""
    if kind == "dask":
        if not scheduler:
            raise ExecutorError("--executor dask needs --scheduler ADDRESS (for example tcp://127.0.0.1:8786)")
        return DaskExecutor(scheduler)
    if kind != "process":
        raise ExecutorError(f"unknown executor {kind!r}; choose from {', '.join(EXECUTOR_KINDS)}")
    if scheduler:
        raise ExecutorError("--scheduler is for --executor dask")
    jobs = available_cores() if jobs is None else jobs
    if files is not None and jobs > 1:
        jobs = max(1, min(jobs, files))
    return SerialExecutor() if jobs == 1 else ProcessExecutor(jobs)
