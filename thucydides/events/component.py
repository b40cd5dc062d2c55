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
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..dates import date_for_sentence, span_dates_something_else
from ..model import Actor, ActorMention, ActorRef, Event, EvidenceSpan, Place, Quote
from ..nlp import register_extensions
from ..places import place_for_sentence
from .clause_cues import ClauseCues
from .coref import Anaphor, merge_mentions
from .nominal import (NominalRules, in_phrase, modifier_pair, participle_arguments, passive_agent, phrase_date,
                      split_conjoined, the_two)
from .codes import load_cameo_codes
from .dating import (_date_governed_by, _date_of_referenced_event, _date_repeated_mentions, _unresolved_time,
                     dated_happenings, date_relative)
from .lexicon import Lexicon, StatementCues, Trigger
from .modality import (_has_condition, _hypothetical, _modal, _negated, _speculative, _unasserted,
                       claimed_by_subject, report_modality, threatened_consequence)

SPEECH_VERBS = {"say", "tell", "add", "note", "state", "announce", "declare", "conclude", "stress", "insist", "argue", "write",
                "tweet", "warn", "emphasize", "emphasise", "underscore", "claim", "reiterate", "suggest"}
NON_EVENT_COMPLEMENTS = {"comment", "confirm", "disclose", "specify", "elaborate", "share", "answer", "speculate",
                         "identify", "name", "give", "provide", "discuss"}
REFUSAL_VERBS = {"refuse", "decline", "reject"}
# prepositions that can introduce a target, by trigger part of speech
TARGET_PREPS = {"with", "to", "against", "on", "at", "toward", "towards", "for", "from", "over", "into", "upon", "by"}
NOUN_TARGET_PREPS = {"with", "to", "against", "on", "of", "for", "toward", "towards", "into", "from"}
OCCURRENCE_VERBS = {"take", "occur", "happen", "last", "end", "begin", "start", "continue", "come", "resume",
                    "follow", "be", "go", "conclude", "produce", "yield", "focus", "center", "centre"}
# "his commitment to X", "a pledge to X": whom the promise is owed to
COMMITMENT_NOUNS = {"commitment", "pledge", "promise", "obligation", "undertaking", "assurance", "guarantee"}
# verbs that send someone somewhere for a purpose
SENDING_VERBS = {"send", "dispatch", "deploy", "fly", "travel", "go", "come", "arrive", "return", "head"}
# "took steps to", "made efforts to": the object is the subject's effort, not someone who acts
EFFORT_NOUNS = {"step", "measure", "effort", "action", "move", "decision", "time", "opportunity", "chance", "way",
                "pain", "initiative", "attempt"}
# "summoned the ambassador to protest": the infinitive is the subject's purpose, not the object's act
SUBJECT_PURPOSE_VERBS = {"summon", "convene", "call"}
TRAVEL_VERBS = {"return", "travel", "arrive", "come", "go", "fly", "head", "gather", "meet", "convene", "assemble"}
ADJUNCT_PREPS = {"during", "after", "at", "in", "following", "before", "on"}
# events done by speaking: undated, they share the date of the speaker's last dated statement
VERBAL_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE"}
SYMMETRIC_TYPES = {"CONSULT", "AGREE", "COOPERATE"}
# passives whose subject holds the stance or does the act: "is opposed to", "were demobilized"
SUBJECT_ACTS_PASSIVES = {"oppose", "opposed", "commit", "determine", "resolve", "demobilize", "demobilise", "disarm"}
# "the Russian language", "Arabic music": the adjective names a culture, not an actor
CULTURAL_NOUNS = {"language", "speaker", "dialect", "alphabet", "script", "literature", "music", "cuisine", "culture",
                  "descent", "origin", "heritage", "film", "song", "name"}
# "in defiance of X", "in protest against X", "in retaliation for X's raid"
DEFIANCE_NOUNS = {"defiance", "protest", "opposition", "retaliation", "reprisal", "revenge"}
RELATIONAL_NOUNS = {"proxy", "surrogate", "client", "counterpart", "colleague", "ally", "neighbor", "neighbour", "friend", "partner", "rival", "peer",
                    "host", "guest", "opponent", "successor", "predecessor"}
QUANTITY_NOUNS = {"deployment", "detachment", "convoy", "column", "battalion", "most", "many", "all", "series", "round", "number", "wave", "package", "set", "raft", "group", "delegation", "team", "batch",
                  "member", "supporter", "faction", "wing", "unit", "contingent", "ten", "dozen", "score",
                  "hundred", "thousand", "million", "some", "third", "half", "majority", "hundreds", "thousands",
                  "tens", "dozens", "scores", "millions"}
# violence and coercion reported in the passive without a doer: kept, with an unknown source
UNKNOWN_AGENT_TYPES = {"ASSAULT", "COERCE"}
NON_STATE_SECTORS = {"CVL", "OPP", "LAB", "EDU", "REL", "REF", "REB", "AGR", "MED", "JRN", "BUS", "HRI", "ENV"}
WEAPON_NOUNS = {"gunman", "gunmen", "assailant", "attacker", "bomber", "artillery", "bomb", "bombing", "explosion", "blast", "mine", "landmine", "rocket", "missile", "shell", "shelling",
                "mortar", "grenade", "gunfire", "attack", "airstrike", "strike", "raid", "ambush", "device", "drone",
                "bullet", "sniper", "ied", "car bomb", "suicide bombing"}
# CAMEO codes of acts only authorities do (arrest, deport, investigate, charge with a crime or treason)
STATE_ACT_CODES = ("173", "174", "09", "1121", "1125")
# weapons used where the attacker is (so the attack is coded to a local unidentified group), unlike shelling,
# missiles and air strikes
LOCAL_WEAPON_NOUNS = {"bomb", "bombing", "bomber", "explosion", "blast", "mine", "landmine", "minefield", "grenade",
                      "device", "ied", "explosive", "gunfire", "gunman", "gunmen", "sniper", "ambush"}
# a verb and preposition that report their object noun as happening
HAPPENING_PREPS = {("put", "under"), ("place", "under"), ("come", "under"), ("converge", "for"), ("gather", "for"), ("assemble", "for"), ("turn", "for"), ("go", "on"), ("stage", "in"), ("take", "part"), ("engage", "in"), ("join", "in"), ("join", "for"), ("remain", "on"),
                   ("put", "on"), ("place", "on")}
AMOUNT_NOUNS = {"dollar", "euro", "pound", "yen", "franc", "shilling", "ton", "tonne", "worth", "million", "billion",
                "amount", "sum", "lot", "load", "consignment"}
# nouns that frame an event noun compounded to them: "a mediation effort", "a peace mission"
FRAME_NOUNS = {"effort", "mission", "bid", "attempt", "campaign", "initiative", "operation", "drive", "programme",
               "program", "plan"}
# "issued a reminder that X must ...": nouns of saying that carry a reported request
SPEECH_NOUNS = {"reminder", "statement", "warning", "message", "note", "declaration", "communique", "letter",
                "ultimatum", "notice"}
LIGHT_VERBS = {"hold", "have", "make", "impose", "launch", "conduct", "carry", "give", "provide", "issue", "express",
               "voice", "reach", "sign", "take", "offer", "send", "deliver", "announce", "begin", "start", "stage",
               "mount", "raise", "lodge", "file", "extend", "level", "pledge", "open", "grant", "undertake", "renew",
               "complete", "organize", "organise", "continue", "resume", "order", "declare", "initiate",
               "intensify", "wage", "commit", "establish", "reach", "strike", "seal", "clinch", "reimpose",
               "step", "perform", "hold", "join", "attend"}
# intent verbs whose infinitive complement is the content of the intent, not an event of its own:
# "threatened to shell X" is one THREATEN against X, "promised to continue aid to X" one AGREE with X
FOLDING_TYPES = {"AGREE", "THREATEN", "REQUEST"}
# complements of an intent that make it a threat: force, coercion, sanctions, protest
# (not MOBILIZE: "offered to send troops" is mostly help)
HOSTILE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "PROTEST"}
# material events done *in* a place with no other target: the country of the place is the target (the CAMEO
# coding convention: "imposed a curfew in X", "rioted at a jail in northern X")
PLACE_TARGET_TYPES = {"COERCE", "ASSAULT", "RETREAT", "CONCEDE", "MOBILIZE", "AID", "PROTEST", "SANCTION"}
# a gazetteer place this large is taken even in an article about other countries (Tel Aviv, Mosul); smaller ones
# there are more likely namesakes
NAMESAKE_POPULATION = 250_000
LOCATIVE_PREPS = {"in", "into", "to", "at", "inside", "throughout", "across", "near", "on"}
# with no target and no place, a protest is against the protesters' own government, and a curfew, ban or
# arrest by a government is imposed at home
DOMESTIC_TARGET_TYPES = {"PROTEST", "COERCE", "CONCEDE"}
NON_STATE_DOMESTIC_TYPES = {"REQUEST", "REJECT", "THREATEN", "ACCUSE"}
# A declared future action is a statement of intent, made now (PLOVER AGREE / THREATEN, CAMEO 03x / 13x):
# "X will give Y a grant" is an offer, "X will withdraw its force unless ..." a threat. By the action's type:
INTENT_CODES = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033", "CONCEDE": "035",
                "RETREAT": "035", "PROTEST": "133", "SANCTION": "1313", "MOBILIZE": "138", "COERCE": "137",
                "ASSAULT": "138"}
