"""Accuracy floors: the extraction scored against the gold must not fall below the numbers
committed in tests/accuracy_floor.json (CI runs this with the rest of the suite)."""

from __future__ import annotations

import json

import pytest

from helpers import DEV_EXCERPTS, ROOT
from pipeline.evaluate import GoldSet, evaluate

FLOOR = json.loads((ROOT / "tests" / "accuracy_floor.json").read_text(encoding="utf-8"))


def test_sample_strict_micro_f1_stays_above_the_floor() -> None:
    report = evaluate([GoldSet("sample", ROOT / "gold", ROOT / "corpus")])
    assert report.per_set["sample"].micro("strict").f1 >= FLOOR["sample_strict_micro_f1"]


@pytest.mark.skipif(not DEV_EXCERPTS.is_dir(), reason="../shared/dev is not present")
def test_each_dev_family_stays_above_its_floor_with_every_type_reported() -> None:
    report = evaluate([GoldSet("dev", ROOT / "gold" / "dev", DEV_EXCERPTS)], leave_one_out=False)
    floors = FLOOR["dev_family_strict_micro_f1"]
    assert set(report.families) == set(floors)  # a new family of gold comes with its floor
    measured = {family: round(score.micro("strict").f1, 3) for family, score in report.families.items()}
    assert {family: f1 for family, f1 in measured.items() if f1 < floors[family]} == {}
    assert report.per_set["dev"].gold_types == {"organization", "count", "campaign", "award", "meeting", "document"}


@pytest.mark.skipif(not DEV_EXCERPTS.is_dir(), reason="../shared/dev is not present")
def test_held_out_strict_micro_f1_stays_above_the_floor() -> None:
    report = evaluate([GoldSet("held-out", ROOT / "gold" / "heldout", DEV_EXCERPTS, held_out=True)], leave_one_out=False)
    assert report.per_set["held-out"].micro("strict").f1 >= FLOOR["heldout_strict_micro_f1"]
    assert report.as_dict()["error_patterns"] == []  # its errors are not shown to rule writers


def test_report_shows_baselines_and_per_document_rows() -> None:
    report = evaluate([GoldSet("sample", ROOT / "gold", ROOT / "corpus")])
    assert set(report.baselines) == {"jieba nt → organization", "model alone → organization", "rules alone → organization",
                                     "regex number+measure → count"}
    assert list(report.score.documents) == ["jiamusi-2003-jishengxie"]
    data = report.as_dict()
    assert data["error_patterns"][0]["count"] >= 1
