"""Time resolution: turn date expressions in news text into calendar dates.

`resolve_expression` resolves one expression ("on Saturday", "last month", "Feb. 4", "in 2014") against an
anchor, normally the article's publication date. The spaCy component "thucydides_dates" runs it over every
DATE/TIME entity of a Doc (plus weekday and month-day expressions the NER missed) and stores the results in
`doc._.dates`; `date_for_sentence` picks the best one for a sentence.

Decisions (documented because reasonable people would choose otherwise):
- A resolved date never claims more precision than the text gives. A span that is not a single day ("last week",
  "over the weekend", "two weeks ago", "last summer", "the third quarter of 1989") resolves to the finest calendar
  unit that contains the whole span: the month when the span lies inside one month, else the year when inside one
  year, else nothing. So "last week" (28 Feb - 6 Mar 2022) gives None but "last week" in mid-March gives 2022-03,
  and "last summer" gives the year. Winter crosses a year boundary and so gives None unless it lies in one year.
- Vague references ("recently", "now", "in the past", "in recent years") and durations/ages ("for five hours",
  "24 hours", "four weeks", "52 years old") are not dates: None.
- Weekdays, bare months ("in April") and seasons: past-tense or untensed reporting gives the most recent one on
  or before the anchor; `tense="future"` gives the next one on or after it. "last Monday"/"next Monday" are
  strictly before/after.
- A day and month without a year ("March 18", "4 Feb.") takes the year that puts it nearest the anchor; the
  tense only weights the choice (a date in the other direction counts as twice as far), because news reports
  both past and scheduled events and a past-tense verb often governs a future date ("said talks would resume
  on March 18").
- "a day later", "the next day", "two days earlier", "that day" are relative to the previously mentioned date,
  not the article date: `is_relative_to_previous` tells the caller which anchor to pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Callable, Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .model import DatePrecision, ResolvedDate
from .nlp import doc_text

Tense = Literal["past", "future"]

# ---------------------------------------------------------------------------------------------------------
# Vocabulary. Hand-written: the fast regex path needs them, and they are closed English word classes.
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
# (first month, last month) of each northern-hemisphere meteorological season; winter crosses the year.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}

_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_NUM_RE = r"(?:\d+|(?:" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")(?: (?:" + "|".join(
    sorted(_NUMBERS, key=len, reverse=True)) + r"))?)"
_PART = r"(?:early|mid|late|the (?:beginning|start|end|middle|first half|second half|latter part|rest) of)"

# ---------------------------------------------------------------------------------------------------------
# Normalisation: lower case, no dots/commas, hyphens as spaces, leading prepositions and times of day removed.
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PUNCT = re.compile(r"[.,;:!?\"()\[\]{}]")
_SPACES = re.compile(r"\s+")
_LEADING = re.compile(
    r"^(?:(?:on|in|at|by|since|until|till|through|from|during|of|as of|as early as|as late as|before|after|"
    r"starting|beginning|effective|dated|sometime|some time|around|about|circa|until about)\s+)+"
)
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:am|pm|a m|p m)\b|\b(?:noon|midnight|midday)\b|\b\d{1,2}:\d\d\b")
_DAYPART = re.compile(r"\b(?:morning|afternoon|evening|night|overnight|daybreak|dawn|dusk)\b")
_REL_DAYPART = re.compile(
    r"\b(next|following|previous|preceding|same|that|subsequent) (?:morning|afternoon|evening|night)\b")
_POSSESSIVE = re.compile(r"'s\b|s'(?=\s|$)")

# ---------------------------------------------------------------------------------------------------------
# Expression patterns, applied to the normalised text with fullmatch.
_DEICTIC_DAY = re.compile(
    r"(?:(?:earlier|later|early|late) )?(?P<word>today|tonight|yesterday|tomorrow|this|last|the day before yesterday|"
    r"the day after tomorrow)"
)
_WEEKDAY = re.compile(
    r"(?:(?P<mod>last|next|this|past|coming|this past|this coming|previous) )?(?:(?:early|late|earlier|later) )?"
    r"(?P<wd>" + _WEEKDAY_RE + r")(?: (?:early|late|this|last|next))?"
)
_DAY_PREFIX = r"(?:(?P<mod>last|next|this|this coming|this past|coming|past) )?(?:(?:" + _WEEKDAY_RE + r") )?(?:the )?"
_MONTH_DAY = re.compile(
    _DAY_PREFIX + r"(?:(?:early|late) )?" + _MONTH_RE + r" (?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?: (?P<year>\d{4}))?"
)
_DAY_MONTH = re.compile(
    _DAY_PREFIX + r"(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH_RE + r"(?: (?P<year>\d{4}))?"
)
_MONTH_YEAR = re.compile(r"(?:" + _PART + r" )?" + _MONTH_RE + r" (?:of )?(?P<year>\d{4})")
_MONTH_RELYEAR = re.compile(r"(?:" + _PART + r" )?" + _MONTH_RE + r" (?:of )?(?P<rel>last|this|next) year")
_MONTH = re.compile(r"(?:(?P<mod>last|this|next|this past|this coming|" + _PART + r") )?" + _MONTH_RE)
_YEAR = re.compile(
    r"(?:" + _PART + r" )?(?:the )?(?:(?:calendar|fiscal|fy|model|school|financial) )?(?:year )?(?P<year>\d{4})"
    r"(?: (?:period|season|fiscal year|calendar year|budget year|and beyond|or (?:later|earlier|so|before|after)))?"
)
_QUARTER = re.compile(
    r"(?:the )?(?:(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th) )?(?:(?:fiscal|calendar|financial) )?"
    r"(?:quarter|half|period|year) (?:of )?(?:(?:fiscal|calendar) )?(?P<year>\d{4})"
)
_REL_UNIT = re.compile(
    r"(?:(?P<part>early|late|earlier|later|mid|the (?:beginning|start|end|middle|first half|second half|"
    r"rest|remainder|latter part) of|(?:earlier|later) in) )?"
    r"(?P<rel>last|this|next|the current|current|the coming|coming|this past|this coming|the same|the)"
    r" (?P<unit>year|month|week|weekend|decade)"
)
_AGO = re.compile(r"(?P<num>" + _NUM_RE + r") (?P<unit>day|week|month|year)s? ago")
_SHIFT = re.compile(
    r"(?P<num>" + _NUM_RE + r") (?P<unit>day|week|month|year)s? (?P<dir>later|earlier|after|before|"
    r"previously|afterward|afterwards|on)"
)
_THE_NEXT = re.compile(
    r"(?:(?:later|earlier|early|late) (?:in |on )?)?(?:(?:the|that) (?P<rel>next|following|previous|preceding|same|prior|"
    r"subsequent) |(?P<that>that |the )(?=\w+ (?:before|after|earlier|later)$|(?:day|week|month|year)$))"
    r"(?P<unit>day|week|month|year|weekend)(?: (?P<dir>before|after|earlier|later))?"
)
_WEEKEND = re.compile(r"(?:(?P<mod>last|next|this|this past|this coming|the|over the|past|coming|previous) )?weekend")
_SEASON = re.compile(
    r"(?:(?P<mod>last|this|next|this past|this coming|the|early|late|the early|the late|mid|) ?)?"
    r"(?P<season>spring|summer|fall|autumn|winter)(?: (?:of )?(?P<year>\d{4}))?"
)

# Relative-to-previous-date expressions ("a day later", "the next day", "that day").
# "a few hours earlier", "hours later", "earlier in the day": the same day as the date mentioned before
_HOURS_SHIFT_RE = (r"(?:(?:a few|several|some|a couple of|" + _NUM_RE + r") )?(?:hours?|minutes?) (?:later|earlier|after|before)"
                   r"|(?:earlier|later) (?:in|on) the day")
_RELATIVE_PREVIOUS = re.compile(
    r"(?:" + _NUM_RE + r" (?:day|week|month|year)s? (?:later|earlier|after|before|previously|afterward|afterwards)"
    r"|(?:(?:later|earlier) )?(?:the|that) (?:next|following|previous|preceding|same|prior|subsequent) "
    r"(?:day|week|month|year|weekend)"
    r"|(?:later|earlier) that (?:day|week|month|year)|that (?:day|week|month|year)"
    r"|the (?:day|week|month|year) (?:before|after|earlier|later)"
    r"|" + _HOURS_SHIFT_RE + r")"
)

_VAGUE = re.compile(
    r"(?:now|right now|just now|currently|recently|lately|soon|then|once|the past|the future|the present|"
    r"these days|nowadays|at the time|the time|at present|present|previously|earlier|later|today's world|"
    r"in recent (?:days|weeks|months|years)|recent (?:days|weeks|months|years)|the same time|that time|"
    r"some day|one day|the other day)"
)

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True)
class _Resolution:
    value: date
    precision: DatePrecision


# ---------------------------------------------------------------------------------------------------------
def normalize_expression(text: str) -> str:
    """Lower-case an expression and strip what does not change its date (punctuation, prepositions, times)."""
    t = text.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-").lower().strip()
    t = _POSSESSIVE.sub("", t)
    t = _CLOCK.sub(" ", t)
    t = _PUNCT.sub(" ", t)
    t = t.replace("-", " ").replace("/", " / ")
    t = _SPACES.sub(" ", t).strip()
    t = _LEADING.sub("", t)
    t = _REL_DAYPART.sub(r"\1 day", t)
    t = _DAYPART.sub(" ", t)
    t = _SPACES.sub(" ", t).strip()
    t = _LEADING.sub("", t)
    if _SPELLED_GATE.search(t):
        t = _spell_out_numbers(t)
    return t


# Broadcast transcripts spell numbers out ("March eighth", "nineteen ninety-seven"). Hand-written: a closed set
# of English number words, and no installed library converts them inside a phrase.
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
_ORDINAL_RE = r"(?:(?:twenty|thirty) )?(?:" + "|".join(_ORDINALS) + r")"
_SPELLED_GATE = re.compile(r"\b(?:" + "|".join(_ORDINALS) + r"|eighteen|nineteen|twenty|thousand)\b")
_MONTH_ORDINAL = re.compile(r"\b" + _MONTH_RE + r" (?:the )?(?P<ord>" + _ORDINAL_RE + r")\b")
_ORDINAL_MONTH = re.compile(r"\b(?:the )?(?P<ord>" + _ORDINAL_RE + r") of " + _MONTH_RE + r"\b")
_TENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?: (?:one|two|three|four|five|six|seven|eight|nine))?"
_SPELLED_YEAR = re.compile(
    r"\b(?:the year )?(?:(?P<cent>eighteen|nineteen|twenty) (?P<rest>" + _TENS + r"|oh (?:one|two|three|four|five|six|seven|eight|nine)|hundred)"
    r"|two thousand(?: and)?(?: (?P<low>one|two|three|four|five|six|seven|eight|nine|" + _TENS + r"))?)\b"
)


def _ordinal_value(words: str) -> int:
    parts = words.split()
    return sum(_NUMBERS.get(w, 0) for w in parts[:-1]) + _ORDINALS[parts[-1]]


def _spelled_year(m: re.Match[str]) -> str:
    if m["cent"]:
        rest = m["rest"].replace("oh ", "")
        return str({"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[m["cent"]]
                   + (0 if rest == "hundred" else (_parse_number(rest) or 0)))
    return str(2000 + (_parse_number(m["low"]) or 0 if m["low"] else 0))


def _spell_out_numbers(t: str) -> str:
    t = _MONTH_ORDINAL.sub(lambda m: f"{m['month']} {_ordinal_value(m['ord'])}", t)
    t = _ORDINAL_MONTH.sub(lambda m: f"{_ordinal_value(m['ord'])} {m['month']}", t)
    return _SPELLED_YEAR.sub(_spelled_year, t)


def is_relative_to_previous(text: str) -> bool:
    """True when the expression counts from the previously mentioned date ("a day later", "the next day")."""
    return _RELATIVE_PREVIOUS.fullmatch(normalize_expression(text)) is not None


def resolve_expression(text: str, anchor: date | None, *, tense: str | None = None) -> ResolvedDate | None:
    """Resolve a temporal expression against `anchor` (the publication date, or the previous date in the text
    when `is_relative_to_previous(text)`).

    `tense` is "past", "future" or None (unknown: weekdays, months and seasons are read as past, the news
    default; a day and month without year takes the nearest year). With
    `anchor=None` only self-contained expressions ("4 February 2022", "in 2014") resolve. Returns None for
    durations, ages, vague references and spans that no calendar unit contains (see the module docstring).
    """
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    found = _resolve_cached(text, anchor, tense if tense in ("past", "future") else None)
    if found is None:
        return None
    return ResolvedDate(value=found.value, precision=found.precision, basis="text", text=text)


@lru_cache(maxsize=8192)
def _resolve_cached(text: str, anchor: date | None, tense: str | None) -> _Resolution | None:
    raw = text.strip()
    m = _ISO_DAY.match(raw)
    if m:
        return _safe_day(int(m[1]), int(m[2]), int(m[3]))
    m = _ISO_MONTH.match(raw)
    if m and 1 <= int(m[2]) <= 12:
        return _Resolution(date(int(m[1]), int(m[2]), 1), "month")
    t = normalize_expression(raw)
    if not t or _VAGUE.fullmatch(t) or t.endswith(" old"):
        return None
    for rule in _RULES:
        done, result = rule(t, anchor, tense)
        if done:
            return result
    return _dateparser_fallback(t, anchor, tense)


# ---- rules: each returns (matched, result); the first rule that matches decides ---------------------------
_RuleResult = tuple[bool, "_Resolution | None"]


def _rule_deictic(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _DEICTIC_DAY.fullmatch(t)
    if not m:
        return False, None
    if anchor is None:
        return True, None
    word = m["word"]
    # "this" and "last" survive only when a time of day was stripped: "this morning", "last night".
    offset = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}[word]
    return True, _Resolution(anchor + timedelta(days=offset), "day")


def _rule_weekday(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _WEEKDAY.fullmatch(t)
    if not m:
        return False, None
    if anchor is None:
        return True, None
    wd = _WEEKDAYS[m["wd"]]
    mod = m["mod"] or ""
    back = (anchor.weekday() - wd) % 7  # days back to the most recent such day, 0 = the anchor itself
    if mod in ("last", "past", "this past", "previous"):
        return True, _Resolution(anchor - timedelta(days=back or 7), "day")
    if mod in ("next", "coming", "this coming"):
        ahead = (wd - anchor.weekday()) % 7
        return True, _Resolution(anchor + timedelta(days=ahead or 7), "day")
    if tense == "future":
        return True, _Resolution(anchor + timedelta(days=(wd - anchor.weekday()) % 7), "day")
    return True, _Resolution(anchor - timedelta(days=back), "day")


def _rule_month_day(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _MONTH_DAY.fullmatch(t) or _DAY_MONTH.fullmatch(t)
    if not m:
        return False, None
    month, day = _MONTHS[m["month"]], int(m["day"])
    if m["year"]:
        return True, _safe_day(int(m["year"]), month, day)
    if anchor is None or not 1 <= day <= 31:
        return True, None
    mod = m["mod"] or ""
    if mod:  # "last Oct. 23", "this coming March 8": the modifier fixes the direction
        tense = "future" if mod in ("next", "this coming", "coming") else "past" if mod != "this" else tense
    return True, _nearest_day(month, day, anchor, tense)


def _rule_month_year(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _MONTH_YEAR.fullmatch(t)
    if m:
        return True, _Resolution(date(int(m["year"]), _MONTHS[m["month"]], 1), "month")
    m = _MONTH_RELYEAR.fullmatch(t)
    if m:
        if anchor is None:
            return True, None
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"]]
        return True, _Resolution(date(year, _MONTHS[m["month"]], 1), "month")
    return False, None


def _rule_month(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _MONTH.fullmatch(t)
    if not m:
        return False, None
    if anchor is None:
        return True, None
    month = _MONTHS[m["month"]]
    mod = m["mod"] or ""
    here = anchor.year * 12 + anchor.month - 1
    last = anchor.year * 12 + month - 1
    if last > here:
        last -= 12  # most recent such month on or before the anchor's month
    if mod in ("last", "this past"):
        chosen = last if last < here else last - 12
    elif mod in ("next", "this coming"):
        chosen = last + 12
    elif mod == "this":
        chosen = anchor.year * 12 + month - 1
    elif tense == "future":
        chosen = last if last == here else last + 12
    else:
        chosen = last
    return True, _Resolution(date(chosen // 12, chosen % 12 + 1, 1), "month")


def _rule_year(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _YEAR.fullmatch(t) or _QUARTER.fullmatch(t)
    if not m:
        return False, None
    year = int(m["year"])
    if not 1000 <= year <= 2999:
        return True, None
    return True, _Resolution(date(year, 1, 1), "year")


def _rule_relative_unit(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _REL_UNIT.fullmatch(t)
    if not m:
        return False, None
    rel, unit, part = m["rel"], m["unit"], m["part"] or ""
    if rel in ("the", "the same") and not part:
        # "the year", "the same month": refers to a date given elsewhere, not to the anchor
        return True, None
    if anchor is None or unit == "decade":
        return True, None
    step = {"last": -1, "this past": -1, "next": 1, "coming": 1, "the coming": 1, "this coming": 1}.get(rel, 0)
    if unit == "year":
        return True, _Resolution(date(anchor.year + step, 1, 1), "year")
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + step
        return True, _Resolution(date(index // 12, index % 12 + 1, 1), "month")
    if unit == "weekend":
        return True, _weekend(anchor, rel, tense)
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    first, last = monday, monday + timedelta(days=6)
    if step == 0 and part in ("earlier", "earlier in", "early"):
        last = anchor
    elif step == 0 and part in ("later", "later in", "late"):
        first = anchor
    return True, _span(first, last)


def _rule_weekend(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _WEEKEND.fullmatch(t)
    if not m:
        return False, None
    if anchor is None:
        return True, None
    return True, _weekend(anchor, m["mod"] or "", tense)


def _rule_ago(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _AGO.fullmatch(t)
    if not m:
        return False, None
    n = _parse_number(m["num"])
    if anchor is None or n is None:
        return True, None
    return True, _shift(anchor, -n, m["unit"])


def _rule_hours_shift(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    # "a few hours earlier": within the day of the date mentioned just before (the caller's anchor)
    if not re.fullmatch(_HOURS_SHIFT_RE, t):
        return False, None
    return True, (_Resolution(anchor, "day") if anchor is not None else None)


def _rule_shift(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    # "two days later", "a year earlier": the caller passed the previous date as anchor
    m = _SHIFT.fullmatch(t)
    if not m:
        return False, None
    n = _parse_number(m["num"])
    if anchor is None or n is None:
        return True, None
    sign = -1 if m["dir"] in ("earlier", "before", "previously") else 1
    return True, _shift(anchor, sign * n, m["unit"])


def _rule_the_next(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _THE_NEXT.fullmatch(t)
    if not m or not (m["rel"] or m["dir"] or (m["that"] or "").startswith("that")):
        return False, None
    if anchor is None:
        return True, None
    rel, direction = m["rel"] or "", m["dir"] or ""
    if rel in ("next", "following", "subsequent") or direction in ("after", "later"):
        sign = 1
    elif rel in ("previous", "preceding", "prior") or direction in ("before", "earlier"):
        sign = -1
    else:  # "that day", "the same day"
        sign = 0
    unit = m["unit"]
    if unit == "weekend":
        return True, None
    return True, _shift(anchor, sign, unit)


def _rule_season(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _SEASON.fullmatch(t)
    if not m:
        return False, None
    first, last = _SEASONS[m["season"]]
    if first > last:
        return True, None  # winter spans two calendar years: no single year contains it
    if m["year"]:
        return True, _Resolution(date(int(m["year"]), 1, 1), "year")
    if anchor is None:
        return True, None
    mod = (m["mod"] or "").strip()
    started = anchor.month >= first  # this year's season has begun
    ended = anchor.month > last
    if mod in ("last", "this past"):
        year = anchor.year if ended else anchor.year - 1
    elif mod in ("next", "this coming"):
        year = anchor.year + 1 if started else anchor.year
    elif mod == "this":
        year = anchor.year
    elif tense == "future":
        year = anchor.year if not ended else anchor.year + 1
    else:
        year = anchor.year if started else anchor.year - 1
    return True, _Resolution(date(year, 1, 1), "year")


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)  # fourth Thursday of November


def _easter_day(year: int, offset: int = 0, orthodox: bool = False) -> date:
    from dateutil.easter import EASTER_ORTHODOX, EASTER_WESTERN, easter

    return easter(year, EASTER_ORTHODOX if orthodox else EASTER_WESTERN) + timedelta(days=offset)


# Named days news dates events by. Hand-written: a short list of widely used, unambiguous ones; days whose date
# depends on the country ("Independence Day", "Election Day") are left out on purpose.
_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25), "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24), "boxing day": lambda y: date(y, 12, 26),
    "new year day": lambda y: date(y, 1, 1), "new years day": lambda y: date(y, 1, 1),
    "new year eve": lambda y: date(y, 12, 31), "new years eve": lambda y: date(y, 12, 31),
    "valentine day": lambda y: date(y, 2, 14), "valentines day": lambda y: date(y, 2, 14),
    "halloween": lambda y: date(y, 10, 31), "thanksgiving": _thanksgiving, "thanksgiving day": _thanksgiving,
    "easter": _easter_day, "easter sunday": _easter_day, "easter monday": lambda y: _easter_day(y, 1),
    "good friday": lambda y: _easter_day(y, -2), "orthodox easter": lambda y: _easter_day(y, orthodox=True),
}
_HOLIDAY = re.compile(
    r"(?:(?P<mod>last|next|this|this past|this coming) )?(?:the )?(?P<name>" +
    "|".join(sorted(_HOLIDAYS, key=len, reverse=True)) + r")(?: (?:of )?(?P<year>\d{4}))?"
)


def _rule_holiday(t: str, anchor: date | None, tense: str | None) -> _RuleResult:
    m = _HOLIDAY.fullmatch(t.replace("new year s", "new years").replace("valentine s", "valentines"))
    if not m:
        return False, None
    on = _HOLIDAYS[m["name"]]
    if m["year"]:
        return True, _Resolution(on(int(m["year"])), "day")
    if anchor is None:
        return True, None
    mod = m["mod"] or ""
    if mod:
        tense = "future" if mod in ("next", "this coming") else "past" if mod != "this" else tense
    return True, _nearest(on, anchor, tense)


_RULES = (
    _rule_holiday, _rule_deictic, _rule_weekday, _rule_month_day, _rule_month_year, _rule_month, _rule_year,
    _rule_relative_unit, _rule_weekend, _rule_ago, _rule_hours_shift, _rule_shift, _rule_the_next, _rule_season,
)


# ---- helpers ---------------------------------------------------------------------------------------------
def _safe_day(year: int, month: int, day: int) -> _Resolution | None:
    try:
        return _Resolution(date(year, month, day), "day")
    except ValueError:
        return None


def _nearest_day(month: int, day: int, anchor: date, tense: str | None) -> _Resolution | None:
    def on(year: int) -> date | None:
        try:
            return date(year, month, day)
        except ValueError:  # 29 February
            return None

    return _nearest(on, anchor, tense)


def _nearest(on: Callable[[int], date | None], anchor: date, tense: str | None) -> _Resolution | None:
    """The yearly recurring day `on(year)` nearest the anchor, a date against the tense counting double."""
    best: tuple[float, date] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        candidate = on(year)
        if candidate is None:
            continue
        delta = (candidate - anchor).days
        cost = abs(delta)
        # the tense weights the direction; a small slack keeps "Monday's" date-line lag on the past side
        if (tense == "past" and delta > 3) or (tense == "future" and delta < -3):
            cost *= 2
        if best is None or cost < best[0] or (cost == best[0] and candidate < best[1]):
            best = (cost, candidate)
    return _Resolution(best[1], "day") if best else None


def _span(first: date, last: date) -> _Resolution | None:
    """The finest calendar unit that contains the span first..last, or None."""
    if first == last:
        return _Resolution(first, "day")
    if (first.year, first.month) == (last.year, last.month):
        return _Resolution(date(first.year, first.month, 1), "month")
    if first.year == last.year:
        return _Resolution(date(first.year, 1, 1), "year")
    return None


def _weekend(anchor: date, mod: str, tense: str | None) -> _Resolution | None:
    back = (anchor.weekday() - 5) % 7  # days back to the most recent Saturday (0 when the anchor is one)
    if mod in ("next", "coming", "this coming") or (mod in ("this", "the", "") and tense == "future"):
        saturday = anchor + timedelta(days=(5 - anchor.weekday()) % 7)
    else:
        saturday = anchor - timedelta(days=back)
    return _span(saturday, saturday + timedelta(days=1))


def _shift(anchor: date, n: int, unit: str) -> _Resolution | None:
    if unit == "day":
        return _Resolution(anchor + timedelta(days=n), "day")
    if unit == "week":
        day = anchor + timedelta(weeks=n)
        monday = day - timedelta(days=day.weekday())
        return _span(monday, monday + timedelta(days=6))
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + n
        return _Resolution(date(index // 12, index % 12 + 1, 1), "month")
    return _Resolution(date(anchor.year + n, 1, 1), "year")


def _parse_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    total = 0
    for word in text.split():
        if word not in _NUMBERS:
            return None
        total += _NUMBERS[word]
    return total or None


_FALLBACK_GATE = re.compile(r"^\d{1,4} / \d{1,2} / \d{2,4}$")
_DURATION_WORDS = re.compile(r"\b(?:for|past|last|next|over|within|hours?|minutes?|days|weeks|months|years|decades?)\b")


def _dateparser_fallback(t: str, anchor: date | None, tense: str | None) -> _Resolution | None:
    """dateparser for numeric dates ("3/7/2022", "2022/03/07"): it knows the locale conventions; the forms
    with month names are left to the regexes, where dateparser guesses too freely ("April 24 and 25")."""
    if not _FALLBACK_GATE.search(t) or _DURATION_WORDS.search(t):
        return None
    import dateparser  # slow import, only when the fast rules failed

    base = datetime.combine(anchor, datetime.min.time()) if anchor else datetime(2000, 1, 1)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future" if tense == "future" else "past",
                "RETURN_TIME_AS_PERIOD": False, "STRICT_PARSING": False}
    try:
        data = dateparser.date.DateDataParser(languages=["en"], settings=settings).get_date_data(t.replace(" / ", "/"))
    except Exception:  # dateparser raises assorted errors on odd input; an unparsable expression is just None
        return None
    if data.date_obj is None or data.period not in ("day", "month", "year"):
        return None
    has_year = re.search(r"\b\d{4}\b", t) is not None
    if anchor is None and not has_year:
        return None
    value = data.date_obj.date()
    precision: DatePrecision = data.period  # type: ignore[assignment]
    if precision == "month":
        value = value.replace(day=1)
    elif precision == "year":
        value = date(value.year, 1, 1)
    return _Resolution(value, precision)


# ---------------------------------------------------------------------------------------------------------
# The spaCy component.
# Cheap pass over the raw text for expressions the NER often misses. Capitalised weekdays and months only, so
# that "may" (the verb) and "sun" (the noun) do not fire.
_MISSED = re.compile(
    r"\b(?:(?:last|next|this|early|late) )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight)\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|March|April|June|July|August|"
    r"September|October|November|December)\.? \d{1,2}(?:st|nd|rd|th)?\b(?:,? \d{4}\b)?"
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|March|April|June|July|"
    r"August|September|October|November|December)\b\.?(?:,? \d{4}\b)?"
)
# Relative expressions the NER leaves out; these are lower-case and unambiguous, so case is ignored.
_MISSED_RELATIVE = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) (?:day|week|month|year)s? "
    r"(?:later|earlier|ago)\b|\bthe (?:next|following|previous|preceding) (?:day|morning|evening|night)\b"
    r"|\b(?:last|next|this) (?:week|month|year)\b|\bover the weekend\b"
    r"|\b(?:" + _HOURS_SHIFT_RE + r")\b",
    re.IGNORECASE,
)
_DATE_LABELS = {"DATE", "TIME"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "'d"}
_MAYBE_AUX = {"could", "might", "may", "should", "must", "can"}
# Verbs whose date is the date of what is planned ("is scheduled for Monday", "has set Friday as the deadline").
_PLANNING = {"plan", "schedule", "expect", "intend", "due", "set", "postpone", "delay", "defer", "reschedule",
             "slate", "aim", "prepare"}
# Verbs whose infinitive complement is still to come: "agreed to meet on Monday", "decided to admit in March".
_PROSPECTIVE = _PLANNING | {"agree", "decide", "promise", "pledge", "vow", "threaten", "want", "hope", "seek",
                            "offer", "propose", "ask", "urge", "vote", "need", "be"}
_SPEECH = {"say", "tell", "report", "state", "claim", "add", "note", "write", "quote"}


def sentence_tense(token: Token) -> Tense | None:
    """Past or future reference of the clause that governs `token` (usually a date entity's root).

    Past: a possessive date ("Tuesday's vote"), a past-tense verb or auxiliary, a bare past participle
    ("announced Friday"), the present perfect. Future: "will"/"would", a planning verb not in the past tense
    ("is scheduled for Monday"), an infinitive under "be"/a planning verb ("is to resume Tuesday"), the simple
    present of a non-speech verb ("Leaders meet Monday", news' scheduled present). Otherwise None.
    """
    if token.dep_ == "poss":
        return "past"
    verb = token
    for _ in range(8):  # bounded walk: dependency trees in news sentences are shallow
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    for _ in range(4):
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        aux_words = {a.lower_ for a in auxes}
        past_form = verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)
        via_for = token.head.lower_ in ("for", "until", "till") and token.head.head is verb
        if verb.lemma_ in _PLANNING and (not past_form or via_for):
            return "future"  # "is scheduled for Monday", "was planned for early March"
        if aux_words & _FUTURE_AUX:
            return "past" if "have" in aux_words else "future"
        if aux_words & _MAYBE_AUX:
            return None
        if "to" in aux_words:  # infinitive: its time is set by the verb it depends on
            head = verb.head
            if head is verb or head.pos_ not in ("VERB", "AUX") or head.lemma_ in _PROSPECTIVE:
                # "an agreement to buy in January", "is to resume Tuesday" — unless the sentence reports a
                # past act and the date most likely hangs on it, misattached by the parser
                # ("questioned X's desire to act ... in a post on Monday")
                root = token
                for _ in range(64):  # climb to the sentence root (Token.sent would rebuild every sentence)
                    if root.head is root or root.head == root:
                        break
                    root = root.head
                if token.lower_ in _WEEKDAYS and root.tag_ == "VBD" and not any(c.lower_ in _FUTURE_AUX for c in root.children):
                    return "past"
                return "future"
            verb = head
            continue
        if past_form:
            return "past"
        if verb.tag_ == "VBN" and (not auxes or any(a.lemma_ == "have" for a in auxes)):
            return "past"  # "announced Friday", "has decided"
        if verb.tag_ == "VBG" and not auxes and verb.head is not verb:
            verb = verb.head  # "arriving Tuesday" takes the tense of the clause it hangs on
            continue
        if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
            return None if verb.lemma_ in _SPEECH or (verb.lemma_ == "be" and not auxes) else "future"
        return None
    return None


def _span_tense(doc: Doc, start: int, end: int) -> Tense | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return sentence_tense(span.root)


def _coarser(a: DatePrecision, b: DatePrecision) -> DatePrecision:
    return a if _PRECISION_RANK[a] >= _PRECISION_RANK[b] else b


def _coarsen(value: date, precision: DatePrecision) -> date:
    if precision == "year":
        return date(value.year, 1, 1)
    if precision == "month":
        return value.replace(day=1)
    return value


_MONTHS_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_FULL_MONTHS_ALT = "|".join(m for m in sorted(_MONTHS, key=len, reverse=True) if len(m) > 3 and m != "sept")
_FULL_WEEKDAYS_ALT = "|".join(w for w in _WEEKDAYS if w.endswith("day"))
# Date expressions inside a longer DATE entity that does not resolve as a whole ("the quarter ended Sept. 30",
# "between 1985 and 1987", "Friday to December's"): each one is a date mention of its own.
_SCAN = re.compile(
    r"\b(?:(?:last|next|this|early|late|earlier|later|mid)[\s-]+)?(?:"
    r"(?:" + _MONTHS_ALT + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS_ALT + r")\b\.?(?:,?\s+\d{4}\b)?"
    r"|(?:" + _MONTHS_ALT + r")\.?\s+(?:of\s+)?\d{4}\b"
    r"|(?:" + _FULL_MONTHS_ALT + r"|" + _FULL_WEEKDAYS_ALT + r"|today|yesterday|tomorrow|tonight)\b"
    r"|(?<=last |this |next )(?:year|month|week)\b"
    r"|(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:day|week|month|year)s?\s+ago\b"
    r"|(?:1[0-9]|20)\d\d\b(?!s)"
    r")",
    re.IGNORECASE,
)


def _candidates(doc: Doc) -> list[tuple[int, int]]:
    """Char spans of DATE/TIME entities plus regex hits outside them, in text order."""
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _DATE_LABELS]
    taken = sorted(spans)
    for pattern in (_MISSED, _MISSED_RELATIVE):
        for m in pattern.finditer(doc_text(doc)):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                spans.append((m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return sorted(spans)


def resolve_doc_dates(doc: Doc) -> list[ResolvedDate]:
    """Every date expression in `doc`, resolved against `doc._.published` (see the module docstring)."""
    published = doc._.published
    if isinstance(published, datetime):
        published = published.date()
    out: list[ResolvedDate] = []
    previous: ResolvedDate | None = None
    for start, end in _candidates(doc):
        resolved = resolve_in_context(doc, start, end, published, previous)
        found = [resolved] if resolved is not None else [
            r for m in _SCAN.finditer(doc_text(doc), start, end)
            if (r := resolve_in_context(doc, m.start(), m.end(), published, previous)) is not None
        ]
        for item in found:
            out.append(item)
            # chains of "a year earlier" all count from the last explicit date; a vaguer date in between
            # ("detained last month") does not replace a day the narrative was following
            if not is_relative_to_previous(item.text or "") and (
                    previous is None or item.precision == "day" or previous.precision != "day"):
                previous = item
    return out


def resolve_in_context(doc: Doc, start: int, end: int, published: date | None,
                       previous: ResolvedDate | None) -> ResolvedDate | None:
    """Resolve the expression at doc.text[start:end]: tense from its governing verb, anchored on `previous`
    when the expression is relative to the previous date ("a day later"), else (or when there is no previous
    date) on `published`."""
    text = doc_text(doc)[start:end]
    relative = is_relative_to_previous(text)
    anchor: date | None = published
    anchor_precision: DatePrecision = "day"
    if relative and previous is not None:
        anchor, anchor_precision = previous.value, previous.precision
    tense = _span_tense(doc, start, end) if anchor is not None else None
    found = resolve_expression(text, anchor, tense=tense)
    if found is None:
        return None
    # "a day later" than a month-precision date is only known to the month
    precision = _coarser(found.precision, anchor_precision) if relative else found.precision
    return ResolvedDate(value=_coarsen(found.value, precision), precision=precision, basis="text",
                        text=text, start=start, end=end)


class DateResolver:
    """The "thucydides_dates" pipeline component: sets `doc._.dates`."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = resolve_doc_dates(doc)
        return doc


@Language.factory("thucydides_dates", assigns=["doc._.dates"], requires=["doc.ents"])
def make_date_resolver(nlp: Language, name: str) -> DateResolver:
    """spaCy factory for the date component."""
    from .nlp import register_extensions

    register_extensions()
    return DateResolver()


def _dates_something_else(doc: Doc, when: ResolvedDate) -> bool:
    """A date that modifies a thing ("their 1951 treaty", "the 2014 constitution") or marks where a period
    began ("since taking office in October 2021", "since 2019") says nothing of when the event happened."""
    span = doc.char_span(when.start, when.end, alignment_mode="expand") if when.end is not None else None
    return span is not None and len(span) > 0 and span_dates_something_else(span)


def span_dates_something_else(span: Span) -> bool:
    """`_dates_something_else` for a span of the parse (a DATE entity, say)."""
    root = span.root
    if root.dep_ in ("compound", "nummod", "amod", "nmod") and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.i >= span.end:
        return True
    node = root
    for _ in range(5):  # up to the clause: is it opened by "since"?
        if node.lower_ == "since" or any(c.dep_ in ("prep", "mark") and c.lower_ == "since" and c.i < root.i
                                         for c in node.children if node.pos_ in ("VERB", "AUX")):
            return True
        if node.head is node or node.pos_ in ("VERB", "AUX") and node.dep_ in ("ROOT", "ccomp"):
            break
        node = node.head
    return False


def date_for_sentence(doc: Doc, sent: Span) -> ResolvedDate | None:
    """The best resolved date inside `sent`: day precision first, then the one nearest the sentence's main verb.

    Returns None when the sentence has no resolved date expression (the caller then uses the article date).
    """
    dates = [d for d in (doc._.dates or ()) if d.start is not None and sent.start_char <= d.start < sent.end_char
             and not _dates_something_else(doc, d)]
    if not dates:
        return None
    root = sent.root.idx

    def score(d: ResolvedDate) -> tuple[int, int]:
        return _PRECISION_RANK[d.precision], abs((d.start or 0) - root)

    return min(dates, key=score)
