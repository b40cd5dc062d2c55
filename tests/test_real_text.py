"""Real scraped text: mojibake repaired in cleaning, capitals restored where an article has none, and unmarked
domestic actors given the country of the article's dateline or outlet. All sentences are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from thucydides.actors.home import Outlets
from thucydides.actors.knowledge import KnowledgeError
from thucydides.clean import clean_text
from thucydides.truecase import case_of

INDIAN_URL = "https://timesofindia.indiatimes.com/city/surat/some-story/articleshow/1.cms"


def _rebuilt(raw: str, removals) -> str:
    pieces, pos = [], 0
    for r in removals:
        assert raw[r.start:r.end] == r.text
        pieces += [raw[pos:r.start], r.replacement]
        pos = r.end
    return "".join(pieces + [raw[pos:]])


@pytest.mark.parametrize("raw, cleaned", [
    # an apostrophe read as cp1252
    ("the minister\u00e2\u20ac\u2122s convoy was stopped.", "the minister’s convoy was stopped."),
    # opening and closing double quotes; the closing one lost its third byte (U+FFFD)
    ("he said \u00e2\u20ac\u0153we will return\u00e2\u20ac\ufffd on monday.", "he said “we will return” on monday."),
    # single quotes and a dash
    ("the \u00e2\u20ac\u02dcpeace march\u00e2\u20ac\u2122 \u00e2\u20ac\u201d a rally \u00e2\u20ac\u201d ended.",
     "the ‘peace march’ — a rally — ended."),
    # an accented letter
    ("the caf\u00c3\u00a9 on the square reopened.", "the café on the square reopened."),
    # a no-break space read as "Â " keeps its width
    ("ten\u00c2 kilometres away", "ten\u00a0kilometres away"),
])
def test_mojibake_is_repaired_and_recorded(raw: str, cleaned: str) -> None:
    text, removals = clean_text(raw)
    assert text == cleaned
    assert removals and all(r.reason == "mojibake" for r in removals)
    assert _rebuilt(raw, removals) == text


@pytest.mark.parametrize("raw", [
    "The café in Zürich served naïve tourists.",  # real accents are not mojibake
    "Prices rose 5% in the year to March — a record.",  # a real dash
    "plain ascii text with nothing to repair.",
])
def test_correct_text_is_left_alone(raw: str) -> None:
    assert clean_text(raw) == (raw, [])


def test_mojibake_inside_boilerplate_goes_with_it() -> None:
    news = "Farmers blocked the highway near the river crossing on Wednesday to protest the new tolls."
    raw = f"{news} They\u00e2\u20ac\u2122ll return.\n\nShare this article\n\nThe mayor\u00e2\u20ac\u2122s office said talks would resume."
    text, removals = clean_text(raw)
    assert "Share this article" not in text and "They’ll" in text and "mayor’s" in text
    assert [r.reason for r in removals] == ["mojibake", "share-line", "mojibake"]
    assert _rebuilt(raw, removals) == text


@pytest.mark.parametrize("text, case", [
    # every sentence starts in lower case
    ("police dispersed the crowd. the curfew was lifted on monday. schools reopened in the afternoon.", "lower"),
    # a capitalised banner line does not make a lower-case article cased
    ("This story is from May 3\n\nthe curfew was lifted. shops reopened. buses ran again. markets were busy.", "lower"),
    # all capitals
    ("POLICE DISPERSED THE CROWD. THE CURFEW WAS LIFTED ON MONDAY.", "upper"),
    # ordinary news
    ("Police dispersed the crowd. The curfew was lifted on Monday. Schools reopened.", "cased"),
    # too short to judge
    ("ok then", "cased"),
])
def test_case_signal_is_detected_per_article(text: str, case: str) -> None:
    assert case_of(text) == case


@pytest.fixture(scope="module")
def nlp():
    from thucydides.pipeline import Pipeline

    return Pipeline.default().nlp


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # sentence starts, a city, a country, a weekday
    ("police arrested two men in ahmedabad on sunday. the men were taken to pakistan.",
     "Police arrested two men in Ahmedabad on Sunday. The men were taken to Pakistan."),
    # a month that is also a verb stays lower case; one that is not is capitalised
    ("the rally in march was larger than the one in june.", "The rally in march was larger than the one in June."),
    # an acronym of the registry in capitals, a several-word place, the pronoun I
    ("i met bjp leaders in new delhi.", "I met BJP leaders in New Delhi."),
    # ordinary words that are also place names stay lower case
    ("the march went on in a nice mood.", "The march went on in a nice mood."),
    # all capitals: lowered first, then truecased
    ("POLICE ARRESTED TWO MEN IN AHMEDABAD.", "Police arrested two men in Ahmedabad."),
    # a dateline: the sentence after it starts with a capital
    ("surat: police fired tear gas.", "Surat: Police fired tear gas."),
])
def test_truecaser_restores_capitals_keeping_length(nlp, text: str, expected: str) -> None:
    truecaser = nlp.tokenizer.truecaser
    out = truecaser.apply(text, "upper" if text.isupper() else "lower")
    assert out == expected
    assert len(out) == len(text)


@pytest.mark.model
def test_cased_text_is_not_truecased(nlp) -> None:
    text = "Police in Surat said the march was peaceful. Officials agreed. The mayor thanked them."
    assert nlp.tokenizer(text).text == text


@pytest.mark.parametrize("url, source, country", [
    (INDIAN_URL, None, "IND"),  # an outlet's domain from outlets.yaml, through a sub-domain
    ("https://www.dawn.com/news/1", None, "PAK"),  # another outlet
    ("https://news.example.co.uk/story", None, "GBR"),  # a country-code domain (uk is GB)
    ("https://example.in/a", None, "IND"),  # a country-code domain
    ("https://example.com/a", None, None),  # a generic domain says nothing
    ("https://example.tv/a", None, None),  # a ccTLD sold worldwide says nothing
    (None, "Times of India", "IND"),  # a manifest's source name, alias without "The"
    (None, "www.thehindu.com", "IND"),  # a host name given as the source
    (None, None, None),  # nothing known
])
def test_outlet_country(url: str | None, source: str | None, country: str | None) -> None:
    assert Outlets.load().country(url=url, source=source) == country


def test_outlets_file_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "outlets.yaml"
    bad.write_text("outlets:\n  - {name: Daily Example, code: XXX}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"outlets.yaml:2: Daily Example: code 'XXX'"):
        Outlets.load(bad)


def _events(text: str, url: str | None = INDIAN_URL):
    from thucydides.model import Article, Skipped
    from thucydides.pipeline import Pipeline

    (result,) = Pipeline.default().process([Article(id="t", raw_text=text, url=url, language="en")])
    assert not isinstance(result, Skipped)
    return result


@pytest.mark.model
@pytest.mark.parametrize("text, cameo, code", [
    # lower case, no country named: the outlet's police
    ("police arrested 20 people near the bus stand on sunday.", "173", "IND"),
    # a lower-case dateline of a city gives the country
    ("surat: the police detained six youths after the clash.", "173", "IND"),
    # firing on a crowd by police
    ("vadodara: police opened fire on a mob that set shops ablaze.", "19", "IND"),
    # mojibake and lower case together
    ("police arrested the gangâ€™s leader on monday.", "173", "IND"),
    # all capitals
    ("POLICE ARRESTED 20 PEOPLE NEAR THE BUS STAND ON SUNDAY.", "173", "IND"),
    # a passive arrest with no doer in a datelined article: the dateline country's police
    ("surat: the curfew continued. about 30 people were arrested on tuesday.", "173", "IND"),
    # "persons" are people too
    ("surat: the curfew continued. about 30 persons were arrested on tuesday.", "173", "IND"),
    # a baton charge, as Indian English words it
    ("police lathi-charged the crowd outside the collectorate.", "175", "IND"),
    # other arrest verbs
    ("police nabbed four youths near the market.", "173", "IND"),
    ("police rounded up 15 people after the clash.", "173", "IND"),
    # an office holder the registry does not know, in an Indian paper's article naming no country
    ("Police Commissioner Rakesh Varadan arrested the gang leader on Monday.", "173", "IND"),
    # shooting by police with no object: "police firing"
    ("surat: two people were killed in police firing on monday night.", "193", "IND"),
])
def test_lower_case_police_actions_are_coded(text: str, cameo: str, code: str) -> None:
    result = _events(text)
    found = [(e.cameo, e.source.code, e.source.sector) for e in result.events]
    assert any(c.startswith(cameo) and s == code and sector == "COP" for c, s, sector in found), found


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "the company fired 20 workers on monday.",  # dismissal, not shooting
    "the police fired tear gas at the crowd.",  # tear gas is crowd control (175), not shooting
    "the curfew continued in the old city on tuesday.",  # nothing done
])
def test_no_shooting_where_there_is_none(text: str) -> None:
    assert not [e for e in _events(text).events if e.cameo and e.cameo.startswith("19")]


@pytest.mark.model
def test_another_country_named_keeps_police_unassigned_by_outlet() -> None:
    # an Indian paper on a foreign city: the outlet does not make the police Indian
    result = _events("police in kathmandu arrested 20 protesters on sunday.")
    assert all(e.source.code != "IND" for e in result.events)


@pytest.mark.model
def test_offsets_point_into_the_stored_text() -> None:
    result = _events("surat: police arrested the gangâ€™s leader on monday.")
    text = result.article.text
    assert "’" in text and text.islower() or text == text.lower()
    for m in result.mentions:
        assert text[m.start:m.end].lower() == m.text.lower()
    for e in result.events:
        assert text[e.span[0]:e.span[1]].lower() == e.sentence.lower()