INTENT_AUX = {"will", "would", "shall", "'ll", "wo"}
CONDITIONAL_MODALS = {"may", "might", "could", "will", "would"}
DECISION_VERBS = {"announce", "decide", "declare", "rule", "order"}
INTENT_GOVERNORS = {"plan", "intend", "prepare", "prepared", "ready", "willing", "decide", "vow", "pledge", "promise"}


@dataclass
class _Arg:
    token: Token
    mention: ActorMention


class EventExtractor:
    def __init__(self, lexicon: Lexicon, cues: StatementCues | None = None):
        self.lexicon = lexicon
        self.cues = cues or StatementCues.load()
        self.codes = load_cameo_codes()
        self.nominal = NominalRules.load()
        self._cue_index: ClauseCues | None = None  # of the document being read
        self._named: tuple[dict, frozenset[str]] | None = None  # its token -> mention index, and their codes

    def extract(self, doc: Doc) -> list[Event]:
        mentions: list[ActorMention] = doc._.actor_mentions or []
        token_mention = self._index_mentions(doc, mentions)
        quotes: list[Quote] = doc._.quotes or []
        article_id = doc._.article_id or "doc"
        events: list[Event] = []
        seen: set[tuple] = set()
        # "At a press conference on March 18, X said ... . He said ...": later statements by X, undated, share
        # the date of X's last dated statement
        statement_dates: dict[str, object] = {}
        # "a call on Saturday ... the call ...": a later definite mention dates its sentence
        dated_event_nouns: dict[str, object] = {}
        anchors = dated_happenings(doc, lambda lemma, pos: frozenset(
            t.cameo.code[:2] for t in self.lexicon.candidates(lemma, pos)))  # "after the invasion" finds "invaded"
        anaphoric: set[str] = set()  # ids of events told by a definite noun ("the call"): maybe told before
        anaphors: list[Anaphor] = []  # definite event nouns with no actors of their own ("the call lasted")
        for sent_index, sent in enumerate(doc.sents):
            # "a call between the two presidents": parties named in an earlier sentence
            if not any(t.i in token_mention or t.lower_ == "between" for t in sent):
                anaphors += self._anaphors(sent, sent_index, token_mention, set())
                continue
            when = date_for_sentence(doc, sent)
            if when is None:
                when = _date_of_referenced_event(sent, dated_event_nouns)
            elif when.precision == "day":
                for token in sent:
                    if token.pos_ == "NOUN" and self._is_consult_noun(token):
                        dated_event_nouns[token.lemma_.lower()] = when
            unresolved = None if when is not None else _unresolved_time(sent)
            where = place_for_sentence(doc, sent)
            speakers = self._speakers(sent, token_mention)
            if when is not None and when.precision == "day":  # a month or year there dates something else
                for name in speakers:
                    statement_dates[name] = when
            coded: set[int] = set()  # trigger tokens that gave an event
            for token in sent:
                for found in self._events_at(token, token_mention):
                    trigger, sources, targets, rule, extra = found
                    coded.add(token.i)
                    for source in sources:
                        # a target that is the source itself ("Kenyans rallied in Nairobi") leaves no target
                        # ... except a people protesting against its own state ("Kenyans rallied against Kenya")
                        others = [t for t in targets if not _same_actor(source.mention, t.mention) or (
                            trigger.event_type in DOMESTIC_TARGET_TYPES and _non_state(source))]
                        for target in others or [None]:
                            key = (sent_index, trigger.event_type, _code(source), _code(target) if target else None)
                            if key in seen:
                                continue
                            seen.add(key)
                            # a noun's own phrase may date it ("the invasion of X on 24 February")
                            own = (phrase_date(doc, token) if trigger.pos == "noun" else None) or \
                                _date_governed_by(doc, sent, token, when)
                            event = self._event(doc, article_id, sent, sent_index, token, trigger, source,
                                                target, rule, extra, own, where, quotes, len(events))
                            # "He also voiced concerns": a noun of saying is as verbal as the verb
                            verbal = rule.startswith("reported-") or trigger.event_type in VERBAL_TYPES
                            earlier = statement_dates.get(event.source.name) if verbal else None
                            if when is None and earlier is not None:
                                event.date, event.date_precision = earlier.iso, earlier.precision
                                event.date_basis, event.date_text = "anaphora", earlier.text
                            elif when is not None and getattr(when, "basis", None) == "anaphora":
                                event.date_basis = "anaphora"
                            elif when is None and unresolved is not None:
                                # the sentence dates the event in words we cannot resolve ("a few weeks before
                                # the invasion"): no date is better than the article's, which would be wrong
                                event.date = event.date_precision = None
                                event.date_basis, event.date_text = "unresolved", unresolved
                            date_relative(event, doc, sent, token, anchors)  # "after the invasion", "earlier"
                            # "denied reports that ...", "critics say ...": not asserted
                            event.modality = report_modality(token, lambda t: _opposition(t, token_mention))
                            if trigger.pos == "noun" and self.nominal.anaphoric(token):
                                anaphoric.add(event.id)
                            events.append(event)
            anaphors += self._anaphors(sent, sent_index, token_mention, coded)
        events = _drop_partial_duplicates(events)
        _date_repeated_mentions(events)
        events = merge_mentions(events, anaphoric, anaphors)
        return events

    # ---- building records ----
    def _event(self, doc, article_id, sent, sent_index, token, trigger: Trigger, source: _Arg, target: _Arg | None,
               rule: str, extra: dict, when, where: Place | None, quotes: list[Quote], n: int) -> Event:
        published = doc._.published
        if when is not None:
            date_value, precision, basis, date_text = when.iso, when.precision, when.basis, when.text
        elif published is not None:
            date_value, precision, basis, date_text = published.isoformat(), "day", "article", None
        else:
            date_value = precision = basis = date_text = None
        quote_id = next((q.id for q in quotes if q.span[0] <= token.idx < q.span[1]), None)
        confidence = 0.85
        if target is None:
            confidence -= 0.15
        if source.mention.method == "unknown":
            confidence -= 0.25  # unnamed doer (unknown, or an unidentified local armed group)
            rule += ":unknown-source"
        if source.mention.method in ("coref", "name") or (target and target.mention.method == "coref"):
            confidence -= 0.1
        if trigger.pos == "noun":
            confidence -= 0.1
        if quote_id:
            confidence -= 0.1
        return Event(
            id=f"{article_id}:e{n}", article_id=article_id, sentence=sent.text.strip(), sentence_index=sent_index,
            span=(sent.start_char, sent.start_char + len(sent.text.rstrip())), event_type=trigger.event_type, mode=trigger.mode,
            cameo=trigger.cameo.code, quad_class=trigger.cameo.quad_class, goldstein=trigger.cameo.goldstein,
            source=ActorRef.of(source.mention.text, source.mention.actor),
            target=ActorRef.of(target.mention.text, target.mention.actor) if target else None,
            date=date_value, date_precision=precision, date_basis=basis, date_text=date_text, location=where,
            negated=extra.get("negated", False), hypothetical=extra.get("hypothetical", False),
            trigger=extra.get("trigger_text", token.text), rule=rule, confidence=round(max(confidence, 0.1), 2),
            quote_id=quote_id, trigger_span=(token.idx, token.idx + len(token.text)),
            mentions=[_evidence(sent, sent_index, token, extra.get("trigger_text", token.text))],
        )

    def _anaphors(self, sent: Span, sent_index: int, tm, coded: set[int]) -> list[Anaphor]:
        """Definite event nouns of the sentence that gave no event ("The call lasted an hour", "during the
        talks"): later mentions of a happening the article may have told already."""
        out = []
        whole = None  # the sentence's span and text, taken once: per anaphor it was quadratic on a long sentence
        for token in sent:
            if token.pos_ != "NOUN" or token.i in coded or token.i in tm or not self.nominal.anaphoric(token):
                continue
            if not self.lexicon.candidates(token.lemma_.lower(), "noun") or self.nominal.unasserted(token):
                continue
            types = frozenset(t.event_type for t in self._match(token, "noun"))
            if types:
                whole = whole or _sentence_of(sent)
                out.append(Anaphor(_evidence(sent, sent_index, token, token.text, whole), types))
        return out

    @staticmethod
    def _index_mentions(doc: Doc, mentions: list[ActorMention]) -> dict[int, ActorMention]:
        index: dict[int, ActorMention] = {}
        for m in mentions:
            actor = m.actor
            if actor is None or not (actor.code or actor.kind in ("organization", "group") and actor.sector):
                # unresolved, or a person of unknown affiliation: never an event argument. A group with a
                # known sector and no country (al-Qaeda) is an actor.
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    index.setdefault(t.i, m)
        return index

    # ---- finding events at a token ----
    def _events_at(self, token: Token, tm: dict[int, ActorMention]):
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.lemma_ in ("ready", "willing", "opposed")):
            yield from self._verb_events(token, tm)
        elif token.pos_ in ("NOUN", "PROPN"):
            yield from self._noun_events(token, tm)

    def _match(self, token: Token, pos: str) -> list[Trigger]:
        # a preposition whose object is a date ("call on Saturday") says nothing about the reading
        child_lemmas = {c.lemma_.lower() for c in token.children
                        if not (c.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in c.children))}
        child_lemmas |= {f"dep:{c.dep_}" for c in token.children}
        # "prep:on": a preposition the trigger itself governs (not one that governs it: "went on strike")
        child_lemmas |= {f"prep:{c.lower_}" for c in token.children
                         if c.dep_ == "prep" and c.lemma_.lower() in child_lemmas}
        # "held civilians as human shields", "declared a state of siege": the object of "as", or of the
        # object's "of", says what kind of act it is
        for c in token.children:
            if c.dep_ == "prep" and c.lower_ == "as" or c.dep_ == "dobj":
                for g in c.children:
                    if g.dep_ == "pobj":
                        child_lemmas.add(g.lemma_.lower())
                    elif g.dep_ == "prep" and g.lower_ == "of":
                        child_lemmas |= {p.lemma_.lower() for p in g.children if p.dep_ == "pobj"}
        if token.dep_ in ("dobj", "pobj", "acl"):
            # "voiced concern": the governing verb counts as a modifier; "crimes committed by X": the noun does
            child_lemmas.add(token.head.lemma_.lower())
        if pos == "verb" and not any(c.dep_ == "dobj" for c in token.children):
            # an intransitive verb is read by who does it: "peacekeepers arrived", "a contingent of peacekeeping
            # troops landed"
            child_lemmas |= {t.lemma_.lower() for c in token.children if c.dep_ == "nsubj" for t in c.subtree}
        out = []
        lemma = token.lemma_.lower()
        candidates = []
        doc = token.doc
        if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ \
                and not doc[token.i - 2].whitespace_:
            # "cease-fire", split by the tokenizer into three tokens
            candidates = self.lexicon.candidates(f"{doc[token.i - 2].lower_}-{lemma}", pos)
        candidates = candidates or self.lexicon.candidates(lemma, pos)
        if not candidates and _misread_e_verb(token, lemma):
            candidates = self.lexicon.candidates(lemma + "e", pos)
        for trig in candidates:
            if trig.with_ and not child_lemmas & set(trig.with_):
                continue
            if trig.without and child_lemmas & set(trig.without):
                continue
            out.append(trig)
        return out

    def _verb_events(self, verb: Token, tm):
        if _unasserted(verb):
            return
        lemma = verb.lemma_.lower()
        negated = _negated(verb)
        hypothetical = _hypothetical(verb)
        # reported speech: "X said Y must ...", "X issued a reminder that Y must ..." -> REQUEST X -> Y
        speech_object = lemma in LIGHT_VERBS and next(
            (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS), None)
        if lemma in SPEECH_VERBS or speech_object:
            holder = speech_object or verb
            for comp in holder.children:
                if comp.dep_ not in ("ccomp", "acl") or (comp.dep_ == "acl" and not any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in comp.children)):
                    continue
                if self._has_request_modal(comp):
                    trig, rule = self._request_trigger(comp), "reported-request"
                elif self._is_rejecting(comp):
                    trig, rule = self._reject_trigger(), "reported-rejection"
                elif self._is_critical(comp):
                    trig, rule = self._accuse_trigger(), "reported-criticism"
                elif threatened_consequence(comp):  # "said Y will face consequences (if ...)"
                    trig, rule = next(iter(self.lexicon.candidates("threaten", "verb")), None), "reported-threat"
                elif claimed_by_subject(verb, lambda t: _opposition(t, tm)) and any(
                        t.cameo.quad_class == 4 for t in self._match(comp, "verb")):
                    # "the opposition says the police killed ...": the claim is the speaker's accusation
                    trig, rule = next(iter(self.lexicon.candidates("accuse", "verb")), None), "reported-claim"
                else:
                    continue
                sources = self._subjects(verb, tm)
                # whom the content names, else whom it was said to ("reminded X that it must ...")
                targets = self._subjects(comp, tm) or self._actor_inside(_subject_token(comp), tm) or \
                    self._addressees(verb, tm)
                if not targets and rule == "reported-rejection":
                    # "lifting the sanctions on X is out of the question": whom the ruled-out act concerns
                    targets = [_Arg(t, tm[t.i]) for t in _subject_token(comp).subtree if t.i in tm][:1]
                targets = [t for t in targets if not any(_same_side(t.mention, s.mention) for s in sources)]
                if sources and targets and trig:
                    yield trig, sources, targets, rule, {
                        "negated": negated, "hypothetical": False, "trigger_text": f"{verb.text} ... {comp.text}"}
            if not self.lexicon.candidates(lemma, "verb"):
                return
        # refusals: "refused to condemn X" -> REJECT by the subject, target from the complement
        if lemma in REFUSAL_VERBS and lemma != "reject" and not self._in_demand_content(verb):
            comp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
            if comp is not None and comp.lemma_.lower() in SPEECH_VERBS | NON_EVENT_COMPLEMENTS:
                return  # "declined to comment", "refused to say": no comment is not a rejection
            if comp is not None:
                sources = self._subjects(verb, tm)
                targets = self._objects(comp, tm) or self._objects(verb, tm) or self._place_target(comp, tm)
                trig = self._reject_trigger()
                if sources and trig:
                    yield trig, sources, targets, "refusal", {
                        "negated": negated, "hypothetical": hypothetical, "trigger_text": f"{verb.text} to {comp.text}"}
                return
        triggers = self._match(verb, "verb")
        if not triggers:
            return
        if lemma == "warn":
            # a warning is a threat only when it names what will happen: "warned that X would face ..."
            comp = next((c for c in verb.children if c.dep_ in ("ccomp", "advcl") and _hypothetical(c)), None)
            if comp is None:
                return
            sources = self._subjects(verb, tm)
            targets = self._subjects(comp, tm) or self._objects(verb, tm)
            targets = [t for t in targets if not any(_same_side(t.mention, s.mention) for s in sources)]
            if sources:
                # the warning was made: a threat, even when what it threatens is conditional
                yield triggers[0], sources, targets, "verb:warn+consequence", {"negated": negated, "hypothetical": False}
            return
        # a verb under a refusal is coded by the refusal rule above
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSAL_VERBS - {"reject"}:
            return
        if self._in_folded_complement(verb):
            return
        sources = self._subjects(verb, tm)
        # "X strengthened its forces": the possessor is the subject itself, not a target
        targets = self._objects(verb, tm, exclude=sources)
        if triggers[0].event_type == "ACCUSE":
            # "complained to the UN over X's raids": the accused, not the addressee
            accused = self._topic_actor(verb, tm)
            if accused and not any(_same_side(a.mention, s.mention) for a in accused for s in sources):
                targets = accused
        state_act = _is_state_act(triggers[0]) and _agentless_passive(verb, tm)
        unnamed_doer = not sources and (triggers[0].event_type in UNKNOWN_AGENT_TYPES or state_act) and (
            _agentless_passive(verb, tm) or _weapon_subject(verb))
        if unnamed_doer and not targets and triggers[0].event_type == "ASSAULT":
            # "a bomb in X killed nine civilians": victims in X
            targets = self._place_target(verb, tm, include_subject=True)
        if unnamed_doer and targets:
            # "three civilians were killed in a bombing": violence against a known victim by an unnamed hand is
            # still an event; its source is recorded as unknown (all fields null), never guessed
            doer = self._place_authority(verb, triggers[0]) if state_act else self._local_armed_group(verb)
            sources = [_Arg(verb, ActorMention(text="", start=verb.idx, end=verb.idx, sentence_index=-1,
                                               actor=doer, method="unknown"))]
        if not sources:
            return
        if triggers[0].lemma == "protest" and triggers[0].event_type == "ACCUSE" and sources and \
                all(_non_state(a) for a in sources):
            # a government protests by note (ACCUSE); people protest in the street (PROTEST)
            street = [t for t in self.lexicon.candidates("protest", "verb") if t.event_type == "PROTEST"]
            if street:
                triggers = street[:1]
        complement = next((c for c in verb.children if _is_infinitive_complement(c)), None)
        if complement is not None and triggers[0].event_type in FOLDING_TYPES:
            if not targets:
                targets = self._complement_targets(complement, tm, exclude=sources)
                targets = [t for t in targets if not any(_same_side(t.mention, s.mention) for s in sources)]
            if triggers[0].event_type == "AGREE" and self._is_hostile(complement):
                # "vowed to retaliate", "pledged to strike X": an intent to use force is a threat
                threat = self.lexicon.candidates("threaten", "verb")
                if threat:
                    triggers = [threat[0]]
        if not targets and triggers[0].event_type == "THREATEN":
            # "... unless Baghdad accepted": the party the condition is put to is the one threatened
            targets = [t for t in self._condition_subjects(verb, tm)
                       if not any(_same_side(t.mention, s.mention) for s in sources)]
        if not targets and complement is not None and triggers[0].event_type in FOLDING_TYPES:
            targets = self._complement_place_targets(complement, sources, tm)
        if not targets and verb.dep_ in ("xcomp", "advcl") and verb.head.lemma_.lower() in SUBJECT_PURPOSE_VERBS:
            # "summoned X's ambassador to complain": to X
            targets = self._objects(verb.head, tm, exclude=sources)
        if not targets and verb.dep_ == "advcl" and verb.tag_ == "VBG" and triggers[0].event_type == "ASSAULT" \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            # "launched rocket fire against X camps, killing 50": the victims are those the main clause hit
            targets = self._objects(verb.head, tm, exclude=sources)
        if not targets and not triggers[0].requires_target:
            targets = self._default_targets(triggers[0], verb, sources, tm) or \
                self._domestic_addressee(triggers[0], sources)
        if not targets and verb.dep_ in ("advcl", "xcomp") and _is_purpose(verb) and \
                verb.head.lemma_.lower() in SENDING_VERBS:
            # "sent 21 experts to X to investigate": the investigation is in X
            targets = self._place_target(verb.head, tm)
        intent = self._intent(triggers[0], verb)
        if intent is not None and not negated:
            triggers, hypothetical = [intent], False
        elif negated and (triggers[0].event_type in ("AGREE", "SUPPORT") or triggers[0].cameo.quad_class in (1, 2)) \
                and self._future(verb):
            # "will not accept", "would not support", "will not lift the ban", "will not end the strike":
            # a refusal, stated now
            refusal = self._reject_trigger()
            if refusal:
                triggers, negated, hypothetical = [refusal], False, False
                if not targets:  # "will not meet the kidnappers' demands in X"
                    targets = self._place_target(verb, tm, object_only=True)
        for trig in triggers:
            compound = not targets and trig.event_type in SYMMETRIC_TYPES and len(sources) > 1
            if trig.requires_target and not targets and not compound:
                continue
            rule = f"verb:{trig.lemma}" + (f"+{'/'.join(trig.with_)}" if trig.with_ else "")
            if compound:
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
        if noun.dep_ == "compound" and noun.head.lemma_.lower() in FRAME_NOUNS:
            noun = noun.head  # "launched a mediation effort between X and Y": the frame carries the arguments
        elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "dobj" \
                and (_is_amount(noun.head.head) or noun.head.head.lemma_.lower() in QUANTITY_NOUNS):
            noun = noun.head.head  # "gave X 5 million dollars of aid": the amount stands where the aid would
        happening = self._noun_is_reported_happening(noun)
        # "Russia's invasion of Georgia killed ...", "after the sanctions imposed on X by Y": a noun that names
        # its own actors reports a happening where no light verb holds it
        alone = not happening and self.nominal.stands_alone(noun)
        if not (happening or alone) or self.nominal.unasserted(noun):
            return
        if noun.dep_ in ("nsubj", "nsubjpass") and not self.nominal.anaphoric(noun) and _hypothetical(noun.head):
            return  # "a strike on X would be a disaster": an indefinite subject of a guess names no happening
        if noun.dep_ == "dobj" and _unasserted(noun.head):
            return  # "whether he gave X his support", "wants to hold talks with X"
        if noun.dep_ == "dobj" and self._in_folded_complement(noun.head):
            return  # "threatened to launch an offensive": the offensive is the threat's content
        if noun.dep_ == "dobj" and any(not t.requires_target for t in self._match(noun.head, "verb")):
            # "signed an agreement", "offered concessions": the verb codes the happening; but a verb that is an
            # event only with an actor object ("ordered patrols") leaves the noun to code it
            return
        sources, targets, between = self._noun_arguments(noun, tm)
        sources, targets, between = self._phrase_arguments(noun, tm, sources, targets, between)
        if alone:
            # standing alone, the phrase must name both parties itself (or the passive it is the subject of)
            agent = passive_agent(noun)
            own = [a for a in sources if in_phrase(noun, a.token) or agent is not None and a.token.i == agent.i]
            if not own or len(own) < len(sources) or not (between or targets) or \
                    not all(in_phrase(noun, a.token) for a in targets):
                return
        governor_verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        if not sources and targets and _is_state_act(triggers[0]) and governor_verb.pos_ in ("VERB", "AUX") \
                and _agentless_passive(governor_verb, tm):
            # "X was put under investigation in Y": by Y's authorities
            doer = self._place_authority(governor_verb, triggers[0])
            if doer is not None:
                sources = [_Arg(noun, ActorMention(text="", start=noun.idx, end=noun.idx, sentence_index=-1,
                                                   actor=doer, method="unknown"))]
        if not sources:
            return
        if not targets and not between and noun.dep_ == "dobj" and _lemma(noun.head) in LIGHT_VERBS:
            targets = self._default_targets(triggers[0], noun.head, sources, tm)
        elif not targets and not between and noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
            targets = self._default_targets(triggers[0], noun.head.head, sources, tm)  # "went on strike in X"
        governor = noun.head if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj") else None
        negated = _negated(governor) if governor is not None and governor.pos_ in ("VERB", "AUX") else False
        hypothetical = _hypothetical(governor) if governor is not None and governor.pos_ in ("VERB", "AUX") else False
        if noun.dep_ == "dobj" and governor is not None and not negated:
            intent = self._intent(triggers[0], governor)
            if intent is not None:  # "will hold talks": an intent to meet
                triggers, hypothetical = [intent], False
        # a noun that is only the topic of another event ("condemned the invasion") must carry its own dyad
        adjunct = noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ADJUNCT_PREPS
        for trig in triggers:
            if trig.needs_dyad and not (between or targets):
                continue
            others = [t for t in targets if not any(_same_actor(t.mention, s.mention) for s in sources)]
            if adjunct and trig.event_type == "CONSULT" and not (between or others) and len(sources) < 2:
                continue  # "X said at a meeting in Moscow": the venue of a statement, not a consultation
            if trig.requires_target and not targets:
                continue
            rule = f"noun:{trig.lemma}" + ("+between" if between else "")
            # "talks between X and Y", "X and Y held joint exercises": one record per dyad
            if (between or trig.event_type in SYMMETRIC_TYPES) and not targets and len(sources) > 1:
                for a in sources:
                    yield trig, [a], [b for b in sources if b is not a], rule, {"negated": negated, "hypothetical": hypothetical}
                return
            yield trig, sources, targets, rule, {"negated": negated, "hypothetical": hypothetical}
            return

    def _phrase_arguments(self, noun: Token, tm, sources: list[_Arg], targets: list[_Arg],
                          between: bool) -> tuple[list[_Arg], list[_Arg], bool]:
        """What the noun phrase adds to the arguments read so far: both sides of "a meeting between the French
        and German ministers" and "the Xi-Putin meeting", the agent and object of a participle ("the sanctions
        imposed on Iran by the EU"), the agent of a passive ("the attack was carried out by X")."""
        if not between:
            pobj = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"
                         for g in c.children if g.dep_ == "pobj"), None)
            pair = modifier_pair(pobj, tm) if pobj is not None and len(sources) < 2 else []
            if len(pair) < 2 and not targets and len(sources) < 2:
                pair = modifier_pair(noun, tm)
            if len(pair) >= 2:
                return [_Arg(t, tm[t.i]) for t in pair], [], True
            split = split_conjoined(pobj, tm) if pobj is not None and len(sources) < 2 else []
            if not split and pobj is not None and not sources:
                split = the_two(pobj, noun.doc._.actor_mentions or [])
            if split:
                return [_Arg(pobj, m) for m in split], [], True
        agent, aimed = participle_arguments(noun)
        if not sources:
            agent = agent if agent is not None else passive_agent(noun)
            sources = self._actor_args(agent, tm) if agent is not None else []
        if not targets and aimed is not None:
            targets = [t for t in self._actor_args(aimed, tm) or self._actor_inside(aimed, tm)
                       if not any(_same_actor(t.mention, s.mention) for s in sources)]
        return sources, targets, between

    @staticmethod
    def _future(verb: Token) -> bool:
        node = verb
        for _ in range(3):
            if any(c.dep_ == "aux" and c.lower_ in INTENT_AUX for c in node.children):
                return True
            if node.dep_ in ("xcomp", "acomp") and node.head.lemma_.lower() in INTENT_GOVERNORS:
                return True
            if node.dep_ in ("xcomp", "conj") and node.head is not node:
                node = node.head
            else:
                return False
        return False

    def _intent(self, trigger: Trigger, verb: Token) -> Trigger | None:
        """The statement of intent a declared future action makes, or None (not future, or already verbal)."""
        code = INTENT_CODES.get(trigger.event_type)
        if code is None:
            return None
        if trigger.cameo.quad_class in (3, 4) and _modal(verb, CONDITIONAL_MODALS) and _has_condition(verb, "if"):
            # "X may halt its aid if Y ...": a hostile act held over a condition is a threat
            return self._coded(trigger, "130", "THREATEN")
        if not self._future(verb) or _speculative(verb):
            return None
        if trigger.event_type == "SANCTION" and _announced_decision(verb):
            return None  # "announced it would ban arms sales": a sanction decided, not a threat of one
        if trigger.event_type == "ASSAULT" and _physical_preparation(verb):
            # "the army prepared to resume shelling": a show of force, not a statement
            return self._coded(trigger, "150", "MOBILIZE")
        if any(c.dep_ == "mark" and c.lower_ in ("if", "when", "once") for c in verb.children):
            return None  # "if X will ...": a condition, not a declaration
        if _has_condition(verb, "unless"):
            code = "130"  # "will withdraw its force unless ...": an ultimatum is a threat whatever the action
        cameo = self.codes.get(code)
        if cameo is None:
            return None
        event_type = "AGREE" if cameo.quad_class in (1, 2) else "THREATEN"
        if trigger.event_type in ("RETREAT", "CONCEDE") and code != "130":
            event_type = "CONCEDE"  # PLOVER: a promise of a future concession ("will resign", "will lift")
        return self._coded(trigger, code, event_type)

    def _coded(self, trigger: Trigger, code: str, event_type: str) -> Trigger | None:
        """`trigger` read as another CAMEO code and PLOVER type (no mode), or None when the code is unknown."""
        cameo = self.codes.get(code)
        if cameo is None:
            return None
        return Trigger(lemma=trigger.lemma, pos=trigger.pos, cameo=cameo, event_type=event_type, mode=None,
                       with_=trigger.with_)

    def _default_targets(self, trigger: Trigger, clause: Token, sources: list[_Arg], tm) -> list[_Arg]:
        """A target for an event whose clause names none: its purpose ("imposed sanctions to pressure X",
        "blocked a road to protest X's policy"), else for material events the country of the place, else for
        protests and coercion the home country."""
        for purpose in self._purposes(clause):
            found = [t for t in self._complement_targets(purpose, tm)
                     if not any(_same_side(t.mention, s.mention) for s in sources)]
            if found:
                return found
        if trigger.event_type not in PLACE_TARGET_TYPES and not trigger.place_target:
            # a statement's venue is not its target, but a place inside its object is: "demanded that the
            # parties to the conflict in X allow ..."
            return self._place_target(clause, tm, object_only=True)
        found = self._place_target(clause, tm)
        if not found and trigger.event_type in DOMESTIC_TARGET_TYPES and len(sources) == 1:
            found = self._home_country(sources[0])
        return found

    def _domestic_addressee(self, trigger: Trigger, sources: list[_Arg]) -> list[_Arg]:
        """Rebels, opposition or a people demanding, rejecting or threatening with no addressee named address
        their own state ("the rebels rejected the plan": rebels of X -> X)."""
        if trigger.event_type not in NON_STATE_DOMESTIC_TYPES or len(sources) != 1 or not _non_state(sources[0]):
            return []
        m = sources[0].mention
        if not m.actor or not m.actor.code or not _is_country(m.actor.code):
            return []
        return [_Arg(sources[0].token, _country_mention(m.text, m.start, m.end, m.sentence_index, m.actor.code))]

    @staticmethod
    def _purposes(clause: Token) -> list[Token]:
        purposes = [c for c in clause.children if c.dep_ in ("advcl", "xcomp") and c.pos_ in ("VERB", "AUX")
                    and _is_purpose(c)]
        # the parser often hangs "to protest X" on the object: "blocked a road to protest X"
        purposes += [c for d in clause.children if d.dep_ == "dobj" for c in d.children
                     if c.dep_ in ("relcl", "acl") and _is_purpose(c)]
        return purposes

    def _place_target(self, clause: Token, tm, include_subject: bool = False, object_only: bool = False) -> list[_Arg]:
        """The country of the place the clause's event happens in: "in the town of X in southeastern Y".
        `include_subject`: the subject is a thing that happened there ("a bombing in X killed ...")."""
        doc = clause.doc
        # a gazetteer place in a country no actor of the article belongs to is more likely a namesake
        # ("Pando", Uruguay, in a story about Bolivia): no target from it
        named = self._named_codes(tm)
        # the place may hang on the verb or on its object ("strengthened its forces in X")
        holders = [] if object_only else [clause]
        if not object_only:
            # "donated and delivered goods to X", "killed 23 people when they blew themselves up in X": a verb
            # sharing the act, or a clause telling when it happened, places it too
            shared = [c for c in clause.children if c.dep_ == "conj" and c.pos_ == "VERB"]
            holders += shared + [t for v in shared for c in v.children if c.dep_ == "dobj" for t in c.subtree]
            holders += [c for c in clause.children if c.dep_ == "advcl" and any(
                m.dep_ in ("advmod", "mark") and m.lower_ in ("when", "as", "while") for m in c.children)]
        holders += [t for c in clause.children if c.dep_ == "dobj" or include_subject and c.dep_ == "nsubj"
                    or object_only and c.dep_ == "prep" and c.lower_ in ("to", "into") for t in c.subtree]
        if object_only:
            # "opposes moves that add fuel to the fire in X": a relative clause describes the object, it is not
            # where the object is
            inside_relcl = {t.i for h in holders if h.dep_ == "relcl" for t in h.subtree}
            holders = [h for h in holders if h.i not in inside_relcl]
        # ... or inside another phrase of the clause: "held civilians as human shields in X"
        holders += [t for c in clause.children if c.dep_ == "prep" and c.lower_ not in LOCATIVE_PREPS and not object_only
                    for t in c.subtree]
        for child in (c for h in holders for c in h.children):
            if child.dep_ not in ("prep", "dative") or child.lower_ not in LOCATIVE_PREPS:
                continue
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                subtree = list(pobj.subtree)
                for t in subtree:
                    mention = tm.get(t.i) if t.head.lemma_.lower() not in CULTURAL_NOUNS else None
                    if mention and mention.actor and mention.actor.kind == "country" or \
                            mention and mention.method == "capital":
                        return [_Arg(t, _country_mention(mention.text, mention.start, mention.end,
                                                         mention.sentence_index, mention.actor.code))]
                lo, hi = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
                for place in doc._.places or ():
                    if named and place.country not in named and (place.population or 0) < NAMESAKE_POPULATION:
                        continue
                    if place.country and place.start is not None and lo <= place.start < hi:
                        sent_index = next((m.sentence_index for m in tm.values()
                                           if m.start <= place.start <= m.end), -1)
                        return [_Arg(pobj, _country_mention(place.name, place.start, place.end or place.start,
                                                            sent_index, place.country))]
        return []

    def _named_codes(self, tm: dict[int, ActorMention]) -> frozenset[str]:
        """The codes of the document's actors, computed once per document: per call it was quadratic (issue 11)."""
        if self._named is None or self._named[0] is not tm:
            self._named = (tm, frozenset(m.actor.code for m in tm.values() if m.actor and m.actor.code))
        return self._named[1]

    @staticmethod
    def _local_armed_group(verb: Token) -> Actor | None:
        """The unnamed doer of a bombing, a mine or a shooting, as CAMEO and ICEWS code it: an unidentified armed
        group of the country where it happened ("a roadside bomb near X killed ..."). Weapons fired from afar
        (shelling, air strikes, missiles) are often fired across a border: their doer stays unknown (None)."""
        country = _sentence_country(verb) if _local_weapon(verb) else None
        return Actor(name="unidentified armed group", code=country, sector="UAF", kind="group") if country else None

    @staticmethod
    def _place_authority(verb: Token, trigger: Trigger) -> Actor | None:
        """The unnamed doer of an arrest, a deportation, an investigation or a charge, as ICEWS codes it: the
        authorities of the country where it happened ("was arrested in X": X's police)."""
        country = _sentence_country(verb)
        if country is None:
            return None
        sector = "COP" if trigger.cameo.code.startswith(("173", "174")) else "JUD"
        return Actor(name="authorities", code=country, sector=sector, kind="organization")

    @staticmethod
    def _home_country(source: _Arg) -> list[_Arg]:
        actor = source.mention.actor
        if actor is None or not actor.code or actor.kind == "country" or not _is_country(actor.code):
            return []
        m = source.mention
        return [_Arg(source.token, _country_mention(m.text, m.start, m.end, m.sentence_index, actor.code))]

    def _topic_actor(self, verb: Token, tm) -> list[_Arg]:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("over", "about"):
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    found = self._actor_args(pobj, tm) or self._actor_inside(pobj, tm)
                    if found:
                        return found
        return []

    @staticmethod
    def _frame_trigger(noun: Token) -> Token:
        """The event noun compounded to a frame noun ("mediation" in "mediation effort"), else the noun."""
        if noun.lemma_.lower() in FRAME_NOUNS:
            return next((c for c in noun.children if c.dep_ == "compound"), noun)
        return noun

    def _folds(self, verb: Token) -> bool:
        return any(t.event_type in FOLDING_TYPES for t in self._match(verb, "verb"))

    def _in_folded_complement(self, verb: Token) -> bool:
        """Is this verb the content of another event rather than an event of its own?

        "threatened to shell X", "urged X to leave" (an intent's or a request's complement); "a demand to sever
        ties" (the complement of an event noun); "staged a strike to protest X" (a protest's purpose);
        "... unless Y accepts" (the condition of a threat or an ultimatum)."""
        head = verb.head
        if head is verb:
            return False
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and self._in_folded_complement(head):
            return True  # "called on X to unite and mobilize against Y": both are the call's content
        if self._in_demand_content(verb):
            return True
        if verb.dep_ == "acl" and head.lemma_.lower() in EFFORT_NOUNS and head.dep_ == "dobj" and \
                head.head.pos_ in ("VERB", "AUX") and self._in_folded_complement(head.head):
            return True  # "ordered X to take action to condemn Y": the condemnation is what was ordered
        if verb.dep_ in ("advcl", "xcomp") and _is_purpose(verb) and head.pos_ in ("VERB", "AUX") and \
                self._in_folded_complement(head):
            return True  # "urged X to take steps to condemn Y": the content's purpose is content too
        if _is_infinitive_complement(verb) and self._folds(head):
            return True
        if verb.dep_ == "acl" and head.pos_ == "NOUN" and self._match(head, "noun"):
            return True
        if verb.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in verb.children):
            return True
        if verb.dep_ in ("advcl", "xcomp", "relcl", "acl") and _is_purpose(verb):
            # "imposed sanctions to pressure X", "staged a strike to protest X": the purpose of an event is its
            # content (and names its target), not a second event
            event_here = bool(self._match(head, "verb")) or any(
                self._match(c, "noun") for c in ([head] if head.pos_ == "NOUN" else _object_nouns(head)))
            if event_here:
                return True
        # "X said Y must be ready to mediate": anything inside the content of a reported request
        node = verb
        for _ in range(4):
            if node.dep_ == "ccomp" and self._is_reported_request(node):
                return True
            if node.dep_ in ("xcomp", "acomp") and node.head is not node:
                node = node.head
            else:
                return False
        return False

    def _addressees(self, verb: Token, tm) -> list[_Arg]:
        """Whom something was said to: "told X", "said to X", "a reminder to X"."""
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and child.lemma_.lower() not in SPEECH_NOUNS:
                found = self._actor_args(child, tm)
                if found:
                    return found
            if child.dep_ in ("prep", "dative") and child.lower_ == "to":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    found = self._actor_args(pobj, tm)
                    if found:
                        return found
        return []

    def _in_demand_content(self, verb: Token) -> bool:
        """"demanded that X refuse to recognize Y": what a demand asks for is its content, not X's act."""
        return verb.dep_ == "ccomp" and verb.head is not verb and any(
            t.event_type == "REQUEST" for t in self._match(verb.head, "verb"))

    def _is_reported_request(self, clause: Token) -> bool:
        """"X said Y must hand over ...": the clause is the content of X's request to Y."""
        return clause.head.lemma_.lower() in SPEECH_VERBS and self._has_request_modal(clause)

    def _complement_triggers(self, complement: Token) -> list[Trigger]:
        """The event triggers inside an intent's complement: its verb, or the event noun it governs
        ("to launch an offensive"); when the verb is itself a trigger, its object is only its content
        ("agreed to lift a ban": the lifting, not the ban)."""
        found = self._match(complement, "verb")
        if found:
            return found
        for child in complement.children:
            if child.dep_ == "dobj":
                found += self._match(child, "noun")
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                found += self._complement_triggers(child)
        return found

    def _is_hostile(self, complement: Token) -> bool:
        return any(t.event_type in HOSTILE_TYPES for t in self._complement_triggers(complement))

    def _complement_targets(self, complement: Token, tm, exclude: list[_Arg] = ()) -> list[_Arg]:
        """Whom an intent is about: the complement's object, or the other party of the event noun it governs
        ("to continue aid to X"), down a chain of complements ("to stop talks to reduce ...")."""
        found = self._objects(complement, tm, exclude=exclude)
        if found:
            return found
        for child in complement.children:
            if child.dep_ == "dobj" and self.lexicon.candidates(child.lemma_.lower(), "noun"):
                _, targets, _ = self._noun_arguments(child, tm)
                if targets:
                    return targets
        for child in complement.children:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                return self._complement_targets(child, tm, exclude)
        return []

    def _complement_place_targets(self, complement: Token, sources: list[_Arg], tm) -> list[_Arg]:
        """"threatened to impose a curfew in X", "vowed to crack down": where the intended act would happen, or
        (coercion, concessions) the home country -- which may be the actor's own."""
        triggers = self._match(complement, "verb") or [
            t for c in complement.children if c.dep_ == "dobj" for t in self._match(c, "noun")]
        if triggers and triggers[0].event_type in PLACE_TARGET_TYPES:
            return self._default_targets(triggers[0], complement, sources, tm)
        if not triggers:
            # "agreed to set up a research centre in X": an act with no code of its own is aimed where it happens
            return self._place_target(complement, tm)
        return []

    def _condition_subjects(self, verb: Token, tm) -> list[_Arg]:
        for node in [verb] + [c for c in verb.children if c.dep_ == "xcomp"]:
            for child in node.children:
                if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                    found = [a for c in child.children if c.dep_ == "nsubj" for a in self._actor_args(c, tm)]
                    if found:
                        return found
        return []

    def _has_request_modal(self, verb: Token) -> bool:
        if any(c.dep_ == "aux" and c.lower_ in self.cues.request_modals for c in verb.children):
            return True
        # "needed to stand up", "has to act"
        return verb.lemma_.lower() in ("need", "have") and any(c.dep_ == "xcomp" for c in verb.children)

    def _clause_cues(self, doc: Doc) -> ClauseCues:
        """The cue index of `doc`, built on first use: scanning each reported clause's subtree instead made
        nested clauses of one long sentence quadratic (issue 11)."""
        if self._cue_index is None or self._cue_index.doc is not doc:
            self._cue_index = ClauseCues(doc, self.cues.critical, self.cues.critical_phrases,
                                         self.cues.rejecting_phrases)
        return self._cue_index

    def _is_rejecting(self, clause: Token) -> bool:
        return self._clause_cues(clause.doc).rejecting(clause)

    def _is_critical(self, clause: Token) -> bool:
        return self._clause_cues(clause.doc).critical(clause)

    def _accuse_trigger(self) -> Trigger | None:
        found = self.lexicon.candidates("criticize", "verb")
        return found[0] if found else None

    def _is_consult_noun(self, token: Token) -> bool:
        return any(t.event_type == "CONSULT" for t in self.lexicon.candidates(token.lemma_.lower(), "noun"))

    @staticmethod
    def _speakers(sent: Span, tm) -> list[str]:
        """Names of the people who say something in this sentence (subjects of speech verbs)."""
        names = []
        for token in sent:
            if token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX"):
                for child in token.children:
                    mention = tm.get(child.i) if child.dep_ == "nsubj" else None
                    if mention is not None and mention.actor is not None and mention.actor.kind == "person":
                        names.append(mention.actor.name)
        return names

    def _noun_is_reported_happening(self, noun: Token) -> bool:
        """Is this event noun reported as happening, or only the topic of something else?

        "held talks", "during a call", "the call between X and Y lasted" report a happening;
        "condemned the invasion", "the invasion has drawn comparisons" only refer to one, which was reported
        (and dated) elsewhere: coding it again would count the same event over and over.
        """
        head = noun.head
        if noun.dep_ == "ROOT" or (noun.dep_ in ("attr", "appos") and head.lemma_ == "be"):
            return True
        if noun.dep_ == "dobj":
            return _lemma(head) in LIGHT_VERBS
        if noun.dep_ in ("nsubj", "nsubjpass"):
            return head.lemma_.lower() in OCCURRENCE_VERBS or any(
                c.dep_ == "prep" and c.lemma_ == "between" for c in noun.children)
        if noun.dep_ == "pobj" and head.dep_ == "prep" and (head.head.lemma_.lower(), head.lower_) in HAPPENING_PREPS:
            return True  # "went on strike", "broke into violence"
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            # only meetings and calls are reported this way; "after the invasion" refers back to a known event;
            # and only as an adjunct of a clause: "mediation in the talks" is about talks reported elsewhere
            # "returned to Geneva for talks": travelling for a meeting reports the meeting
            adjunct = head.lemma_.lower() in ADJUNCT_PREPS or (
                head.lower_ == "for" and head.head.lemma_.lower() in TRAVEL_VERBS)
            return adjunct and head.head.pos_ in ("VERB", "AUX") and any(
                t.event_type == "CONSULT" for t in self.lexicon.candidates(noun.lemma_.lower(), "noun"))
        return False

    def _request_trigger(self, clause: Token | None = None) -> Trigger | None:
        """"X said Y should ..." is an appeal (CAMEO 020); "must", "has to", "needs to" make it a demand (100)."""
        demand = clause is not None and (
            any(c.dep_ == "aux" and c.lower_ == "must" for c in clause.children)
            or clause.lemma_.lower() in ("need", "have") and any(c.dep_ == "xcomp" for c in clause.children))
        found = [t for t in self.lexicon.candidates("demand" if demand else "urge", "verb") if not t.with_]
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
                # "his counterpart, Foreign Minister X": the apposition names the actor
                mention = next((tm[c.i] for c in head.children if c.dep_ == "appos" and c.i in tm), None)
            if mention is None and head.lemma_.lower() in RELATIONAL_NOUNS:
                # "its EU partners", "NATO allies": the organisation they are partners in
                mention = next((tm[c.i] for c in head.children if c.dep_ in ("compound", "amod") and c.i in tm
                                and tm[c.i].actor and tm[c.i].actor.sector == "IGO"), None)
            if mention is None and head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in RELATIONAL_NOUNS \
                    and head.lemma_.lower() not in CULTURAL_NOUNS:
                # "a Chinese coast guard ship", "US drone attacks": the nationality of the thing stands for its owner
                modifiers = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
                modifiers += [g for c in modifiers if c.dep_ == "compound" for g in c.children if g.dep_ in ("compound", "amod", "nmod")]
                mention = next((tm[c.i] for c in modifiers if c.i in tm), None)
            if mention is None and head.pos_ == "VERB":
                # the parser sometimes makes a participle the subject: "the Red Cross operating in X said"
                mention = next((tm[c.i] for c in head.children if c.dep_ == "nsubj" and c.i in tm), None)
            if mention is None and head.lemma_.lower() in QUANTITY_NOUNS:
                # "a series of sanctions", "a group of officials"
                pobj = next((g for c in head.children if c.dep_ == "prep" and c.lemma_ == "of"
                             for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return self._actor_args(pobj, tm)
            if mention is not None and not any(a.mention is mention for a in out):
                out.append(_Arg(head, mention))
        return out

    def _subjects(self, verb: Token, tm) -> list[_Arg]:
        current = verb
        for _ in range(4):  # climb xcomp/conj/advcl chains to the clause that has the subject
            for child in current.children:
                if child.dep_ in ("nsubj", "csubj"):
                    if child.lemma_.lower() in RELATIONAL_NOUNS:  # "Iran's proxies in Yemen": those in Yemen
                        return self._actor_args(child, tm) or self._actor_inside(child, tm)
                    return self._actor_args(child, tm)
                if child.dep_ == "agent":
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self._actor_args(pobj, tm)
            passive_subject = next((c for c in current.children if c.dep_ == "nsubjpass"), None)
            if passive_subject is not None:
                if current.lemma_.lower() in SUBJECT_ACTS_PASSIVES:
                    # "X is opposed to", "X forces were demobilized": the subject holds the stance or does it
                    return self._actor_args(passive_subject, tm)
                return []  # a passive without an agent has no known source
            if current.head.lemma_.lower() in SPEECH_VERBS and current.dep_ in ("ccomp", "advcl", "xcomp", "conj", "parataxis"):
                break  # the speaker of "he said, '... to condemn X'" is not who condemns
            if current.dep_ == "xcomp" and current.head is not current:
                # object control: "pressed X to oppose" -> X opposes; but "summoned X to complain": the
                # summoner complains
                obj = next((c for c in current.head.children if c.dep_ in ("dobj", "dative")), None)
                if obj is not None and current.head.lemma_.lower() not in SUBJECT_PURPOSE_VERBS \
                        and obj.lemma_.lower() not in EFFORT_NOUNS:  # "took steps to ease X": the subject does
                    return self._actor_args(obj, tm)
                current = current.head
            elif current.dep_ == "acomp" and current.head is not current:
                current = current.head  # "he is prepared to lift": the subject of "is"
            elif current.dep_ in ("conj", "advcl") and current.head is not current:
                passive_subject = next((c for c in current.head.children if c.dep_ == "nsubjpass"), None)
                if current.dep_ == "conj" and passive_subject is not None:
                    # "X has been indicted by Y and will resign": X resigns, not Y
                    return self._actor_args(passive_subject, tm)
                current = current.head
            elif current.dep_ in ("relcl", "acl") and current.head is not current:
                found = self._actor_args(current.head, tm)
                holder = current.head
                if not found and holder.dep_ in ("dobj", "pobj") and self.lexicon.candidates(holder.lemma_.lower(), "noun"):
                    # "converged for a rally to protest X", "staged a strike to demand Y": who holds the rally
                    governor = holder.head.head if holder.dep_ == "pobj" else holder.head
                    if governor.pos_ in ("VERB", "AUX"):
                        return self._subjects(governor, tm)
                if not found and holder.dep_ == "dobj" and (_lemma(holder.head) in LIGHT_VERBS | {"issue"} or
                                                            holder.lemma_.lower() in EFFORT_NOUNS):
                    # "X issued a statement demanding ...": the one who issued it demands
                    return self._subjects(holder.head, tm)
                return found
            else:
                break
        return []

    def _objects(self, verb: Token, tm, exclude: list[_Arg] = ()) -> list[_Arg]:
        """The verb's target actors; `exclude`d actors (its own subject: "withdrew its troops") are skipped."""
        def keep(found: list[_Arg]) -> list[_Arg]:
            return [a for a in found if not any(_same_actor(a.mention, x.mention) for x in exclude)]

        for child in verb.children:
            if child.dep_ == "nsubjpass":
                # "a camp for X refugees was attacked": the people the thing is for
                found = keep(self._actor_args(child, tm)) or keep(self._actor_inside(child, tm))
                if found:
                    return found
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "iobj", "attr"):
                found = keep(self._actor_args(child, tm)) or keep(self._actor_inside(child, tm)) \
                    or keep(self._actor_inside(child, tm, skip_owner=True))
                if found:
                    return found
        for child in verb.children:
            # "denounced as an ugly crime X's crackdown": the object moved after the "as" phrase
            if child.dep_ == "prep" and child.lower_ == "as":
                for moved in (a for p in child.children if p.dep_ == "pobj" for a in p.children
                              if a.dep_ in ("appos", "acl") and a.i > p.i):
                    owner = next((c for c in moved.children if c.dep_ in ("nsubj", "poss")), None)
                    found = keep(self._actor_args(moved, tm)) or keep(self._actor_inside(moved, tm)) or (
                        keep(self._actor_args(owner, tm)) if owner is not None else [])
                    if found:
                        return found
        for child in verb.children:
            if child.dep_ == "prt" and child.lower_ == "up":
                # "kidnapped up to 16 X advisers": the quantity "up to" parsed as a particle and a preposition
                for pobj in (g for p in child.children if p.lower_ == "to" for g in p.children if g.dep_ == "pobj"):
                    found = keep(self._actor_args(pobj, tm))
                    if found:
                        return found
        for child in verb.children:
            if child.dep_ in ("prep", "prt") and child.lemma_.lower() in TARGET_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pcomp" and pobj.pos_ == "VERB":
                        # "granted asylum to [five officers holed up in ...]", parsed as a clause
                        pobj = next((c for c in pobj.children if c.dep_ == "nsubj"), pobj)
                    if pobj.dep_ in ("pobj", "nsubj"):
                        # "reneged on his commitment to X": past the subject's own possessive
                        found = keep(self._actor_args(pobj, tm)) or keep(self._actor_inside(pobj, tm)) \
                            or keep(self._actor_inside(pobj, tm, skip_owner=True))
                        if found:
                            return found
        for child in verb.children:
            # "in defiance of X", "in protest against X": whom the act is aimed at
            if child.dep_ == "prep" and child.lower_ == "in":
                for pobj in (c for c in child.children if c.dep_ == "pobj" and c.lemma_.lower() in DEFIANCE_NOUNS):
                    found = keep(self._actor_inside(pobj, tm))
                    if found:
                        return found
        # "urged X to ...": the object of an xcomp/ccomp complement
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                subj = [c for c in child.children if c.dep_ == "nsubj"]
                if subj:
                    found = keep(self._actor_args(subj[0], tm))
                    if found:
                        return found
        # "let free two prisoners", "set X free": the object of a secondary predicate (after the
        # complement's own subject: "demanded that the US match the EU's support" is a demand of the US)
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp", "oprd", "acomp"):
                for grandchild in child.children:
                    if grandchild.dep_ == "dobj":
                        found = keep(self._actor_args(grandchild, tm))
                        if found:
                            return found
        return []

    def _actor_inside(self, phrase: Token, tm, skip_owner: bool = False) -> list[_Arg]:
        """An actor inside a non-actor object: "Russia's invasion" -> Russia, "the invasion of Ukraine" -> Ukraine."""
        if phrase.lemma_.lower() in RELATIONAL_NOUNS:
            # "his counterpart in Beijing" is someone in Beijing, not "his"; the parser often hangs "in Beijing"
            # on the verb instead ("pressed his counterpart in Beijing")
            holders = [phrase] + ([phrase.head] if phrase.dep_ in ("dobj", "dative") else [])
            for holder in holders:
                for child in holder.children:
                    if child.dep_ == "prep" and child.lemma_.lower() in ("in", "from", "of"):
                        for pobj in child.children:
                            if pobj.dep_ == "pobj" and pobj.i in tm:
                                return self._actor_args(pobj, tm)
            return []
        # skip_owner: "reaffirmed its partnership with X" -- "its" is the subject itself, X is the other party
        for child in phrase.children:
            if child.dep_ == "poss" and child.i in tm and not skip_owner:
                return self._actor_args(child, tm)
        for child in phrase.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i in tm and not skip_owner and \
                    phrase.lemma_.lower() not in CULTURAL_NOUNS:
                return self._actor_args(child, tm)
        # "the invasion of X": X is the victim, not whom a condemnation of the invasion is aimed at
        noun_triggers = self.lexicon.candidates(phrase.lemma_.lower(), "noun")
        event_noun = bool(noun_triggers) or phrase.lemma_.lower() in COMMITMENT_NOUNS
        # ... but "the withdrawal of X forces", "a meeting of X": X is the doer of an intransitive happening
        doer_of = any(t.event_type in ("RETREAT", "CONSULT") and t.mode not in ("release", "return")
                      for t in noun_triggers)
        # "an appeal from X", "a camp for X refugees", "restrictions against X goods"
        preps = ("against", "on", "by", "toward", "towards", "with", "for", "among") + (
            ("to", "from", "between") if event_noun else ("from",)) + (("of",) if doer_of or not event_noun else ())
        # "a partnership he made with Putin": the relative clause names the other party
        clauses = [c for c in phrase.children if c.dep_ in ("relcl", "acl")]
        for clause in clauses:
            # "its demand that X release ...": who the demand is put to
            if event_noun and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                    found = self._actor_args(subj, tm)
                    if found:
                        return found
        for child in list(phrase.children) + [g for c in clauses for g in c.children]:
            if child.dep_ == "agent":  # "the taxes imposed by X"
                child = next((c for c in child.children if c.dep_ == "pobj"), child)
                found = self._actor_args(child, tm) if child.dep_ == "pobj" else []
                if found:
                    return found
            if child.dep_ == "prep" and child.lemma_.lower() in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self._actor_args(pobj, tm)
                        if found:
                            return found
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
        if between and noun.dep_ == "dobj" and _lemma(noun.head) in LIGHT_VERBS and any(
                t.cameo.code.startswith("045") for t in self._match(self._frame_trigger(noun), "noun")):
            # "X launched a mediation effort between Y and Z": X mediates, Y and Z are mediated
            mediators = [m for m in self._subjects(noun.head, tm) if not any(m.mention is b.mention for b in sources)]
            if mediators:
                return mediators, sources, False
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
        if not sources and noun.dep_ in ("dobj",) and _lemma(noun.head) in LIGHT_VERBS:
            sources = self._subjects(noun.head, tm)
        in_adjunct = noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX")
        if not sources and in_adjunct:
            # "during a phone conversation with X, Y said ...": the clause's subject took part
            sources = self._subjects(noun.head.head, tm)
        for child in noun.children:
            if child.dep_ == "prep" and child.lemma_.lower() in NOUN_TARGET_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        targets = self._actor_args(pobj, tm) or self._actor_inside(pobj, tm)
                if targets:
                    break
        if not targets:
            # "issued a demand that X free the hostages": the demand is put to X
            for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp") and
                           any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)):
                subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                targets = self._actor_args(subject, tm) if subject is not None else []
                if targets:
                    break
        if not targets and noun.dep_ == "dobj" and _lemma(noun.head) in LIGHT_VERBS:
            for child in noun.head.children:
                if child.dep_ == "dative" and child.pos_ != "ADP":  # "gave Putin his support"
                    targets = self._actor_args(child, tm)
                elif child.dep_ in ("dative", "prep") and child.lemma_.lower() in NOUN_TARGET_PREPS:
                    pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        targets = self._actor_args(pobj, tm)
                if targets:
                    break
        if not targets and in_adjunct and not between:
            # "X told Y in a phone call ...": the clause's object took part too
            targets = [t for t in self._objects(noun.head.head, tm) if not any(t.mention is s.mention for s in sources)]
        return sources, targets, between


