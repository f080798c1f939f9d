"""Record models of the annotation contract (../shared/spec/ANNOTATION.md, version 2).

Two families share one set of fields:

* gold records hold exactly the contract's keys; any other key is an error;
* extracted records add provenance: ``start``/``end`` (half-open character offsets into the
  chapter text as read), ``raw`` (that slice), ``rule`` (which rule produced it) and ``page``
  (for PDF input). Provenance is optional so that output of other tools scores too.

``GoldFile`` and ``ExtractionFile`` are the per-chapter documents written to disk.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

# Version 2 settled cases version 1 left open without changing a field, so gold of either
# version loads and scores as it is; output is written as version 2.
GUIDELINE_VERSION = 2
GuidelineVersion = Literal[1, 2]

Qualifier = Literal["多", "余", "近", "约", "以上", "以下", "左右", "超过", "不足"]
QUALIFIERS: tuple[str, ...] = Qualifier.__args__  # type: ignore[attr-defined]

RECORD_TYPES: tuple[str, ...] = (
    "organization",
    "count",
    "campaign",
    "award",
    "meeting",
    "document",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChapterInfo(_Strict):
    """The chapter record; a null field means the text does not say it and is not scored."""

    title: str | None = None
    author: str | None = None
    sections: list[str] | None = None


class _RecordBase(_Strict):
    section: str | None = Field(description="heading of the entry the record sits in")
    evidence: str = Field(min_length=1, description="verbatim clause of the chapter text")


class Organization(_RecordBase):
    type: Literal["organization"] = "organization"
    name: str = Field(min_length=1)


class Count(_RecordBase):
    type: Literal["count"] = "count"
    value: int | float
    value_max: int | float | None = None
    unit: str = Field(min_length=1)
    qualifier: Qualifier | None = None
    subject: str | None = None


class Campaign(_RecordBase):
    type: Literal["campaign"] = "campaign"
    name: str = Field(min_length=1)
    kind: str | None = None
    expansion: list[str] | None = None


class Award(_RecordBase):
    type: Literal["award"] = "award"
    recipient: str = Field(min_length=1)
    grantor: str | None = None
    title: str | None = None


class Meeting(_RecordBase):
    type: Literal["meeting"] = "meeting"
    name: str = Field(min_length=1)
    attendees: int | None = None


class Document(_RecordBase):
    type: Literal["document"] = "document"
    title: str = Field(min_length=1)
    issuer: str | None = None


class Provenance(BaseModel):
    """Where an extracted record comes from in the text as read."""

    start: int | None = Field(default=None, ge=0, description="first character, inclusive")
    end: int | None = Field(default=None, ge=0, description="last character, exclusive")
    raw: str | None = Field(default=None, description="text[start:end]")
    rule: str | None = Field(default=None, description="id of the rule that matched")
    page: int | None = Field(default=None, ge=1, description="PDF page of `start`")
    warnings: list[str] | None = Field(default=None, description="checks the record failed")


def _extracted(model: type[_RecordBase]) -> type[_RecordBase]:
    return create_model(
        f"Extracted{model.__name__}",
        __base__=(model, Provenance),
        __module__=__name__,
    )


ExtractedOrganization = _extracted(Organization)
ExtractedCount = _extracted(Count)
ExtractedCampaign = _extracted(Campaign)
ExtractedAward = _extracted(Award)
ExtractedMeeting = _extracted(Meeting)
ExtractedDocument = _extracted(Document)

EXTRACTED_MODELS: dict[str, type[_RecordBase]] = {
    "organization": ExtractedOrganization,
    "count": ExtractedCount,
    "campaign": ExtractedCampaign,
    "award": ExtractedAward,
    "meeting": ExtractedMeeting,
    "document": ExtractedDocument,
}

GoldRecord = Annotated[
    Union[Organization, Count, Campaign, Award, Meeting, Document],
    Field(discriminator="type"),
]
ExtractedRecord = Annotated[
    Union[
        ExtractedOrganization,  # type: ignore[valid-type]
        ExtractedCount,  # type: ignore[valid-type]
        ExtractedCampaign,  # type: ignore[valid-type]
        ExtractedAward,  # type: ignore[valid-type]
        ExtractedMeeting,  # type: ignore[valid-type]
        ExtractedDocument,  # type: ignore[valid-type]
    ],
    Field(discriminator="type"),
]


class GoldFile(_Strict):
    """A hand-annotated chapter: `gold/<doc_id>.json`."""

    doc_id: str = Field(min_length=1)
    guideline: GuidelineVersion = GUIDELINE_VERSION
    chapter: ChapterInfo = ChapterInfo()
    records: list[GoldRecord]


class ExtractionFile(_Strict):
    """The extractor's output for one chapter: `OUT/<doc_id>.json`, the gold shape plus provenance."""

    doc_id: str = Field(min_length=1)
    guideline: GuidelineVersion = GUIDELINE_VERSION
    chapter: ChapterInfo = ChapterInfo()
    records: list[ExtractedRecord]


# The fields that must be equal for a strict match (contract, section Scoring).
STRICT_KEYS: dict[str, tuple[str, ...]] = {
    "organization": ("name",),
    "count": ("value", "value_max", "unit", "qualifier"),
    "campaign": ("name",),
    "award": ("recipient", "grantor", "title"),
    "meeting": ("name",),
    "document": ("title",),
}
