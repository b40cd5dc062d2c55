"""The pipeline against a careful reader's list of the seed articles' events (tests/data/seed_events.yaml), and
the matcher of thucydides.evaluation.seeds on an invented list and invented events.

The seed figures are pinned at today's level minus about 0.02 (the issue's targets, recall with type, dyad and
date right >= 0.75 and no article-date stand-ins, are far off): a drop fails, a rise means re-pinning.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from thucydides.evaluation import GoldDataError
from thucydides.evaluation.seeds import (
    ListedEvent, ProducedEvent, check_articles, date_right, default_events_path, load_listed, score,
    types_dyad_match,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
LIST = Path(__file__).resolve().parent / "data" / "seed_events.yaml"

# measured 2026-12-02 at cb45a74 (recall 35/97 and 24/97, precision proxy 42/49, 7 stand-ins), minus 0.02
FLOORS = {
    "seeds.recall_type_dyad": 0.33,  # 34/97 at the merge of nominal events and relative dating (2026-12-02)
    "seeds.recall_type_dyad_date": 0.206,  # 22/97
    "seeds.precision_proxy": 0.806,  # 38/46
}
MAX_STANDINS = 2  # produced events dated by the article although the listed happening was earlier


# ---------------------------------------------------------------- helpers: an invented list
def listed_from(tmp_path: Path, *entries: str) -> list[ListedEvent]:
    path = tmp_path / "list.yaml"
    path.write_text("events:\n" + "".join(f"  - {{{e}}}\n" for e in entries), encoding="utf-8")
    return load_listed(path)


def one(tmp_path: Path, entry: str) -> ListedEvent:
    [event] = listed_from(tmp_path, entry)
    return event


def ours(event_type: str, source: str | None, target: str | None, day: str | None = "2031-05-02",
         basis: str = "text", article: str = "a1") -> ProducedEvent:
    return ProducedEvent(article_id=article, event_type=event_type, source=source, target=target, date=day,
                         date_basis=basis)


BASE = "article: a1, source: FRA, target: DEU, date: 2031-05-02, date_precision: day, note: an invented happening"


# ---------------------------------------------------------------- the seeds themselves
@pytest.mark.model
def test_pipeline_on_the_seeds_holds_todays_level(seeds_run) -> None:
    from thucydides.ingest import read_manifest
    from thucydides.store import Store

    db, _ = seeds_run
    produced = [ProducedEvent.from_record(r) for r in Store(db, read_only=True).events()]
    published = {e.id: e.published for e in read_manifest(SEEDS / "manifest.jsonl")}
    scores = score(load_listed(LIST), produced, published)
    metrics = {m.key: m for m in scores.metrics()}
    print("\nseeds:", ", ".join(f"{k} {m.value:.3f} ({m.detail})" for k, m in metrics.items()))
    print("listed per article:", scores.listed_by_article)
    print("misses by kind:", scores.miss_kinds())
    low = [f"{k}: {metrics[k].value:.3f} < {floor}" for k, floor in FLOORS.items() if metrics[k].value < floor]
    assert not low, low
    assert scores.standins <= MAX_STANDINS, [m for m in scores.misses if m.kind == "date: article stand-in"]


@pytest.mark.skipif(not (SEEDS / "manifest.jsonl").exists(), reason="../shared/seeds is not present")
def test_list_covers_every_seed_article_and_no_other() -> None:
    from thucydides.ingest import read_manifest

    ids = {e.id for e in read_manifest(SEEDS / "manifest.jsonl")}
    listed = check_articles(load_listed(LIST), ids, LIST)
    assert {e.article_id for e in listed} == ids
    assert len(listed) >= 80


def test_the_library_finds_the_list_in_a_checkout() -> None:
    assert default_events_path() == LIST


# ---------------------------------------------------------------- matching: type and dyad
@pytest.mark.parametrize("extra, event, expected", [
    ("type: ACCUSE", ours("ACCUSE", "FRA", "DEU"), True),  # same type, same pair
    ("type: ACCUSE", ours("ACCUSE", "DEU", "FRA"), False),  # criticism has a direction
    ("type: ACCUSE", ours("REQUEST", "FRA", "DEU"), False),  # another type
    ("type: ACCUSE, alt_types: [REQUEST]", ours("REQUEST", "FRA", "DEU"), True),  # the alternative type
    ("type: CONSULT", ours("CONSULT", "DEU", "FRA"), True),  # a meeting has no direction
    ("type: AGREE", ours("AGREE", "DEU", "FRA"), True),  # nor an agreement
    ("type: COOPERATE", ours("COOPERATE", "DEU", "FRA"), True),  # nor joint exercises
    ("type: SUPPORT, alt_types: [AGREE]", ours("SUPPORT", "DEU", "FRA"), False),  # symmetry goes by the type found
    ("type: SUPPORT, alt_types: [AGREE]", ours("AGREE", "DEU", "FRA"), True),  # ... so AGREE reversed is fine
    ("type: ACCUSE", ours("ACCUSE", "FRA", None), False),  # a missing target is not the listed one
    ("type: ACCUSE", ours("ACCUSE", "FRA", "DEU", article="a2"), False),  # another article
])
def test_type_and_dyad(tmp_path: Path, extra: str, event: ProducedEvent, expected: bool) -> None:
    assert types_dyad_match(one(tmp_path, f"{extra}, {BASE}"), event) is expected


@pytest.mark.parametrize("source, event, expected", [
    ("null", ours("ASSAULT", None, "DEU"), True),  # nobody named in the text, nobody in ours
    ("null", ours("ASSAULT", "FRA", "DEU"), False),  # an attacker the text does not name
])
def test_a_null_side_matches_only_an_uncoded_side(tmp_path: Path, source: str, event: ProducedEvent,
                                                  expected: bool) -> None:
    entry = f"article: a1, type: ASSAULT, source: {source}, target: DEU, date: null, date_precision: unknown, note: x"
    assert types_dyad_match(one(tmp_path, entry), event) is expected


# ---------------------------------------------------------------- matching: the date
@pytest.mark.parametrize("date_, precision, ours_date, expected", [
    ("2031-05-02", "day", "2031-05-02", True),  # the same day
    ("2031-05-02", "day", "2031-05-03", False),  # the next day
    ("2031-05-02", "day", "2031-05", False),  # only the month: not precise enough
    ("2031-05", "month", "2031-05-20", True),  # a day inside the listed month
    ("2031-05", "month", "2031-05", True),  # the month itself
    ("2031-05", "month", "2031-06-01", False),  # the month after
    ("2031-05", "month", "2031", False),  # only the year
    ('"2031"', "year", "2031-11-30", True),  # a day inside the listed year
    ('"2031"', "year", "2030-12-31", False),  # the year before
    ("2031-04-01/2031-04-30", "bounds", "2031-04-15", True),  # inside the window
    ("2031-04-01/2031-04-30", "bounds", "2031-05-01", False),  # after the window
    ("2031-04-01/2031-04-30", "bounds", "2031-04", True),  # the month starts inside the window
    ("../2031-04-30", "bounds", "2025-01-01", True),  # open start: anything up to the end
    ("../2031-04-30", "bounds", None, False),  # the text places it, we did not date it
    ("null", "unknown", None, True),  # nothing to date it by, and we invented nothing
    ("null", "unknown", "2031-05-02", False),  # a date the text does not give
])
def test_date_right(tmp_path: Path, date_: str, precision: str, ours_date: str | None, expected: bool) -> None:
    entry = (f"article: a1, type: CONSULT, source: FRA, target: DEU, date: {date_}, date_precision: {precision}, "
             "note: x")
    assert date_right(one(tmp_path, entry), ours("CONSULT", "FRA", "DEU", ours_date)) is expected


# ---------------------------------------------------------------- scoring a whole list
PUBLISHED = {"a1": date(2031, 5, 4)}


def test_one_event_stands_for_one_listed_event(tmp_path: Path) -> None:
    listed = listed_from(tmp_path, f"type: ACCUSE, {BASE}", f"type: ACCUSE, {BASE}")
    scores = score(listed, [ours("ACCUSE", "FRA", "DEU")], PUBLISHED)
    assert (scores.type_dyad.right, scores.type_dyad.total) == (1, 2)
    assert [m.kind for m in scores.misses] == ["taken"]


def test_recall_with_date_needs_the_right_date(tmp_path: Path) -> None:
    listed = listed_from(tmp_path, f"type: ACCUSE, {BASE}")
    scores = score(listed, [ours("ACCUSE", "FRA", "DEU", "2031-05-04", basis="article")], PUBLISHED)
    assert (scores.type_dyad.right, scores.type_dyad_date.right) == (1, 0)
    assert [m.kind for m in scores.misses] == ["date: article stand-in"]


def test_both_directions_of_a_call_count_for_precision(tmp_path: Path) -> None:
    listed = listed_from(tmp_path, f"type: CONSULT, {BASE}")
    produced = [ours("CONSULT", "FRA", "DEU"), ours("CONSULT", "DEU", "FRA"), ours("ACCUSE", "ITA", "DEU")]
    scores = score(listed, produced, PUBLISHED)
    assert (scores.precision_proxy.right, scores.precision_proxy.total) == (2, 3)
    assert scores.type_dyad.right == 1
    assert sorted(m.kind for m in scores.misses) == ["unlisted"]


@pytest.mark.parametrize("listed_date, precision, basis, standins", [
    ("2031-05-02", "day", "article", 1),  # dated by the article, happened two days before: a stand-in
    ("2031-05-02", "day", "text", 0),  # dated by the text: not a stand-in (right or wrong)
    ("2031-05-04", "day", "article", 0),  # it did happen on the publication day
    ("2031-05", "month", "article", 0),  # the month is not over before publication: cannot tell
    ("2031-04-01/2031-05-03", "bounds", "article", 1),  # the window closed the day before publication
    ("2031-04-01/..", "bounds", "article", 0),  # an open end: may still be going on
    ("null", "unknown", "article", 0),  # no date known: cannot tell
])
def test_article_date_stand_ins(tmp_path: Path, listed_date: str, precision: str, basis: str,
                                standins: int) -> None:
    entry = (f"article: a1, type: ACCUSE, source: FRA, target: DEU, date: {listed_date}, "
             f"date_precision: {precision}, note: x")
    scores = score(listed_from(tmp_path, entry), [ours("ACCUSE", "FRA", "DEU", "2031-05-04", basis)], PUBLISHED)
    assert scores.standins == standins


@pytest.mark.parametrize("extra, kind", [
    ("type: ASSAULT", "type absent"),  # no event of the type in the article
    ("type: ACCUSE, source: DEU, target: FRA", "reversed"),  # our pair is the other way round
    ("type: ACCUSE, source: FRA, target: ITA", "wrong target"),  # the source is right
    ("type: ACCUSE, source: ITA, target: DEU", "wrong source"),  # the target is right
    ("type: ACCUSE, source: ITA, target: ESP", "wrong dyad"),  # neither side
])
def test_miss_kinds(tmp_path: Path, extra: str, kind: str) -> None:
    entry = f"article: a1, {extra}, date: 2031-05-02, date_precision: day, note: x"
    if "source" not in extra:
        entry = f"article: a1, {extra}, source: FRA, target: DEU, date: 2031-05-02, date_precision: day, note: x"
    scores = score(listed_from(tmp_path, entry), [ours("ACCUSE", "FRA", "DEU")], PUBLISHED)
    assert [m.kind for m in scores.misses if m.kind != "unlisted"] == [kind]


# ---------------------------------------------------------------- the loader names file and line
@pytest.mark.parametrize("entry, message", [
    (f"type: PRAISE, {BASE}", "not a PLOVER type"),  # a CAMEO-style name, not PLOVER
    (f"type: ACCUSE, alt_types: [SCOLD], {BASE}", "not a PLOVER type"),  # a bad alternative
    ("type: ACCUSE, article: a1, source: fra, target: DEU, date: 2031-05-02, date_precision: day, note: x",
     "bad actor code"),  # codes are upper case
    ("type: ACCUSE, article: a1, source: FRA, target: DEU, date: 2031-05, date_precision: day, note: x",
     "bad date"),  # a month given as a day
    ("type: ACCUSE, article: a1, source: FRA, target: DEU, date: 2031-05-02, date_precision: unknown, note: x",
     "must be null"),  # a date with precision unknown
    ("type: ACCUSE, article: a1, source: FRA, target: DEU, date: 2031-06-01/2031-05-01, date_precision: bounds, "
     "note: x", "start after end"),  # bounds the wrong way round
    ("type: ACCUSE, article: a1, source: FRA, target: DEU, date: 2031-05-02, date_precision: week, note: x",
     "date_precision"),  # an unknown precision
    ("type: ACCUSE, article: a1, source: FRA, target: DEU, date: 2031-05-02, date_precision: day, note: a, b",
     "unknown field"),  # an unquoted comma splits the note into a field
    ("type: ACCUSE, article: a1, source: FRA, target: DEU, date: 2031-05-02, date_precision: day, "
     "note: one two three four five six seven eight nine", "more than"),  # a long note: copied text?
    ("type: ACCUSE, article: a1, source: FRA, date: 2031-05-02, date_precision: day, note: x",
     "missing target"),  # every entry names both sides (null when the text names nobody)
])
def test_bad_entries_name_file_and_line(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "list.yaml"
    path.write_text(f"events:\n  - {{type: ACCUSE, {BASE}}}\n  - {{{entry}}}\n", encoding="utf-8")
    with pytest.raises(GoldDataError, match=rf"list\.yaml:3: .*{message}"):
        load_listed(path)


def test_an_article_outside_the_manifest_is_named_with_its_line(tmp_path: Path) -> None:
    listed = listed_from(tmp_path, f"type: ACCUSE, {BASE}")
    with pytest.raises(GoldDataError, match=r"list\.yaml:2: article 'a1'"):
        check_articles(listed, {"b7"}, tmp_path / "list.yaml")


# ---------------------------------------------------------------- the command
@pytest.mark.parametrize("args, message", [
    (["eval", "seeds", "{tmp}"], "no seeds manifest"),  # a folder without manifest.jsonl
    (["eval", "dates", "{tmp}"], "is a folder"),  # only seeds take a folder
    (["eval", "dates"], "needs the gold file"),  # only seeds have a default
    (["eval", "seeds", "{tmp}/manifest.jsonl", "--part", "tuning"], "no such file"),  # a missing manifest
])
def test_eval_seeds_command_errors(tmp_path: Path, args: list[str], message: str) -> None:
    from typer.testing import CliRunner

    from thucydides.cli import app

    result = CliRunner().invoke(app, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code != 0
    assert message in result.output


def test_eval_seeds_refuses_a_list_naming_articles_the_manifest_lacks(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from thucydides.cli import app

    (tmp_path / "manifest.jsonl").write_text('{"id": "x1", "text": "An invented line.", "published": "2031-05-04"}\n',
                                             encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "seeds", str(tmp_path)])
    assert result.exit_code != 0
    assert "is not in the seeds manifest" in result.output