@lru_cache(maxsize=512)
def _country_actor(code: str) -> Actor:
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    name = getattr(country, "common_name", None) or (country.name if country else code)
    return Actor(name=name, code=code, sector=None, kind="country", role=None)


@lru_cache(maxsize=512)
def _is_country(code: str) -> bool:
    import pycountry

    return len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None


def _country_mention(text: str, start: int, end: int, sentence_index: int, code: str) -> ActorMention:
    """The country of a place or of a national actor, standing as an event's target."""
    return ActorMention(text=text, start=start, end=end, sentence_index=sentence_index,
                        actor=_country_actor(code), method="place")


def _sentence_of(sent: Span) -> tuple[tuple[int, int], str]:
    """The sentence's offsets in the cleaned text and its text, as events record them."""
    text = sent.text
    return (sent.start_char, sent.start_char + len(text.rstrip())), text.strip()


def _evidence(sent: Span, sent_index: int, token: Token, trigger_text: str,
              whole: tuple[tuple[int, int], str] | None = None) -> EvidenceSpan:
    """`whole`: the sentence's `_sentence_of`, when the caller has it already."""
    span, text = whole or _sentence_of(sent)
    return EvidenceSpan(sentence_index=sent_index, span=span, trigger=trigger_text,
                        trigger_span=(token.idx, token.idx + len(token.text)), sentence=text)


