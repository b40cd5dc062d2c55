"""Incident merging on hand-built reported events: what merges, what must not, and the contradictions kept."""

from datetime import date

from thucydides.stories.incidents import compatible, merge_events
from thucydides.stories.model import ReportedEvent

PERSON = {"Lena Ortiz": ("ESP", "person"), "Omar Haddad": ("JOR", "person"), "Spain": ("ESP", "country"),
          "Jordan": ("JOR", "country"), "Kenji Sato": ("JPN", "person"), "Japan": ("JPN", "country")}


def report(event_id, source, target, day, *, event_type="CONSULT", basis="text", precision="day", mode=None,
           outlet=None, published=None, negated=False, hypothetical=False):
    article = event_id.split(":")[0]
    s_code, s_kind = PERSON[source]
    t_code, t_kind = PERSON[target] if target else (None, None)
    return ReportedEvent(
        event_id=event_id, article_id=article, event_type=event_type, source_code=s_code, target_code=t_code,
        date=day, date_precision=precision, date_basis=basis, mode=mode, source_name=source, source_kind=s_kind,
        target_name=target, target_kind=t_kind, negated=negated, hypothetical=hypothetical,
        outlet=outlet or f"outlet-{article}", published=published or date(2024, 5, 11))


def test_reports_of_one_meeting_merge_with_counts_and_first_report():
    events = [
        report("b:e0", "Omar Haddad", "Lena Ortiz", "2024-05-10", published=date(2024, 5, 11)),  # reversed dyad
        report("a:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10", published=date(2024, 5, 10)),
        report("c:e3", "Spain", "Jordan", "2024-05-10", published=date(2024, 5, 12)),  # country-level report
        report("c:e4", "Lena Ortiz", "Jordan", "2024-05-12", basis="article", published=date(2024, 5, 12)),
    ]
    [incident] = merge_events("s-a", events)
    assert incident.article_count == 3 and incident.source_count == 3
    assert incident.first_article_id == "a" and incident.first_published == date(2024, 5, 10)
    assert incident.date == "2024-05-10" and incident.date_precision == "day"
    assert {incident.source_name, incident.target_name} == {"Lena Ortiz", "Omar Haddad"}
    assert {m.event_id for m in incident.members} == {"a:e0", "b:e0", "c:e3", "c:e4"}
    assert incident.contradictions == []


def test_a_different_meeting_of_the_same_kind_does_not_merge():
    events = [
        report("a:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10"),
        report("b:e0", "Lena Ortiz", "Omar Haddad", "2024-06-20"),  # the next round of talks, weeks later
        report("b:e1", "Lena Ortiz", "Kenji Sato", "2024-05-10"),  # same day, another counterpart
        report("c:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10", mode="visit"),  # not the phone call
        report("d:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10", event_type="REQUEST"),  # another act
    ]
    for incident in merge_events("s-a", [*events[:1], events[1]]):
        assert incident.article_count == 1
    incidents = merge_events("s-a", [events[0].__class__(**{**events[0].__dict__, "mode": "phone"}), *events[1:]])
    assert len(incidents) == 5
    assert all(i.article_count == 1 for i in incidents)


def test_country_level_reports_a_day_apart_stay_apart():
    # only reports naming the same two people alike may disagree on the day
    a = report("a:e0", "Lena Ortiz", "Jordan", "2024-05-10")
    b = report("b:e0", "Lena Ortiz", "Jordan", "2024-05-11")
    assert not compatible(a, b)
    assert len(merge_events("s", [a, b])) == 2


def test_two_reports_with_conflicting_dates_merge_and_flag_it():
    a = report("a:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10", published=date(2024, 5, 11))  # "on Friday"
    b = report("b:e0", "Omar Haddad", "Lena Ortiz", "2024-05-11", published=date(2024, 5, 12))  # "on Saturday"
    [incident] = merge_events("s", [a, b])
    assert incident.article_count == 2
    [conflict] = incident.contradictions
    assert conflict.kind == "date" and conflict.values == ("2024-05-10", "2024-05-11")
    assert set(conflict.event_ids) == {"a:e0", "b:e0"}


def test_negated_report_is_a_contradiction_and_hypothetical_is_no_incident():
    a = report("a:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10")
    b = report("b:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10", negated=True)
    c = report("c:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10", hypothetical=True)
    [incident] = merge_events("s", [a, b, c])
    assert [m.event_id for m in incident.members] == ["a:e0", "b:e0"]
    assert [x.kind for x in incident.contradictions] == ["negation"]


def test_opposite_stances_of_one_dyad_are_flagged_on_both_incidents():
    support = report("a:e0", "Spain", "Jordan", "2024-05-10", event_type="SUPPORT")
    reject = report("b:e0", "Spain", "Jordan", "2024-05-10", event_type="REJECT")
    incidents = merge_events("s", [support, reject])
    assert len(incidents) == 2
    assert all([c.kind for c in i.contradictions] == ["stance"] for i in incidents)


def test_undated_report_joins_the_only_fitting_incident():
    dated = report("a:e0", "Lena Ortiz", "Omar Haddad", "2024-05", precision="month")
    undated = report("b:e0", "Omar Haddad", "Lena Ortiz", None, basis="unresolved", precision=None)
    [incident] = merge_events("s", [dated, undated])
    assert incident.article_count == 2
    other = report("c:e0", "Lena Ortiz", "Omar Haddad", "2024-09", precision="month")
    incidents = merge_events("s", [dated, other, undated])  # two candidates: it stays alone
    assert sorted(i.article_count for i in incidents) == [1, 1, 1]


def test_incident_ids_are_stable():
    events = [report("a:e0", "Lena Ortiz", "Omar Haddad", "2024-05-10"),
              report("b:e0", "Omar Haddad", "Lena Ortiz", "2024-05-10")]
    assert [i.incident_id for i in merge_events("s", events)] == \
        [i.incident_id for i in merge_events("s", list(reversed(events)))]
