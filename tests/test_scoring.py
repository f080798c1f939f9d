"""The scorer against numbers computed by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.gold import load_gold, load_prediction
from pipeline.scoring import Score, char_overlap_f1, score_chapter

TEXT = "市计生协会召开会议。全市共有协会组织 1 519个,发放宣传单5万余份。农行贷款20余万元。"


def _write(path: Path, records: list[dict], chapter: dict | None = None) -> Path:
    path.write_text(json.dumps({"doc_id": "t", "guideline": 1, "chapter": chapter or {}, "records": records},
                               ensure_ascii=False), encoding="utf-8")
    return path


def _org(name: str, evidence: str) -> dict:
    return {"type": "organization", "section": None, "evidence": evidence, "name": name}


def _count(value, unit, qualifier, evidence, subject=None) -> dict:
    return {"type": "count", "section": None, "evidence": evidence, "value": value, "value_max": None,
            "unit": unit, "qualifier": qualifier, "subject": subject}


def _score(tmp_path: Path, gold: list[dict], pred: list[dict], gold_chapter=None, pred_chapter=None) -> Score:
    gold_file = load_gold(_write(tmp_path / "g.json", gold, gold_chapter), TEXT)
    pred_file = load_prediction(_write(tmp_path / "p.json", pred, pred_chapter), TEXT)
    score = Score()
    score_chapter(gold_file, pred_file, score)
    return score


def test_strict_and_lenient_counts_by_hand(tmp_path: Path) -> None:
    gold = [
        _org("市计生协会", "市计生协会召开会议"),
        _org("农行", "农行贷款20余万元"),
        _count(1519, "个", None, "全市共有协会组织 1 519个", "协会组织"),
        _count(50000, "份", "余", "发放宣传单5万余份", "宣传单"),
        _count(200000, "元", "余", "农行贷款20余万元", "贷款"),
    ]
    pred = [
        _org("市计生协会", "市计生协会召开会议"),  # tp
        _org("计生协会", "市计生协会召开会议"),  # strict fp; lenient: overlaps but gold already taken
        _count(1519, "个", None, "1 519个", "协会组织"),  # tp
        _count(5, "份", "余", "宣传单5万余份", "宣传单"),  # strict fp + fn; lenient tp
        _count(200000, "元", None, "20余万元"),  # strict fp + fn (qualifier); lenient tp
    ]
    score = _score(tmp_path, gold, pred)
    organization = score.types["organization"]
    assert (organization["strict"].tp, organization["strict"].fp, organization["strict"].fn) == (1, 1, 1)
    assert (organization["lenient"].tp, organization["lenient"].fp, organization["lenient"].fn) == (1, 1, 1)
    count = score.types["count"]
    assert (count["strict"].tp, count["strict"].fp, count["strict"].fn) == (1, 2, 2)
    assert (count["lenient"].tp, count["lenient"].fp, count["lenient"].fn) == (3, 0, 0)
    micro = score.micro("strict")
    # tp 2, fp 3, fn 3: precision 2/5, recall 2/5, F1 0.4.
    assert (micro.tp, micro.fp, micro.fn) == (2, 3, 3)
    assert micro.precision == pytest.approx(0.4)
    assert micro.recall == pytest.approx(0.4)
    assert micro.f1 == pytest.approx(0.4)
    lenient = score.micro("lenient")
    # tp 4, fp 1, fn 1: P = R = F1 = 0.8.
    assert lenient.f1 == pytest.approx(0.8)
    assert score.fields["count.subject"].total == 1
    assert score.fields["count.subject"].accuracy == pytest.approx(1.0)


def test_keys_compare_after_nfkc_whitespace_and_quotes(tmp_path: Path) -> None:
    gold = [{"type": "campaign", "section": None, "evidence": "市计生协会召开会议", "name": "“十进”社区",
             "kind": None, "expansion": None}]
    pred = [{"type": "campaign", "section": None, "evidence": "市计生协会召开会议", "name": "「十进」 社区",
             "kind": "活动", "expansion": None}]
    score = _score(tmp_path, gold, pred)
    assert score.types["campaign"]["strict"].tp == 1
    assert score.fields["campaign.kind"].accuracy == 0.0


def test_one_to_one_matching_of_duplicates(tmp_path: Path) -> None:
    gold = [_count(1519, "个", None, "全市共有协会组织 1 519个")]
    pred = [_count(1519, "个", None, "1 519个"), _count(1519, "个", None, "1 519个")]
    strict = _score(tmp_path, gold, pred).types["count"]["strict"]
    assert (strict.tp, strict.fp, strict.fn) == (1, 1, 0)


def test_chapter_fields_exact_and_null_not_scored(tmp_path: Path) -> None:
    score = _score(tmp_path, [], [], {"title": "计划生育协会", "author": None, "sections": ["组织建设"]},
                   {"title": "计划生育协会", "author": "李正伟", "sections": ["组织建设", "协会活动"]})
    assert score.chapter["title"].accuracy == 1.0
    assert score.chapter["sections"].accuracy == 0.0
    assert "author" not in score.chapter


@pytest.mark.parametrize("gold,pred,expected", [
    ("协会组织", "协会组织", 1.0),
    ("协会组织", "组织", 2 * (1.0 * 0.5) / 1.5),
    ("宣传单", None, 0.0),
    (None, None, 1.0),
])
def test_char_overlap_f1(gold, pred, expected) -> None:
    assert char_overlap_f1(gold, pred) == pytest.approx(expected)