def _drop_partial_duplicates(events: list[Event]) -> list[Event]:
    """Within a sentence, "X -> nobody" adds nothing when "X -> Y" of the same type is there."""
    with_target = {(e.sentence_index, e.event_type, e.source.code) for e in events if e.target is not None}
    return [e for e in events if e.target is not None or (e.sentence_index, e.event_type, e.source.code) not in with_target]



def _non_state(arg: _Arg) -> bool:
    """Civilians, workers, opposition, rebels ..., or a people named by a plural demonym ("Palestinians")."""
    actor = arg.mention.actor
    if actor is None:
        return False
    if actor.kind == "country":
        return arg.token.tag_ == "NNPS" or arg.token.lower_.endswith("ians")
    return actor.sector in NON_STATE_SECTORS


def _weapon_subject(verb: Token) -> bool:
    """"A roadside bomb killed two soldiers", "a bomb exploded, killing two soldiers": the subject is a weapon or
    an attack, not who used it."""
    clause = verb.head if verb.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
        else verb
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in WEAPON_NOUNS for c in clause.children)


def _sentence_country(token: Token) -> str | None:
    """The country of the place where the token's sentence happens, if it is a country."""
    where = place_for_sentence(token.doc, token.sent)
    return where.country if where is not None and where.country and _is_country(where.country) else None


