"""Direct-quote extraction and attribution against PolNeAR (polnear_quotes_dev.jsonl).

    scores = evaluate(Path("../shared/eval/polnear_quotes_dev.jsonl"))   # QuoteScores

Each article's raw text (not cleaned, so that the gold offsets hold) is parsed by spaCy with the actors and
quotes components (`build_pipeline(components=("thucydides_actors", "thucydides_quotes"))`, or the given
pipeline's spaCy object); the quotes component's extractor gives each Quote with its speaker's offsets.

Scoring rules
-------------
- Gold: attributions flagged `content_is_direct_quote` (content, source and cue as character spans; a split
  quotation is one attribution with several content spans).
- recall (direct quotes found): gold direct quotations overlapped by at least one of our Quote spans.
- speaker accuracy, over the found quotations that have a gold source: right when a Quote overlapping the
  quotation has a speaker phrase overlapping the gold source span. When the gold source is a pronoun (he, she,
  they, ...), what counts is the antecedent we resolved it to: right when the resolved name (`Speaker.name`, or
  the speaker phrase when it is itself a name) shares a capitalised word with the gold antecedent. PolNeAR has
  no coreference, so the gold antecedent is approximated as the nearest gold source before the pronoun that is
  not a pronoun. A pronoun left unresolved is wrong.
- speaker span overlap (the older figure): the overlap test alone, for pronouns too.
- pronoun antecedent accuracy: the pronoun part of the speaker accuracy on its own.
- precision: our Quotes overlapping a gold direct quotation; looser, overlapping any gold attribution content
  (PolNeAR flags a partial quotation inside reported speech as indirect).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import Metric, Ratio, overlaps, ratio_metric, read_jsonl, require_fields

if TYPE_CHECKING:
    from spacy.language import Language

    from ..pipeline import Pipeline
    from ..quotes import Attribution

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]+")
_NOT_NAMES = frozenset({"The", "A", "An", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "He", "She", "They",
                        "It", "We", "I"})


def _spans(raw: list[list[int]]) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in raw)


@dataclass(frozen=True)
class GoldAttribution:
    source: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]
    source_text: str
    content_text: str
    direct: bool

    @property
    def pronoun_source(self) -> bool:
        return self.source_text.strip().lower() in PRONOUNS


def parse_attributions(record: dict[str, Any]) -> list[GoldAttribution]:
    return [GoldAttribution(source=_spans(a["source"]), content=_spans(a["content"]),
                            source_text=a.get("source_text") or "", content_text=a.get("content_text") or "",
                            direct=bool(a["content_is_direct_quote"])) for a in record["attributions"]]


def gold_antecedent(attributions: list[GoldAttribution], pronoun: GoldAttribution) -> str | None:
    """The nearest gold source before `pronoun`'s source that is a name (has a capitalised word: not a pronoun,
    not "a source"). An approximation: PolNeAR has no coreference."""
    if not pronoun.source:
        return None
    at = pronoun.source[0][0]
    before = [a for a in attributions
              if a.source and a.source[0][0] < at and not a.pronoun_source and _names(a.source_text)]
    return max(before, key=lambda a: a.source[0][0]).source_text if before else None


def same_name(ours: str | None, gold: str | None) -> bool:
    """Do two actor phrases share a capitalised word (not an article or title)? 'The Post' ~ 'New York Post'."""
    if not ours or not gold:
        return False
    return bool(_names(ours) & _names(gold))


def _names(text: str) -> set[str]:
    """Capitalised words of a phrase, possessive and final dot removed, articles and titles left out."""
    return {w.removesuffix("’s").removesuffix("'s").rstrip(".") for w in _CAPITALISED.findall(text)
            if w not in _NOT_NAMES}


@dataclass(frozen=True)
class QuoteMiss:
    kind: str  # recall | speaker | precision
    article: str
    text: str
    detail: str = ""


@dataclass
class QuoteScores:
    articles: int
    recall: Ratio
    speaker: Ratio
    speaker_overlap: Ratio
    pronoun_antecedent: Ratio
    precision_direct: Ratio
    precision_any: Ratio
    misses: list[QuoteMiss] = field(default_factory=list)
    dataset: str = "polnear_quotes"

    def metrics(self) -> list[Metric]:
        p = "quotes.polnear"
        return [
            ratio_metric(f"{p}.recall", "direct quotes found", self.recall),
            ratio_metric(f"{p}.speaker", "speaker (pronouns by resolved antecedent)", self.speaker),
            ratio_metric(f"{p}.speaker_overlap", "speaker span overlaps gold source", self.speaker_overlap),
            ratio_metric(f"{p}.pronoun_antecedent", "pronoun speaker resolved to the antecedent",
                         self.pronoun_antecedent),
            ratio_metric(f"{p}.precision_direct", "precision (overlaps a gold direct quote)", self.precision_direct),
            ratio_metric(f"{p}.precision_any", "precision (overlaps any gold content)", self.precision_any),
        ]


@dataclass
class QuoteTally:
    """Running counts over articles."""

    gold: int = 0  # gold direct quotations
    found: int = 0
    with_source: int = 0  # found, with a gold source
    overlap: int = 0
    speaker: int = 0
    pronoun: int = 0  # found, gold source a pronoun
    pronoun_right: int = 0
    extracted: int = 0  # our quotes
    extracted_direct: int = 0
    extracted_any: int = 0

    def scores(self, articles: int, misses: list[QuoteMiss]) -> QuoteScores:
        return QuoteScores(
            articles=articles, recall=Ratio(self.found, self.gold), speaker=Ratio(self.speaker, self.with_source),
            speaker_overlap=Ratio(self.overlap, self.with_source),
            pronoun_antecedent=Ratio(self.pronoun_right, self.pronoun),
            precision_direct=Ratio(self.extracted_direct, self.extracted),
            precision_any=Ratio(self.extracted_any, self.extracted), misses=misses,
        )


def score_article(article_id: str, gold: list[GoldAttribution], ours: list[Attribution], tally: QuoteTally,
                  misses: list[QuoteMiss]) -> None:
    """Add one article's counts to `tally` and its misses to `misses`."""
    direct = [g for g in gold if g.direct]
    every = [span for g in gold for span in g.content]
    for g in direct:
        tally.gold += 1
        hits = [a for a in ours if overlaps(a.quote.span, g.content)]
        if not hits:
            misses.append(QuoteMiss("recall", article_id, g.content_text[:200]))
            continue
        tally.found += 1
        if not g.source:
            continue
        tally.with_source += 1
        overlap = any(a.speaker_span is not None and overlaps(a.speaker_span, g.source) for a in hits)
        tally.overlap += overlap
        right = overlap
        if g.pronoun_source:
            antecedent = gold_antecedent(gold, g)
            right = any(a.quote.speaker is not None
                        and same_name(a.quote.speaker.name or a.quote.speaker.text, antecedent) for a in hits)
            tally.pronoun += 1
            tally.pronoun_right += right
        tally.speaker += right
        if not right:
            shown = [(a.quote.speaker.text, a.quote.speaker.name) if a.quote.speaker else None for a in hits]
            misses.append(QuoteMiss("speaker", article_id, g.content_text[:120],
                                    f"gold {g.source_text!r}, ours {shown}"))
    for a in ours:
        tally.extracted += 1
        is_direct = any(overlaps(a.quote.span, g.content) for g in direct)
        tally.extracted_direct += is_direct
        tally.extracted_any += is_direct or overlaps(a.quote.span, every)
        if not is_direct:
            misses.append(QuoteMiss("precision", article_id, a.quote.text[:200], a.rule))


