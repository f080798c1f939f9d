"""`yearbook evaluate`: found from any folder, skipped gold sets named, source families scored
on their own and with their own lexicon entries left out."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from pipeline.evaluate import GoldSet, evaluate, family_entries, family_of, _documents


def _evaluate(cwd: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "evaluate", *options], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_runs_from_outside_the_checkout_on_the_checkouts_gold(tmp_path: Path) -> None:
    finished = _evaluate(tmp_path, "--sample-only", "--no-leave-one-out", "--min-f1", "0.9")
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith("ACCURACY (gold sets scored: sample)\n")
    assert "jiamusi-2003-jishengxie" in finished.stdout


def test_a_missing_sample_gold_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    finished = _evaluate(tmp_path, "--gold", "gold-typo", "--sample-only")
    assert finished.returncode == 1
    assert finished.stdout == ""
    assert finished.stderr == (f"Error: cannot score the sample gold set: gold folder {tmp_path / 'gold-typo'} not "
                               "found; run from a checkout of the project or pass --gold and --corpus\n")


def test_an_empty_sample_gold_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    finished = _evaluate(tmp_path, "--gold", "empty", "--sample-only")
    assert finished.returncode == 1
    assert f"no gold files (*.json) in {tmp_path / 'empty'}" in finished.stderr


def test_skipped_sets_are_named_and_min_f1_still_checks_the_sample(tmp_path: Path) -> None:
    finished = _evaluate(tmp_path, "--dev-text", "no-texts", "--no-leave-one-out", "--min-f1", "0.9")
    missing = tmp_path / "no-texts"
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr == (f"Warning: skipped gold set dev: text folder {missing} not found\n"
                               f"Warning: skipped gold set held-out: text folder {missing} not found\n")
    assert finished.stdout.splitlines()[:3] == [
        "ACCURACY (gold sets scored: sample)",
        f"  skipped gold set dev: text folder {missing} not found",
        f"  skipped gold set held-out: text folder {missing} not found",
    ]
    below = _evaluate(tmp_path, "--dev-text", "no-texts", "--no-leave-one-out", "--min-f1", "1.01")
    assert below.returncode == 1
    assert re.search(r"\nError: strict micro-F1 on the sample is [01]\.\d{4}, below the required 1\.0100\n$", below.stderr)


@pytest.mark.parametrize(("doc_id", "family"), [("gov-2026-beijing-a", "gov"), ("dongming-1992-keji", "dongming"),
                                                 ("sample", "sample")])
def test_the_family_is_the_doc_id_before_its_first_hyphen(doc_id: str, family: str) -> None:
    assert family_of(doc_id) == family


def _gold_set(folder: Path, chapters: dict[str, tuple[str, list[dict]]]) -> GoldSet:
    for doc_id, (text, records) in chapters.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        gold = {"doc_id": doc_id, "guideline": 2, "chapter": {}, "records": records}
        (folder / f"{doc_id}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return GoldSet("dev", folder, folder)


def _organization(name: str, evidence: str) -> dict:
    return {"type": "organization", "section": None, "evidence": evidence, "name": name}


@pytest.fixture
def two_families(tmp_path: Path) -> GoldSet:
    # 计生协 (an abbreviation of 计划生育协会) is a head in the lexicons; only family `aaa` uses it.
    return _gold_set(tmp_path, {
        "aaa-1": ("桦川县计生协开展宣传，县政府发放奖品。", [_organization("桦川县计生协", "桦川县计生协开展宣传"),
                                                  _organization("县政府", "县政府发放奖品")]),
        "bbb-1": ("县政府召开会议。", [_organization("县政府", "县政府召开会议")]),
    })


def test_entries_only_one_familys_texts_hold_are_that_familys(two_families: GoldSet) -> None:
    own = family_entries(list(_documents(two_families)), contract=None)
    assert "计生协" in own["aaa"]["extractors/data/org_suffixes.txt"]
    assert all("计生协" not in entries for entries in own["bbb"].values())


def test_entries_the_contract_names_are_not_withheld(two_families: GoldSet, tmp_path: Path) -> None:
    contract = tmp_path / "contract.md"
    contract.write_text("协会 (`省计生协`) …", encoding="utf-8")
    own = family_entries(list(_documents(two_families)), contract)
    assert "计生协" not in own["aaa"].get("extractors/data/org_suffixes.txt", [])


def test_a_family_scored_without_its_own_entries_loses_what_they_found(two_families: GoldSet) -> None:
    report = evaluate([two_families])
    assert report.families["aaa"].micro("strict").f1 == 1.0
    # 县政府 is still found (both families hold 政府), 桦川县计生协 is not: P 1, R 0.5.
    assert report.left_out["aaa"].without == {"micro": 2 / 3, "organization": 2 / 3}
    assert report.left_out["bbb"].without == {"micro": 1.0, "organization": 1.0}
    text = "\n".join(line for line in report.as_dict()["leave_one_family_out"])
    assert text == "aaa\nbbb"
