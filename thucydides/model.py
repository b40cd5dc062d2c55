"""The data model: every record that crosses a stage boundary is defined here.

Records are plain dataclasses so that they serialise with `dataclasses.asdict` and stay cheap to build on the
hot path. Field names of `Event`, `Quote` and their nested records are a public contract (the JSONL output of
the CLI): change them only with a deprecation note.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

ActorKind = Literal["country", "person", "organization", "group"]
DatePrecision = Literal["day", "month", "year"]
DateBasis = Literal["text", "anaphora", "article", "unresolved", "bounded"]  # anaphora: a later mention of an event dated earlier; unresolved: the sentence dates it in words we cannot resolve (date is None); bounded: only date_earliest/date_latest are known (date is None)
# None: reported as fact; denied: the report is denied in its sentence; unverified: unconfirmed or unverifiable;
# claimed: somebody's allegation (critics say ...). Only asserted events (None) are happenings.
Modality = Literal["denied", "unverified", "claimed"]


@dataclass(frozen=True)
class Actor:
    """A canonical political actor, the thing a mention resolves to."""

    name: str
    code: str | None  # ISO 3166-1 alpha-3, or an IGO acronym (UN, EU, NATO, ...)
    sector: str | None  # PLOVER sector code: GOV, MIL, LEG, JUD, COP, OPP, REB, CVL, JRN, BUS, IGO, ...
    kind: ActorKind
    role: str | None = None  # e.g. "Secretary of State"; None for countries

    @property
    def key(self) -> str:
        """Stable identity used to join mentions of the same actor."""
        return f"{self.kind}:{self.code or '-'}:{self.sector or '-'}:{self.name}"


@dataclass(frozen=True)
class ActorRef:
    """An actor as it appears in an output row: the mention text plus its canonical fields."""

    text: str
    name: str | None
    code: str | None
    sector: str | None
    kind: str | None
    role: str | None

    @classmethod
    def of(cls, text: str, actor: Actor | None) -> ActorRef:
        if actor is None:
            return cls(text=text, name=None, code=None, sector=None, kind=None, role=None)
        return cls(text=text, name=actor.name, code=actor.code, sector=actor.sector, kind=actor.kind, role=actor.role)


@dataclass(frozen=True)
class ActorMention:
    """One mention of an actor in an article's cleaned text (character offsets into that text)."""

    text: str
    start: int
    end: int
    sentence_index: int
    actor: Actor | None  # None: seen but not resolvable; never guessed
    method: str  # how it was resolved: country, demonym, capital, igo, registry, title, coref, unresolved


@dataclass(frozen=True)
class ResolvedDate:
    """A calendar date resolved from text (or the article date)."""

    value: date
    precision: DatePrecision
    basis: DateBasis
    text: str | None  # the expression in the sentence, None when basis == "article"
    start: int | None = None
    end: int | None = None

    @property
    def iso(self) -> str:
        """ISO string at the record's precision: 2022-03-05, 2022-03 or 2022."""
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    start: int | None = None
    end: int | None = None
    population: int | None = None  # from the gazetteer: a large place is rarely a namesake


@dataclass(frozen=True)
class Removal:
    """A stretch of input removed by cleaning, with the reason. Offsets are into the raw text."""

    start: int
    end: int
    reason: str  # comment-prompt, donation-appeal, author-bio, photo-caption, share-line, ..., mojibake
    text: str
    replacement: str = ""  # what the cleaned text has instead ("’" for the mojibake "â€™"); "" for a removal


@dataclass(frozen=True)
class Speaker:
    text: str
    name: str | None
    code: str | None
    sector: str | None


@dataclass
class Quote:
    id: str
    article_id: str
    text: str
    speaker: Speaker | None
    cue: str | None
    span: tuple[int, int]  # offsets of the quoted content in the cleaned text
    sentence_index: int = 0


@dataclass(frozen=True)
class EvidenceSpan:
    """One mention of an event in its article ("a call on Friday ... the call ... during that conversation")."""

    sentence_index: int
    span: tuple[int, int]  # offsets of the sentence in the cleaned text
    trigger: str
    trigger_span: tuple[int, int] | None
    sentence: str


@dataclass
class Event:
    id: str
    article_id: str
    sentence: str
    sentence_index: int
    span: tuple[int, int]  # offsets of the sentence in the cleaned text
    event_type: str
    mode: str | None
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    source: ActorRef
    target: ActorRef | None
    date: str | None
    date_precision: str | None
    date_basis: str | None
    date_text: str | None
    location: Place | None
    negated: bool
    hypothetical: bool
    trigger: str
    rule: str
    confidence: float
    quote_id: str | None = None
    trigger_span: tuple[int, int] | None = None
    # bounds of an event the text places only relative to something (ISO days, inclusive): "since February",
    # "after the invasion", "earlier"; either may be None (open)
    date_earliest: str | None = None
    date_latest: str | None = None
    modality: Modality | None = None
    # every mention of this one happening in the article, first to last (the first is the record's own sentence)
    mentions: list[EvidenceSpan] = field(default_factory=list)


@dataclass
class Article:
    """An article as ingested: raw text plus metadata. `text` is filled in by cleaning."""

    id: str
    raw_text: str
    published: date | None = None
    source: str | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = None
    path: str | None = None
    text: str | None = None  # cleaned text, the one all offsets refer to
    removals: list[Removal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # caveats met on the way (bytes replaced, HTML flattened)

    @property
    def content_hash(self) -> str:
        """Hash of the text AND the metadata that shape the records (a corrected `published` re-dates every
        relative date), so that a re-run re-processes an article whose manifest entry was corrected."""
        import hashlib

        meta = (self.published.isoformat() if self.published else "", self.title or "", self.source or "",
                self.url or "", self.language or "")
        payload = "\x1f".join((self.raw_text, *meta))  # ASCII unit separator between the fields
        return hashlib.sha256(payload.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Skipped:
    """An input that produced no article, and why. Nothing is dropped without one of these."""

    input: str  # path, or path:line for JSONL
    reason: str


@dataclass
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    mentions: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def to_dict(record: Any) -> dict[str, Any]:
    """JSON-ready dict of a record (dates as ISO strings, tuples as lists)."""

    def fix(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value

    return fix(asdict(record))


@dataclass
class RunSummary:
    """What a run did: read, skipped (with reasons), already stored, and what it extracted."""

    articles_read: int = 0
    articles_processed: int = 0
    articles_unchanged: int = 0  # already in the store with the same content hash
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)  # read, but extraction raised: the run went on
    flagged: list[Skipped] = field(default_factory=list)  # stored, with a caveat (Article.notes)
    events: int = 0
    quotes: int = 0
    mentions: int = 0
    top_dyads: list[tuple[str, int]] = field(default_factory=list)  # ("USA->CHN", 12)
    seconds: float = 0.0