def _build_nlp(pipeline: Pipeline | None) -> Language:
    if pipeline is not None:
        return pipeline.nlp
    from ..nlp import build_pipeline

    return build_pipeline(components=("thucydides_actors", "thucydides_quotes"))


def score_records(records: list[dict[str, Any]], nlp: Language) -> QuoteScores:
    """Parse each article with `nlp` (it must have the quotes component) and score it."""
    extractor = nlp.get_pipe("thucydides_quotes").extractor
    tally = QuoteTally()
    misses: list[QuoteMiss] = []
    for record in records:
        doc = nlp.make_doc(record["text"])
        doc._.article_id = record["id"]
        if record.get("date"):
            from ..pipeline import parse_date

            doc._.published = parse_date(record["date"])
        doc = nlp(doc)
        attributions = extractor.extract(doc)  # the same quotes as doc._.quotes, with the speakers' offsets
        score_article(record["id"], parse_attributions(record), attributions, tally, misses)
    return tally.scores(len(records), misses)


def evaluate(gold_path: Path, pipeline: Pipeline | None = None, limit: int | None = None, part: str | None = None) -> QuoteScores:
    """Score quote extraction on a PolNeAR gold file (the first `limit` articles when given)."""
    records = read_jsonl(gold_path, limit, part)
    require_fields(records, ("id", "text", "attributions"), gold_path, "PolNeAR")
    return score_records(records, _build_nlp(pipeline))
