"""Modality of an event's verb: negated, hypothetical, speculative or not asserted at all.

Word sets are data (data/event_modality.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from spacy.tokens import Token

from .wordsets import data_file, load_word_sets

_SETS = frozenset({"negation_words", "hypothetical_aux", "hypothetical_governors", "speculation_governors",
                   "unasserting_governors", "denial_verbs", "report_nouns", "unverified_adjectives",
                   "verification_verbs", "accusation_verbs", "claimants", "allegation_adverbs", "threat_verbs",
                   "threat_objects"})


@lru_cache(maxsize=1)
def _sets() -> dict[str, frozenset[str]]:
    return load_word_sets(data_file("event_modality.yaml"), _SETS)


def _words(name: str) -> frozenset[str]:
    return _sets()[name]


def _speculative(verb: Token) -> bool:
    """"X appeared to intend to ...", "is expected to ...": somebody's guess about X, not X's declaration."""
    governors = _words("speculation_governors")
    node = verb
    for _ in range(4):
        if node.lemma_.lower() in governors:
            return True
        if node.dep_ in ("xcomp", "acomp", "conj") and node.head is not node:
            node = node.head
        else:
            return False
    return False


def _unasserted(verb: Token) -> bool:
    """Is the verb only somebody's wish, aim, guess or question, not something reported as done or said?
    "(the US is) convincing Russia to back down", "wants China to press Russia", "appeared to intend to send aid",
    "asked whether he gave his support". Threats and intents are read elsewhere."""
    governors = _words("unasserting_governors")
    node = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in node.children):
            return True
        head = node.head
        if head is node or node.dep_ not in ("xcomp", "ccomp", "acomp", "conj", "pcomp"):
            return False
        if node.dep_ != "conj" and head.lemma_.lower() in governors:
            return True
        node = head
    return False


def _modal(verb: Token, modals: set[str]) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)


def _has_condition(verb: Token, mark: str) -> bool:
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == mark for m in c.children)
               for c in verb.children)


def _negated(verb: Token | None) -> bool:
    negation = _words("negation_words")
    current = verb
    for _ in range(3):
        if current is None:
            return False
        if any(c.dep_ == "neg" or c.lower_ in negation and c.dep_ in ("advmod", "det") for c in current.children):
            return True
        if current.dep_ in ("xcomp",):
            current = current.head
        else:
            return False
    return False


def _hypothetical(verb: Token | None) -> bool:
    aux, governors = _words("hypothetical_aux"), _words("hypothetical_governors")
    current = verb
    for _ in range(3):
        if current is None:
            return False
        for c in current.children:
            if c.dep_ == "aux" and c.lower_ in aux:
                return True
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return True
        if current.dep_ in ("xcomp", "ccomp", "acomp") and current.head.lemma_.lower() in governors:
            return True
        if current.dep_ in ("xcomp", "conj"):
            current = current.head
        else:
            return False
    return False


def report_modality(trigger: Token, is_claimant: Callable[[Token], bool] | None = None) -> str | None:
    """Is the event at `trigger` asserted (None), or only "denied", "unverified" or "claimed"?

    "X denied reports that its troops killed ...", "X denied killing ...": denied. "Unconfirmed reports said ...",
    "... could not be verified": unverified. "Critics say X killed ...", "accused X of killing ...", "X allegedly
    killed ...": claimed (the claim itself is somebody's ACCUSE, coded on its own). The trigger's own verb is not
    its own modality: "X denied the request" is a rejection that happened. `is_claimant` names other subjects
    whose saying is a claim (an opposition party, say).
    """
    sent = trigger.sent
    words = _words
    for token in sent:
        # "could not be verified", "has not been independently confirmed"
        if token.lemma_.lower() in words("verification_verbs") and _negated(token):
            return "unverified"
    node, came_by = trigger, None
    for _ in range(8):  # up the tree: which statement, report or denial is the event part of?
        lemma = node.lemma_.lower()
        if node.i != trigger.i:
            if lemma in words("denial_verbs") and came_by in ("ccomp", "xcomp", "pcomp", "dobj", "prep", "acl"):
                return "denied"
            if lemma in words("accusation_verbs") and came_by in ("prep", "pcomp", "ccomp", "xcomp"):
                return "claimed"
            if lemma in words("report_nouns") and any(
                    c.dep_ == "amod" and c.lower_ in words("unverified_adjectives") for c in node.children):
                return "unverified"
            if node.pos_ in ("VERB", "AUX") and came_by == "ccomp" and claimed_by_subject(node, is_claimant):
                return "claimed"
            if node.pos_ in ("VERB", "AUX") and came_by == "ccomp" and any(
                    c.dep_ == "nsubj" and c.lemma_.lower() in words("report_nouns") and any(
                        a.dep_ == "amod" and a.lower_ in words("unverified_adjectives") for a in c.children)
                    for c in node.children):
                return "unverified"  # "unconfirmed reports said ..."
        if node.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "advmod" and c.lower_ in words("allegation_adverbs") for c in node.children):
            return "claimed"
        if node.head.i == node.i:
            return None
        came_by, node = node.dep_, node.head
    return None


def threatened_consequence(clause: Token) -> bool:
    """"(X said) Y will face consequences", "would pay a heavy price": a threat by the one who says it.
    Conditional or not: "if Y crosses the line" is the threat's condition, not a doubt about the threat."""
    if clause.lemma_.lower() not in _words("threat_verbs"):
        return False
    if not any(c.dep_ == "aux" and c.lower_ in _words("hypothetical_aux") for c in clause.children):
        return False
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _words("threat_objects") for c in clause.children)


def claimed_by_subject(verb: Token, is_claimant: Callable[[Token], bool] | None = None) -> bool:
    """"Critics say ...", "(the opposition) said ...": the subject's saying is a claim against someone."""
    return any(c.dep_ == "nsubj" and (c.lemma_.lower() in _words("claimants") or is_claimant is not None and
                                      is_claimant(c)) for c in verb.children)
