"""The actor knowledge base: look-ups from a string to a canonical `Actor` (no NLP here).

Data (all under thucydides/data/, each file documents its own format in a header comment):
    demonyms.tsv        per country: common name, demonyms and extra names (America, Holland, Burma, ...)
    capitals.yaml       capitals and metonyms standing for a government (Moscow, the Kremlin, Brussels -> EU)
    organizations.yaml  IGOs and NGOs (which declare their acronym codes), national bodies, militant groups
    sectors.yaml        the sector codes, and titles/organisation nouns -> (sector, role)
    people.yaml         a dated registry of office holders
    peoples.yaml        ethnic groups (Kurds, Hutu) and the states they live in; kin-state peoples' minority homes

Country names also come from pycountry and country_converter (official and short names), indexed once at load
time: both libraries are slow per call.

Decisions, documented once here:
- A capital or metonym resolves to its country with sector GOV; Brussels resolves to the EU (an IGO).
- Ministers are GOV whatever the ministry ("defence minister" is GOV); the armed forces are MIL.
- "party" is PTY (PLOVER's party code); "opposition" is OPP.
- "former"/"ex-"/"retired" before a title make it ELI (CAMEO's elite code for ex-officials).
- A person on a date when they hold no role: if they held one before, sector ELI with the country of their latest
  past role and role None; if all their roles lie in the future, the country of the first role, sector None.
- When several roles hold on one date, the first one listed in people.yaml wins (list the main office first).
- A lone surname: first the one registry person holding a role on the date (`person_by_surname`); then the one person
  flagged `known_by_surname` (Putin, Arafat: news names them so in or out of office), several flagged ones being told
  apart by who holds a role on the date; then the one registry person with that surname at all.
- A people without one state (Kurds) is never a country: `country("Kurdish")` is None; `ethnic_group` finds it, and
  the actors component picks one of its states (see peoples.yaml).
- A country word right after "anti" ("anti-American", "anti Syria") does not name the country of the phrase:
  `find_country` and `resolve_phrase` skip it. "pro-Russian" still finds Russia.
- `sector_of` takes the head title: the greedy longest titles are found left to right, and the last one before
  the first preposition or comma wins ("foreign ministry spokesman" -> spokesman, "Prime Minister of India" ->
  Prime Minister); with none before it, the first one after it ("a bus full of students").
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..datafile import DataFileError, as_bool, is_bool, line_of as _line, load_yaml
from ..model import Actor, ActorKind

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MAX_NGRAM = 9  # "United Kingdom of Great Britain and Northern Ireland" is 8 tokens
ELITE = "ELI"


class KnowledgeError(DataFileError):
    """A bad entry in a knowledge file: names the file and the line (the data-file layer's error)."""


def _load_yaml(path: Path) -> Any:
    return load_yaml(path, KnowledgeError)


@dataclass(frozen=True)
class Match:
    """A look-up result: the actor and how it was found (country, code, demonym, capital, igo, organization,
    group, person, surname, title)."""

    actor: Actor
    how: str


@dataclass(frozen=True)
class Role:
    code: str | None  # None: a transnational group's leader (al-Qaeda), written `code: null`
    sector: str
    role: str
    start: date
    end: date | None  # inclusive; None: still holds it

    def holds_on(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    surname: str
    roles: tuple[Role, ...]
    known_by_surname: bool = False  # news names them by surname alone (Putin, Merkel): see person_known_by_surname
    gender: str | None = None  # "f" or "m" from the registry, for he/she agreement; None when not recorded

    def role_on(self, on: date | None) -> Role | None:
        """The role held on `on` (first listed wins); with `on` None, the current or else the latest role."""
        if on is None:
            current = [r for r in self.roles if r.end is None]
            if current:
                return current[0]
            return max(self.roles, key=lambda r: r.end or date.max)
        return next((r for r in self.roles if r.holds_on(on)), None)

    def actor_on(self, on: date | None) -> Actor:
        role = self.role_on(on)
        if role is not None:
            return Actor(name=self.name, code=role.code, sector=role.sector, kind="person", role=role.role)
        assert on is not None
        past = [r for r in self.roles if r.end is not None and r.end < on]
        if past:
            latest = max(past, key=lambda r: r.end or date.max)
            return Actor(name=self.name, code=latest.code, sector=ELITE, kind="person", role=None)
        first = min(self.roles, key=lambda r: r.start)
        return Actor(name=self.name, code=first.code, sector=None, kind="person", role=None)


@dataclass(frozen=True)
class Period:
    sector: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Organization:
    name: str
    code: str | None
    sector: str | None
    kind: ActorKind
    aliases: tuple[str, ...]
    parent: str | None = None  # e.g. WHO's parent is UN
    periods: tuple[Period, ...] = ()  # dated sector changes (the Taliban govern from 2021-08-15)

    def actor_on(self, on: date | None) -> Actor:
        sector = self.sector
        for p in self.periods:
            if (on is None and p.end is None) or (on is not None and p.start <= on and (p.end is None or on <= p.end)):
                sector = p.sector
        return Actor(name=self.name, code=self.code, sector=sector, kind=self.kind, role=None)


@dataclass(frozen=True)
class EthnicGroup:
    """A people from peoples.yaml. Without `kin`: a people without one state, `countries` the states it lives in,
    the first the default. With `kin`: the kin state whose demonyms name it, `countries` where it is a minority."""

    name: str
    forms: tuple[str, ...]
    countries: tuple[str, ...]
    kin: str | None = None


@dataclass(frozen=True)
class Title:
    sector: str
    role: str


@dataclass(frozen=True)
class _Place:
    """A country word in the index: the code and how the word names it."""

    code: str
    how: str  # country, demonym, capital
    sector: str | None = None  # GOV for capitals and metonyms


@dataclass(frozen=True)
class _Hit:
    start: int  # token index
    end: int
    value: Any


# ---------------------------------------------------------------------------------------------------------------
# text normalisation and scanning

_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?(?:['’][^\W_]+)?", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": " ", "—": " ", "-": " ", ".": "", "\u00a0": " "})
_HONORIFICS = ("mr ", "mrs ", "ms ", "dr ", "sir ", "dame ", "prof ")


@functools.lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Key form of a name: no accents, lower case, no dots, hyphens as spaces, no leading 'the' or trailing 's."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.casefold().translate(_APOSTROPHES).split())
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("'"):
        text = text[:-1]
    return text.strip(" ,;:()\"'")


def _bare(form: str) -> str:
    return form.strip().replace(".", "").replace(" ", "").replace("’", "'")


def _is_acronym(form: str) -> bool:
    """All-capital short forms (US, UK, WHO, PAN) match only in capitals: 'us', 'who' and 'pan' are words."""
    bare = _bare(form)
    return bare.replace("'", "").isalnum() and bare.isupper() and len(bare) <= 6


class _Index:
    """Names -> values, scanned over arbitrary text with leftmost-longest token n-grams.

    Written by hand: spaCy's PhraseMatcher needs a Doc, and the callers pass plain strings (titles, NER spans)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.strict: dict[str, set[str]] = {}  # key -> the exact acronym spellings allowed ("US" for "us")
        self.loose: set[str] = set()  # keys also reached by an ordinary word ("Lao"), so never strict
        self.lower_ok: set[str] = set()  # keys written in lower case in the data (titles, "al-Qaeda")
        self.first_words: set[str] = set()

    def add(self, form: str, value: Any, *, overwrite: bool = True) -> str:
        key = norm(form)
        if not key or (key in self.values and not overwrite):
            return key
        if _is_acronym(form):
            self.strict.setdefault(key, set()).add(_bare(form))
        else:
            self.loose.add(key)
        if form[:1].islower():
            self.lower_ok.add(key)
        self.values[key] = value
        first = key.split(" ", 1)[0]
        self.first_words.add(first)
        self.first_words.add(norm(first))  # "people's" is scanned as the token "People's", normalised "people"
        return key

    def get(self, text: str) -> Any:
        key = norm(text)
        value = self.values.get(key)
        if value is None or not self._case_ok(key, text):
            return None
        return value

    def _case_ok(self, key: str, raw: str) -> bool:
        if key in self.loose or key not in self.strict:
            return True
        bare = re.sub(r"^(the|The|THE)(?=[A-Z])", "", _bare(raw))
        return re.sub(r"'s$", "", bare) in self.strict[key]

    def scan(self, text: str, tokens: list[tuple[int, int]] | None = None) -> list[_Hit]:
        """Leftmost-longest matches over `text`, as token spans (tokens from `tokenize`)."""
        tokens = tokenize(text) if tokens is None else tokens
        mixed_case = any(c.isupper() for c in text) and any(c.islower() for c in text)
        hits: list[_Hit] = []
        i = 0
        n = len(tokens)
        while i < n:
            first = norm(text[tokens[i][0]:tokens[i][1]])
            found = None
            if first in self.first_words:
                for j in range(min(n, i + MAX_NGRAM), i, -1):
                    raw = text[tokens[i][0]:tokens[j - 1][1]]
                    key = norm(raw)
                    value = self.values.get(key)
                    if value is None or not self._case_ok(key, raw):
                        continue
                    # in mixed-case text a name must be capitalised: "china" the porcelain, "turkey" the bird
                    if mixed_case and key not in self.lower_ok and not raw[:1].isupper():
                        continue
                    found = _Hit(i, j, value)
                    break
            if found:
                hits.append(found)
                i = found.end
            else:
                i += 1
        return hits


def _index_deletions(index: dict[str, list], form: str, value: Any) -> None:
    """File `form` under itself and each string one deletion away: two strings one edit apart share a key
    (symmetric deletion), so a look-up checks a handful of candidates instead of every name."""
    for key in {form, *(form[:i] + form[i + 1:] for i in range(len(form)))}:
        index.setdefault(key, []).append((form, value))


def _near(index: dict[str, list], key: str) -> list[tuple[str, Any]]:
    """The indexed (form, value) pairs exactly one edit from `key`."""
    seen: dict[tuple[str, int], tuple[str, Any]] = {}
    for variant in {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}:
        for form, value in index.get(variant, ()):
            if (form, id(value)) not in seen and _one_edit_apart(form, key):
                seen[form, id(value)] = (form, value)
    return list(seen.values())


def _one_edit_apart(a: str, b: str) -> bool:
    """Exactly one insertion, deletion or substitution turns `a` into `b`. Written out because a bounded check is a
    few lines and needs no edit-distance library."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def tokenize(text: str) -> list[tuple[int, int]]:
    """Word tokens as (start, end) character offsets; keeps 'U.S.', "People's" and "d'Ivoire" whole."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------------------------------------------------------
# YAML with line numbers

def _parse_date(value: Any, path: Path, line: int | None, *, end: bool) -> date:
    """YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known (start: first day; end: last day)."""
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            y, m = int(text[:4]), int(text[5:])
            if end:
                nxt = date(y + (m == 12), m % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1)
            return date(y, m, 1)
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
    except ValueError:
        pass
    raise KnowledgeError(path, line, f"bad date {text!r} (want YYYY-MM-DD, YYYY-MM or YYYY)")


def _require(entry: Any, key: str, path: Path, what: str) -> Any:
    if not isinstance(entry, dict):
        raise KnowledgeError(path, _line(entry), f"{what}: expected a mapping")
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise KnowledgeError(path, _line(entry), f"{what}: missing {key!r}")
    return value


def _bool(value: Any, path: Path, line: int | None, what: str) -> bool:
    """A YAML boolean (true/false); absent is False. A quoted "true" or any other value is an error."""
    if value is None:
        return False
    if is_bool(value):
        return as_bool(value)
    raise KnowledgeError(path, _line(value, line), f"{what}: expected true or false, got {str(value)!r}")


def _gender(value: Any, path: Path, line: int | None, what: str) -> str | None:
    """`f` or `m`; absent is None. Anything else (a list, "female", "x") is an error."""
    if value is None:
        return None
    if isinstance(value, str) and str(value) in _GENDERS:
        return str(value)
    raise KnowledgeError(path, _line(value, line), f"{what}: expected f or m, got {value!r}")


def _named_entries(path: Path, key: str, what: str, fields: frozenset[str] | set[str], data: Any = None):
    """(entry, line, name) of each entry of the list `key` in a YAML file (`data`, when already read), every entry
    named and with known fields only; a bad one raises KnowledgeError with its file and line."""
    data = _load_yaml(path) if data is None else data
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise KnowledgeError(path, _line(data, 1), f"expected a list '{key}'")
    for entry in entries:
        line = _line(entry)
        name = str(_require(entry, "name", path, what)).strip()
        unknown = sorted(set(entry) - fields)
        if unknown:
            raise KnowledgeError(path, _line(entry[unknown[0]], line), f"{name}: unknown field {unknown[0]!r}")
        yield entry, line, name


def _str_list(value: Any, path: Path, line: int | None, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(path, _line(value, line), f"{what}: expected a list of strings")
    return [str(v) for v in value]


# ---------------------------------------------------------------------------------------------------------------
# the knowledge base

@functools.lru_cache(maxsize=1)
def _library_countries() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """ISO3 -> short name, and (name, ISO3) pairs from pycountry and country_converter (read-only: cached)."""
    import logging

    import country_converter as coco
    import pycountry

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    short: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    data = coco.CountryConverter().data
    for iso3, name_short, name_official in zip(data["ISO3"], data["name_short"], data["name_official"]):
        if not isinstance(iso3, str) or len(iso3) != 3:
            continue
        short[iso3] = str(name_short)
        pairs += [(str(name_short), iso3), (str(name_official), iso3)]
    for c in pycountry.countries:
        short.setdefault(c.alpha_3, getattr(c, "common_name", None) or c.name)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            pairs.append((value, c.alpha_3))
            if ", " in value:  # "Korea, Republic of" -> "Republic of Korea"
                head, tail = value.split(", ", 1)
                if tail.endswith((" of", " of the")):
                    pairs.append((f"{tail} {head}", c.alpha_3))
    return short, tuple(pairs)


class ActorKnowledge:
    """Country, organisation, title and person look-ups. Build once with `ActorKnowledge.load()`."""

    def __init__(self, data_dir: Path, extra_files: tuple[Path, ...] = ()):
        self.data_dir = data_dir
        self.extra_files = extra_files
        self._sectors: dict[str, str] = {}
        self._titles = _Index()
        self._elite_words: frozenset[str] = frozenset()
        self._places = _Index()
        self._orgs = _Index()
        self._organizations: list[Organization] = []
        self._acronyms: dict[str, Organization] = {}  # declared IGO/NGO codes -> their main entry
        self._people = _Index()
        # full-name and country-name forms under each of their one-letter deletions, for the misspelling look-ups
        self._people_by_deletion: dict[str, list[tuple[str, Person]]] = {}
        self._countries_by_deletion: dict[str, list[tuple[str, _Place]]] = {}
        self._persons: list[Person] = []
        self._surnames: dict[str, list[Person]] = {}
        self._known_surnames: dict[str, list[Person]] = {}  # surname keys of people flagged known_by_surname
        self._country_names: dict[str, str] = {}
        self._iso3: set[str] = set()
        self._ethnic = _Index()  # forms of peoples without one state -> EthnicGroup
        self._ethnic_groups: list[EthnicGroup] = []
        self._kin_groups: dict[str, EthnicGroup] = {}  # kin state code -> its people living as minorities

        self._load_sectors(data_dir / "sectors.yaml")
        self._load_countries(data_dir / "demonyms.tsv")
        users = [(Path(p), _read_user_file(Path(p))) for p in extra_files]
        user_orgs = frozenset(name for path, data in users for section in _ORG_SECTIONS
                              for name in _entry_names(path, data, section))
        user_people = frozenset(name for path, data in users for name in _entry_names(path, data, "people"))
        self._load_organizations(data_dir / "organizations.yaml", skip=user_orgs)
        for path, data in users:  # a user's organisations replace built-in ones of the same name
            self._load_organizations(path, _sections(data, _ORG_SECTIONS))
        self._load_capitals(data_dir / "capitals.yaml")
        self._load_people(data_dir / "people.yaml", skip=user_people)
        for path, data in users:  # and a user's people the built-in person of the same name
            if "people" in data:
                self._load_people(path, data)
        self._index_people()
        self._load_peoples(data_dir / "peoples.yaml")
        for form, place in self._places.values.items():
            if place.how == "country":
                _index_deletions(self._countries_by_deletion, form, place)
        # per-instance caches (the instance is immutable after construction)
        self._find_country_cached = functools.lru_cache(maxsize=100_000)(self._find_country)
        self._sector_of_cached = functools.lru_cache(maxsize=100_000)(self._sector_of)
        self._resolve_cached = functools.lru_cache(maxsize=100_000)(self._resolve_phrase)

    @classmethod
    def load(cls, data_dir: Path | None = None, extra_files: Iterable[Path | str] = ()) -> ActorKnowledge:
        """The knowledge base for `data_dir` (default: the packaged data) plus users' actor files `extra_files`,
        built once per directory and files. A user's file (YAML) holds `people` in the format of people.yaml
        and/or `international`, `national`, `groups` in the format of organizations.yaml; an entry there replaces
        the built-in one of the same name. A bad entry raises KnowledgeError naming its file and line."""
        extras = tuple(str(Path(p).resolve()) for p in extra_files)
        return _load_cached(str((data_dir or DATA_DIR).resolve()), extras)

    # ---- loading ----
    def _check_code(self, code: Any, path: Path, line: int | None, *, acronyms: bool = True) -> str:
        code = str(code).strip()
        if code in self._iso3 or (acronyms and code in self._acronyms):
            return code
        kind = "country or organisation code" if acronyms else "ISO 3166-1 alpha-3 code"
        raise KnowledgeError(path, line, f"unknown {kind} {code!r}")

    def _check_sector(self, sector: Any, path: Path, line: int | None) -> str:
        sector = str(sector).strip()
        if sector not in self._sectors:
            raise KnowledgeError(path, line, f"unknown sector {sector!r} (known: {', '.join(sorted(self._sectors))})")
        return sector

    def _load_sectors(self, path: Path) -> None:
        data = _load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("codes"), dict) or not isinstance(data.get("titles"), dict):
            raise KnowledgeError(path, _line(data, 1), "expected mappings 'codes' and 'titles'")
        self._sectors = {str(k): str(v) for k, v in data["codes"].items()}
        self._elite_words = frozenset(norm(w) for w in _str_list(data.get("former"), path, _line(data), "former"))
        listed: dict[str, str] = {}  # title key -> sector it was listed under
        for sector, titles in data["titles"].items():
            line = _line(titles, data["titles"].line)
            sector = self._check_sector(sector, path, line)
            if not isinstance(titles, list):
                raise KnowledgeError(path, line, f"titles of {sector}: expected a list")
            for item in titles:
                if isinstance(item, dict) and len(item) == 1:  # "title: Role" sets the normalised role
                    (title, role), = item.items()
                elif isinstance(item, str):
                    title, role = item, _role_case(item)
                else:
                    raise KnowledgeError(path, _line(item, line), "a title is a string or 'title: Role'")
                if not title or not role:
                    raise KnowledgeError(path, _line(item, line), "empty title or role")
                value = Title(sector, str(role))
                key = norm(str(title))
                if key in listed:
                    raise KnowledgeError(path, _line(item, line), f"title {str(title)!r} already listed under {listed[key]}")
                listed[key] = sector
                for form in _plural_forms(str(title)):
                    self._titles.add(form, value, overwrite=False)
                self._titles.add(str(title), value)

    def _load_countries(self, path: Path) -> None:
        short, pairs = _library_countries()
        self._iso3 = set(short)
        self._country_names = dict(short)
        for name, code in pairs:
            self._places.add(name, _Place(code, "country"), overwrite=False)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise KnowledgeError(path, None, f"cannot read: {exc}") from exc
        header_seen = False
        for lineno, row in enumerate(csv.reader(lines, delimiter="\t"), start=1):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            if not header_seen:
                if [c.strip() for c in row[:4]] != ["code", "name", "demonyms", "aliases"]:
                    raise KnowledgeError(path, lineno, "header must be: code, name, demonyms, aliases (tab-separated)")
                header_seen = True
                continue
            if len(row) != 4:
                raise KnowledgeError(path, lineno, f"expected 4 tab-separated columns, got {len(row)}")
            code = self._check_code(row[0], path, lineno, acronyms=False)
            name = row[1].strip()
            if not name:
                raise KnowledgeError(path, lineno, "missing name")
            self._country_names[code] = name
            self._places.add(name, _Place(code, "country"))
            for alias in _split(row[3]):
                self._places.add(alias, _Place(code, "country"))
            for demonym in _split(row[2]):
                for form in _demonym_forms(demonym):
                    self._places.add(form, _Place(code, "demonym"), overwrite=False)
                self._places.add(demonym, _Place(code, "demonym"))

    def _load_organizations(self, path: Path, data: Any = None, skip: frozenset[str] = frozenset()) -> None:
        """The organisations of `path` (or of its already read `data`), but those named in `skip`."""
        data = _load_yaml(path) if data is None else data
        if not isinstance(data, dict):
            raise KnowledgeError(path, 1, "expected sections international, national, groups")
        sections = {"international": "organization", "national": "organization", "groups": "group"}
        unknown = set(data) - set(sections)
        if unknown:
            key = sorted(unknown)[0]
            raise KnowledgeError(path, _line(data), f"unknown section {key!r}")
        # first pass: international entries declare their codes, so that others may refer to them (parent)
        for section in ("international", "national", "groups"):
            for entry in data.get(section) or []:
                line = _line(entry)
                name = str(_require(entry, "name", path, "organisation")).strip()
                if name in skip:
                    continue
                code_raw = entry.get("code")
                if section == "international":
                    code = str(_require(entry, "code", path, name)).strip()
                    if not re.fullmatch(r"[A-Z][A-Za-z0-9+]{1,13}", code):
                        raise KnowledgeError(path, _line(code, line), f"{name}: bad acronym code {code!r}")
                    if code in self._iso3:
                        raise KnowledgeError(path, _line(code, line), f"{name}: code {code!r} is a country code")
                    self._acronyms.setdefault(code, None)  # type: ignore[arg-type]
                elif code_raw is not None:
                    self._check_code(code_raw, path, _line(code_raw, line), acronyms=False)
        for section, kind in sections.items():
            for entry in data.get(section) or []:
                line = _line(entry)
                name = str(entry["name"]).strip()
                if name in skip:
                    continue
                code = str(entry["code"]).strip() if entry.get("code") is not None else None
                sector = self._check_sector(_require(entry, "sector", path, name), path, _line(entry.get("sector"), line))
                parent = entry.get("parent")
                if parent is not None and str(parent) not in self._acronyms:
                    raise KnowledgeError(path, _line(parent, line), f"{name}: unknown parent {parent!r}")
                periods = []
                for p in entry.get("periods") or []:
                    pline = _line(p, line)
                    psector = self._check_sector(_require(p, "sector", path, f"{name} period"), path, pline)
                    start = _parse_date(_require(p, "start", path, f"{name} period"), path, pline, end=False)
                    end = _parse_date(p["end"], path, pline, end=True) if p.get("end") is not None else None
                    periods.append(Period(psector, start, end))
                aliases = _str_list(entry.get("aliases"), path, line, name)
                org = Organization(name=name, code=code, sector=sector, kind=kind,  # type: ignore[arg-type]
                                   aliases=tuple(aliases), parent=str(parent) if parent else None, periods=tuple(periods))
                self._organizations.append(org)
                if section == "international" and code and self._acronyms.get(code) is None:
                    self._acronyms[code] = org
                for form in [name, *aliases]:
                    key = norm(form)
                    if key in self._orgs.values and self._orgs.values[key] is not org:
                        other = self._orgs.values[key]
                        raise KnowledgeError(path, line, f"{form!r} already names {other.name!r}")
                    self._orgs.add(form, org)

    def _load_capitals(self, path: Path) -> None:
        data = _load_yaml(path)
        if not isinstance(data, dict):
            raise KnowledgeError(path, 1, "expected sections capitals and metonyms")
        for section in ("capitals", "metonyms"):
            for entry in data.get(section) or []:
                line = _line(entry)
                name = str(_require(entry, "name", path, section)).strip()
                code = self._check_code(_require(entry, "code", path, name), path, line)
                sector = entry.get("sector") or "GOV"
                sector = self._check_sector(sector, path, line)
                for form in [name, *_str_list(entry.get("aliases"), path, line, name)]:
                    self._places.add(form, _Place(code, "capital", sector), overwrite=False)  # "Luxembourg" stays the country

    def _load_people(self, path: Path, data: Any = None, skip: frozenset[str] = frozenset()) -> None:
        """The people of `path` (or of its already read `data`), but those named in `skip` (a user's file replaces
        them). `_index_people` indexes them all once every file is read."""
        for entry, line, name in _named_entries(path, "people", "person", _PERSON_KEYS, data):
            if name in skip:
                continue
            aliases = _str_list(entry.get("aliases"), path, line, name)
            known = _bool(entry.get("known_by_surname"), path, line, f"{name}: known_by_surname")
            gender = _gender(entry.get("gender"), path, line, f"{name}: gender")
            roles_raw = _require(entry, "roles", path, name)
            if not isinstance(roles_raw, list) or not roles_raw:
                raise KnowledgeError(path, _line(roles_raw, line), f"{name}: roles must be a non-empty list")
            roles = []
            for r in roles_raw:
                rline = _line(r, line)
                if isinstance(r, dict) and "code" in r and r["code"] is None:
                    code = None  # explicit null: a transnational group, as in organizations.yaml
                else:
                    code = self._check_code(_require(r, "code", path, f"{name} role"), path, rline)
                sector = self._check_sector(_require(r, "sector", path, f"{name} role"), path, rline)
                title = str(_require(r, "role", path, f"{name} role")).strip()
                start = _parse_date(_require(r, "start", path, f"{name} role"), path, rline, end=False)
                end = _parse_date(r["end"], path, rline, end=True) if r.get("end") is not None else None
                if end is not None and end < start:
                    raise KnowledgeError(path, rline, f"{name}: role ends before it starts")
                roles.append(Role(code, sector, title, start, end))
            surname = str(entry.get("surname") or name.split()[-1]).strip()
            person = Person(name=name, aliases=tuple(aliases), surname=surname, roles=tuple(roles),
                            known_by_surname=known, gender=gender)
            self._persons.append(person)
            for form in [name, *aliases]:
                key = norm(form)
                other = self._people.values.get(key)
                if other is not None and other is not person:
                    raise KnowledgeError(path, line, f"{form!r} already names {other.name!r}")
                self._people.add(form, person)
            self._surnames.setdefault(norm(surname), []).append(person)

    def _index_people(self) -> None:
        for form, person in self._people.values.items():
            if " " in form:
                _index_deletions(self._people_by_deletion, form, person)
        self._index_known_surnames()

    def _load_peoples(self, path: Path) -> None:
        for entry, line, name in _named_entries(path, "peoples", "people", _PEOPLES_KEYS):
            raw_countries = _require(entry, "countries", path, name)
            countries = _str_list(raw_countries, path, line, f"{name}: countries")
            codes = tuple(self._check_code(c, path, _line(c, line), acronyms=False) for c in countries)
            if len(set(codes)) != len(codes):
                raise KnowledgeError(path, line, f"{name}: a country is listed twice")
            kin = entry.get("kin")
            forms = _str_list(entry.get("forms"), path, line, f"{name}: forms")
            if kin is not None:
                kin = self._check_code(kin, path, _line(kin, line), acronyms=False)
                if forms:
                    raise KnowledgeError(path, line, f"{name}: a kin-state people takes its words from demonyms.tsv, "
                                                     "not from forms")
                if kin in codes:
                    raise KnowledgeError(path, line, f"{name}: the kin state {kin} is not a minority home")
                if kin in self._kin_groups:
                    raise KnowledgeError(path, line, f"{name}: kin state {kin} already has {self._kin_groups[kin].name!r}")
                group = EthnicGroup(name=name, forms=(), countries=codes, kin=kin)
                self._kin_groups[kin] = group
                self._ethnic_groups.append(group)
                continue
            if not forms:
                raise KnowledgeError(path, line, f"{name}: missing 'forms'")
            group = EthnicGroup(name=name, forms=tuple(forms), countries=codes)
            for form in forms:
                place = self._places.values.get(norm(form))
                if place is not None:
                    raise KnowledgeError(path, _line(form, line), f"{name}: {form!r} already names the country "
                                                                  f"{place.code} (give the entry kin: {place.code})")
                for variant in (form, *_demonym_forms(form)):
                    other = self._ethnic.values.get(norm(variant))
                    if other is not None and other is not group:
                        raise KnowledgeError(path, _line(form, line), f"{name}: {variant!r} already names {other.name!r}")
                    self._ethnic.add(variant, group)
            self._ethnic_groups.append(group)

    def _index_known_surnames(self) -> None:
        """Surname keys of the people flagged known_by_surname: the surname (with and without an Arabic article),
        and the other spellings of it that aliases end in (Zelenskyy, Schroeder, Gadhafi). An alias's last word is
        skipped when it is short, someone's given name ("Abiy Ahmed Ali" must not make "Ali" a key), the name's own
        last word while the surname is another ("Silva" is not Lula), or part of a compound surname ("Samdech Hun
        Sen" must not make "Sen" a key)."""
        given = {norm(p.name).split()[0] for p in self._persons if " " in norm(p.name)}
        for person in self._persons:
            if not person.known_by_surname:
                continue
            key = norm(person.surname)
            own = _last_name(person.name)
            variants = set()
            for alias in person.aliases:
                last = _last_name(alias)
                if len(last) < 4 or norm(alias) == key or norm(alias).endswith(" " + key) or (last == own and last != _last_name(key)):
                    continue
                if last in given and not norm(person.name).startswith(last + " "):
                    continue
                variants.add(last)
            for k in ({key, _bare_surname(key)} | variants) - {""}:
                self._known_surnames.setdefault(k, []).append(person)

    # ---- look-ups ----
    def ethnic_group(self, text: str) -> EthnicGroup | None:
        """A whole string naming a people without one state ('Kurds', 'Kurdish', 'the Hutu'); None for a country's
        demonym ('Albanians': see `kin_group`)."""
        return self._ethnic.get(text)

    def find_ethnic_groups(self, text: str, tokens: list[tuple[int, int]] | None = None
                           ) -> list[tuple[int, int, EthnicGroup]]:
        """Peoples without one state named in free text, leftmost-longest: (start char, end char, group)."""
        tokens = tokenize(text) if tokens is None else tokens
        return [(tokens[h.start][0], tokens[h.end - 1][1], h.value) for h in self._ethnic.scan(text, tokens)]

    def kin_group(self, code: str) -> EthnicGroup | None:
        """The people whose kin state is `code` and the states where it lives as a minority ('ALB' -> Albanians in
        Kosovo, North Macedonia, ...); None when peoples.yaml lists none."""
        return self._kin_groups.get(code)

    def ethnic_groups(self) -> list[EthnicGroup]:
        """All peoples.yaml entries, in file order."""
        return list(self._ethnic_groups)

    def name_forms(self) -> list[tuple[str, str, frozenset[str]]]:
        """Every name the knowledge holds, as (key, kind, acronym spellings): the normalised key (lower case),
        kind country | demonym | capital | organization | person | people, and the capital spellings when the
        name is an acronym ("BJP"). For the truecaser, which restores capitals in text written without them."""
        out: list[tuple[str, str, frozenset[str]]] = []
        for index, kind in ((self._places, None), (self._orgs, "organization"), (self._people, "person"),
                            (self._ethnic, "people")):
            for key, value in index.values.items():
                if key in index.lower_ok:
                    continue  # written in lower case in the data: a common word, not a name
                out.append((key, kind or value.how, frozenset(index.strict.get(key, ()))))
        return out

    def country_name(self, code: str) -> str | None:
        """Common English name of a country code ('USA' -> 'United States')."""
        return self._country_names.get(code)

    def is_country_code(self, code: str) -> bool:
        return code in self._iso3

    def acronyms(self) -> frozenset[str]:
        """The IGO/NGO codes declared in organizations.yaml."""
        return frozenset(self._acronyms)

    def parent_of(self, code: str) -> str | None:
        """The parent body of an IGO code ('WHO' -> 'UN'), if any."""
        org = self._acronyms.get(code)
        return org.parent if org else None

    def sectors(self) -> dict[str, str]:
        """Known sector codes and what they mean."""
        return dict(self._sectors)

    def _place_match(self, place: _Place, on: date | None = None) -> Match:
        if place.code in self._acronyms:  # Brussels -> EU
            return Match(self._acronyms[place.code].actor_on(on), place.how)
        name = self._country_names.get(place.code, place.code)
        return Match(Actor(name=name, code=place.code, sector=place.sector, kind="country", role=None), place.how)

    def country(self, text: str) -> Match | None:
        """A whole string naming a country: its name or a variant ('U.S.', 'Britain', 'Republic of China'), its
        demonym ('Chinese', 'Israelis'), its ISO3 code ('RUS'), or a capital or metonym for its government
        ('Moscow', 'the Kremlin': sector GOV; 'Brussels' -> the EU)."""
        place = self._places.get(text)
        if place is None and text.strip() in self._iso3:  # a bare ISO3 code, in capitals only ("RUS")
            place = _Place(text.strip(), "code")
        if place is None and text.strip() in self._acronyms:  # an IGO code ("EU")
            place = _Place(text.strip(), "igo")
        return self._place_match(place) if place else None

    def organization(self, text: str, on: date | None = None) -> Match | None:
        """A whole string naming an organisation or group in organizations.yaml ('the U.N.', 'State Department',
        'Hamas'). `on` selects a dated sector (the Taliban: REB, then GOV from 2021-08-15); None: the latest."""
        org = self._orgs.get(text)
        if org is None:
            return None
        return Match(org.actor_on(on), self._org_how(org))

    def _org_how(self, org: Organization) -> str:
        if org.kind == "group":
            return "group"
        return "igo" if org.code in self._acronyms and org.sector != "NGO" else "organization"

    def sector_of(self, text: str) -> tuple[str, str] | None:
        """The (sector, normalised role) of the head title in `text`: 'foreign ministry spokesman' ->
        ('GOV', 'Spokesperson'), 'former president' -> ('ELI', 'former President')."""
        return self._sector_of_cached(text)

    def _sector_of(self, text: str) -> tuple[str, str] | None:
        tokens = tokenize(text)
        hits = self._titles.scan(text, tokens)
        if not hits:
            return None
        covered = {i for h in hits for i in range(h.start, h.end)}
        cut = len(tokens)
        for i, (s, e) in enumerate(tokens):
            comma = i > 0 and "," in text[tokens[i - 1][1]:s]
            if comma or (i not in covered and norm(text[s:e]) in _PREPOSITIONS):
                cut = i
                break
        head = [h for h in hits if h.end <= cut]
        hit = head[-1] if head else next(h for h in hits if h.start >= cut)
        title: Title = hit.value
        before = {norm(text[s:e]) for s, e in tokens[:hit.start]}
        if before & self._elite_words:
            return ELITE, f"former {title.role}"
        return title.sector, title.role

    def person(self, name: str, on: date | None = None) -> Match | None:
        """A registry person by full name or alias ('Tony Blinken'), with the role they hold on `on`.

        On a date when they hold no role: sector ELI if they held one before (role None), sector None if all
        their roles are later. `on` None: their current role, else their latest one."""
        person = self._person_entry(name)
        return Match(person.actor_on(on), "person") if person else None

    def _person_entry(self, name: str) -> Person | None:
        key = norm(name)
        found = self._people.values.get(key)
        if found is None:
            for prefix in _HONORIFICS:
                if key.startswith(prefix):
                    key = key[len(prefix):]
            if key.endswith((" jr", " sr")):
                key = key[:-3].rstrip(" ,")
            found = self._people.values.get(key)
        return found

    def gender_of(self, name: str) -> str | None:
        """The registry person's gender ('f' or 'm') by full name or alias ('Theresa May', 'Angela Dorothea
        Merkel'); None for a name not in the registry or a person whose gender is not recorded."""
        person = self._person_entry(name)
        return person.gender if person else None

    def person_by_surname(self, surname: str, on: date | None = None) -> Match | None:
        """The one registry person with this surname who holds a role on `on` (None: holds one now, i.e. a role
        without an end); None when nobody or several do."""
        candidates = self._surnames.get(norm(surname), [])
        if on is None:
            holders = [p for p in candidates if any(r.end is None for r in p.roles)]
        else:
            holders = [p for p in candidates if p.role_on(on) is not None]
        if len(holders) != 1:
            return None
        return Match(holders[0].actor_on(on), "surname")

    def person_known_by_surname(self, surname: str, on: date | None = None) -> Match | None:
        """The one person flagged `known_by_surname` whose surname (or an alias's last word) this is ('Putin',
        'Zelenskiy'), in or out of office: news names them so whatever the date. None when nobody is flagged
        with it; when several are (the two Bushes), the one holding a role on `on`, else None."""
        key = norm(surname)
        candidates = self._known_surnames.get(key) or self._known_surnames.get(_bare_surname(key), [])
        if len(candidates) > 1 and on is not None:
            candidates = [p for p in candidates if p.role_on(on) is not None]
        if len(candidates) != 1:
            return None
        return Match(candidates[0].actor_on(on), "surname")

    def person_misspelt(self, name: str, on: date | None = None) -> Match | None:
        """A registry person whose full name is one typing slip away from `name` ("Abdelaziz Bouteflicka",
        "Francois Mitterand"): machine translations and scrapes misspell names. Full names of ten letters or more
        only, and only when exactly one registry person is that close."""
        key = norm(name)
        if len(key) < 10 or " " not in key:
            return None
        found = {id(p): p for form, p in _near(self._people_by_deletion, key)}
        if len(found) != 1:
            return None
        person: Person = next(iter(found.values()))
        return Match(person.actor_on(on), "misspelt")

    def country_misspelt(self, text: str, on: date | None = None) -> Match | None:
        """A country whose name is one typing slip away from `text` ("Ethopia"), for names of six letters or more
        and only when exactly one country is that close ("Gambja" is Gambia; "Iraq"/"Iran" are too short)."""
        key = norm(text)
        if len(key) < 6:
            return None
        codes = {place.code: place for form, place in _near(self._countries_by_deletion, key)}
        if len(codes) != 1:
            return None
        return self._place_match(next(iter(codes.values())), on)

    def find_country(self, text: str) -> str | None:
        """The code of the first country named in an arbitrary string, by the longest name, demonym or capital
        ('three Kenyan runners' -> 'KEN', 'Prime Minister of India' -> 'IND', 'Brussels officials' -> 'EU')."""
        return self._find_country_cached(text)

    def _find_country(self, text: str) -> str | None:
        tokens = tokenize(text)
        hits = _not_against(text, tokens, self._places.scan(text, tokens))
        return hits[0].value.code if hits else None

    def find_people(self, text: str, tokens: list[tuple[int, int]] | None = None) -> list[tuple[int, int, Person]]:
        """Registry people named in free text by a name of two words or more (full name or alias), leftmost-
        longest: (start char, end char, person). For names a statistical NER misses ("Theresa May").
        `tokens`: `tokenize(text)` when the caller already has it."""
        tokens = tokenize(text) if tokens is None else tokens
        return [(tokens[h.start][0], tokens[h.end - 1][1], h.value)
                for h in self._people.scan(text, tokens) if h.end - h.start >= 2]

    def find_organizations(self, text: str, on: date | None = None,
                           tokens: list[tuple[int, int]] | None = None) -> list[tuple[int, int, Match]]:
        """Organisations and groups named in free text by a name of two words or more, leftmost-longest:
        (start char, end char, match). For names a statistical NER misses ("Islamic State militants")."""
        tokens = tokenize(text) if tokens is None else tokens
        return [(tokens[h.start][0], tokens[h.end - 1][1], Match(h.value.actor_on(on), self._org_how(h.value)))
                for h in self._orgs.scan(text, tokens) if h.end - h.start >= 2]

    def resolve_phrase(self, text: str, on: date | None = None, context: str | None = None) -> Match | None:
        """Resolve a short phrase ('Chinese Foreign Ministry spokesman', 'U.S. Senator Marco Rubio', 'the
        Taliban') to one actor, combining the registry, organisations, countries and titles. `context` is a
        country hint used when the phrase names none ('Nigerian' for 'the interior ministry')."""
        return self._resolve_cached(text, on, context)

    def _resolve_phrase(self, text: str, on: date | None, context: str | None) -> Match | None:
        tokens = tokenize(text)
        if not tokens:
            return None
        # 1. a registry person named in the phrase wins: their dated role says more than the words around them
        people = self._people.scan(text, tokens)
        if people:
            person: Person = people[0].value
            return Match(person.actor_on(on), "person")
        if len(tokens) == 1:
            found = self.person_by_surname(text, on) or self.person_known_by_surname(text, on)
            if found is None and on is not None:
                # a lone surname of someone out of office on that date: unique in the whole registry only
                holders = self._surnames.get(norm(text), [])
                found = Match(holders[0].actor_on(on), "surname") if len(holders) == 1 else None
            if found:
                return found
        # 2. the leftmost organisation or country; a title outside it sets the sector
        orgs = self._orgs.scan(text, tokens)
        places = _not_against(text, tokens, self._places.scan(text, tokens))
        candidates = [(h.start, -(h.end - h.start), 0, h) for h in orgs] + [(h.start, -(h.end - h.start), 1, h) for h in places]
        title = self.sector_of(text)
        title_hits = self._titles.scan(text, tokens)
        if candidates:
            _, _, is_place, hit = min(candidates, key=lambda c: c[:3])
            outside = [t for t in title_hits if t.end <= hit.start or t.start >= hit.end]
            if is_place:
                match = self._place_match(hit.value, on)
            else:
                org: Organization = hit.value
                match = Match(org.actor_on(on), self._org_how(org))
            if title and outside:
                actor = match.actor
                sector = title[0]
                if not is_place and sector == "GOV" and actor.sector:
                    sector = actor.sector  # a Hamas leader, a Pentagon official: the body says more than the office
                return Match(Actor(name=text.strip(), code=actor.code, sector=sector, kind="organization",
                                   role=title[1]), "title")
            return match
        code = self.find_country(context) if context else None
        if title:
            return Match(Actor(name=text.strip(), code=code, sector=title[0], kind="organization", role=title[1]), "title")
        if code:
            return self._place_match(_Place(code, "country"), on)
        return None

    def people(self) -> list[Person]:
        """All registry entries, in file order."""
        return list(self._persons)

    def organizations(self) -> list[Organization]:
        """All organisation entries, in file order."""
        return list(self._organizations)


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: str, extra_files: tuple[str, ...] = ()) -> ActorKnowledge:
    return ActorKnowledge(Path(data_dir), tuple(Path(p) for p in extra_files))


_ORG_SECTIONS = ("international", "national", "groups")
_USER_SECTIONS = ("people", *_ORG_SECTIONS)


def _read_user_file(path: Path) -> Any:
    """A user's actor file: a mapping of `people` and organisation sections, nothing else."""
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise KnowledgeError(path, _line(data, 1), f"expected a mapping with any of {', '.join(_USER_SECTIONS)}")
    for key in data:
        if key not in _USER_SECTIONS:
            raise KnowledgeError(path, _line(data[key], _line(data)), f"unknown section {key!r} (expected any of "
                                                                      f"{', '.join(_USER_SECTIONS)})")
        if data[key] is not None and not isinstance(data[key], list):
            raise KnowledgeError(path, _line(data[key], _line(data)), f"{key!r} must be a list of entries")
    return data


def _entry_names(path: Path, data: Any, section: str) -> list[str]:
    return [str(_require(entry, "name", path, section)).strip() for entry in data.get(section) or []]


def _sections(data: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """The sections `keys` of a user's file (the organisation loader refuses any other section)."""
    return {k: data[k] for k in keys if k in data}


_PREPOSITIONS = frozenset({"of", "to", "for", "in", "at", "from", "with", "on", "over", "by", "across", "against",
                           "who", "which", "that", "named"})
_SMALL_WORDS = frozenset({"of", "the", "for", "and", "to", "in", "on"})
_PERSON_KEYS = frozenset({"name", "aliases", "surname", "roles", "known_by_surname", "gender"})
_GENDERS = frozenset({"f", "m"})
_PEOPLES_KEYS = frozenset({"name", "forms", "countries", "kin"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


_ARTICLES = ("al ", "el ", "ad ", "as ", "an ", "ar ", "at ", "az ", "ash ")


def _not_against(text: str, tokens: list[tuple[int, int]], hits: list[_Hit]) -> list[_Hit]:
    """Hits not right after "anti" ("an anti-Syria journalist" is not Syrian)."""
    return [h for h in hits if h.start == 0 or norm(text[tokens[h.start - 1][0]:tokens[h.start - 1][1]]) != "anti"]


def _bare_surname(key: str) -> str:
    """A surname key without a leading Arabic article ('al assad' -> 'assad'): news writes both."""
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            return key[len(article):]
    return key


def _last_name(alias: str) -> str:
    """The key of an alias's last word, suffixes dropped ('Joseph R. Biden Jr.' -> 'biden')."""
    words = [w for w in norm(alias).replace(",", " ").split() if w not in _NAME_SUFFIXES]
    return words[-1] if words else ""


def _role_case(title: str) -> str:
    """'secretary of state' -> 'Secretary of State'; words already in capitals (MP, CEO) stay as written."""
    words = title.split()
    return " ".join(w if (w.isupper() or (i and w in _SMALL_WORDS)) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _plural_forms(title: str) -> Iterator[str]:
    """English plurals of a title's last word (spokesman -> spokesmen, authority -> authorities)."""
    head, _, last = title.rpartition(" ")
    prefix = f"{head} " if head else ""
    low = last.lower()
    if low.endswith("man") and not low.endswith(("human", "german")):
        yield prefix + last[:-3] + "men"
    elif low.endswith("person"):
        yield prefix + last[:-6] + "people"
        yield prefix + last + "s"
    elif low.endswith(("s", "sh", "ch", "x", "z")):
        yield prefix + last + "es"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        yield prefix + last[:-1] + "ies"
    else:
        yield prefix + last + "s"


def _demonym_forms(demonym: str) -> Iterable[str]:
    """Plural people-forms of a demonym: Israeli -> Israelis, Afghan -> Afghans; Chinese, British, Swiss: none."""
    if demonym.endswith(("ese", "ish", "ch", "ss", "sh", "s")) or " " in demonym and demonym.split()[-1][:1].islower():
        return ()
    return (demonym + "s",)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]
