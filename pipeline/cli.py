"""The `yearbook` command: parse options, call the library, turn errors into `Error: …`.

All logic lives in the library; this module only wires it to the command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.core.errors import YearbookError, leave_closed_stdout, named
from pipeline.core.records import ExtractionFile
from pipeline.evaluate import GoldSet, checkout_root, evaluate, format_report
from pipeline.executors import EXECUTOR_KINDS, available_cores, make_executor
from pipeline.gold import write_gold_stubs
from pipeline.progress import Progress
from pipeline.readers import SUPPORTED_SUFFIXES
from pipeline.runner import (DEFAULT_MAX_MEGABYTES, DEFAULT_TIME_LIMIT_SECONDS, Limits, collect_inputs, describe_bug,
                             run_extraction, unsupported_files)
from pipeline.stores import OPTIONAL_FORMATS, describe_outputs
from pipeline.scoring import format_table, score_folders
from pipeline.training import train_organizations
from pipeline.view import load_review, write_report


def _extract(args: argparse.Namespace) -> int:
    limits = Limits.of(args.time_limit, args.max_size)
    inputs = collect_inputs(args.paths, exclude=args.out)
    skipped = unsupported_files(args.paths, exclude=args.out)
    if skipped:
        print(f"Warning: {len(skipped)} skipped, of a type that cannot be read ({', '.join(SUPPORTED_SUFFIXES)}): "
              f"{named(map(str, skipped))}", file=sys.stderr)
    shown = args.progress == "on" or (args.progress == "auto" and sys.stderr.isatty())
    progress = Progress(len(inputs)) if shown else None
    with make_executor(args.executor, args.jobs, args.scheduler, files=len(inputs)) as executor:
        summary = run_extraction(inputs, args.out, executor, tuple(args.format or ()), progress,
                                 split=args.split, keep_text=args.keep_text, limits=limits, others=args.others)
    chapters = f" as {summary.documents} documents" if summary.documents != summary.written else ""
    unchanged = f" ({len(summary.unchanged)} unchanged since the last run)" if summary.unchanged else ""
    print(f"extracted {summary.written} of {len(inputs)} documents into {args.out}{chapters}{unchanged}")
    if summary.pruned:
        print(f"removed the outputs of documents not among the inputs ({len(summary.pruned)}): {named(summary.pruned)}")
    if summary.kept:
        print(f"kept the outputs of documents not among the inputs ({len(summary.kept)}): {named(summary.kept)}")
    for entry in summary.log:
        print(f"{entry['level'].capitalize()}: {entry['message']}", file=sys.stderr)
    return 1 if summary.failed else 0


def _score(args: argparse.Namespace) -> int:
    score = score_folders(args.gold, args.pred, args.text)
    for warning in score.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    if args.json:
        data = score.as_dict()
        if args.errors:
            data["errors"] = [error.as_dict() for error in score.errors]
            data["chapter_errors"] = [error.as_dict() for error in score.chapter_errors]
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(format_table(score))
    if args.errors:
        print()
        for error in score.errors:
            if error.mode != "strict":
                continue
            record = error.record
            key = {name: getattr(record, name) for name in type(record).model_fields
                   if name not in ("type", "section", "evidence", "start", "end", "raw", "rule", "confidence", "page", "warnings")}
            print(f"{error.kind.upper()} {error.doc_id} {record.type} {json.dumps(key, ensure_ascii=False)}  «{record.evidence}»")
        for mismatch in score.chapter_errors:
            values = {"gold": mismatch.gold, "pred": mismatch.pred}
            print(f"CHAPTER {mismatch.doc_id} {mismatch.name} {json.dumps(values, ensure_ascii=False)}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    root = checkout_root()
    contract = root / "../shared/spec/ANNOTATION.md"
    sets = [GoldSet("sample", args.gold or root / "gold", args.corpus or root / "corpus")]
    if not args.sample_only:
        dev_text = args.dev_text or root / "../shared/dev/excerpts"
        sets.append(GoldSet("dev", args.dev_gold or root / "gold/dev", dev_text))
        sets.append(GoldSet("held-out", args.heldout_gold or root / "gold/heldout", dev_text, held_out=True))
    report = evaluate(sets, contract.resolve(), leave_one_out=not args.no_leave_one_out)
    if "sample" in report.skipped:
        raise YearbookError(f"cannot score the sample gold set: {report.skipped['sample']}; run from a checkout of "
                            "the project or pass --gold and --corpus")
    for name, reason in report.skipped.items():
        print(f"Warning: skipped gold set {name}: {reason}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(format_report(report))
    if args.min_f1 is not None:
        sample = report.per_set["sample"].micro("strict").f1
        if sample < args.min_f1:
            print(f"Error: strict micro-F1 on the sample is {sample:.4f}, below the required {args.min_f1:.4f}",
                  file=sys.stderr)
            return 1
    return 0


def _train_orgs(args: argparse.Namespace) -> int:
    gold = [] if args.no_gold else [(args.gold, args.corpus), (args.dev_gold, args.dev_text)]
    train_organizations(args.corpora, args.out, gold)
    return 0


def _view(args: argparse.Namespace) -> int:
    review = load_review(args.pred, args.gold, args.text)
    write_report(review, args.out)
    print(f"wrote {args.out}: {review.summary()}")
    return 0


def _gold_stub(args: argparse.Namespace) -> int:
    written = write_gold_stubs(args.pred, args.out)
    print(f"wrote {len(written)} gold files into {args.out}: correct every record against its text, as "
          f"docs/annotation.md says, before scoring against them")
    return 0


def _schema(args: argparse.Namespace) -> int:
    schema = ExtractionFile.model_json_schema()
    schema["x-yearbook-outputs"] = describe_outputs()
    print(json.dumps(schema, ensure_ascii=False, indent=1))
    return 0


def _add_text_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", type=Path, default=Path("corpus"), metavar="TEXT_DIR",
                        help="folder of chapter texts named <doc_id>.txt (default: corpus)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yearbook",
        description="Turn Chinese yearbook and gazetteer chapters into validated records, and score them against gold.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks for errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", help="extract records from chapter files or folders",
                                  description="Extract records from chapter files, in parallel; writes OUT/<doc_id>.json "
                                              "per chapter, records.jsonl, records.sqlite and errors.jsonl. A rerun "
                                              "skips the documents that are unchanged since the last one.")
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a chapter file or a folder of them")
    extract.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    extract.add_argument("--jobs", type=int, metavar="N",
                         help=f"worker processes (default: all cores, {available_cores()} here; 1 runs in this process)")
    extract.add_argument("--format", action="append", choices=OPTIONAL_FORMATS, metavar="FORMAT",
                         help="also write csv/<table>.csv or parquet/<table>.parquet (repeatable; parquet needs "
                              "the parquet extra); <doc_id>.json, records.jsonl and records.sqlite are always written")
    extract.add_argument("--executor", choices=EXECUTOR_KINDS, default="process",
                         help="process: a pool on this machine (default); dask: a Dask distributed cluster")
    extract.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://127.0.0.1:8786")
    extract.add_argument("--progress", choices=("auto", "on", "off"), default="auto",
                         help="progress on stderr: auto shows it on a terminal (default), on also into a log")
    extract.add_argument("--split", action="store_true",
                         help="split a volume of many chapters by its own structure (title lines before 【】 "
                              "entries, Markdown chapter headings) into OUT/<stem>-<n>.json, one per chapter")
    extract.add_argument("--keep-text", action="store_true",
                         help="also write the text as read, OUT/<doc_id>.txt, that every record's offsets point into")
    extract.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_SECONDS, metavar="SECONDS",
                         help=f"stop a document that runs longer and list it in errors.jsonl (default "
                              f"{DEFAULT_TIME_LIMIT_SECONDS:g}; 0: no limit; not enforced on Dask workers)")
    extract.add_argument("--max-size", type=float, default=DEFAULT_MAX_MEGABYTES, metavar="MB",
                         help=f"list a file with more text than this in errors.jsonl instead of reading it, "
                              f"which bounds the memory one document takes (default {DEFAULT_MAX_MEGABYTES:g}; 0: no limit)")
    earlier = extract.add_mutually_exclusive_group()
    earlier.add_argument("--prune", dest="others", action="store_const", const="prune", default="stop",
                         help="remove the outputs of documents that are not among the inputs (an earlier run's) "
                              "from the folder and every store; without this or --keep-others such outputs stop "
                              "the run before anything is changed")
    earlier.add_argument("--keep-others", dest="others", action="store_const", const="keep",
                         help="keep the outputs of documents that are not among the inputs; every store then "
                              "holds them after this run's documents")
    extract.set_defaults(run=_extract)

    score = commands.add_parser("score", help="score predictions against gold files",
                                description="Score PRED_DIR/<doc_id>.json against every gold file in GOLD_DIR.")
    score.add_argument("gold", type=Path, metavar="GOLD_DIR")
    score.add_argument("pred", type=Path, metavar="PRED_DIR")
    _add_text_option(score)
    score.add_argument("--json", action="store_true", help="print the scores as JSON")
    score.add_argument("--errors", action="store_true", help="list every false positive and false negative")
    score.set_defaults(run=_score)

    evaluate_command = commands.add_parser(
        "evaluate", help="extract and score against all gold, with baselines and error patterns",
        description="Extract every gold document's text, score it against the sample, dev and held-out gold, "
                    "show per-type, per-document and baseline rows and the most frequent error patterns.")
    evaluate_command.add_argument("--gold", type=Path, help="sample gold folder (default: the checkout's gold/)")
    evaluate_command.add_argument("--corpus", type=Path, help="sample texts (default: the checkout's corpus/)")
    evaluate_command.add_argument("--dev-gold", type=Path, help="dev gold (default: the checkout's gold/dev)")
    evaluate_command.add_argument("--dev-text", type=Path,
                                  help="dev texts (default: ../shared/dev/excerpts beside the checkout; the dev and "
                                       "held-out sets are skipped with a warning when absent)")
    evaluate_command.add_argument("--heldout-gold", type=Path,
                                  help="gold never used to write rules, on dev texts (default: the checkout's "
                                       "gold/heldout)")
    evaluate_command.add_argument("--sample-only", action="store_true", help="score the sample gold only")
    evaluate_command.add_argument("--min-f1", type=float, metavar="F1",
                                  help="exit 1 when strict micro-F1 on the sample is below F1")
    evaluate_command.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate_command.add_argument("--no-leave-one-out", action="store_true",
                                  help="skip the leave-one-family-out view (it extracts each family again)")
    evaluate_command.set_defaults(run=_evaluate)

    train = commands.add_parser("train", help="train a model the extractors use",
                                description="Train a model the extractors use from public corpora and the gold.")
    models = train.add_subparsers(dest="model", required=True, metavar="MODEL")
    orgs = models.add_parser(
        "orgs", help="the organization recognizer (extractors/data/org_crf.md)",
        description="Train the character CRF that proposes organization names, from the NER corpora (their "
                    "held-out splits left out) and the sample and dev gold; write it and its finals file to OUT.")
    orgs.add_argument("--corpora", type=Path, default=Path("../shared/corpora"),
                      help="folder of the NER corpora (default: ../shared/corpora)")
    orgs.add_argument("--out", type=Path, default=Path("extractors/data"),
                      help="folder to write org_crf.crfsuite and org_crf_finals.txt to (default: extractors/data)")
    orgs.add_argument("--gold", type=Path, default=Path("gold"), help="sample gold folder (default: gold)")
    orgs.add_argument("--corpus", type=Path, default=Path("corpus"), help="sample texts (default: corpus)")
    orgs.add_argument("--dev-gold", type=Path, default=Path("gold/dev"), help="dev gold (default: gold/dev)")
    orgs.add_argument("--dev-text", type=Path, default=Path("../shared/dev/excerpts"),
                      help="dev texts (default: ../shared/dev/excerpts)")
    orgs.add_argument("--no-gold", action="store_true", help="train on the corpora alone")
    orgs.set_defaults(run=_train_orgs)

    view = commands.add_parser(
        "view", help="write an HTML report of the records in their text (and the scoring errors)",
        description="Write one self-contained HTML page: every record of PRED_DIR highlighted in its chapter "
                    "text; with --gold, true positives, false positives and false negatives marked, and the scores.")
    view.add_argument("pred", type=Path, metavar="PRED_DIR", help="folder of <doc_id>.json predictions")
    view.add_argument("--gold", type=Path, metavar="GOLD_DIR", help="gold folder to mark errors against")
    _add_text_option(view)
    view.add_argument("--out", required=True, type=Path, metavar="FILE", help="the HTML file to write")
    view.set_defaults(run=_view)

    gold_stub = commands.add_parser(
        "gold-stub", help="turn predictions into gold files to correct by hand",
        description="Write OUT/<doc_id>.json for every prediction of PRED_DIR in the gold shape: the records "
                    "without the provenance keys gold may not hold, every field written out. Existing gold files "
                    "are never overwritten. Correct each file against its text before scoring with it.")
    gold_stub.add_argument("pred", type=Path, metavar="PRED_DIR", help="folder of <doc_id>.json predictions")
    gold_stub.add_argument("--out", required=True, type=Path, metavar="GOLD_DIR", help="the folder to write into")
    gold_stub.set_defaults(run=_gold_stub)

    schema = commands.add_parser("schema", help="print the JSON Schema of the output files",
                                 description="Print the JSON Schema of OUT/<doc_id>.json; its x-yearbook-outputs "
                                             "section says what the other output files hold, table by table.")
    schema.set_defaults(run=_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here at the latest, not at exit
        return status
    except BrokenPipeError:
        return leave_closed_stdout()
    except YearbookError as error:
        if args.debug:
            raise
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the user sees one line, not a traceback
        if args.debug:
            raise
        print(f"Error: {describe_bug(error)}, please report it with the command; --debug shows the traceback",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