def _is_state_act(trigger: Trigger) -> bool:
    """Acts only a state's authorities do: arrests, deportations, investigations, criminal charges."""
    return trigger.cameo.code.startswith(STATE_ACT_CODES)


def _local_weapon(verb: Token) -> bool:
    """The violence was done with a weapon used on the spot (bomb, mine, gunfire), named as the subject, the
    agent or the means ("killed in a car bomb explosion")."""
    clause = verb.head if verb.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
        else verb
    holders = [c for c in clause.children if c.dep_ == "nsubj"]
    holders += [g for c in verb.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ in ("in", "by")
                for g in c.children if g.dep_ == "pobj"]
    words = {t.lemma_.lower() for h in holders for t in h.subtree}
    return bool(words & LOCAL_WEAPON_NOUNS)


def _agentless_passive(verb: Token, tm) -> bool:
    """A passive whose doer is unnamed, or named by a thing ("killed by a roadside bomb")."""
    if not any(c.dep_ == "nsubjpass" for c in verb.children):
        return False
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return agent is None or not any(t.i in tm for t in agent.subtree)


def _is_amount(token: Token) -> bool:
    """"5 million dollars", "tons", "$50,000 worth": a quantity phrase."""
    return token.like_num or token.lemma_.lower() in AMOUNT_NOUNS or any(
        c.dep_ in ("nummod", "quantmod") or c.like_num for c in token.children)


