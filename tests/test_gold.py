"""Gold files: validation against the contract, evidence location, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import DEV_EXCERPTS, ROOT
from pipeline.core.errors import GoldError
from pipeline.gold import load_gold
from pipeline.scoring import score_folders

TEXT = "【组织建设】 全市共有协会组织 1 519个,其中县级协会11个。"


def _gold(tmp_path: Path, records: list[dict], name: str = "x.json", **top) -> Path:
    path = tmp_path / name
    data = {"doc_id": "x", "guideline": 1, "chapter": {"title": None, "author": None, "sections": None},
            "records": records, **top}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _count(evidence: str, **extra) -> dict:
    return {"type": "count", "section": "组织建设", "evidence": evidence, "value": 1519, "value_max": None,
            "unit": "个", "qualifier": None, "subject": "协会组织", **extra}


def test_evidence_is_located_ignoring_whitespace_and_width(tmp_path: Path) -> None:
    loaded = load_gold(_gold(tmp_path, [_count("协会组织1519个")]), TEXT)
    start, end = loaded.records[0].span
    assert TEXT[start:end] == "协会组织 1 519个"


def test_fullwidth_evidence_finds_ascii_text(tmp_path: Path) -> None:
    loaded = load_gold(_gold(tmp_path, [_count("协会组织１ ５１９个")]), TEXT)
    assert TEXT[slice(*loaded.records[0].span)] == "协会组织 1 519个"


def test_missing_evidence_names_file_record_and_evidence(tmp_path: Path) -> None:
    path = _gold(tmp_path, [_count("协会组织 1 519个"), _count("不存在的句子")])
    with pytest.raises(GoldError) as error:
        load_gold(path, TEXT)
    message = str(error.value)
    assert str(path) in message
    assert "record 1 (count)" in message
    assert "不存在的句子" in message


def test_extra_key_is_an_error(tmp_path: Path) -> None:
    path = _gold(tmp_path, [_count("协会组织 1 519个", start=3)])
    with pytest.raises(GoldError, match=r"record 0 \(count\): start: Extra inputs are not permitted"):
        load_gold(path, TEXT)


def test_unknown_qualifier_is_an_error(tmp_path: Path) -> None:
    record = _count("协会组织 1 519个")
    record["qualifier"] = "大约"
    with pytest.raises(GoldError, match=r"record 0 \(count\): qualifier"):
        load_gold(_gold(tmp_path, [record]), TEXT)


def test_malformed_json_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "doc_id": "x",\n  "records": [,]\n}', encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad.json: line 3, column 15: malformed JSON"):
        load_gold(path, TEXT)


def test_sample_gold_scores_perfectly_against_itself() -> None:
    score = score_folders(ROOT / "gold", ROOT / "gold", ROOT / "corpus")
    for record_type in score.gold_types:
        assert score.types[record_type]["strict"].f1 == 1.0
        assert score.types[record_type]["lenient"].f1 == 1.0
    assert {"organization", "count", "campaign", "award", "meeting", "document"} <= score.gold_types


def test_gold_written_from_the_contract_example_scores_without_conversion(tmp_path: Path) -> None:
    """The contract's own example, as another annotator would write it."""
    text_dir = tmp_path / "corpus"
    text_dir.mkdir()
    (text_dir / "jiamusi-2003-jishengxie.txt").write_text(
        (ROOT / "corpus" / "jiamusi-2003-jishengxie.txt").read_text(encoding="utf-8"), encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "jiamusi-2003-jishengxie.json").write_text(json.dumps({
        "doc_id": "jiamusi-2003-jishengxie",
        "guideline": 1,
        "chapter": {"title": "计划生育协会", "author": "李正伟",
                    "sections": ["组织建设", "抗击非典", "扶贫帮困", "协会活动"]},
        "records": [
            {"type": "count", "section": "组织建设", "evidence": "全市共有协会组织 1 519个",
             "value": 1519, "value_max": None, "unit": "个", "qualifier": None, "subject": "协会组织"},
            {"type": "campaign", "section": "组织建设", "evidence": "坚持“一好四建”的原则",
             "name": "一好四建", "kind": "原则", "expansion": ["选一个…好会长", "…"]},
        ],
    }, ensure_ascii=False), encoding="utf-8")
    score = score_folders(gold_dir, gold_dir, text_dir)
    assert score.micro("strict").tp == 2


def test_every_gold_file_validates() -> None:
    gold_dirs = [(ROOT / "gold", ROOT / "corpus")]
    if DEV_EXCERPTS.is_dir():
        gold_dirs += [(ROOT / "gold" / "dev", DEV_EXCERPTS), (ROOT / "gold" / "heldout", DEV_EXCERPTS)]
    for gold_dir, text_dir in gold_dirs:
        score = score_folders(gold_dir, gold_dir, text_dir)
        assert score.micro("strict").f1 == 1.0


@pytest.mark.skipif(not DEV_EXCERPTS.is_dir(), reason="../shared/dev is not present")
def test_dev_gold_has_at_least_eight_files() -> None:
    assert len(list((ROOT / "gold" / "dev").glob("*.json"))) >= 8


@pytest.mark.parametrize("version", [1, 2])
def test_gold_of_either_contract_version_loads(tmp_path: Path, version: int) -> None:
    loaded = load_gold(_gold(tmp_path, [_count("协会组织 1 519个")], guideline=version), TEXT)
    assert [record.record.value for record in loaded.records] == [1519]


def test_unknown_contract_version_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="guideline"):
        load_gold(_gold(tmp_path, [_count("协会组织 1 519个")], guideline=3), TEXT)
