"""`python -m pipeline.readers FILE`: print the text as read from a file, every offset of the
records points into it; with `--speed`, each PDF backend's pages per second on FILE."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.core.errors import YearbookError, leave_closed_stdout
from pipeline.readers.dispatch import read_documents
from pipeline.readers.pdf import BACKENDS, DEFAULT_BACKEND, pages_per_second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.readers", description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--pdf-backend", choices=sorted(BACKENDS), default=DEFAULT_BACKEND)
    parser.add_argument("--split", action="store_true", help="print each chapter of a volume under its doc_id suffix")
    parser.add_argument("--speed", action="store_true", help="measure every PDF backend on FILE instead")
    args = parser.parse_args(argv)
    try:
        if args.speed:
            for backend in BACKENDS:
                pages, speed = pages_per_second(args.file, backend)
                print(f"{backend:<11} {pages} pages  {speed:8.1f} pages/s")
            return 0
        for suffix, document in read_documents(args.file, args.split, args.pdf_backend):
            if args.split:
                print(f"=== {args.file.stem}{suffix} (characters {document.offset}-{document.offset + len(document.text)})")
            print(document.text)
            for warning in document.warnings:
                print(f"Warning: {warning}", file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        return leave_closed_stdout()
    except YearbookError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
