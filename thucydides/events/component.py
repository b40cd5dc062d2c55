"""The events component: per sentence, who did what to whom, coded in PLOVER and CAMEO.

Triggers come from the lexicon (data/event_lexicon.yaml); arguments from the dependency parse:
- verbs: source = subject (through xcomp/conj/relcl chains; the agent of a passive), target = direct object,
  dative, or the object of a preposition; when the object is not an actor, the actor inside it
  ("condemned Russia's invasion" -> Russia);
- nouns: source = possessor, nationality adjective or the subject of the verb that governs the noun
  ("held talks"); target = "with/on/against/of/to X"; "between X and Y" gives both;
- reported speech: "X said Y must/should/needs to ..." is a REQUEST from X to Y;
- refusals: "refused to condemn X" is a REJECT; "did not condemn" keeps ACCUSE with negated=True;
- hypothetical: modals (would, could, may, might, will), "if" clauses, "threaten/plan/intend to".
Compound actors ("X and Y") give one record per dyad.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..dates import date_for_sentence
from ..model import ActorMention, ActorRef, Event, Place, Quote
from ..nlp import register_extensions
from ..places import place_for_sentence
from .lexicon import Lexicon, StatementCues, Trigger

SPEECH_VERBS = {"say", "tell", "add", "note", "state", "announce", "declare", "stress", "insist", "argue", "write",
                "tweet", "warn", "emphasize", "emphasise", "underscore", "claim", "reiterate", "suggest"}
HYPOTHETICAL_AUX = {"would", "could", "may", "might", "will", "shall", "'ll", "wo"}
HYPOTHETICAL_GOVERNORS = {"threaten", "plan", "intend", "want", "seek", "hope", "aim", "prepare", "consider", "try",
                          "appear", "expect", "propose", "offer", "promise", "vow", "pledge", "agree", "ready", "willing"}
REFUSAL_VERBS = {"refuse", "decline", "fail", "reject"}
NEGATION_WORDS = {"not", "n't", "never", "no"}
# prepositions that can introduce a target, by trigger part of speech
TARGET_PREPS = {"with", "to", "against", "on", "at", "toward", "towards", "for", "from", "over", "into", "upon"}
NOUN_TARGET_PREPS = {"with", "to", "against", "on", "of", "for", "toward", "towards", "into", "from"}
SYMMETRIC_TYPES = {"CONSULT", "AGREE", "COOPERATE"}
LIGHT_VERBS = {"hold", "have", "make", "impose", "launch", "conduct", "carry", "give", "provide", "issue", "express",
               "voice", "reach", "sign", "take", "offer", "send", "deliver", "announce", "begin", "start", "stage",
               "mount", "raise", "lodge", "file", "extend", "level", "pledge"}


@dataclass
class _Arg:
    token: Token
    mention: ActorMention


class EventExtractor:
    def __init__(self, lexicon: Lexicon, cues: StatementCues | None = None):
        self.lexicon = lexicon
        self.cues = cues or StatementCues.load()

    def extract(self, doc: Doc) -> list[Event]:
        mentions: list[ActorMention] = doc._.actor_mentions or []
        token_mention = self._index_mentions(doc, mentions)
        quotes: list[Quote] = doc._.quotes or []
        article_id = doc._.article_id or "doc"
        events: list[Event] = []
        seen: set[tuple] = set()
        for sent_index, sent in enumerate(doc.sents):
            if not any(t.i in token_mention for t in sent):
                continue
            when = date_for_sentence(doc, sent)
            where = place_for_sentence(doc, sent)
            for token in sent:
                for found in self._events_at(token, token_mention):
                    trigger, sources, targets, rule, extra = found
                    for source in sources:
                        for target in targets or [None]:
                            if target is not None and _same_actor(source.mention, target.mention):
                                continue
                            key = (sent_index, trigger.event_type, _code(source), _code(target) if target else None)
                            if key in seen:
                                continue
                            seen.add(key)
                            events.append(self._event(doc, article_id, sent, sent_index, token, trigger, source,
                                                      target, rule, extra, when, where, quotes, len(events)))
        _date_repeated_mentions(events)
        return events

    # ---- building records ----
    def _event(self, doc, article_id, sent, sent_index, token, trigger: Trigger, source: _Arg, target: _Arg | None,
               rule: str, extra: dict, when, where: Place | None, quotes: list[Quote], n: int) -> Event:
        published = doc._.published
        if when is not None:
            date_value, precision, basis, date_text = when.iso, when.precision, "text", when.text
        elif published is not None:
            date_value, precision, basis, date_text = published.isoformat(), "day", "article", None
        else:
            date_value = precision = basis = date_text = None
        quote_id = next((q.id for q in quotes if q.span[0] <= token.idx < q.span[1]), None)
        confidence = 0.85
        if target is None:
            confidence -= 0.15
        if source.mention.method in ("coref", "name") or (target and target.mention.method == "coref"):
            confidence -= 0.1
        if trigger.pos == "noun":
            confidence -= 0.1
        if quote_id:
            confidence -= 0.1
        return Event(
            id=f"{article_id}:e{n}", article_id=article_id, sentence=sent.text.strip(), sentence_index=sent_index,
            span=(sent.start_char, sent.end_char), event_type=trigger.event_type, mode=trigger.mode,
            cameo=trigger.cameo.code, quad_class=trigger.cameo.quad_class, goldstein=trigger.cameo.goldstein,
            source=ActorRef.of(source.mention.text, source.mention.actor),
            target=ActorRef.of(target.mention.text, target.mention.actor) if target else None,
            date=date_value, date_precision=precision, date_basis=basis, date_text=date_text, location=where,
            negated=extra.get("negated", False), hypothetical=extra.get("hypothetical", False),
            trigger=extra.get("trigger_text", token.text), rule=rule, confidence=round(max(confidence, 0.1), 2),
            quote_id=quote_id, trigger_span=(token.idx, token.idx + len(token.text)),
        )

    @staticmethod
    def _index_mentions(doc: Doc, mentions: list[ActorMention]) -> dict[int, ActorMention]:
        index: dict[int, ActorMention] = {}
        for m in mentions:
            if m.actor is None or not m.actor.code:
                continue  # unresolved or affiliation unknown: never an event argument
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    index.setdefault(t.i, m)
        return index

    # ---- finding events at a token ----
    def _events_at(self, token: Token, tm: dict[int, ActorMention]):
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.lemma_ in ("ready", "willing")):
            yield from self._verb_events(token, tm)
        elif token.pos_ in ("NOUN", "PROPN"):
            yield from self._noun_events(token, tm)

    def _match(self, token: Token, pos: str) -> list[Trigger]:
        child_lemmas = {c.lemma_.lower() for c in token.children}
        if token.dep_ in ("dobj", "pobj") :
            child_lemmas.add(token.head.lemma_.lower())  # "voiced concern": the governing verb counts as a modifier
        out = []
        for trig in self.lexicon.candidates(token.lemma_.lower(), pos):
            if trig.with_ and not child_lemmas & set(trig.with_):
                continue
            if trig.without and child_lemmas & set(trig.without):
                continue
            out.append(trig)
        return out

    def _verb_events(self, verb: Token, tm):
        lemma = verb.lemma_.lower()
        negated = _negated(verb)
        hypothetical = _hypothetical(verb)
        # reported speech: "X said Y must ..." -> REQUEST X -> Y
        if lemma in SPEECH_VERBS:
            for comp in verb.children:
                if comp.dep_ != "ccomp":
                    continue
                if self._has_request_modal(comp):
                    trig, rule = self._request_trigger(), "reported-request"
                elif self._is_critical(comp):
                    trig, rule = self._accuse_trigger(), "reported-criticism"
                else:
                    continue
                sources = self._subjects(verb, tm)
                targets = self._subjects(comp, tm) or self._actor_inside(_subject_token(comp), tm)
                targets = [t for t in targets if not any(_same_code(t.mention, s.mention) for s in sources)]
                if sources and targets and trig:
                    yield trig, sources, targets, rule, {
                        "negated": negated, "hypothetical": False, "trigger_text": f"{verb.text} ... {comp.text}"}
            if not self.lexicon.candidates(lemma, "verb"):
                return
        # refusals: "refused to condemn X" -> REJECT by the subject, target from the complement
        if lemma in REFUSAL_VERBS and lemma != "reject":
            comp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
            if comp is not None:
                sources = self._subjects(verb, tm)
                targets = self._objects(comp, tm) or self._objects(verb, tm)
                trig = self._reject_trigger()
                if sources and trig:
                    yield trig, sources, targets, "refusal", {
                        "negated": negated, "hypothetical": hypothetical, "trigger_text": f"{verb.text} to {comp.text}"}
                return
        triggers = self._match(verb, "verb")
        if not triggers:
            return
        # a verb under a refusal is coded by the refusal rule above
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSAL_VERBS - {"reject"}:
            return
        sources = self._subjects(verb, tm)
        targets = self._objects(verb, tm)
        if not sources:
            return
        for trig in triggers:
            if trig.requires_target and not targets:
                continue
            rule = f"verb:{trig.lemma}" + (f"+{'/'.join(trig.with_)}" if trig.with_ else "")
            if not targets and trig.event_type in SYMMETRIC_TYPES and len(sources) > 1:
                # "X and Y agreed": one record per dyad
                for a in sources:
                    yield trig, [a], [b for b in sources if b is not a], rule + ":compound", {
                        "negated": negated, "hypothetical": hypothetical}
                return
            yield trig, sources, targets, rule, {"negated": negated, "hypothetical": hypothetical}
            return

    def _noun_events(self, noun: Token, tm):
        triggers = self._match(noun, "noun")
        if not triggers:
            return
        if noun.i in tm:
            return  # the noun is itself part of an actor mention
        sources, targets, between = self._noun_arguments(noun, tm)
        if not sources:
            return
        governor = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj") else None
        negated = _negated(governor) if governor is not None and governor.pos_ in ("VERB", "AUX") else False
        hypothetical = _hypothetical(governor) if governor is not None and governor.pos_ in ("VERB", "AUX") else False
        # a noun that is only the topic of another event ("condemned the invasion") must carry its own dyad
        for trig in triggers:
            if trig.needs_dyad and not (between or targets):
                continue
            if trig.requires_target and not targets:
                continue
            rule = f"noun:{trig.lemma}" + ("+between" if between else "")
            if between and not targets and len(sources) > 1:
                for a in sources:
                    yield trig, [a], [b for b in sources if b is not a], rule, {"negated": negated, "hypothetical": hypothetical}
                return
            yield trig, sources, targets, rule, {"negated": negated, "hypothetical": hypothetical}
            return

    def _has_request_modal(self, verb: Token) -> bool:
        if any(c.dep_ == "aux" and c.lower_ in self.cues.request_modals for c in verb.children):
            return True
        # "needed to stand up", "has to act"
        return verb.lemma_.lower() in ("need", "have") and any(c.dep_ == "xcomp" for c in verb.children)

    def _is_critical(self, clause: Token) -> bool:
        words = list(clause.subtree)
        if any(t.lemma_.lower() in self.cues.critical or t.lower_ in self.cues.critical for t in words):
            return True
        text = " ".join(t.lower_ for t in words)
        return any(phrase in text for phrase in self.cues.critical_phrases)

    def _accuse_trigger(self) -> Trigger | None:
        found = self.lexicon.candidates("criticize", "verb")
        return found[0] if found else None

    def _request_trigger(self) -> Trigger | None:
        found = self.lexicon.candidates("urge", "verb")
        return found[0] if found else None

    def _reject_trigger(self) -> Trigger | None:
        found = self.lexicon.candidates("refuse", "verb")
        return found[0] if found else None

    # ---- arguments ----
    def _actor_args(self, token: Token, tm) -> list[_Arg]:
        """The actor(s) a phrase headed by `token` stands for, with "X and Y" expanded."""
        heads = [token] + [c for c in token.conjuncts if c.i > token.i]
        out = []
        for head in heads:
            mention = tm.get(head.i)
            if mention is None:
                # "the Chinese government" heads on an unmapped det? look at its compounds and modifiers
                mention = next((tm[c.i] for c in head.children if c.dep_ in ("compound", "amod", "nmod") and c.i in tm), None)
            if mention is not None and not any(a.mention is mention for a in out):
                out.append(_Arg(head, mention))
        return out

    def _subjects(self, verb: Token, tm) -> list[_Arg]:
        current = verb
        for _ in range(4):  # climb xcomp/conj/advcl chains to the clause that has the subject
            for child in current.children:
                if child.dep_ in ("nsubj", "csubj"):
                    return self._actor_args(child, tm)
                if child.dep_ == "agent":
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self._actor_args(pobj, tm)
            if any(c.dep_ == "nsubjpass" for c in current.children):
                return []  # a passive without an agent has no known source
            if current.dep_ in ("xcomp", "conj", "advcl") and current.head is not current:
                current = current.head
            elif current.dep_ in ("relcl", "acl") and current.head is not current:
                return self._actor_args(current.head, tm)
            else:
                break
        return []

    def _objects(self, verb: Token, tm) -> list[_Arg]:
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                found = self._actor_args(child, tm)
                if found:
                    return found
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "iobj", "attr"):
                found = self._actor_args(child, tm) or self._actor_inside(child, tm)
                if found:
                    return found
        for child in verb.children:
            if child.dep_ in ("prep", "prt") and child.lemma_.lower() in TARGET_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self._actor_args(pobj, tm) or self._actor_inside(pobj, tm)
                        if found:
                            return found
        # "urged X to ...": the object of an xcomp/ccomp complement
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                subj = [c for c in child.children if c.dep_ == "nsubj"]
                if subj:
                    found = self._actor_args(subj[0], tm)
                    if found:
                        return found
        return []

    def _actor_inside(self, phrase: Token, tm) -> list[_Arg]:
        """An actor inside a non-actor object: "Russia's invasion" -> Russia, "the invasion of Ukraine" -> Ukraine."""
        for child in phrase.children:
            if child.dep_ == "poss" and child.i in tm:
                return self._actor_args(child, tm)
        for child in phrase.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i in tm:
                return self._actor_args(child, tm)
        for child in phrase.children:
            if child.dep_ == "prep" and child.lemma_.lower() in ("of", "against", "on", "by", "toward", "towards"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in tm:
                        return self._actor_args(pobj, tm)
        return []

    def _noun_arguments(self, noun: Token, tm) -> tuple[list[_Arg], list[_Arg], bool]:
        sources: list[_Arg] = []
        targets: list[_Arg] = []
        between = False
        for child in noun.children:
            if child.dep_ == "prep" and child.lemma_.lower() == "between":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        sources = self._actor_args(pobj, tm)
                        between = len(sources) > 1
        if not sources:
            for child in noun.children:
                if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i in tm:
                    sources = self._actor_args(child, tm)
                    break
        if not sources:
            for child in noun.children:
                if child.dep_ == "prep" and child.lemma_.lower() == "by":
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        sources = self._actor_args(pobj, tm)
        if not sources and noun.dep_ in ("dobj",) and noun.head.lemma_.lower() in LIGHT_VERBS:
            sources = self._subjects(noun.head, tm)
        if not sources and noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX"):
            # "during a phone conversation with X, Y said ...": the clause's subject took part
            sources = self._subjects(noun.head.head, tm)
        for child in noun.children:
            if child.dep_ == "prep" and child.lemma_.lower() in NOUN_TARGET_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        targets = self._actor_args(pobj, tm) or self._actor_inside(pobj, tm)
                if targets:
                    break
        if not targets and noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
            for child in noun.head.children:
                if child.dep_ in ("dative", "prep") and child.lemma_.lower() in NOUN_TARGET_PREPS | {"to"}:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), child if child.dep_ == "dative" else None)
                    if pobj is not None:
                        targets = self._actor_args(pobj, tm)
        return sources, targets, between


def _date_repeated_mentions(events: list[Event]) -> None:
    """A later, undated mention of an event already dated in the article takes that date.

    "Blinken and Wang spoke on Saturday. ... The call between Blinken and Wang was ..." — the second sentence
    says nothing of the date, but it is the same call: same type, same source country, compatible targets.
    """
    dated: list[Event] = []
    for event in events:
        if event.date_basis == "text":
            dated.append(event)
            continue
        if event.date_basis != "article":
            continue
        codes = {event.source.code, event.target.code if event.target else None} - {None}
        for earlier in reversed(dated):
            earlier_codes = {earlier.source.code, earlier.target.code if earlier.target else None} - {None}
            if earlier.event_type == event.event_type and (codes <= earlier_codes or earlier_codes <= codes) \
                    and codes & earlier_codes:
                event.date, event.date_precision, event.date_text = earlier.date, earlier.date_precision, earlier.date_text
                event.date_basis = "anaphora"
                break


def _code(arg: _Arg | None) -> str | None:
    if arg is None or arg.mention.actor is None:
        return None
    return arg.mention.actor.key


def _same_actor(a: ActorMention, b: ActorMention) -> bool:
    return a.actor is not None and b.actor is not None and a.actor.key == b.actor.key


def _negated(verb: Token | None) -> bool:
    current = verb
    for _ in range(3):
        if current is None:
            return False
        if any(c.dep_ == "neg" or c.lower_ in NEGATION_WORDS and c.dep_ in ("advmod", "det") for c in current.children):
            return True
        if current.dep_ in ("xcomp",):
            current = current.head
        else:
            return False
    return False


def _hypothetical(verb: Token | None) -> bool:
    current = verb
    for _ in range(3):
        if current is None:
            return False
        for c in current.children:
            if c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX:
                return True
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return True
        if current.dep_ in ("xcomp", "ccomp", "acomp") and current.head.lemma_.lower() in HYPOTHETICAL_GOVERNORS:
            return True
        if current.dep_ in ("xcomp", "conj"):
            current = current.head
        else:
            return False
    return False


def _subject_token(clause: Token) -> Token:
    return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), clause)


def _same_code(a: ActorMention, b: ActorMention) -> bool:
    return a.actor is not None and b.actor is not None and a.actor.code == b.actor.code


class EventsComponent:
    def __init__(self, nlp: Language, name: str, lexicon_path: str | None):
        register_extensions()
        self.name = name
        self.extractor = EventExtractor(Lexicon.load(Path(lexicon_path) if lexicon_path else None))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.extractor.extract(doc))
        return doc

    def set_annotations(self, doc: Doc, events: list[Event]) -> None:
        doc._.events = events


@Language.factory(
    "thucydides_events",
    assigns=["doc._.events"],
    requires=["doc._.actor_mentions", "doc._.dates", "doc._.places", "doc._.quotes", "token.dep"],
    default_config={"lexicon_path": None},
)
def make_events(nlp: Language, name: str, lexicon_path: str | None) -> EventsComponent:
    return EventsComponent(nlp, name, lexicon_path)
