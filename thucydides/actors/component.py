"""The actors component: finds mentions of political actors and resolves each to a canonical `Actor`.

Resolution order for one noun phrase (first hit wins):
1. a named person: the dated registry (people.yaml), else the title and nationality around the name
   ("Chinese Foreign Minister X", "X, the State Department spokesman", "Senator X (R-Idaho)");
2. an organisation: IGOs and national bodies (organizations.yaml), else "<country> <sector noun>";
3. a country name, demonym or capital used for its government;
4. a collective with a sector noun ("Chinese officials", "Washington's top diplomat", "the Biden administration").

Peoples (peoples.yaml) are coded by the state they live in, never by their ethnicity:
- a people without one state ("Yoruba leaders", "the main Hutu rebel group") takes the country of the place it is
  placed in ("Kurds in Germany", "Kurds living in Syria", "Iraqi Kurds"), else the one of its states named in the
  sentence (a place of the clause first), then in the article, else its first state;
- a country's demonym used for a minority ("ethnic Albanians", "the Albanians of southern Serbia", "Turks living in
  Bulgaria") takes the country it is placed in, or without a place and with "ethnic", a country named in the sentence
  (one listed as a home of that minority first), else the kin state;
- "anti-X" never gives X as the actor's country ("an anti-Syria journalist" is of the place where it acts); "pro-X
  separatists in Y" are Y's; "pro-X" without a place keeps X.

Coreference inside the article: a surname, a bare first name or a title ("the Secretary") resolves to the
latest full person mention that fits; he/she/his/her to the latest person mention nearby (subjects first);
"its" to the latest country or organisation in the same or previous sentence. What cannot be resolved
("the king" when no king was mentioned) gets a mention with `actor=None`, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..model import Actor, ActorMention
from ..nlp import COLON_DATELINE, DATELINE, doc_text
from ..nlp import register_extensions
from ..places import Gazetteer, default_gazetteer
from .home import Outlets
from .knowledge import ActorKnowledge, tokenize

# heads of titles that name one person ("the Algerian president", "Iran's foreign minister")
PERSON_TITLE_HEADS = {"president", "minister", "king", "queen", "spokesman", "spokeswoman", "spokesperson",
                      "secretary", "chancellor", "premier", "ambassador", "envoy", "emir", "sultan", "prince",
                      "commander", "general", "governor", "mayor", "chief", "leader", "chairman", "chairwoman"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
# words in or just before a person mention that tell the person's gender
FEMALE_WORDS = {"ms", "mrs", "miss", "madam", "madame", "queen", "princess", "empress", "congresswoman",
                "spokeswoman", "chairwoman", "businesswoman", "countess", "duchess", "lady", "dame", "sister"}
MALE_WORDS = {"mr", "sir", "king", "prince", "emperor", "sultan", "emir", "sheikh", "congressman", "spokesman",
              "chairman", "businessman", "count", "duke", "lord", "father", "brother"}
# US congressional affiliation written after a name: "(R-Idaho)", "(D-N.Y.)". Written by hand: no library
# knows this press convention, and it identifies the person as a US legislator.
US_PARTY_STATE = re.compile(r"\(\s*[RDI]\s*[-–]\s*[A-Z][A-Za-z. ]{1,20}\)")
PERSON_WINDOW_SENTENCES = 5  # how far back a pronoun may look for its antecedent
# nouns for another party's partners: "X's ally" is not X
ALLY_NOUNS = {"ally", "proxy", "client", "surrogate", "partner", "satellite"}
# offices held for a state: an unknown holder takes the article's only country
OFFICE_SECTORS = {"GOV", "MIL", "JUD", "LEG", "COP", "ELI"}  # ELI: former office holders
# sectors whose unmarked members belong to the country where the story happens
DOMESTIC_SECTORS = {"CVL", "COP", "OPP", "REB"}
# nouns that name a people as a whole: "the Hutu majority", "the Kurdish minority"
PEOPLE_NOUNS = {"majority", "minority", "community", "population", "diaspora", "people", "tribe", "clan"}
# nouns that make a people's word part of a place name: "the Afar region", "Kurdish areas" are places, not actors
PLACE_NOUNS = {"region", "area", "state", "province", "territory", "district", "zone", "city", "town", "village",
               "border", "homeland", "enclave", "north", "south", "east", "west", "heartland", "land"}
# prepositions that place a people ("Kurds in Iraq", "the Albanians of southern Serbia", "Kurds from Syria")
PLACING_PREPS = {"in", "of", "from", "across", "throughout", "inside"}
# prepositions that make a country the place of a clause ("fighting in Syria", "clashes near the Iraqi border")
CLAUSE_PLACE_PREPS = {"in", "at", "inside", "across", "throughout", "near"}
STANCE_WORDS = {"anti", "pro"}
# sectors whose members are often abroad: "troops in X" may be anybody's
FOREIGN_PRONE_SECTORS = {"MIL", "IGO", "NGO", "JRN", "BUS", "GOV", "PRM"}
PLACE_SUFFIX = re.compile(r"\s+(?:province|region|state|republic|territory|district|county|city)$", re.I)
GROUP_NOUNS = {"group", "movement", "faction", "coalition", "organization", "organisation", "camp", "alliance",
               "front", "bloc", "activist", "supporter", "member", "leader", "force", "unit"}
# government people who are often abroad: "diplomats in Beijing" are anybody's; "authorities in X" are X's
DIPLOMATIC_NOUNS = {"diplomat", "ambassador", "envoy", "embassy", "consul", "consulate", "delegation", "delegate",
                    "negotiator", "emissary", "attache", "mission"}
# a person's surname before these nouns names their government: "the Bush administration"
ADMINISTRATION_NOUNS = {"administration", "government", "cabinet", "regime"}
SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "LEG": "legislature", "JUD": "judiciary", "COP": "police",
    "OPP": "opposition", "REB": "rebels", "CVL": "civilians", "JRN": "media", "BUS": "business",
    "PTY": "party", "ELI": "former officials", "IGO": "organisation", "NGO": "NGO", "MED": "health workers",
    "EDU": "education", "REL": "religious leaders", "LAB": "labour", "REF": "refugees", "SPY": "intelligence",
}


@dataclass
class _Candidate:
    start: int  # char offsets into doc.text
    end: int
    head: Token
    actor: Actor | None
    method: str


class ActorResolver:
    """Stateless per doc: all knowledge comes from `ActorKnowledge`, passed in."""

    def __init__(self, knowledge: ActorKnowledge, gazetteer: Callable[[], Gazetteer] | None = None,
                 outlets: Callable[[], Outlets] | None = None):
        self.kb = knowledge
        self._outlets = outlets or Outlets.load
        # places below the country (cities, regions) come from the places gazetteer, loaded on first need
        self._gazetteer_factory = gazetteer or default_gazetteer

    def _place_country(self, owner: _Candidate, expected: Iterable[str] = ()) -> str | None:
        """The country of a city or region the actor registry does not know ("Darfur", "Cleveland"), for the
        groups it places: "Darfur rebels", "authorities in Cleveland". Never an actor by itself. `expected`: countries
        the place may be in besides those the article names (a people's states)."""
        if owner.actor is not None or owner.head.ent_type_ not in ("GPE", "LOC"):
            return None
        doc = owner.head.doc
        text = doc_text(doc)[owner.start:owner.end]
        place = self._gazetteer_factory().lookup(PLACE_SUFFIX.sub("", re.sub(r"^(the|The)\s+", "", text)))
        if not place or not place.country or not self.kb.is_country_code(place.country):
            return None
        # place names repeat across countries ("Pando" in Bolivia and in Uruguay): when the article names
        # countries, the place must be in one of them
        named = self._named_countries(doc)
        return place.country if not named or place.country in named or place.country in expected else None

    def _only_country(self, doc: Doc) -> str | None:
        """The one country the article names outside other people's titles ("South African leader X" names X's
        country, not the article's), or None when it names none or several."""
        codes = self._article_countries(doc)
        return next(iter(codes)) if len(codes) == 1 else None

    def _article_countries(self, doc: Doc) -> frozenset[str]:
        """The countries the article names outside people's titles (by name, demonym or capital), organisation
        names included ("the Kenya Anti-Corruption Commission" names Kenya)."""
        if "thucydides_article_countries" not in doc.user_data:
            codes = self._ent_countries(doc, ("GPE", "NORP", "LOC", "ORG"), outside_titles=True)
            for token in doc:  # country names the NER missed
                if token.pos_ == "PROPN" and not token.ent_type_:
                    found = self._country(token.text)
                    if found and found.kind == "country" and found.code and self.kb.is_country_code(found.code):
                        codes.add(found.code)
            doc.user_data["thucydides_article_countries"] = frozenset(codes)
        return doc.user_data["thucydides_article_countries"]

    def _named_countries(self, doc: Doc) -> set[str]:
        if "thucydides_named_countries" not in doc.user_data:
            doc.user_data["thucydides_named_countries"] = self._ent_countries(doc, ("GPE", "NORP"))
        return doc.user_data["thucydides_named_countries"]

    def _ent_countries(self, doc: Doc, labels: tuple[str, ...], outside_titles: bool = False) -> set[str]:
        """Codes of the countries that entities with these labels name, "anti-X" excluded (and, with
        `outside_titles`, countries in people's titles)."""
        codes = set()
        for ent in doc.ents:
            if ent.label_ not in labels or _stance(doc, ent.start, ent.text) == "anti" or (
                    outside_titles and _in_person_title(doc, ent)):
                continue
            code = self._find_country_code(ent.text)
            if code and self.kb.is_country_code(code):
                codes.add(code)
        return codes

    # ---- knowledge look-ups, normalised (the KB may return an Actor or a match wrapping one) ----
    @staticmethod
    def _unwrap(found) -> Actor | None:
        if found is None:
            return None
        return found if isinstance(found, Actor) else getattr(found, "actor", None)

    def _country(self, text: str) -> Actor | None:
        return self._unwrap(self.kb.country(text))

    def _organization(self, text: str) -> Actor | None:
        return self._unwrap(self.kb.organization(text))

    def _person(self, name: str, on: date | None) -> Actor | None:
        return self._unwrap(self.kb.person(name, on))

    def _find_country_code(self, text: str) -> str | None:
        found = self.kb.find_country(text)
        if found is None:
            return None
        if isinstance(found, str):
            return found or None
        actor = self._unwrap(found)
        return actor.code if actor else None

    def _sector(self, text: str) -> tuple[str, str] | None:
        return self.kb.sector_of(text)

    # ---- the component's work ----
    def resolve(self, doc: Doc) -> list[ActorMention]:
        on = doc._.published
        # token index -> sentence index, once: Token.sent walks the sentences on every call
        sent_of = [0] * len(doc)
        for i, sent in enumerate(doc.sents):
            for t in range(sent.start, sent.end):
                sent_of[t] = i
        claimed: set[int] = set()  # token indices already inside a mention
        candidates: list[_Candidate] = []

        def claim(span_tokens: Iterable[Token]) -> None:
            claimed.update(t.i for t in span_tokens)

        ents = list(doc.ents)
        # 1. people first: their titles claim the country and organisation words around them
        for ent in ents:
            if ent.label_ in ("ORG", "GPE") and self._titled_name(doc, ent):
                ent = Span(doc, ent.start, ent.end, label="PERSON")  # "Vice-President Moody Awori" tagged ORG
            if ent.label_ == "PERSON" and not (set(range(ent.start, ent.end)) & claimed):
                if self._is_people_word(doc, ent, on):
                    continue  # "Tamil rebels" tagged as a person: the peoples step below
                cand = self._person_candidate(doc, ent, on)
                if cand:
                    candidates.append(cand)
                    claim(doc.char_span(cand.start, cand.end, alignment_mode="expand"))
                    if cand.actor and cand.actor.code:  # its apposition describes it: not another actor
                        for child in ent.root.children:
                            if child.dep_ == "appos" and child.i > ent.root.i:
                                claim(child.subtree)
        # 1b. registry people the NER missed or mislabelled ("Theresa May" as a date)
        text = doc_text(doc)
        words = tokenize(text)  # once, for both registry scans
        for start, end, person in self.kb.find_people(text, words):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or set(range(span.start, span.end)) & claimed:
                continue
            candidates.append(_Candidate(span.start_char, span.end_char, span.root, person.actor_on(on), "registry"))
            claim(span)
        # 2. organisations, countries, demonyms
        for ent in ents:
            if ent.label_ in ("ORG", "GPE", "NORP", "FAC", "LOC") and not (set(range(ent.start, ent.end)) & claimed):
                cand = self._entity_candidate(doc, ent)
                if cand:
                    candidates.append(cand)
                    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
                    claim(span)
        # 2a. organisations and groups the NER missed ("Islamic State militants")
        for start, end, match in self.kb.find_organizations(text, on, words):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or set(range(span.start, span.end)) & claimed:
                continue
            candidates.append(_Candidate(span.start_char, span.end_char, span.root, match.actor, "organization"))
            claim(span)
        # 2b. country names the NER missed ("Senegal said ..."): proper nouns that are a country's name
        candidates += self._countries_missed_by_ner(doc, claimed)
        # 2c. demonyms standing for a minority, "pro-X" groups placed elsewhere; then peoples without one state
        candidates = self._place_demonyms(doc, candidates, sent_of)
        # words of the people named in the article: "Karen Mills ... Karen said" is a person, not the Karen people
        name_words = {w for c in candidates if c.actor and c.actor.kind == "person" for w in c.actor.name.split()}
        for start, end, group in self.kb.find_ethnic_groups(text, words):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or set(range(span.start, span.end)) & claimed or _stance(doc, span.start, span.text) \
                    or span.text in name_words or _inside_place_name(span):
                continue  # "anti-Kurdish laws" are about the Kurds, not by them
            cand = self._ethnic_candidate(doc, span, group, candidates, claimed, sent_of)
            if cand:
                candidates.append(cand)
                claim(doc.char_span(cand.start, cand.end, alignment_mode="expand"))
        # 3. collectives and bare titles headed by a sector noun ("officials", "the government", "the Secretary")
        for token in doc:
            if token.i in claimed or token.pos_ not in ("NOUN", "PROPN"):
                continue
            cand = self._collective_candidate(doc, token, candidates, claimed)
            if cand:
                candidates.append(cand)
                claim(doc.char_span(cand.start, cand.end, alignment_mode="expand"))
        candidates += self._surnames_missed_by_ner(doc, candidates, claimed)
        candidates.sort(key=lambda c: c.start)
        candidates = self._corefer_names(candidates, on)
        candidates += self._pronoun_candidates(doc, candidates, claimed, sent_of)
        candidates.sort(key=lambda c: c.start)
        mentions = []
        for cand in candidates:
            mentions.append(ActorMention(
                text=doc_text(doc)[cand.start:cand.end], start=cand.start, end=cand.end,
                sentence_index=sent_of[cand.head.i], actor=cand.actor, method=cand.method,
            ))
        return mentions

    def _title_context(self, doc: Doc, ent: Span) -> tuple[str, int, int]:
        """Words around a name that describe its holder, and the char extent of the whole mention."""
        head = ent.root
        start_tok = ent.start
        words: list[str] = []
        # left: modifiers inside the same noun phrase ("US Secretary of State", "Chinese Foreign Minister")
        left = [t for t in head.subtree if t.i < ent.start]
        if left:
            # only a contiguous run ending at the name, so that "... with Lithuanian Foreign Minister X" stops at "with"
            run = []
            for t in reversed(left):
                # a possessive country belongs to the title: "Ireland's deputy prime minister X"
                # a hyphen inside a word belongs to it: "Secretary-General X"
                joined = t.text in ("-", "‐", "–") and not t.whitespace_ and t.i > 0 and not doc[t.i - 1].whitespace_
                if t.i == (run[-1].i - 1 if run else ent.start - 1) and (t.dep_ not in ("punct", "cc") or joined) and (
                        t.tag_ != "POS" or (t.i > 0 and t.doc[t.i - 1].ent_type_ in ("GPE", "NORP"))):
                    run.append(t)
                else:
                    break
            run.reverse()
            if run and run[0].dep_ == "det":
                run = run[1:]
            if run:
                start_tok = run[0].i
                words.append(doc[run[0].i:ent.start].text)
        # the parser may hang the name as an apposition of its title: "Chile's foreign minister [appos Pablo Rojas]"
        title = head.head
        if not words and head.dep_ == "appos" and title.pos_ == "NOUN" and title.i < ent.start \
                and self._sector(title.lemma_):
            first = title.left_edge
            start_tok = first.i + 1 if first.dep_ == "det" else first.i
            words.append(doc[start_tok:ent.start].text)
        # right: "King X of Morocco", "President X of Syria"
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == ent.end and words:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ == "GPE":
                    words.append(doc[pobj.left_edge.i:pobj.i + 1].text)
        # right: an apposition ("X, the State Department spokesman") or "(R-Idaho)"
        for child in head.children:
            if child.dep_ == "appos" and child.i > head.i:
                appos = doc[child.left_edge.i:child.right_edge.i + 1]
                if appos.root.pos_ in ("NOUN", "PROPN") and len(appos) <= 12:
                    words.append(appos.text)
        return " ".join(words), doc[start_tok].idx, ent.end_char

    def _person_candidate(self, doc: Doc, ent: Span, on: date | None) -> _Candidate | None:
        name = ent.text.strip()
        # the NER sometimes swallows a possessive or a title into the name
        name = re.sub(r"['’]s$", "", name)
        context, start, end = self._title_context(doc, ent)
        known = self._person(name, on)
        if known:
            return _Candidate(start, end, ent.root, known, "registry")
        misspelt = self._unwrap(self.kb.person_misspelt(name, on))
        if misspelt:
            # "President Abdelaziz Bouteflicka": one slip from a registry name. Taken when the title names that
            # person's country, or names none and the article names no country or that one (a near-namesake
            # from elsewhere is more likely another person)
            own = self._find_country_code(context) if context else None
            others = self._article_countries(doc)
            if own == misspelt.code or own is None and (not others or misspelt.code in others):
                return _Candidate(start, end, ent.root, misspelt, "misspelt")
        code = self._find_country_code(context) if context else None
        if US_PARTY_STATE.match(doc_text(doc)[ent.end_char:ent.end_char + 30].lstrip()):
            code, context = "USA", f"{context} lawmaker"
        org = None
        if context:
            org = self._organization_in(context)
            if org and not code:
                code = org.code
        sector = self._sector(context) if context else None
        peoples = self.kb.find_ethnic_groups(context) if context and not code and not org else []
        if peoples:  # "Kurdish leader X", "Yoruba chief X": the people's country; its leaders hold no state office
            code = self._ethnic_home(doc, ent.sent, peoples[0][2])
            if sector and sector[0] == "GOV" and sector[1] == "Leader":
                sector = ("ELI", sector[1])
        if code or sector:
            actor = Actor(name=name, code=code, sector=sector[0] if sector else (org.sector if org else None),
                          kind="person", role=sector[1] if sector else None)
            return _Candidate(start, end, ent.root, actor, "title")
        group = self._organization(re.sub(r"^(the|The)\s+", "", name))
        if group:  # the NER took an organisation or armed group for a person ("Boko Haram")
            return _Candidate(ent.start_char, ent.end_char, ent.root, group, "organization")
        place = self._country(name)
        if place:  # the NER took a country or capital for a person
            return _Candidate(ent.start_char, ent.end_char, ent.root, place, "capital" if place.sector else "country")
        # no registry entry and no title: a name only; coreference may fill it in from an earlier mention
        return _Candidate(ent.start_char, ent.end_char, ent.root, Actor(name=name, code=None, sector=None, kind="person"), "name")

    def _titled_name(self, doc: Doc, ent: Span) -> bool:
        """An entity the NER took for an organisation or place that is a person's name after a personal title
        ("Vice-President Moody Awori"): two or three capitalised words the registries do not know, right after
        a title word."""
        if not 2 <= len(ent) <= 3 or ent.start == 0 or not doc[ent.start - 1].is_title or \
                not all(t.is_title and t.is_alpha for t in ent):
            return False
        found = self.kb.sector_of(doc[max(0, ent.start - 3):ent.start].text)
        if found is None or found[0] not in ("GOV", "MIL", "JUD", "LEG", "COP", "ELI"):
            return False
        return not (self._organization(ent.text) or self._country(ent.text) or self.kb.sector_of(ent.text))

    def _organization_in(self, text: str) -> Actor | None:
        # try the longest word n-grams first so "State Department spokesman" finds "State Department"
        words = text.split()
        for size in range(min(len(words), 6), 0, -1):
            for i in range(len(words) - size + 1):
                found = self._organization(" ".join(words[i:i + size]))
                if found:
                    return found
        return None

    def _entity_candidate(self, doc: Doc, ent: Span) -> _Candidate | None:
        text = re.sub(r"^(the|The)\s+", "", ent.text.strip())
        text = re.sub(r"['’]s?$", "", text)
        org = self._organization(text)
        if org:
            return _Candidate(ent.start_char, ent.end_char, ent.root, org, "organization")
        if self.kb.ethnic_group(text) or (ent.label_ in ("NORP", "ORG") and
                                          any(s == 0 for s, _, _ in self.kb.find_ethnic_groups(text))):
            # a people without one state ("Kurds", "Hutu rebel group"): the peoples step decides; a name merely
            # containing one ("AS Roma") stays the entity it is
            return None
        if ent.label_ in ("GPE", "NORP") and _stance(doc, ent.start, ent.text) == "anti":
            return None  # "anti-Syria": not an actor, and not the country of the phrase
        if ent.label_ == "NORP":
            return self._norp_candidate(doc, ent, text)
        # "Montenegro province", "the Gaza Strip region": the name without its generic place noun
        country = self._country(text) or self._country(PLACE_SUFFIX.sub("", text))
        if country:
            found = self.kb.country(text)
            method = "capital" if country.sector == "GOV" else \
                "demonym" if found is not None and found.how == "demonym" else "country"
            return _Candidate(ent.start_char, ent.end_char, ent.root, country, method)
        if ent.label_ == "GPE":
            misspelt = self._unwrap(self.kb.country_misspelt(text))
            if misspelt:  # "Ethopia"
                return _Candidate(ent.start_char, ent.end_char, ent.root, misspelt, "misspelt")
        if ent.label_ == "ORG":
            # a national body the registry does not list: "the Lithuanian Foreign Ministry"
            code = self._find_country_code(ent.text)
            sector = self._sector(ent.text)
            if code and sector:
                return _Candidate(ent.start_char, ent.end_char, ent.root,
                                  self._collective(code, sector[0], ent.text), "title")
            if code:
                # "Radical French (farmers)": a nationality the NER took for an organisation
                found = self._norp_candidate(doc, ent, text)
                if found and found.actor and found.actor.sector:
                    return found
            # "the United Nations Emergency Relief Coordinator": an office of a known organisation
            org = self._organization_in(text)
            if org is not None:
                return _Candidate(ent.start_char, ent.end_char, ent.root,
                                  Actor(name=text, code=org.code, sector=sector[0] if sector else org.sector,
                                        kind="organization", role=None), "organization")
            if sector and not code:
                # "the Supreme Court in India", "the Interior Ministry of Kenya": a body placed by a preposition
                for prep in (c for c in ent.root.children if c.dep_ == "prep" and c.lower_ in ("in", "of")):
                    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    placed = self._country(pobj.text) if pobj is not None and pobj.ent_type_ == "GPE" else None
                    if placed is not None and placed.kind == "country" and placed.code:
                        return _Candidate(ent.start_char, pobj.idx + len(pobj.text), ent.root,
                                          self._collective(placed.code, sector[0], ent.text), "title")
        if ent.label_ in ("ORG", "GPE"):
            # unknown: kept as an unresolved mention; a surname mislabelled GPE/ORG is settled by coreference
            return _Candidate(ent.start_char, ent.end_char, ent.root, None, "unresolved")
        return None

    def _norp_candidate(self, doc: Doc, ent: Span, text: str) -> _Candidate | None:
        code = self._find_country_code(text)
        if not code:
            return None
        head = ent.root.head
        if ent.root.dep_ in ("amod", "compound", "nmod") and head.pos_ in ("NOUN", "PROPN") and head.i >= ent.end:
            sector = self._sector(head.text) or self._sector(head.lemma_)
            if sector:
                end = head.idx + len(head.text)
                return _Candidate(ent.start_char, end, head, self._collective(code, sector[0], doc_text(doc)[ent.start_char:end]), "demonym")
        country = self._country(code) or Actor(name=text, code=code, sector=None, kind="country")
        return _Candidate(ent.start_char, ent.end_char, ent.root, country, "demonym")

    # ---- peoples ----
    def _is_people_word(self, doc: Doc, ent: Span, on: date | None) -> bool:
        """A PERSON entity that is a people's word ("Tamil", "Karen"), unless the registry knows it or another
        person named in the article carries it ("Karen Bass" ... "Karen said")."""
        word = ent.text.strip()
        if not self.kb.ethnic_group(word) or self._person(word, on):
            return False
        return not any(e.label_ == "PERSON" and e.text.strip() != word and word in e.text.split() for e in doc.ents)

    def _ethnic_home(self, doc: Doc, sent: Span, group) -> str:
        """One of a people's states named in the sentence (by the NER), then in the article, else its first."""
        for ent in sent.ents:
            if ent.label_ in ("GPE", "NORP") and _stance(doc, ent.start, ent.text) != "anti":
                code = self._find_country_code(ent.text)
                if code in group.countries:
                    return code
        named = self._named_countries(doc) | ({self._dateline_country(doc)} - {None})
        return next((c for c in group.countries if c in named), group.countries[0])

    def _people_actor(self, code: str, sector: str, people: str) -> Actor:
        """"Burundi rebels (Hutu)", "Nigeria leaders (Yoruba)": the country's collective, the people named."""
        country = self._country(code)
        label = "leaders" if sector == "ELI" else SECTOR_NAMES.get(sector, sector.lower())
        return Actor(name=f"{country.name if country else code} {label} ({people})", code=code, sector=sector,
                     kind="organization", role=None)

    def _country_in(self, node: Token, candidates: list[_Candidate]) -> str | None:
        """The country a phrase names: a country or capital mention in it, a city or region the gazetteer places,
        else a country word in its text ("southern Serbia" that the NER took for a region)."""
        # the noun itself first: "the Israeli-occupied West Bank" is the West Bank
        for t in [node] + [t for t in node.subtree if t is not node]:
            owner = next((c for c in candidates if c.start <= t.idx < c.end), None)
            if owner is None:
                continue
            place = self._place_country(owner)
            if place:
                return place
            actor = owner.actor
            if actor and actor.code and (actor.kind == "country" or owner.method == "capital") \
                    and self.kb.is_country_code(actor.code):
                return actor.code
        doc = node.doc
        text = doc_text(doc)[node.left_edge.idx:node.right_edge.idx + len(node.right_edge.text)]
        code = self._find_country_code(text)
        return code if code and self.kb.is_country_code(code) else None

    def _placement(self, node: Token, candidates: list[_Candidate]) -> tuple[str, str] | None:
        """(country, preposition) of the place a group noun is placed in: "Kurds in Germany", "the Albanians of
        southern Serbia", "Turks living in Bulgaria" (a participle or relative clause counts as "in")."""
        preps = [(c, c.lower_) for c in node.children if c.dep_ == "prep"]
        for clause in (c for c in node.children if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX")):
            preps += [(c, "in") for c in clause.children if c.dep_ == "prep"]
        for prep, word in preps:
            if prep.lower_ not in PLACING_PREPS or (word == "in" and prep.lower_ == "of"):
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                code = self._country_in(pobj, candidates)
                if code:
                    return code, word
        return None

    def _modifier_country(self, node: Token, candidates: list[_Candidate]) -> str | None:
        """"Iraqi Kurds", "Turkey's Kurds": a country word modifying the group noun."""
        for child in node.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < node.i:
                owner = next((c for c in candidates if c.start <= child.idx < c.end), None)
                if owner and owner.actor and owner.actor.code and owner.actor.kind == "country" \
                        and self.kb.is_country_code(owner.actor.code):
                    return owner.actor.code
        return None

    def _sentence_countries(self, doc: Doc, sentence: int, candidates: list[_Candidate],
                            sent_of: list[int], expected: Iterable[str] = ()) -> list[str]:
        """Countries of the actors named in a sentence, those that are a place of a clause ("in Syria") first."""
        placed, others = [], []
        for c in candidates:
            if sent_of[c.head.i] != sentence:
                continue
            code = c.actor.code if c.actor else self._place_country(c, expected)  # "near Tetovo": the gazetteer's
            if not code or not self.kb.is_country_code(code):
                continue
            if c.actor and c.actor.kind == "country" and _stance(doc, c.head.i, c.head.text) == "anti":
                continue
            locative = any(a.dep_ == "prep" and a.lower_ in CLAUSE_PLACE_PREPS for a in c.head.ancestors)
            (placed if locative else others).append(code)
        return list(dict.fromkeys(placed + others))

    def _ethnic_candidate(self, doc: Doc, span: Span, group, candidates: list[_Candidate], claimed: set[int],
                          sent_of: list[int]) -> _Candidate | None:
        """A people without one state, as a group of the country it lives in (see the module docstring). None when
        a country word already claimed in the phrase says whose it is ("Turkish Kurd refugees"): the collective
        step codes the phrase by it."""
        token = span.root
        head = token
        while head.dep_ in ("compound", "amod", "nmod") and head.head.pos_ in ("NOUN", "PROPN") \
                and head.head.i > head.i and head.head.i not in claimed:
            head = head.head
        if head is not token and (head.lemma_.lower() in PLACE_NOUNS or head.lower_ in PLACE_NOUNS):
            return None
        if head is not token and head.pos_ == "PROPN" and \
                self._gazetteer_factory().lookup(doc[span.start:head.i + 1].text):
            return None  # "Tamil Nadu", "Kachin State": a place named after the people
        sector = None
        start_tok, end_tok = span.start, span.end
        if head is not token:
            mods = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
            words = " ".join(c.text for c in mods)
            sector = self._sector(f"{words} {head.text}")
            if not sector and head.lemma_.lower() in GROUP_NOUNS:
                sector = self._sector(words)
            sector = sector or self._sector(head.lemma_) or self._sector(head.text)
            if sector or head.lemma_.lower() in PEOPLE_NOUNS | GROUP_NOUNS:
                left = [t for t in head.subtree if t.i < head.i and t.i not in claimed]
                first = next((t for t in left if t.dep_ != "det" and t.i >= head.left_edge.i), None)
                start_tok = min(first.i if first is not None else span.start, span.start)
                end_tok = head.i + 1
                if any(i in claimed for i in range(start_tok, end_tok)):
                    if sector:
                        return None
                    start_tok, end_tok = span.start, span.end
        code_sector = sector[0] if sector else "CVL"
        if sector and sector[0] == "GOV" and sector[1] == "Leader":
            code_sector = "ELI"  # a people's leaders hold no state office: elites, like CAMEO's ethnic ELI codes
        sentence = sent_of[token.i]
        # a country word on the noun ("Iraqi Kurds") says more than where they are ("Iraqi Kurds in Germany")
        code = self._modifier_country(head, candidates)
        if not code:
            placed = self._placement(head, candidates) or (self._placement(token, candidates) if head is not token else None)
            code = placed[0] if placed else None
        if not code:
            here = [c for c in self._sentence_countries(doc, sentence, candidates, sent_of, group.countries)
                    if c in group.countries]
            code = here[0] if here else None
        if not code:
            named = self._named_countries(doc) | ({self._dateline_country(doc)} - {None})
            code = next((c for c in group.countries if c in named), group.countries[0])
        start, end = doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
        return _Candidate(start, end, doc[end_tok - 1], self._people_actor(code, code_sector, group.name), "people")

    def _place_demonyms(self, doc: Doc, candidates: list[_Candidate], sent_of: list[int]) -> list[_Candidate]:
        """Demonym mentions standing for a minority ("ethnic Albanians in Macedonia", "the Albanians of southern
        Serbia") take the country they live in; "pro-X" groups placed in another country take that country."""
        out = []
        for cand in candidates:
            actor = cand.actor
            if cand.method != "demonym" or actor is None or not actor.code or not self.kb.is_country_code(actor.code):
                out.append(cand)
                continue
            span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
            first = span[0] if span is not None else cand.head
            ethnic = first.lower_ == "ethnic" or (first.i > 0 and doc[first.i - 1].lower_ == "ethnic")
            stance = _stance(doc, first.i + (first.lower_ == "ethnic"), span.text if span is not None else "")
            kin = actor.code
            group = self.kb.kin_group(kin)
            people_noun = actor.kind == "country" and cand.head.dep_ not in ("amod", "compound", "nmod")
            placed = self._placement(cand.head, candidates)
            code = None
            if stance == "pro":
                code = placed[0] if placed and placed[0] != kin else None
            elif ethnic or people_noun:
                homes = group.countries if group else ()
                if placed and placed[0] != kin:
                    if ethnic or placed[1] == "of" or placed[0] in homes:
                        code = placed[0]
                elif not placed and ethnic:
                    here = [c for c in self._sentence_countries(doc, sent_of[cand.head.i], candidates, sent_of, homes)
                            if c != kin]
                    named = self._named_countries(doc)
                    code = next((c for c in here if c in homes), None) or (None if group else next(iter(here), None)) \
                        or next((c for c in homes if c in named), None)
            if code and stance == "pro":
                cand = replace(cand, actor=self._collective(code, actor.sector or "CVL", ""), method="place")
            elif code:
                people = group.name if group else f"kin of {self.kb.country_name(kin) or kin}"
                start = doc[first.i - 1].idx if first.lower_ != "ethnic" and ethnic else cand.start
                cand = replace(cand, start=start, actor=self._people_actor(code, actor.sector or "CVL", people),
                               method="people")
            out.append(cand)
        return out

    def _collective(self, code: str, sector: str, text: str) -> Actor:
        country = self._country(code)
        country_name = country.name if country else code
        return Actor(name=f"{country_name} {SECTOR_NAMES.get(sector, sector.lower())}", code=code, sector=sector,
                     kind="organization", role=None)

    def _collective_candidate(self, doc: Doc, token: Token, candidates: list[_Candidate], claimed: set[int]) -> _Candidate | None:
        if token.dep_ in ("compound", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
            return None  # only phrase heads
        sector = None
        modifiers = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
        if modifiers:
            # "rebel leaders", "opposition groups": the title with its modifiers ("rebel leader" is REB), or the
            # modifier's sector when the head is a generic group noun
            sector = self._sector(" ".join(c.text for c in modifiers) + " " + token.text)
            if not sector and token.lemma_.lower() in GROUP_NOUNS:
                sector = self._sector(" ".join(c.text for c in modifiers))
        sector = sector or self._sector(token.lemma_) or self._sector(token.text)
        if not sector:
            return None
        # a country in the phrase: modifier ("US officials"), possessor ("Washington's top diplomat"), or a named person's
        # country ("the Biden administration")
        code = None
        left = [t for t in token.subtree if t.i < token.i]
        # "an anti-Syria journalist", "pro-Russian separatists in Ukraine": the country in a stance is not theirs
        stance = any(t.lower_.rstrip("-") in STANCE_WORDS for t in left)
        # "Israel's militia ally", "Iran's proxies": another party's ally is not of that party's country
        stance = stance or token.lemma_.lower() in ALLY_NOUNS
        for t in left if not stance else []:
            if t.i in claimed:
                owner = next((c for c in candidates if c.start <= t.idx < c.end), None)
                if owner and owner.actor and owner.actor.code:
                    code = owner.actor.code
                    break
                if owner and self._place_country(owner):
                    code = self._place_country(owner)  # "Darfur rebels", "Cleveland officials"
                    break
                if owner and owner.actor and owner.actor.kind == "person" and token.lemma_.lower() in ADMINISTRATION_NOUNS:
                    code = self._government_of_surname(owner.actor.name)
                    if code:
                        break
        start = left[0].idx if left else token.idx
        if left and left[0].dep_ == "det":
            start = left[1].idx if len(left) > 1 else token.idx
        end = token.idx + len(token.text)
        if not code or stance:
            code = self._country_by_preposition(token, sector[0], candidates) or code
        if code:
            return _Candidate(start, end, token, self._collective(code, sector[0], doc_text(doc)[start:end]), "title")
        # a bare title: "the Secretary", "the minister", "the king" — coreference decides later
        if token.i > 0 and doc[token.i - 1].lower_ in ("the", "this") and len(left) <= 1 and sector[0] not in DOMESTIC_SECTORS:
            return _Candidate(token.idx, end, token, None, f"title:{sector[1]}")
        # "Protesters", "police", "the opposition" with no nationality: in a datelined report they are the
        # dateline country's own (wire convention: the dateline is where the reporter is)
        home = self._dateline_country(doc)
        method = "dateline"
        domestic = sector[0] in DOMESTIC_SECTORS or stance
        if not home and domestic:
            home, method = self._clause_place_country(token, candidates), "place"
        if not home and domestic and token.dep_ in ("nsubj", "nsubjpass"):
            # "Islamic fundamentalists continued their hunger strike ..." in an article about one country only (as
            # doers: victims, "killed 23 people", are often foreigners where they die)
            home, method = self._only_country(doc), "title+article"
        if not home and domestic:
            # "police arrested 20 people" in an Indian paper's article that names no other country: India's
            home, method = self._outlet_country(doc), "outlet"
        if home and domestic and token.pos_ in ("NOUN", "PROPN") and not token.ent_type_:
            return _Candidate(start, end, token, self._collective(home, sector[0], doc_text(doc)[start:end]), method)
        return None

    def _clause_place_country(self, token: Token, candidates: list[_Candidate]) -> str | None:
        """"Protesters blocked streets in Hong Kong": unmarked civilians, police, opposition or rebels who act in
        a country named as the place of their own clause belong to it (the dateline rule, for one sentence)."""
        node = token
        while node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head is not node.head:
            node = node.head.head  # "thousands of people", "a group of students"
        verb = node.head if node.dep_ in ("nsubj", "nsubjpass") else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            return None
        codes = set()
        holders = [verb] + [c for c in verb.children if c.dep_ == "dobj"]  # "blocked streets in X"
        for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "across", "throughout")):
            for t in prep.subtree:
                owner = next((c for c in candidates if c.start <= t.idx < c.end), None)
                if owner and owner.actor and owner.actor.code and (owner.actor.kind == "country" or owner.method == "capital") \
                        and self.kb.is_country_code(owner.actor.code):
                    codes.add(owner.actor.code)
                elif owner and self._place_country(owner):
                    codes.add(self._place_country(owner))  # "in Karachi": the gazetteer's country
        return codes.pop() if len(codes) == 1 else None

    def _government_of_surname(self, name: str) -> str | None:
        """"the Bush administration": the country every registry leader of that surname governed, if only one."""
        surname = name.split()[-1].lower()
        codes = {r.code for p in self.kb.people() if p.surname.lower() == surname for r in p.roles if r.sector == "GOV"}
        return codes.pop() if len(codes) == 1 else None

    def _country_by_preposition(self, token: Token, sector: str, candidates: list[_Candidate]) -> str | None:
        """"rebels in the Ivory Coast", "students throughout Indonesia", "refugees from Syria", "inhabitants of
        the Syrian Golan": a group placed in a country belongs to it. Armed forces are excluded with "in":
        troops in a country are as often a foreign army's."""
        foreign_prone = sector in FOREIGN_PRONE_SECTORS and (sector != "GOV" or token.lemma_.lower() in DIPLOMATIC_NOUNS)
        preps = {"from", "of"} | (set() if foreign_prone else {"in", "throughout", "across"})
        for child in token.children:
            if child.dep_ != "prep" or child.lower_ not in preps:
                continue
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                for t in pobj.subtree:
                    owner = next((c for c in candidates if c.start <= t.idx < c.end), None)
                    if owner is not None and self._place_country(owner):
                        return self._place_country(owner)  # "the government of Sindh province"
                    if owner is None or owner.actor is None or not owner.actor.code:
                        continue
                    if (owner.actor.kind == "country" or owner.method == "capital") and \
                            self.kb.is_country_code(owner.actor.code):
                        return owner.actor.code
        return None

    def _dateline_country(self, doc: Doc) -> str | None:
        if "thucydides_dateline" not in doc.user_data:
            match = DATELINE.match(doc_text(doc))
            place = match.group(0).split("(")[0].strip(" —–-,") if match else None
            found = self._country(place.title()) if place else None
            code = found.code if found and found.kind == "country" else None
            colon = COLON_DATELINE.match(doc_text(doc)) if code is None else None
            if colon:
                # "Ahmedabad: ..." (national papers): a place of the gazetteer, or a country's name
                where = self._gazetteer_factory().lookup(colon.group(1))
                code = where.country if where and where.country and self.kb.is_country_code(where.country) else None
            doc.user_data["thucydides_dateline"] = code
        return doc.user_data["thucydides_dateline"]

    def _outlet_country(self, doc: Doc) -> str | None:
        """The outlet's country (data/outlets.yaml, the URL's domain) when the article names no other country."""
        home = self._outlets().country(url=doc._.url, source=doc._.source)
        return home if home and self._article_countries(doc) <= {home} else None

    def _corefer_names(self, candidates: list[_Candidate], on: date | None) -> list[_Candidate]:
        """Surnames, first names and bare titles take the actor of the latest fitting full person mention."""
        out: list[_Candidate] = []
        people: list[_Candidate] = []
        countries_named = {c.actor.code for c in candidates if c.actor and c.actor.code and c.actor.kind != "person"}
        for cand in candidates:
            actor = cand.actor
            if cand.method.startswith("title:"):
                title = cand.method.split(":", 1)[1].lower()
                match = next((p for p in reversed(people) if p.actor.role and title in p.actor.role.lower()), None)
                cand = replace(cand, actor=match.actor, method="coref") if match else replace(cand, method="unresolved")
            elif actor is None and cand.method == "unresolved" and " " not in cand.head.text:
                # the NER sometimes labels a surname ORG or GPE ("Wang told ..."): an earlier person settles it
                match = next((p for p in reversed(people) if _same_person(cand.head.text, p.actor.name)), None)
                if match:
                    cand = replace(cand, actor=match.actor, method="coref")
            elif actor and actor.kind == "person":
                name_parts = actor.name.split()
                if cand.method == "name" or len(name_parts) == 1:
                    match = next((p for p in reversed(people) if p.actor is not actor and _same_person(actor.name, p.actor.name)), None)
                    if match and match.actor.code:
                        cand = replace(cand, actor=match.actor, method="coref")
                    elif len(name_parts) == 1 and (cand.method == "name" or not actor.code):
                        # a surname never introduced in the article: the registry, if only one holder fits the date
                        # and the article speaks of that holder's country ("Lee" in a story about China is not
                        # Singapore's prime minister: better unresolved than wrong)
                        known = self._unwrap(self.kb.person_by_surname(actor.name, on))
                        if known and known.code in countries_named:
                            cand = replace(cand, start=cand.start, actor=known, method="registry")
                        else:
                            # leaders the news names by surname alone ("Putin"), flagged in the registry
                            famous = self._unwrap(self.kb.person_known_by_surname(actor.name, on))
                            if famous:
                                cand = replace(cand, actor=famous, method="registry")
                if cand.method == "title" and cand.actor and not cand.actor.code and cand.actor.sector in OFFICE_SECTORS:
                    # "Judge X opened an inquiry into Chilean officials": an office holder the registry does not
                    # know, in an article about one country only, holds that country's office
                    # ... or, naming none, in the dateline's or the outlet's country ("Superintendent of police X" in
                    # an Indian paper)
                    doc = cand.head.doc
                    code = self._only_country(doc) or self._dateline_country(doc) or self._outlet_country(doc)
                    if code:
                        cand = replace(cand, actor=replace(cand.actor, code=code), method="title+article")
                if cand.actor and (cand.actor.code or cand.actor.sector):
                    people.append(cand)
            out.append(cand)
        return out

    def _countries_missed_by_ner(self, doc: Doc, claimed: set[int]) -> list[_Candidate]:
        out = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if token.i in claimed or token.pos_ != "PROPN" or token.ent_type_ or not token.text[:1].isupper():
                i += 1
                continue
            for size in (3, 2, 1):  # "Sierra Leone", "Papua New Guinea"
                span = doc[i:i + size]
                if len(span) < size or any(t.i in claimed or t.pos_ != "PROPN" for t in span):
                    continue
                found = self._country(span.text)
                method = None
                if found and found.kind == "country" and not found.sector:
                    how = self.kb.country(span.text)
                    method = "demonym" if how is not None and how.how == "demonym" else "country"
                elif size == 1 and len(span.text) >= 7:
                    # "Ethopia agreed ...": a misspelt country name the NER did not recognise either
                    found, method = self._unwrap(self.kb.country_misspelt(span.text)), "misspelt"
                if found and method:
                    out.append(_Candidate(span.start_char, span.end_char, span.root, found, method))
                    claimed.update(t.i for t in span)
                    i += size - 1
                    break
            i += 1
        return out

    def _surnames_missed_by_ner(self, doc: Doc, candidates: list[_Candidate], claimed: set[int]) -> list[_Candidate]:
        """The small model often misses a bare surname after the full name ("Landsbergis praised ..."):
        a proper noun equal to the surname of a person named earlier is a mention of that person."""
        people = [c for c in candidates if c.actor and c.actor.kind == "person" and c.actor.code]
        if not people:
            return []
        out = []
        for token in doc:
            if token.i in claimed or token.pos_ != "PROPN" or not token.text[:1].isupper():
                continue
            earlier = [p for p in people if p.end <= token.idx and p.actor.name.split()[-1] == token.text]
            if earlier:
                out.append(_Candidate(token.idx, token.idx + len(token.text), token, earlier[-1].actor, "coref"))
                claimed.add(token.i)
        return out

    def _pronoun_candidates(self, doc: Doc, candidates: list[_Candidate], claimed: set[int],
                            sent_of: list[int]) -> list[_Candidate]:
        # any named person can be a pronoun's antecedent, with or without a known affiliation: a quote's speaker
        # needs the name even when no event can use it
        people = [c for c in candidates if c.actor and c.actor.kind == "person"]
        genders = _genders(doc, people, self.kb)
        # "the Algerian president said he ...": a singular office holder, unnamed, is a person too
        people += [c for c in candidates if c.actor and c.actor.kind == "organization" and c.head.tag_ == "NN"
                   and c.head.lemma_.lower() in PERSON_TITLE_HEADS]
        people.sort(key=lambda c: c.start)
        bodies = [c for c in candidates if c.actor and c.actor.kind in ("country", "organization")]
        out = []
        for token in doc:
            low = token.lower_
            if token.i in claimed or token.pos_ != "PRON":
                continue
            if low in PERSON_PRONOUNS:
                here = sent_of[token.i]
                pronoun_gender = "f" if low in FEMALE_PRONOUNS else "m"
                window = [c for c in people if c.start < token.idx and here - sent_of[c.head.i] <= PERSON_WINDOW_SENTENCES
                          and genders.get(c.actor.name, pronoun_gender) == pronoun_gender]
                if not window:
                    out.append(_Candidate(token.idx, token.idx + len(token.text), token, None, "unresolved"))
                    continue
                if token.dep_ in ("dobj", "dative", "pobj") and low in ("him", "her"):
                    # "X urged him to ...": an object pronoun is never its own clause's subject
                    verb = token.head if token.dep_ != "pobj" else token.head.head
                    window = [c for c in window if not (c.head.dep_ in ("nsubj", "nsubjpass") and
                                                        (c.head.head == verb or verb in c.head.head.conjuncts))]
                    if not window:
                        out.append(_Candidate(token.idx, token.idx + len(token.text), token, None, "unresolved"))
                        continue
                    out.append(_Candidate(token.idx, token.idx + len(token.text), token, window[-1].actor, "coref"))
                    continue
                # the latest subject wins over a later object: "X told Y that he ...", "X said. ... with Y. '...,' he said"
                subjects = [c for c in window if c.head.dep_ in ("nsubj", "nsubjpass")]
                antecedent = (subjects or window)[-1]
                out.append(_Candidate(token.idx, token.idx + len(token.text), token, antecedent.actor, "coref"))
            elif low in ("it", "they") and token.dep_ == "nsubj" and token.head.dep_ == "ccomp" \
                    and token.head.head.lemma_ in ("say", "announce", "state", "confirm", "claim", "insist"):
                # "the Philippines said it had lodged a protest": "it" is the speaking country or body
                # "the rebels said they would ...": "they" likewise, for a group (never a single person)
                kinds = ("country", "organization") if low == "it" else ("organization", "group")
                speaker = next((c for c in candidates if c.actor and c.actor.kind in kinds
                                and _subject_verb(c.head) == token.head.head
                                and (low == "it" or c.head.tag_ in ("NNS", "NNPS"))), None)
                if speaker:
                    out.append(_Candidate(token.idx, token.idx + len(token.text), token, speaker.actor, "coref"))
            elif low == "its":
                here = sent_of[token.i]
                window = [c for c in bodies if c.start < token.idx and here - sent_of[c.head.i] <= 1]
                if window:
                    out.append(_Candidate(token.idx, token.idx + len(token.text), token, window[-1].actor, "coref"))
        return out


def _subject_verb(head: Token) -> Token | None:
    """The verb whose subject this noun is, directly or as the members of its subject ("a group of X said")."""
    if head.dep_ == "nsubj":
        return head.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.dep_ == "nsubj":
        return head.head.head.head
    return None


def _in_person_title(doc: Doc, ent: Span) -> bool:
    """Is this country word part of a person's title ("South African leader F. W. de Klerk")?"""
    for token in doc[ent.end:ent.end + 4]:
        if token.ent_type_ == "PERSON":
            return True
        if token.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ", "PRON"):
            return False
    return False


def _stance(doc: Doc, i: int, text: str) -> str | None:
    """"anti" or "pro" written before token `i` ("anti-Syria", "pro Russian") or opening `text`; else None."""
    low = text.lower()
    for word in STANCE_WORDS:
        if low.startswith((f"{word}-", f"{word} ")):
            return word
    if i > 0 and doc[i - 1].text == "-" and i > 1 and doc[i - 2].lower_ in STANCE_WORDS:
        return doc[i - 2].lower_
    if i > 0 and doc[i - 1].lower_.rstrip("-") in STANCE_WORDS:
        return doc[i - 1].lower_.rstrip("-")
    return None


def _inside_place_name(span: Span) -> bool:
    """A people's word inside a longer place entity, not its head: "Tamil Nadu", "the Kurdish Autonomous Region"."""
    ent = next((e for e in span.doc.ents if e.start <= span.start and span.end <= e.end), None)
    return ent is not None and ent.label_ in ("GPE", "LOC", "FAC") and len(ent) > len(span) \
        and not (span.start <= ent.root.i < span.end)


def _genders(doc: Doc, people: list[_Candidate], kb: ActorKnowledge) -> dict[str, str]:
    """Gender of the people named in the article: from the registry for its public figures, else where the
    article itself says it: an honorific before the name ("Ms. Ardern", "Mr Lula") or a gendered title in the
    mention ("Congresswoman X", "spokesman X"). First names are not guessed (no name lists), so other people stay
    unknown and agree with either pronoun."""
    text = doc_text(doc)
    found: dict[str, str] = {}
    for cand in people:
        name = cand.actor.name
        known = kb.gender_of(name)
        if known:
            found[name] = known
            continue
        before = text[max(0, cand.start - 6):cand.start].lower()
        words = set(re.findall(r"[a-z]+", text[cand.start:cand.end].lower() + " " + before))
        gender = "f" if words & FEMALE_WORDS else "m" if words & MALE_WORDS else None
        if gender and found.get(name, gender) == gender:
            found[name] = gender
        elif gender:
            found[name] = "?"  # contradictory evidence: unknown
    return {name: g for name, g in found.items() if g != "?"}


def _same_person(short: str, full: str) -> bool:
    """'Blinken' or 'Antony Blinken' or 'Wang' refer to 'Antony Blinken' / 'Wang Yi' (surname or given name)."""
    short_parts = short.lower().replace("’", "'").split()
    full_parts = full.lower().split()
    if not short_parts or short_parts == full_parts:
        return False
    if len(short_parts) == 1:
        return short_parts[0] in full_parts
    return short_parts[-1] == full_parts[-1]


class ActorsComponent:
    def __init__(self, nlp: Language, name: str, data_dir: str | None, extra_files: list[str] | None = None):
        register_extensions()
        self.name = name
        self.resolver = ActorResolver(ActorKnowledge.load(Path(data_dir) if data_dir else None, extra_files or ()))

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.resolver.resolve(doc)
        self.set_annotations(doc, mentions)
        return doc

    def set_annotations(self, doc: Doc, mentions: list[ActorMention]) -> None:
        doc._.actor_mentions = mentions
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.actor.code or m.actor.kind if m.actor else "UNRESOLVED",
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["actors"] = spans


@Language.factory(
    "thucydides_actors",
    assigns=["doc._.actor_mentions", "doc.spans"],
    requires=["doc.ents", "token.dep", "token.pos"],
    default_config={"data_dir": None, "extra_files": []},
)
def make_actors(nlp: Language, name: str, data_dir: str | None, extra_files: list[str]) -> ActorsComponent:
    """`extra_files`: users' actor files (people and organisations) added to, or replacing, the packaged ones."""
    return ActorsComponent(nlp, name, data_dir, extra_files)
