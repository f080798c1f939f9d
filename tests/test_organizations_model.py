"""The shipped organization recognizer beside the rules: it proposes, the rules decide.

Sentences written for these tests, in the style of county yearbooks. Each case checks what the
model alone proposes, so that a case keeps testing the hybrid when the model is retrained.
"""

from __future__ import annotations

import spacy

import extractors.spacy_component  # noqa: F401  (registers the factory without installing)
from extractors import org_model, organizations
from helpers import records_of
from pipeline.segment import segment


def proposed(text: str) -> list[str]:
    return [text[name.start:name.end] for name in org_model.propose(text)]


def test_the_model_finds_a_company_the_rules_cannot_begin() -> None:
    text = "新光服装公司今年扩大生产。"
    assert list(organizations.extract(segment("t", text), with_model=False)) == []
    [record] = records_of(text, "organization")
    assert (record.name, record.rule) == ("新光服装公司", "organization.model")
    assert 0.5 <= record.confidence <= 1


def test_the_rules_decide_what_the_model_proposes() -> None:
    text = "镇卫生院设团支部。"
    assert proposed(text) == ["镇卫生院设团支部"]
    assert records_of(text, "organization") == []  # cut after the verb 设: a bare organ


def test_a_name_the_rules_find_is_theirs() -> None:
    text = "组建了远洋渔业公司。"
    assert proposed(text) == ["远洋渔业公司"]
    assert [(r.name, r.rule, r.confidence) for r in records_of(text, "organization")] == [
        ("远洋渔业公司", "organization.head", None)]


def test_the_spacy_component_gives_the_models_names_as_entities() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("yearbook")
    doc = nlp("新光服装公司今年扩大生产，镇卫生院设团支部。")
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("新光服装公司", "ORG"), ("镇卫生院设团支部", "ORG")]
