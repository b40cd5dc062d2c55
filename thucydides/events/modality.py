"""Modality of an event's verb: negated, hypothetical, speculative or not asserted at all.

Word sets are data (data/event_modality.yaml).
"""

from __future__ import annotations

from spacy.tokens import Token

from .wordsets import data_file, load_word_sets

_SETS = frozenset({"negation_words", "hypothetical_aux", "hypothetical_governors", "speculation_governors",
                   "unasserting_governors"})


def _words(name: str) -> frozenset[str]:
    return load_word_sets(data_file("event_modality.yaml"), _SETS)[name]


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
