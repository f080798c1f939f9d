"""The extractors as a spaCy pipeline component.

    import spacy
    nlp = spacy.blank("zh")
    nlp.add_pipe("yearbook")
    doc = nlp(chapter_text)
    doc.spans["yearbook"]        # one span per record, labelled with its type
    span._.yearbook_record       # the validated record of a span (offsets into doc.text)
    doc._.yearbook_chapter       # title, author and sections
    doc.ents                     # the names the organization recognizer proposes, label ORG

The component segments the text its own way (once, as the CLI does) and maps each record's
character offsets onto the spaCy tokens, widening to token boundaries where they differ.
`doc.ents` holds what the trained recognizer alone reads as names (extractors/org_model.py),
before the contract's rules decide them, so spaCy users get the usual ORG entity layer.
The factory is registered through the `spacy_factories` entry point, so `add_pipe` finds it
once the package is installed.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors import extract_chapter_info, extract_records, org_model
from pipeline.segment import segment

SPAN_KEY = "yearbook"

if not Span.has_extension("yearbook_record"):
    Span.set_extension("yearbook_record", default=None)
if not Doc.has_extension("yearbook_chapter"):
    Doc.set_extension("yearbook_chapter", default=None)


class YearbookComponent:
    """Annotates a Doc with the records of its text."""

    def __init__(self, span_key: str = SPAN_KEY) -> None:
        self.span_key = span_key

    def __call__(self, doc: Doc) -> Doc:
        chapter = segment(doc.user_data.get("doc_id", "doc"), doc.text)
        spans = []
        for record in extract_records(chapter):
            span = doc.char_span(record.start, record.end, label=record.type, alignment_mode="expand")
            if span is None:
                continue
            span._.yearbook_record = record
            spans.append(span)
        doc.spans[self.span_key] = spans
        names = [doc.char_span(name.start, name.end, label="ORG", alignment_mode="expand")
                 for sentence in chapter.sentences for name in org_model.propose(chapter.text, sentence.start, sentence.end)]
        doc.ents = filter_spans([name for name in names if name is not None])  # widened names may overlap
        doc._.yearbook_chapter = extract_chapter_info(chapter)
        return doc


@Language.factory("yearbook", default_config={"span_key": SPAN_KEY})
def make_yearbook_component(nlp: Language, name: str, span_key: str) -> Any:
    return YearbookComponent(span_key)
