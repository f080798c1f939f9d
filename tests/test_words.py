"""The word layer: `cut_words` gives exactly jieba's words (with glued function characters
split off), on real chapters and on generated text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ROOT, SHARED
from pipeline.words import _unglue, cut_words, tokenizer


def jieba_words(text: str) -> list[str]:
    """The reference: jieba's own `cut` with its HMM, each word unglued."""
    return [piece for word in tokenizer().cut(text, HMM=True) for piece in _unglue(word)]


@pytest.mark.parametrize(("text", "words"), [
    ("由市贝雕厂承担", ["由", "市", "贝雕", "厂", "承担"]),  # jieba: 由市
    ("1987年市贝雕厂", ["1987", "年", "市", "贝雕", "厂"]),  # jieba: 年市
    ("向守岛部队赠送", ["向", "守岛", "部队", "赠送"]),  # jieba: 向守岛
    ("会员3 700多人。", ["会员", "3", " ", "700", "多人", "。"]),
    ("ABC公司2024年 营收", ["ABC", "公司", "2024", "年", " ", "营收"]),
    ("", []),
])
def test_words_of_examples(text: str, words: list[str]) -> None:
    assert cut_words(text) == words


def _chapters() -> list:
    paths = sorted((ROOT / "corpus").glob("*.txt"))
    if SHARED.is_dir():
        paths += sorted((SHARED / "dev").glob("*.txt"))
    return paths


@pytest.mark.parametrize("path", _chapters(), ids=lambda path: path.name)
def test_same_words_as_jieba_on_real_chapters(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert cut_words(text) == jieba_words(text)


def test_dev_texts_are_compared_when_present() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    assert len(_chapters()) > 1


# Characters that make jieba take every branch: dictionary words and their prefixes, unknown
# names for the HMM, function characters, digits, letters, symbols it keeps in a run, spaces
# and punctuation.
_ALPHABET = "计划生育协会会员全市共有个多人由市向守岛部队贝雕厂年在中华人民共和国北京张王李赵鑫淼" \
            "0123456789ABCxyz+#&._%-  \n\r\t，。、；：“”（）！?"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_same_words_as_jieba_on_generated_text(text: str) -> None:
    assert cut_words(text) == jieba_words(text)
