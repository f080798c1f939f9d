"""The organization recognizer: training on small data, loading, tagging, and the training
command's inputs. The shipped model's own answers are tested through the extractor
(test_organizations_model.py); that it reproduces from `yearbook train orgs` takes minutes
and is checked by hand (see extractors/data/org_crf.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.org_model import FINALS_FILE, MODEL_FILE, Recognizer, decode
from pipeline.cli import main
from pipeline.core.errors import InputError, RuleFileError
from pipeline.training import TRAINING_FILES, labels, read_corpus, train, write_finals

# Written for these tests: bodies ending in 厂 and 社, and sentences without one.
SMALL = [
    ("青松机械厂扩建了车间", ((0, 5),)),
    ("工人们来自远航造船厂", ((5, 10),)),
    ("红星电器厂的产品出口", ((0, 5),)),
    ("今年雨水很多", ()),
    ("他们去了晨光出版社", ((4, 9),)),
    ("大家都很高兴", ()),
    ("新华印刷厂和晨光出版社合作", ((0, 5), (6, 11))),
    ("天气晴朗", ()),
] * 3


@pytest.fixture(scope="module")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("model")
    train(SMALL, folder / MODEL_FILE, log=lambda line: None)
    write_finals(SMALL, folder / FINALS_FILE)
    return folder


def test_labels_mark_names_and_keep_the_first_of_overlapping_spans() -> None:
    assert labels("市红星厂工会", ((1, 4), (3, 6))) == ["O", "B", "I", "I", "O", "O"]


def test_decode_reads_back_the_spans_labels_give() -> None:
    assert decode(labels("晨光出版社和红星厂", ((0, 5), (6, 9)))) == [(0, 5), (6, 9)]


def test_finals_are_the_most_frequent_name_ends_up_to_the_coverage(tmp_path: Path) -> None:
    assert write_finals(SMALL, tmp_path / FINALS_FILE, coverage=0.5) == 1
    lines = (tmp_path / FINALS_FILE).read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == ["厂"]
    assert write_finals(SMALL, tmp_path / FINALS_FILE, coverage=1.0) == 2


def test_recognizer_finds_the_names_it_was_trained_on(small_model: Path) -> None:
    found = Recognizer(small_model).propose("新华印刷厂和晨光出版社合作")
    assert [(name.start, name.end) for name in found] == [(0, 5), (6, 11)]
    assert all(0.5 < name.confidence <= 1 for name in found)


def test_recognizer_gives_offsets_into_the_whole_text_and_reads_only_the_range(small_model: Path) -> None:
    text = "天气晴朗，青松机械厂扩建了车间。红星电器厂的产品出口"
    found = Recognizer(small_model).propose(text, 0, 16)
    assert [text[name.start:name.end] for name in found] == ["青松机械厂"]


def test_clauses_without_a_name_ending_are_not_tagged(small_model: Path) -> None:
    assert Recognizer(small_model).propose("今年雨水很多，大家都很高兴") == []


def test_training_is_deterministic(small_model: Path, tmp_path: Path) -> None:
    train(SMALL, tmp_path / MODEL_FILE, log=lambda line: None)
    assert (tmp_path / MODEL_FILE).read_bytes() == (small_model / MODEL_FILE).read_bytes()


def test_a_missing_model_says_how_to_train_it(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="yearbook train orgs"):
        Recognizer(tmp_path)


def test_a_malformed_corpus_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text('{"text": "红星厂", "orgs": [[0, 3]]}\n{"text": "红星厂", "orgs": [[0, 9]]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2: an organization span lies outside the text"):
        read_corpus(path)


HELD_OUT = [("东风制药厂今年扩建厂房", ((0, 5),))]


def _write_corpora(root: Path) -> None:
    held_out = (("cluener2020", "dev.jsonl"), ("peoples_daily_1998", "dev.jsonl"))
    for folder, name in TRAINING_FILES + held_out:
        (root / folder).mkdir(parents=True, exist_ok=True)
        sentences = HELD_OUT if (folder, name) in held_out else SMALL
        lines = [json.dumps({"text": text, "orgs": [list(span) for span in spans]}, ensure_ascii=False)
                 for text, spans in sentences]
        (root / folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_command_writes_the_model_and_its_finals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_corpora(tmp_path / "corpora")
    assert main(["train", "orgs", "--corpora", str(tmp_path / "corpora"), "--out", str(tmp_path / "out"),
                 "--no-gold"]) == 0
    assert (tmp_path / "out" / MODEL_FILE).is_file()
    assert "青松机械厂" not in (tmp_path / "out" / FINALS_FILE).read_text(encoding="utf-8")
    found = Recognizer(tmp_path / "out").propose("青松机械厂扩建了车间")
    assert [(name.start, name.end) for name in found] == [(0, 5)]


def test_train_command_without_corpora_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "orgs", "--corpora", str(tmp_path / "none"), "--out", str(tmp_path / "out"), "--no-gold"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Error: ") and "none/msra/train.jsonl: corpus file not found" in error


def test_a_finals_file_without_characters_is_an_error(small_model: Path, tmp_path: Path) -> None:
    (tmp_path / MODEL_FILE).write_bytes((small_model / MODEL_FILE).read_bytes())
    (tmp_path / FINALS_FILE).write_text("# no characters\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="org_crf_finals.txt: lists no character; train the model again"):
        Recognizer(tmp_path)
