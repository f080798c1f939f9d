"""The extractors as a spaCy component."""

from __future__ import annotations

import spacy

import extractors.spacy_component  # noqa: F401  (registers the factory without installing)


def test_component_fills_doc_spans_with_records() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("yearbook")
    doc = nlp("【组织建设】 全市共有协会组织 1 519个,市计生协会被省计生协评为全省协会工作先进集体。")
    spans = doc.spans["yearbook"]
    assert [(span.label_, span.text) for span in spans] == [
        ("count", "1 519个"),
        ("organization", "市计生协会"),
        ("award", "市计生协会被省计生协评为全省协会工作先进集体"),
        ("organization", "省计生协"),
    ]
    award = spans[2]._.yearbook_record
    assert (award.recipient, award.grantor, award.title) == ("市计生协会", "省计生协", "全省协会工作先进集体")
    assert doc._.yearbook_chapter.sections == ["组织建设"]


def test_a_record_broken_by_a_line_wrap_is_one_span_of_the_text_as_read() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("yearbook")
    doc = nlp("科学技术\n    1981年，全县有科普员46\n0人。\n")
    [span] = [span for span in doc.spans["yearbook"] if span.label_ == "count"]
    assert (span.text, span._.yearbook_record.value) == ("46\n0人", 460)
