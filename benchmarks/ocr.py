"""The OCR engines side by side: character error rate and pages per second (issue 14).

On the same pages, the sample chapter typeset in one and in two columns (tests/fixture_
documents.py, three pages each) and scanned at 300 dpi (slight skew, blur, speckle, JPEG
artefacts), each engine reads every page once, without the cache. Each layout's text is laid
out by the reader's own rules (`pipeline.readers.ocr.page_glyphs` and `layout.lay_out`:
columns, running parts removed) and compared with the text layer of the PDF it was scanned
from: the character error rate is the edit distance between the two, white space left out
and both NFKC-normalised (so a full-width comma read for a half-width one counts as right),
divided by the length of the text layer. Pages per second count the reading
only; loading the engine is printed apart.

    .venv/bin/python benchmarks/ocr.py                      # both engines (needs the `ocr` extra)
    .venv/bin/python benchmarks/ocr.py --engines rapidocr   # one
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixture_documents import scan_pdf, write_pdf  # noqa: E402  (the test fixtures make the pages)
from pipeline.readers import ocr  # noqa: E402
from pipeline.readers.layout import lay_out  # noqa: E402
from pipeline.readers.pdf import read_pdf  # noqa: E402

SAMPLE = ROOT / "corpus" / "jiamusi-2003-jishengxie.txt"
LAYOUTS = {"one column": {"columns": 1}, "two columns": {"columns": 2}}
_WHITE_SPACE = re.compile(r"\s+")


def comparable(text: str) -> str:
    return _WHITE_SPACE.sub("", unicodedata.normalize("NFKC", text))


def edit_distance(truth: str, read: str) -> int:
    """Levenshtein distance, one row at a time."""
    previous = list(range(len(read) + 1))
    for row, expected in enumerate(truth, start=1):
        current = [row]
        for column, found in enumerate(read, start=1):
            current.append(min(previous[column] + 1, current[column - 1] + 1,
                               previous[column - 1] + (expected != found)))
        previous = current
    return previous[-1]


def scans_and_truth(folder: Path) -> list[tuple[str, list[object], str]]:
    """(layout, its pages scanned, its text layer) of every layout."""
    text = SAMPLE.read_text(encoding="utf-8")
    scans = []
    for name, layout in LAYOUTS.items():
        path = folder / f"{name.replace(' ', '-')}.pdf"
        write_pdf(text, path, **layout)
        scans.append((name, scan_pdf(path), read_pdf(path).text))
    return scans


def measure(engine_name: str, scans: list[tuple[str, list[object], str]]) -> None:
    started = time.perf_counter()
    engine = ocr.load_engine(engine_name)
    loaded = time.perf_counter() - started
    errors = characters = pages = 0
    reading = 0.0
    for name, images, truth in scans:
        glyphs = []
        for number, image in enumerate(images, start=1):
            started = time.perf_counter()
            lines = engine.read(image)
            reading += time.perf_counter() - started
            glyphs.append(ocr.page_glyphs(number, lines, 72 / ocr.DPI))
        text = lay_out(glyphs)[0]
        distance = edit_distance(comparable(truth), comparable(text))
        errors, characters, pages = errors + distance, characters + len(comparable(truth)), pages + len(images)
        print(f"  {engine_name:<10} {name:<12} CER {distance / len(comparable(truth)):6.2%}")
    print(f"{engine_name:<10} {engine.version:<18} CER {errors / characters:6.2%}   "
          f"{pages / reading:5.3f} pages/s ({reading / pages:5.1f} s a page; loading {loaded:4.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", nargs="+", choices=sorted(ocr.ENGINES), default=sorted(ocr.ENGINES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scans = scans_and_truth(Path(folder))
        print(f"{sum(len(images) for _, images, _ in scans)} pages scanned at {ocr.DPI} dpi")
        for engine in args.engines:
            measure(engine, scans)


if __name__ == "__main__":
    main()
