"""Event nouns read as events in their own right ("Russia's invasion of Georgia in 2008 killed ...").

The events component codes a noun when a light verb reports it ("held talks") or it stands as a happening
("the call lasted an hour"). This module adds what a noun phrase says by itself: whether the phrase is asserted
at all ("a possible visit", "the prospect of sanctions" are not), the actors a participle hangs on it ("the
sanctions imposed on Iran by the EU") or a hyphenated pair names ("the Xi-Putin meeting"), and the date inside
the phrase ("a call between the two on March 18"). Word lists are data: data/nominal_events.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Token

from ..datafile import load_word_lists
from ..model import ActorMention, ResolvedDate
from .codes import DATA_DIR
from .lexicon import LexiconError

_KEYS = ("anaphoric_determiners", "unasserting_modifiers", "topic_heads", "asserting_governors")
# prepositions whose object noun is happening around the clause's act ("during Russia's invasion of X"); one
# that happened before it ("after", "since", "following") is background told elsewhere, and left out
ADJUNCT_PREPS = frozenset({"during", "amid", "amidst"})
# prepositions of a participle that name the party an act is aimed at ("imposed on Iran", "launched against X")
PARTICIPLE_TARGET_PREPS = frozenset({"on", "against", "with", "to", "upon", "toward", "towards"})


@dataclass(frozen=True)
class NominalRules:
    anaphoric_determiners: frozenset[str]
    unasserting_modifiers: frozenset[str]
    topic_heads: frozenset[str]
    asserting_governors: frozenset[str]

    @classmethod
    def load(cls, path: Path | None = None) -> NominalRules:
        path = path or DATA_DIR / "nominal_events.yaml"
        lists = load_word_lists(path, set(_KEYS), error=LexiconError)
        values = {key: frozenset(w.strip().lower() for w in words) for key, words in lists.items()}
        return cls(**values)

    # ---- is the noun a happening? ----
    def anaphoric(self, noun: Token) -> bool:
        """"the call", "that conversation", "Russia's invasion": a definite mention, possibly of a happening
        told before."""
        return any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in self.anaphoric_determiners
                   for c in noun.children)

    def unasserted(self, noun: Token) -> bool:
        """"a possible visit", "the prospect of sanctions", "calls for talks", "fears of an invasion": a wish,
        a plan or a topic, not a happening."""
        if any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in self.unasserting_modifiers
               for c in noun.children):
            return True
        node = noun
        for _ in range(3):  # "the threat of new US sanctions on X", "calls for a summit between X and Y"
            head = node.head
            if node.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "NOUN":
                if head.head.lemma_.lower() in self.topic_heads:
                    return True
                node = head.head
            elif node.dep_ in ("conj", "appos") and head is not node:
                node = head
            else:
                return False
        return False

    def stands_alone(self, noun: Token) -> bool:
        """A position where a noun with its own actors reports a happening though no light verb holds it:
        the subject of a verb of consequence ("X's invasion of Y killed ..."), or the object of "during" or
        "amid" ("amid X's invasion of Y")."""
        head = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass"):
            return head.lemma_.lower() in self.asserting_governors
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ADJUNCT_PREPS:
            return head.head.pos_ in ("VERB", "AUX")
        return False


def in_phrase(noun: Token, token: Token) -> bool:
    """Is `token` inside the noun's own phrase (its subtree)?"""
    return noun.left_edge.i <= token.i <= noun.right_edge.i


def participle_arguments(noun: Token) -> tuple[Token | None, Token | None]:
    """"the sanctions imposed on Iran by the EU", "an attack launched against X": the agent and the aimed-at
    object of a participle hung on the noun (its acl), as (source phrase, target phrase)."""
    source = target = None
    for acl in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        for child in acl.children:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if child.dep_ == "agent" and source is None:
                source = pobj
            elif child.dep_ == "prep" and child.lower_ in PARTICIPLE_TARGET_PREPS and target is None:
                target = pobj
    return source, target


