"""Organization names proposed by a trained character model.

One question: which spans of a text are organization names, and with what confidence. The
model is a linear-chain CRF over characters (python-crfsuite) shipped as package data,
`extractors/data/org_crf.crfsuite`; its card, `extractors/data/org_crf.md`, says what it was
trained on, with which settings and how well it does, and how to train it again
(`yearbook train orgs`). It is loaded once per process, on first use.

The model reads only the clauses that hold a character that ends names in its training data
(`org_crf_finals.txt`, written with the model): a clause without one holds no name the model
could find, and most clauses of a chapter are skipped at the cost of one regex search.

The features of a character are the characters around it: each of the five in a window of
two either side, and the four pairs of neighbours in that window. Training and tagging call
the same `char_features`, so they cannot drift apart.

>>> char_features("省政府")[1]
['-2^', '-1省', '0政', '+1府', '+2$', 'b-2^省', 'b-1省政', 'b+1政府', 'b+2府$']
>>> decode(["O", "B", "I", "I", "O", "I", "B"])
[(1, 4), (5, 6), (6, 7)]
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from pipeline.core.errors import RuleFileError

MODEL_FILE = "org_crf.crfsuite"
FINALS_FILE = "org_crf_finals.txt"
# Names never hold clause punctuation, so the model reads clause by clause.
_CLAUSE = re.compile(r"[^，。；：！？,;:!?\n]+")
# Labels: B begins a name, I continues it, O is outside any name.
BEGIN, INSIDE, OUTSIDE = "B", "I", "O"
_BEFORE, _AFTER = "^", "$"

# Full-width ASCII (Ａ, １, ％) read as its half-width form, capitals as small letters and every
# digit as 0, so that the model sees one form of what printers and keyboards write in several.
# Each character maps to one character: offsets into the normalised text are offsets into the text.
def _ascii_form(char: str) -> str:
    return "0" if char.isdigit() else char.lower()


_NORMAL_FORM = str.maketrans(
    {chr(code): _ascii_form(chr(code)) for code in range(0x21, 0x7F)}
    | {chr(code): _ascii_form(chr(code - 0xFEE0)) for code in range(0xFF01, 0xFF5F)}
    | {"\u3000": " "}
)


def normalised(text: str) -> str:
    return text.translate(_NORMAL_FORM)


def char_features(text: str) -> list[list[str]]:
    """The features of each character of `text`, one list per character."""
    chars = [_BEFORE, _BEFORE, *normalised(text), _AFTER, _AFTER]
    n = len(text)
    far_left, left, centre, right, far_right = (chars[k:k + n] for k in range(5))
    return [
        ["-2" + a, "-1" + b, "0" + c, "+1" + d, "+2" + e,
         "b-2" + a + b, "b-1" + b + c, "b+1" + c + d, "b+2" + d + e]
        for a, b, c, d, e in zip(far_left, left, centre, right, far_right)
    ]


def decode(labels: list[str]) -> list[tuple[int, int]]:
    """Half-open spans of the names in a label sequence; an I with no B before it begins one."""
    spans = []
    start = None
    for index, label in enumerate(labels):
        if label == INSIDE and start is not None:
            continue
        if start is not None:
            spans.append((start, index))
            start = None
        if label != OUTSIDE:
            start = index
    if start is not None:
        spans.append((start, len(labels)))
    return spans


@dataclass(frozen=True)
class ProposedName:
    """A span the model reads as an organization name; `confidence` is the lowest marginal
    probability of the labels that make it (0 to 1)."""

    start: int
    end: int
    confidence: float


class Recognizer:
    """A trained model and its finals, read from a folder holding `MODEL_FILE` and `FINALS_FILE`."""

    def __init__(self, folder: Traversable) -> None:
        import pycrfsuite

        for name in (MODEL_FILE, FINALS_FILE):
            if not folder.joinpath(name).is_file():
                raise RuleFileError("the organization model is not installed; train it with `yearbook train orgs "
                                    "--corpora ../shared/corpora` (see extractors/data/org_crf.md)",
                                    path=str(folder.joinpath(name)))
        finals = [line.strip() for line in folder.joinpath(FINALS_FILE).read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")]
        if not finals:
            raise RuleFileError("lists no character; train the model again", path=str(folder.joinpath(FINALS_FILE)))
        self._finals = re.compile("[" + "".join(map(re.escape, finals)) + "]")
        self._tagger = pycrfsuite.Tagger()
        with resources.as_file(folder.joinpath(MODEL_FILE)) as path:
            self._tagger.open(str(path))
        self._lock = threading.Lock()  # a crfsuite tagger holds the last sequence it tagged

    def propose(self, text: str, start: int = 0, end: int | None = None) -> list[ProposedName]:
        """The organization names in text[start:end], in text order, with offsets into `text`."""
        found = []
        with self._lock:
            for clause in _CLAUSE.finditer(text, start, len(text) if end is None else end):
                if self._finals.search(normalised(clause.group())):
                    found += self._tag(clause.group(), clause.start())
        return found

    def _tag(self, text: str, offset: int) -> list[ProposedName]:
        labels = self._tagger.tag(char_features(text))
        return [ProposedName(offset + start, offset + end,
                             min(self._tagger.marginal(labels[i], i) for i in range(start, end)))
                for start, end in decode(labels)]


_loading = threading.Lock()
_shipped: list[Recognizer] = []


def propose(text: str, start: int = 0, end: int | None = None) -> list[ProposedName]:
    """The names the shipped model finds in text[start:end], loading it on first use."""
    with _loading:
        if not _shipped:
            _shipped.append(Recognizer(resources.files("extractors.data")))
    return _shipped[0].propose(text, start, end)
