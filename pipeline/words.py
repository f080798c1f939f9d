"""Words: jieba's segmentation with the domain dictionary, its part-of-speech tags, and a
faster route to exactly the words `jieba.Tokenizer.cut(text, HMM=True)` gives.

jieba picks, for each run of Chinese, letters and digits, the split whose dictionary words have
the largest product of frequencies (a dynamic programme from the end of the run), breaking ties
towards the longer word; runs of single characters that are not a word together go to its HMM.
`cut_words` computes the same route in one pass per run, without building jieba's table of
every word at every position and with each word's log-frequency worked out once per process,
and hands the single-character runs to jieba's own HMM. It is faster than `Tokenizer.cut`
(benchmarks/throughput.py measures both) and gives the same words: tests/test_words.py holds
it to that on the corpus, the dev texts and generated text.

Then the words the HMM glued together from function characters and an unknown name are split
again (由市 → 由 市), see `_unglue`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import marshal
import math
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.withheld import withheld_entries


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """The jieba tokenizer with the domain dictionary, loaded once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    instance.load_userdict(io.BytesIO("\n".join(_domain_lines()).encode("utf-8")))
    return instance


def _domain_lines() -> list[str]:
    """The domain dictionary's entries, without its comment header (jieba reads no comments)."""
    text = resources.files("pipeline.data").joinpath("jieba_domain.txt").read_text(encoding="utf-8")
    withheld = withheld_entries("pipeline/data/jieba_domain.txt")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith("#") and line.split()[0] not in withheld]


def cut_words(text: str) -> list[str]:
    """The words of `text`, as `tokenizer().cut(text, HMM=True)` gives them, each unknown word
    the HMM made split off its leading or trailing function characters."""
    return _router().cut(text)


@lru_cache(maxsize=1)
def _router() -> _Router:
    return _Router(tokenizer())


class _Router:
    """jieba's dictionary route over a text, with the log-frequencies it needs kept. The
    dictionary is read as it is when the router is made: `tokenizer()` is never changed after
    it loads the domain dictionary (a word added later would not be seen here)."""

    def __init__(self, dictionary: Any) -> None:
        import jieba
        from jieba import finalseg

        dictionary.check_initialized()
        self._frequency: dict[str, int] = dictionary.FREQ  # every word, and every prefix with 0
        self._log_total = math.log(dictionary.total)
        self._log_frequency: dict[str, float] = {}
        self._hmm_cut = finalseg.cut
        self._runs = jieba.re_han_default  # what jieba routes: Chinese, letters, digits
        self._spaces = jieba.re_skip_default

    def cut(self, text: str) -> list[str]:
        words: list[str] = []
        for block in self._runs.split(text):
            if not block:
                continue
            if self._runs.match(block):
                self._route(block, words)
                continue
            for piece in self._spaces.split(block):
                if self._spaces.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)  # punctuation and symbols: one character a word
        return words

    def _route(self, run: str, words: list[str]) -> None:
        length = len(run)
        frequency, log_frequency, log_total = self._frequency, self._log_frequency, self._log_total
        # score[i]: the best log-probability of run[i:]; next_start[i]: where its first word ends.
        score = [0.0] * (length + 1)
        next_start = list(range(1, length + 2))
        lookup = frequency.get
        for start in range(length - 1, -1, -1):
            best: float | None = None
            end = start + 1
            word = run[start]
            count = lookup(word)
            while count is not None:  # None: no dictionary word starts with `word`
                if count:  # 0: `word` is only a prefix of longer words
                    weight = log_frequency.get(word)
                    if weight is None:
                        weight = log_frequency[word] = math.log(count) - log_total
                    candidate = weight + score[end]
                    if best is None or candidate >= best:  # a tie goes to the longer word
                        best, next_start[start] = candidate, end
                if end == length:
                    break
                end += 1
                word = run[start:end]
                count = lookup(word)
            # A character that starts no dictionary word stands alone with frequency 1.
            score[start] = best if best is not None else score[start + 1] - log_total
        singles: list[str] = []
        start = 0
        while start < length:
            end = next_start[start]
            if end - start == 1:
                singles.append(run[start])
            else:
                if singles:
                    self._add_singles("".join(singles), words)
                    singles = []
                words.append(run[start:end])
            start = end
        if singles:
            self._add_singles("".join(singles), words)

    def _add_singles(self, singles: str, words: list[str]) -> None:
        """A run of characters the route left single: one word if the dictionary knows it,
        otherwise as jieba's HMM groups it (unknown names), with glued function characters
        split off again."""
        if len(singles) == 1:
            words.append(singles)
        elif self._frequency.get(singles):
            words.extend(singles)
        else:
            for word in self._hmm_cut(singles):
                words.extend(_unglue(word))


def in_dictionary(word: str) -> bool:
    """Whether `word` is a word of jieba's dictionary or the domain dictionary (not only a
    prefix of one, and not a word jieba's HMM made up)."""
    return bool(tokenizer().FREQ.get(word))


def word_tag(word: str) -> str | None:
    """jieba's dictionary part-of-speech tag of a word (`ns` place, `nt` organization…), or None."""
    return _word_tags().get(word)


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """Word → part-of-speech tag from jieba's dictionary and the domain dictionary, read once
    and kept in a cache file beside jieba's own (parsing the dictionary takes about 0.4 s)."""
    import jieba

    dictionary = Path(jieba.__file__).with_name("dict.txt")
    domain = "\n".join(_domain_lines())
    key = hashlib.sha1(f"{dictionary.stat().st_mtime_ns}:{domain}".encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"yearbook-word-tags-{key}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    tags: dict[str, str] = {}
    for text in (dictionary.read_text(encoding="utf-8"), domain):
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    try:
        temporary = cache.with_suffix(f".{os.getpid()}.part")
        temporary.write_bytes(marshal.dumps(tags))
        os.replace(temporary, cache)
    except OSError:
        pass  # no cache: the next process parses the dictionary again
    return tags


@lru_cache(maxsize=1)
def _function_chars() -> frozenset[str]:
    text = resources.files("pipeline.data").joinpath("function_chars.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=200_000)
def _unglue(word: str) -> tuple[str, ...]:
    """Split function characters that jieba's HMM glued onto an unknown word: 由市 → 由 市,
    科在 → 科 在. Dictionary words are kept whole."""
    if len(word) < 2 or tokenizer().FREQ.get(word) is not None or word in _word_tags():
        return (word,)
    if word[0] in _function_chars():
        return (word[0], *_unglue(word[1:]))
    if word[-1] in _function_chars():
        return (*_unglue(word[:-1]), word[-1])
    return (word,)
