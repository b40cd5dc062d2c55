"""Near-duplicates and translated copies.

Reprints: MinHash LSH over word 3-shingles (datasketch MinHash; the band buckets are stored, see signatures.py)
finds articles whose estimated Jaccard similarity with an earlier article reaches `DuplicateConfig.reprint_jaccard`;
each is linked to the EARLIEST such article.

Machine-translated (or spun) copies keep the story but not the words, and garble names on the way. An article is
flagged `translation` when its own text shows enough translation signals (`translation_signals`):
    garbled name   a name within a small edit distance of a known person's name or alias, but not one of them
                   ("Antoni Blinkin" for Antony Blinken), worth 2 points
    artefacts      a sentence running on in lower case after a full stop ("... the talks. continue next week"),
                   a one-word sentence stranded between two others ("... said. On."), a doubled full stop (". ."),
                   an opening curly quote where a closing one belongs (`, “he said`): 1 point each (abbreviations, file
                   names and URLs excepted)
and the points reach `DuplicateConfig.translation_points`. Its `duplicate_of` is then the earlier article of the
same story whose sentences it aligns with best (rapidfuzz), when enough of them align; else None (the original is
not in the store). Thresholds were set on the project's seed articles and checked for false alarms on the 496
ECB+ dev documents (original English): see thucydides/evaluation/stories.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import DuplicateLink, StoryInput

if TYPE_CHECKING:
    from .signatures import Signature

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])")


@dataclass(frozen=True)
class DuplicateConfig:
    shingle: int = 3  # words per shingle
    num_perm: int = 128
    reprint_jaccard: float = 0.5  # estimated Jaccard from which a later article is a reprint
    translation_points: int = 2
    aligned_sentence: float = 70.0  # rapidfuzz token_set_ratio from which two sentences say the same
    aligned_share: float = 0.3  # share of a copy's sentences aligned with its original


def shingles(text: str, k: int = 3) -> set[str]:
    """Word k-shingles of `text`, lower-cased (a text shorter than k words is one shingle)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def find_reprints(existing: Sequence[StoryInput], new: Sequence[StoryInput],
                  config: DuplicateConfig | None = None) -> dict[str, DuplicateLink]:
    """Reprint links of the `new` articles (article id -> link to the earliest near-identical article, existing or
    new). An article is never linked to a later one: the earliest version is the original."""
    from .clustering import ClusterConfig
    from .signatures import featurize

    cfg = config or DuplicateConfig()
    sigs = featurize([*existing, *new], ClusterConfig(), cfg)
    return reprint_links(sigs[len(existing):], sigs[:len(existing)], cfg)


def reprint_links(new: Sequence[Signature], known: Sequence[Signature],
                  config: DuplicateConfig | None = None) -> dict[str, DuplicateLink]:
    """Reprint links of the `new` signatures against each other and `known` ones (for `link_stories`: the stored
    articles sharing an LSH bucket with a new one). Candidates are the signatures sharing a band bucket (LSH,
    the bands datasketch would choose), kept when their estimated Jaccard reaches `reprint_jaccard`."""
    from .signatures import jaccard, lsh_buckets

    cfg = config or DuplicateConfig()
    docs = {s.article_id: s for s in (*known, *new) if s.minhash is not None}
    buckets: dict[int, list[str]] = {}
    for sig in docs.values():
        for _, bucket in lsh_buckets(sig.minhash, cfg):
            buckets.setdefault(bucket, []).append(sig.article_id)
    links: dict[str, DuplicateLink] = {}
    for sig in new:
        if sig.minhash is None:
            continue
        others = {o for _, bucket in lsh_buckets(sig.minhash, cfg) for o in buckets.get(bucket, ())}
        earlier = []
        for other in sorted(others):
            if other == sig.article_id or docs[other].order >= sig.order:
                continue
            similarity = jaccard(sig.minhash, docs[other].minhash)
            if similarity >= cfg.reprint_jaccard:
                earlier.append((docs[other].order, other, similarity))
        if earlier:
            _, original, similarity = min(earlier)
            links[sig.article_id] = DuplicateLink(sig.article_id, original, "reprint", round(similarity, 4))
    return links


# ---- translation signals ----
_LOWER_RUN_ON = re.compile(r"\b([a-z]{3,})\. ([a-z]{4,})\b")
_STRANDED = re.compile(r"(?:\b[a-z]{3,}|\b[A-Z][a-z]{2,})\. ([A-Z][a-z]+)[”\"]?\.(?=\s|$)")
_DOUBLE_STOP = re.compile(r"[^.\s]\s?\.\s\.(?!\.)|[^.]\.\.(?!\.)")
_BAD_OPEN_QUOTE = re.compile(r"[,.] “(?:he|she|they|it|we|I) (?:said|says|added|told)\b")
_ABBREVIATIONS = frozenset({  # words before (run-on) or as (stranded) a full stop that end no sentence
    "corp", "govt", "dept", "approx", "incl", "mins", "secs", "etc", "est", "pct", "max", "min", "rep", "sen", "gov",
    "gen", "col", "sgt", "capt", "cmdr", "comr", "inf", "lt", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc",
    "ltd", "co", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}\b")


def translation_signals(text: str, names: Iterable[str], known_people: Iterable[str]) -> tuple[int, list[str]]:
    """Points and reasons suggesting a machine-translated text (see the module docstring). `names` are the
    article's named mentions; `known_people` full names and aliases of people (the registry, the story)."""
    from rapidfuzz import fuzz

    reasons: list[str] = []
    points = 0
    known = {k for k in known_people if k}
    known_lower = {k.lower() for k in known}
    seen: set[str] = set()
    for name in names:
        words = _NAME.fullmatch(name.strip()) and name.split()
        if not words or len(words) < 2:
            continue  # a lone surname or place name is too often near some registry surname by chance
        name = " ".join(words[-2:])  # "Senator Antoni Blinkin" -> "Antoni Blinkin"
        if name.lower() in known_lower or name in seen:
            continue
        seen.add(name)
        first, last = name.split()
        for full in known:
            parts = full.split()
            other = parts[-1] if len(parts) == 2 else ""
            if parts[0] == first and other and other[:1] == last[:1] and not (
                    other.startswith(last) or last.startswith(other)) and fuzz.ratio(other, last) >= 75:
                points += 2
                reasons.append(f"garbled name: {name} ~ {full}")
                break
    for pattern, label in ((_LOWER_RUN_ON, "lower-case run-on"), (_STRANDED, "stranded word"),
                           (_DOUBLE_STOP, "doubled full stop"), (_BAD_OPEN_QUOTE, "opening quote as closing")):
        for match in pattern.finditer(text):
            if match.groups() and match.group(1).lower() in _ABBREVIATIONS:
                continue
            points += 1
            reasons.append(f"{label}: {match.group(0).strip()!r}")
    return points, reasons


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.split()) >= 4]


def aligned_share(copy: str, original: str, min_score: float = 70.0) -> float:
    """Share of `copy`'s sentences that align (rapidfuzz token_set_ratio >= min_score) with one of `original`'s."""
    from rapidfuzz import fuzz, process

    mine = sentences(copy)
    theirs = sentences(original)
    if not mine or not theirs:
        return 0.0
    hits = sum(1 for s in mine
               if process.extractOne(s, theirs, scorer=fuzz.token_set_ratio, score_cutoff=min_score) is not None)
    return hits / len(mine)
