"""The `yearbook` command: exit codes and exact output of the CLI contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import ROOT
from pipeline.cli import build_parser, main

SAMPLE = ROOT / "corpus" / "jiamusi-2003-jishengxie.txt"


def test_every_command_has_help() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == {"extract", "score", "schema", "evaluate", "view", "gold-stub", "train"}
    for name, command in commands.items():
        assert command.description, name


def test_extract_writes_gold_shaped_json_named_by_stem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SAMPLE), "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "jiamusi-2003-jishengxie.json").read_text(encoding="utf-8"))
    assert data["doc_id"] == "jiamusi-2003-jishengxie"
    assert data["chapter"] == {"title": "计划生育协会", "author": "李正伟",
                               "sections": ["组织建设", "抗击非典", "扶贫帮困", "协会活动"]}
    assert {"start", "end", "raw", "rule"} <= set(data["records"][0])
    assert (tmp_path / "errors.jsonl").read_text() == ""
    assert capsys.readouterr().out == f"extracted 1 of 1 documents into {tmp_path}\n"


def test_extract_runs_on_any_utf8_text(tmp_path: Path) -> None:
    source = tmp_path / "in" / "plain.txt"
    source.parent.mkdir()
    source.write_text("hello world\n没有标点的一行文字\n“未闭合的引号《书名", encoding="utf-8")
    assert main(["extract", str(source.parent), "--out", str(tmp_path / "out")]) == 0
    assert json.loads((tmp_path / "out" / "plain.json").read_text(encoding="utf-8"))["doc_id"] == "plain"


def test_score_json_has_the_contract_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(ROOT / "gold"), str(ROOT / "gold"), "--text", str(ROOT / "corpus"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["micro"]["strict"]["f1"] == 1.0
    assert data["micro"]["lenient"]["f1"] == 1.0
    assert set(data["types"]["count"]["strict"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}


def test_score_gold_against_itself_prints_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(ROOT / "gold"), str(ROOT / "gold"), "--text", str(ROOT / "corpus")]) == 0
    lines = capsys.readouterr().out.splitlines()
    micro = next(line for line in lines if line.startswith("micro"))
    assert micro.split()[-6:] == ["1.000"] * 6


def test_score_errors_lists_false_negatives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "jiamusi-2003-jishengxie.json").write_text('{"doc_id": "jiamusi-2003-jishengxie", "records": []}')
    assert main(["score", str(ROOT / "gold"), str(tmp_path), "--text", str(ROOT / "corpus"), "--errors"]) == 0
    out = capsys.readouterr().out
    assert 'FN jiamusi-2003-jishengxie count {"value": 1519' in out


def test_invalid_gold_exits_non_zero_with_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "jiamusi-2003-jishengxie.json").write_text(json.dumps({
        "doc_id": "jiamusi-2003-jishengxie", "guideline": 1, "chapter": {},
        "records": [{"type": "organization", "section": None, "evidence": "没有这句话", "name": "市委"}],
    }, ensure_ascii=False), encoding="utf-8")
    assert main(["score", str(tmp_path), str(tmp_path), "--text", str(ROOT / "corpus")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ")
    assert "jiamusi-2003-jishengxie.json" in err and "evidence not found" in err
    assert "Traceback" not in err


def test_schema_is_json_schema_of_the_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "ExtractionFile"
    assert set(schema["properties"]) == {"doc_id", "guideline", "chapter", "records", "tables"}
    assert set(schema["$defs"]["Table"]["properties"]) == {"caption", "notes", "header", "rows", "start", "end"}


def test_missing_input_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err == f"Error: {tmp_path / 'nope.txt'}: no such file or folder\n"
