"""Throughput of `yearbook extract`, measured side by side in one run (issue 6).

On the same archive of at least 10 MB of text, made from copies of the sample chapter and the
dev texts (one file per copy), it times three commands, each in a fresh process so that start
up (imports, jieba's dictionary) is included:

* jieba alone: `jieba.cut` over every file;
* the whole pipeline with one process: `yearbook extract DIR --out OUT --jobs 1`;
* the whole pipeline with two: `--jobs 2`.

Rounds are interleaved and the fastest of each is kept: other work on the machine only ever
slows a run down. Then the peak memory (the largest resident set of any process of the run)
at two input sizes, PDF pages per second against pdfplumber's own `extract_text`, and where
one process spends its time. Every ratio is printed beside its target.

    .venv/bin/python benchmarks/throughput.py              # the issue's sizes: 10 MB, 1 and 50 MB
    .venv/bin/python benchmarks/throughput.py --megabytes 2 --memory 1 5 --rounds 1   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SOURCES = (ROOT / "corpus", SHARED / "dev", SHARED / "dev" / "excerpts")

TARGET_PIPELINE_VS_JIEBA = 0.5
TARGET_TWO_JOBS = 1.7
TARGET_MEMORY = 1.3
TARGET_PDF = 5.0

JIEBA_ALONE = """
import logging, sys
from pathlib import Path
import jieba
jieba.setLogLevel(logging.WARNING)
for path in sorted(Path(sys.argv[1]).iterdir()):
    for _ in jieba.cut(path.read_text(encoding="utf-8"), HMM=True):
        pass
"""


def source_texts() -> list[Path]:
    texts = [path for folder in SOURCES for path in sorted(folder.glob("*.txt"))]
    if not texts:
        sys.exit("no texts found in corpus/ or ../shared/dev")
    return texts


def build_archive(folder: Path, megabytes: float) -> tuple[int, int]:
    """Copies of the source texts, one file each, until `megabytes` of UTF-8; (files, characters)."""
    folder.mkdir(parents=True)
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in source_texts()]
    size = files = characters = 0
    while size < megabytes * 1_000_000:
        stem, text = texts[files % len(texts)]
        (folder / f"{files:05d}-{stem}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
        characters += len(text)
        files += 1
    return files, characters


@dataclass
class Measured:
    seconds: float
    peak_kb: int


def run_measured(command: list[str]) -> Measured:
    """Wall time and the largest resident set of the command and its worker processes."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed ({process.returncode}): {errors.read().decode()[-2000:]}")
    return Measured(seconds, usage.ru_maxrss)


def extract_command(archive: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "extract", str(archive), "--out", str(out),
            "--jobs", str(jobs), "--progress", "off"]


def verdict(value: float, target: float, higher_is_better: bool = True) -> str:
    met = value >= target if higher_is_better else value <= target
    return f"{'meets' if met else 'MISSES'} the target ({'≥' if higher_is_better else '≤'} {target})"


