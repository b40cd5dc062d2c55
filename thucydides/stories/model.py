"""The records of story linking: what goes in (`StoryInput`, `ReportedEvent`, `ReportedQuote`) and what comes out
(`Story`, `DuplicateLink`, `Incident`, `Contradiction`, `QuoteLink`).

They live here rather than in thucydides/model.py because only this subpackage, the store and the CLI use them.
Serialise them with `thucydides.model.to_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Relation = Literal["original", "reprint", "translation", "related"]
ContradictionKind = Literal["date", "negation", "stance"]


@dataclass(frozen=True)
class StoryInput:
    """What story clustering and duplicate detection know of one article (built from the store or from an
    `ArticleResult`): its text and the canonical names, dyads and dates extracted from it."""

    article_id: str
    text: str
    published: date | None = None
    source: str | None = None
    title: str | None = None
    actors: tuple[str, ...] = ()  # canonical names of resolved mentions ("Antony Blinken", "China")
    names: tuple[str, ...] = ()  # surface text of named mentions, resolved or not ("Tara Reid", "Malibu")
    dyads: tuple[str, ...] = ()  # "USA->CHN" per event
    dates: tuple[str, ...] = ()  # event dates from the text (not the publication date), ISO at their precision
    processed: date | None = None  # the day it was processed: what dates it in story placement when undated


@dataclass(frozen=True)
class DuplicateLink:
    """An article that copies another: a reprint (high word overlap) or a machine-translated/spun copy (same story,
    low overlap, garbled names or translation artefacts). `duplicate_of` is None for a translated copy whose
    original is not in the store."""

    article_id: str
    duplicate_of: str | None
    relation: Literal["reprint", "translation"]
    similarity: float  # estimated Jaccard of word shingles (reprint) or share of aligned sentences (translation)
    signals: tuple[str, ...] = ()  # why a translation was flagged: "garbled name: Antoni Blinkin ~ Antony Blinken", ...


@dataclass(frozen=True)
class StoryAssignment:
    """One article's place in a story."""

    article_id: str
    story_id: str
    relation: Relation
    duplicate_of: str | None
    similarity: float | None  # to the story when it joined it (None for the article that started it)
    signals: tuple[str, ...] = ()


@dataclass
class Story:
    """Articles about the same real-world story."""

    story_id: str
    label: str
    first_published: date | None
    last_published: date | None
    article_ids: list[str] = field(default_factory=list)
    article_count: int = 0
    source_count: int = 0


@dataclass(frozen=True)
class ReportedEvent:
    """An event as one article reports it: the fields incident merging compares, plus provenance."""

    event_id: str
    article_id: str
    event_type: str
    source_code: str | None
    target_code: str | None
    date: str | None
    date_precision: str | None
    date_basis: str | None
    mode: str | None = None
    source_name: str | None = None
    source_kind: str | None = None
    target_name: str | None = None
    target_kind: str | None = None
    negated: bool = False
    hypothetical: bool = False
    location: str | None = None
    outlet: str | None = None  # the article's source (publisher)
    published: date | None = None
    sentence: str = ""
    trigger: str = ""
    modality: str | None = None  # None: asserted; else denied, unverified or claimed (not a happening)
    date_earliest: str | None = None  # bounds of an event dated only relative to something (ISO days)
    date_latest: str | None = None


@dataclass(frozen=True)
class Contradiction:
    """Reports of one incident (or of two facing incidents, for `stance`) that disagree."""

    kind: ContradictionKind
    detail: str
    event_ids: tuple[str, ...]
    values: tuple[str, ...] = ()


@dataclass
class Incident:
    """One real-world happening, merged from the events of several reports."""

    incident_id: str
    story_id: str
    event_type: str
    mode: str | None
    source_code: str | None
    source_name: str | None
    target_code: str | None
    target_name: str | None
    date: str | None
    date_precision: str | None
    article_count: int
    source_count: int
    first_article_id: str
    first_published: date | None
    members: list[ReportedEvent] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)


@dataclass(frozen=True)
class ReportedQuote:
    quote_id: str
    article_id: str
    text: str
    speaker_name: str | None = None
    speaker_code: str | None = None
    speaker_text: str | None = None


@dataclass(frozen=True)
class QuoteVersion:
    """One outlet's version of a linked quote, with its speaker attribution as that article gives it."""

    quote_id: str
    article_id: str
    text: str
    speaker_name: str | None
    speaker_code: str | None
    speaker_text: str | None
    similarity: float  # to the first version (rapidfuzz score, 0-100)


@dataclass
class QuoteLink:
    """The same quotation reported by several articles of one story."""

    link_id: str
    story_id: str
    versions: list[QuoteVersion] = field(default_factory=list)