def passive_agent(noun: Token) -> Token | None:
    """"the attack was carried out by X": the agent of the passive verb the noun is the subject of."""
    if noun.dep_ != "nsubjpass":
        return None
    agent = next((c for c in noun.head.children if c.dep_ == "agent"), None)
    return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None


def modifier_pair(noun: Token, tm: dict) -> list[Token]:
    """"the Xi-Putin meeting", "the Russia-Ukraine conflict", "the French and German ministers": the actor
    tokens among the noun's left modifiers (compounds, adjectives and their conjuncts), one per actor."""
    tokens: list[Token] = []
    seen: set[int] = set()
    for child in noun.lefts:
        if child.dep_ not in ("compound", "amod", "nmod", "poss"):
            continue
        for t in child.subtree:
            mention = tm.get(t.i)
            if mention is not None and id(mention) not in seen and t.i < noun.i:
                seen.add(id(mention))
                tokens.append(t)
    return tokens


def phrase_date(doc: Doc, noun: Token) -> ResolvedDate | None:
    """The date inside the noun's own phrase: "the invasion of Ukraine on 24 February", "a call between the two
    presidents on March 18" (not one of a clause inside it that tells of something else)."""
    lo, hi = noun.left_edge.idx, noun.right_edge.idx + len(noun.right_edge.text)
    for when in doc._.dates or ():
        if when.start is None or not lo <= when.start < hi:
            continue
        span = doc.char_span(when.start, when.end, alignment_mode="expand")
        if span is None:
            continue
        node = span.root
        for _ in range(6):
            if node is noun or node.i == noun.i:
                return when
            if node.pos_ in ("VERB", "AUX") and node.dep_ != "acl" or node.head is node:
                break
            node = node.head
    return None


def split_conjoined(phrase: Token, tm: dict) -> list[ActorMention]:
    """"the French and German ministers" is resolved as one mention of one country: its conjoined nationality
    words name one party each. Returns one mention per country named, or [] when there are fewer than two."""
    from ..actors.knowledge import ActorKnowledge

    mention = tm.get(phrase.i)
    if mention is None or mention.actor is None:
        return []
    knowledge = ActorKnowledge.load()
    out: list[ActorMention] = []
    for token in phrase.lefts:
        if token.dep_ not in ("amod", "compound", "nmod"):
            continue
        for word in [token, *token.conjuncts]:
            found = knowledge.country(word.text) if tm.get(word.i) is mention else None
            code = found.actor.code if found else None
            if code and all(m.actor.code != code for m in out):
                actor = replace(mention.actor, code=code, name=f"{found.actor.name}: {mention.actor.name}")
                out.append(replace(mention, text=word.text, start=word.idx, end=word.idx + len(word.text),
                                   actor=actor))
    return out if len(out) >= 2 else []


# "the two countries", "the two governments": the pair named is of countries, not of people
_COUNTRY_NOUNS = frozenset({"country", "nation", "state", "government", "capital", "side", "neighbour", "neighbor"})


def the_two(phrase: Token, mentions: list[ActorMention]) -> list[ActorMention]:
    """"a call between the two presidents", "talks between the two countries": the last two parties named
    before the phrase (people, or countries for a noun of countries), one per country; [] when not that form."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in phrase.children) or not any(
            c.dep_ == "nummod" and c.lower_ in ("two", "2") for c in phrase.children):
        return []
    countries = phrase.lemma_.lower() in _COUNTRY_NOUNS
    out: list[ActorMention] = []
    for mention in sorted((m for m in mentions if m.end <= phrase.idx), key=lambda m: -m.start):
        actor = mention.actor
        if actor is None or not actor.code or (actor.kind != "person") != countries:
            continue
        if all(m.actor.code != actor.code for m in out):
            out.append(mention)
        if len(out) == 2:
            return out[::-1]
    return []