def throughput(work: Path, megabytes: float, rounds: int) -> dict[str, Any]:
    archive = work / "archive"
    files, characters = build_archive(archive, megabytes)
    print(f"## Throughput: {files} files, {characters:,} characters, "
          f"{sum(path.stat().st_size for path in archive.iterdir()) / 1e6:.1f} MB")
    commands: dict[str, Callable[[int], list[str]]] = {
        "jieba alone": lambda _: [sys.executable, "-c", JIEBA_ALONE, str(archive)],
        "pipeline --jobs 1": lambda turn: extract_command(archive, work / f"out1-{turn}", 1),
        "pipeline --jobs 2": lambda turn: extract_command(archive, work / f"out2-{turn}", 2),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for turn in range(rounds):
        for name, command in commands.items():
            times[name].append(run_measured(command(turn)).seconds)
            for out in work.glob("out*"):
                shutil.rmtree(out)
    best = {name: min(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"  {name:<18} {best[name]:7.2f} s  {characters / best[name]:>10,.0f} characters/s"
              f"   (rounds: {', '.join(f'{value:.2f}' for value in values)} s)")
    pipeline_vs_jieba = best["jieba alone"] / best["pipeline --jobs 1"]
    two_jobs = best["pipeline --jobs 1"] / best["pipeline --jobs 2"]
    print(f"  pipeline (1 process) / jieba alone = {pipeline_vs_jieba:.2f}  {verdict(pipeline_vs_jieba, TARGET_PIPELINE_VS_JIEBA)}")
    print(f"  --jobs 2 / --jobs 1                = {two_jobs:.2f}  {verdict(two_jobs, TARGET_TWO_JOBS)}")
    shutil.rmtree(archive)
    return {"characters": characters, "seconds": best, "pipeline_vs_jieba": pipeline_vs_jieba, "two_jobs": two_jobs}


def memory(work: Path, sizes: list[float], jobs: int) -> dict[str, Any]:
    print(f"## Peak memory, --jobs {jobs} (largest resident set of any process of the run)")
    peaks = {}
    for megabytes in sizes:
        archive = work / f"memory-{megabytes}"
        files, characters = build_archive(archive, megabytes)
        measured = run_measured(extract_command(archive, work / f"memory-out-{megabytes}", jobs))
        peaks[megabytes] = measured.peak_kb
        print(f"  {megabytes:>5g} MB ({files} files, {characters:,} characters): {measured.peak_kb / 1024:6.1f} MB peak"
              f"  in {measured.seconds:.1f} s")
        shutil.rmtree(archive)
        shutil.rmtree(work / f"memory-out-{megabytes}")
    ratio = peaks[sizes[-1]] / peaks[sizes[0]]
    print(f"  peak at {sizes[-1]:g} MB / peak at {sizes[0]:g} MB = {ratio:.2f}  {verdict(ratio, TARGET_MEMORY, False)}")
    return {"peaks_kb": peaks, "ratio": ratio}


def _typeset_pdf(path: Path) -> str | None:
    """A two-column PDF with running headers of a dev text, made by the reader tests' fixture;
    return the text typeset."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from fixture_documents import write_pdf
    except ImportError:
        return None
    text = (SHARED / "dev" / "gov-2026-guangdong.txt").read_text(encoding="utf-8")
    try:
        write_pdf(text, path, columns=2)
    except BaseException as error:  # the fixture skips (pytest's Skipped) without font or reportlab
        print(f"  cannot typeset a PDF here: {error}")
        return None
    return text


def _without_spaces(text: str) -> str:
    return "".join(text.split())


def pdf_speed(work: Path, given: Path | None) -> dict[str, Any] | None:
    print("## PDF pages per second")
    from pipeline.readers import SUPPORTED_SUFFIXES, read_document

    if ".pdf" not in SUPPORTED_SUFFIXES:
        print("  not available: the PDF reader is not in this version")
        return None
    path = given or work / "volume.pdf"
    source = None if given else _typeset_pdf(path)
    if given is None and source is None:
        print("  not available: no PDF to measure (pass --pdf FILE)")
        return None
    import pdfplumber

    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        plumber_pages = []
        for page in pdf.pages:
            plumber_pages.append(page.extract_text() or "")
            page.close()
    plumber_seconds = time.perf_counter() - started
    started = time.perf_counter()
    document = read_document(path)
    ours_seconds = time.perf_counter() - started
    pages = len(plumber_pages)
    ratio = plumber_seconds / ours_seconds
    print(f"  {path.name}: {pages} pages")
    print(f"  pdfplumber extract_text  {pages / plumber_seconds:8.1f} pages/s")
    print(f"  pipeline reader          {pages / ours_seconds:8.1f} pages/s ({len(document.page_starts)} pages)")
    print(f"  pipeline / pdfplumber    = {ratio:.1f}  {verdict(ratio, TARGET_PDF)}")
    ours, theirs = _without_spaces(document.text), _without_spaces("".join(plumber_pages))
    extra, missing = Counter(theirs) - Counter(ours), Counter(ours) - Counter(theirs)
    print(f"  same text? whitespace aside: pdfplumber has {sum(extra.values())} characters more "
          f"({''.join(sorted(extra))[:40]}: running headers, page numbers) and {sum(missing.values())} fewer")
    if source is not None:
        expected = _without_spaces(source)
        print(f"  in reading order, equal to the typeset text: pipeline {ours == expected}, "
              f"pdfplumber {theirs == expected}")
    return {"pages": pages, "ratio": ratio, "extra_characters": sum(extra.values()),
            "missing_characters": sum(missing.values())}


def profile(megabytes: float) -> None:
    """Where one process spends its time: segmentation, words (jieba's route, on demand inside
    the extractors), each extractor without its calls for words, and building the output."""
    from extractors import RECORD_EXTRACTORS, extract_chapter_info
    from pipeline.core.records import ExtractionFile
    from pipeline.output import dump_json
    import pipeline.segment
    from pipeline.segment import segment

    print(f"## Where one process spends its time (about {megabytes:g} MB, in this process)")
    texts = [path.read_text(encoding="utf-8") for path in source_texts()]
    chosen, size = [], 0
    while size < megabytes * 1_000_000:
        chosen.append(texts[len(chosen) % len(texts)])
        size += len(chosen[-1].encode("utf-8"))
    spent: dict[str, float] = {name: 0.0 for name in ("segmentation", "words", *RECORD_EXTRACTORS, "chapter", "output")}
    cut_words = pipeline.segment.cut_words
    cut_words("")  # load jieba's dictionary before the clock starts

    asked: list[str] = []

    def timed_cut_words(text: str) -> list[str]:
        asked.append(text)
        started = time.perf_counter()
        words = cut_words(text)
        spent["words"] += time.perf_counter() - started
        return words

    pipeline.segment.cut_words = timed_cut_words
    try:
        for text in chosen:
            started = time.perf_counter()
            chapter = segment("profile", text)
            spent["segmentation"] += time.perf_counter() - started
            records = []
            for name, extract in RECORD_EXTRACTORS.items():
                before = spent["words"]
                started = time.perf_counter()
                records.extend(extract(chapter))
                spent[name] += time.perf_counter() - started - (spent["words"] - before)
            started = time.perf_counter()
            info = extract_chapter_info(chapter)
            spent["chapter"] += time.perf_counter() - started
            started = time.perf_counter()
            dump_json(ExtractionFile(doc_id="profile", chapter=info, records=records).model_dump(mode="json"))
            spent["output"] += time.perf_counter() - started
    finally:
        pipeline.segment.cut_words = cut_words
    total = sum(spent.values())
    characters = sum(map(len, chosen))
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {name:<14} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    print(f"  {'total':<14} {total:6.2f} s  ({characters / total:,.0f} characters/s, start-up excluded)")
    words_route(asked, characters)


def words_route(clauses: list[str], characters: int) -> None:
    """The clauses the extractors asked words of, cut by jieba's own `Tokenizer.cut` and by
    the pipeline's `cut_words` (the same words, tests/test_words.py)."""
    from pipeline.words import cut_words, tokenizer

    jieba = tokenizer()
    started = time.perf_counter()
    for clause in clauses:
        list(jieba.cut(clause, HMM=True))
    jieba_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for clause in clauses:
        cut_words(clause)
    ours_seconds = time.perf_counter() - started
    share = sum(map(len, clauses)) / characters
    print(f"  words were asked of {len(clauses):,} clauses, {100 * share:.0f} % of the characters; on them jieba's cut "
          f"takes {jieba_seconds:.2f} s, cut_words {ours_seconds:.2f} s ({jieba_seconds / ours_seconds:.2f} times as fast)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=10, help="size of the throughput archive (default 10)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the fastest counts (default 2)")
    parser.add_argument("--memory", type=float, nargs=2, default=[1, 50], metavar=("SMALL", "LARGE"),
                        help="input sizes in MB for peak memory (default 1 50)")
    parser.add_argument("--memory-jobs", type=int, default=1, help="--jobs for the memory runs (default 1)")
    parser.add_argument("--pdf", type=Path, help="a PDF to measure (default: one typeset from a dev text)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="yearbook-bench-") as folder:
        work = Path(folder)
        results["throughput"] = throughput(work, args.megabytes, args.rounds)
        results["memory"] = memory(work, args.memory, args.memory_jobs)
        results["pdf"] = pdf_speed(work, args.pdf)
    profile(1)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
