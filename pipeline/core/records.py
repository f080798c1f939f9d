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
    confidence: float | None = Field(default=None, ge=0, le=1,
                                     description="how sure the trained model that found the record is (0 to 1)")
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


class TableCell(_Strict):
    """One cell of a table rebuilt from its layout: the text of the cell's lines joined without
    the layout's line breaks and padding, where it sits in the grid, and where it is in the text
    as read. A cell written over several lines is interleaved with its neighbours there, so
    `start` is where its first line's text begins and `end` where its last line's text ends."""

    text: str = Field(description="the cell's text, its wrapped lines joined; empty for an empty cell")
    column: int = Field(ge=0, description="first column the cell covers, from 0")
    row_span: int = Field(default=1, ge=1, description="rows the cell covers (a merged cell)")
    column_span: int = Field(default=1, ge=1, description="columns the cell covers (a merged cell)")
    start: int = Field(ge=0, description="first character of the cell's text, inclusive")
    end: int = Field(ge=0, description="last character of the cell's text, exclusive")


class Table(_Strict):
    """A table of the chapter (box-drawn or column-aligned), with its caption and notes. Tables
    hold no records (contract v2): their cells are data of their own."""

    caption: str | None = Field(default=None, description="the title line above the table (表3—2 …情况表)")
    notes: list[str] = Field(default_factory=list, description="unit lines and notes above or below it (单位：人, 注：…)")
    header: list[list[TableCell]] = Field(default_factory=list, description="header rows, each a list of cells")
    rows: list[list[TableCell]] = Field(default_factory=list, description="body rows, each a list of cells in column "
                                        "order; a merged cell sits in the first row it covers")
    start: int = Field(ge=0, description="first character of the table, its caption included")
    end: int = Field(ge=0, description="last character of the table, its notes included, exclusive")


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
    # Optional so that files of other tools and of earlier versions load as they are.
    tables: list[Table] = Field(default_factory=list, description="the chapter's tables, rebuilt as data")


# The fields that must be equal for a strict match (contract, section Scoring).
STRICT_KEYS: dict[str, tuple[str, ...]] = {
    "organization": ("name",),
    "count": ("value", "value_max", "unit", "qualifier"),
    "campaign": ("name",),
    "award": ("recipient", "grantor", "title"),
    "meeting": ("name",),
    "document": ("title",),
}