def _object_nouns(verb: Token) -> list[Token]:
    """The verb's objects, and what an amount or a quantity object is of ("a series of sanctions")."""
    out = []
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        out.append(obj)
        if _is_amount(obj) or obj.lemma_.lower() in QUANTITY_NOUNS:
            out += [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    return out




def _is_purpose(verb: Token) -> bool:
    """A "to"-infinitive with no subject of its own: "(imposed sanctions) to pressure X"."""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _is_infinitive_complement(token: Token) -> bool:
    """"(threatened) to strike": an xcomp, or an advcl the parser made of the same "to"-infinitive."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return token.dep_ == "xcomp" or token.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and not any(c.dep_ == "mark" for c in token.children)



def _announced_decision(verb: Token) -> bool:
    """"announced (that) it would ...", "decided to ...": a decision made known, not a promise."""
    node = verb
    for _ in range(3):
        if node.dep_ in ("ccomp", "xcomp") and node.head.lemma_.lower() in DECISION_VERBS:
            return True
        if node.dep_ == "conj" and node.head is not node:
            node = node.head
        else:
            return False
    return False


def _physical_preparation(verb: Token) -> bool:
    """"The army prepared to resume shelling": the verb "prepare" (not "is prepared to", a willingness)."""
    node = verb
    for _ in range(3):
        head = node.head
        if node.dep_ == "xcomp" and head.lemma_.lower() == "prepare" and head.pos_ == "VERB" and \
                not any(c.dep_ == "auxpass" or c.lemma_ == "be" and c.dep_ == "aux" for c in head.children):
            return True
        if node.dep_ in ("xcomp", "conj") and head is not node:
            node = head
        else:
            return False
    return False



def _misread_e_verb(token: Token, lemma: str) -> bool:
    """The small model lemmatizes some past forms of e-final verbs wrongly ("staged" -> "stag")."""
    return token.tag_ in ("VBD", "VBN") and token.lower_ == lemma + "ed"


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    if _misread_e_verb(token, lemma) and lemma + "e" in LIGHT_VERBS:
        return lemma + "e"
    return lemma


def _code(arg: _Arg | None) -> str | None:
    if arg is None or arg.mention.actor is None:
        return None
    return arg.mention.actor.key


def _same_actor(a: ActorMention, b: ActorMention) -> bool:
    return a.actor is not None and b.actor is not None and a.actor.key == b.actor.key






def _opposition(token: Token, tm) -> bool:
    """The token names an opposition actor: its saying about a rival is a claim."""
    mention = tm.get(token.i)
    return mention is not None and mention.actor is not None and mention.actor.sector == "OPP"


def _subject_token(clause: Token) -> Token:
    return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), clause)


def _same_side(a: ActorMention, b: ActorMention) -> bool:
    """Same country and nothing to tell them apart: "Blinken said the US must ..." is no request to another
    party, but "the rebels said the government must ..." is."""
    if not _same_code(a, b):
        return False
    x, y = a.actor, b.actor
    return x.kind == "country" or y.kind == "country" or not x.sector or not y.sector or x.sector == y.sector


def _same_code(a: ActorMention, b: ActorMention) -> bool:
    return a.actor is not None and b.actor is not None and a.actor.code == b.actor.code


class EventsComponent:
    def __init__(self, nlp: Language, name: str, lexicon_path: str | None, extra_lexicons: list[str] | None = None):
        register_extensions()
        self.name = name
        self.extractor = EventExtractor(Lexicon.load(Path(lexicon_path) if lexicon_path else None,
                                                     extra_lexicons or ()))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.extractor.extract(doc))
        return doc

    def set_annotations(self, doc: Doc, events: list[Event]) -> None:
        doc._.events = events


@Language.factory(
    "thucydides_events",
    assigns=["doc._.events"],
    requires=["doc._.actor_mentions", "doc._.dates", "doc._.places", "doc._.quotes", "token.dep"],
    default_config={"lexicon_path": None, "extra_lexicons": []},
)
def make_events(nlp: Language, name: str, lexicon_path: str | None, extra_lexicons: list[str]) -> EventsComponent:
    """`extra_lexicons`: users' lexicon files whose entries add to, or replace, the packaged ones."""
    return EventsComponent(nlp, name, lexicon_path, extra_lexicons)
