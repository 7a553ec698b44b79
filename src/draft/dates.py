"""Dates as people write them, and the working days of the user's country.

Two libraries do the work: ``dateparser`` reads absolute and relative dates ("Nov 20",
"yesterday", "last Thursday", "in a fortnight", "by December 5"), ``holidays`` knows each
country's public holidays. This module adds only what neither knows: the phrases of a
hiring timeline ("within 10 business days", "by the end of next week", "early December",
"after the holidays") and what "next Friday" means when said on a Thursday.

How the vague phrases are read (documented in the README, tested in tests/test_dates.py):

- "early <month>" is the 10th, "mid-<month>" the 15th, "late <month>" the 20th,
  "end of <month>" its last day, a bare "<month>" ("in December") its last day;
- "after the holidays" / "after New Year" is the first working day after January 1;
- "next <weekday>" is that weekday in the following calendar week (said on Thursday
  2026-11-19, "next Friday" is 2026-11-27, not the next day); a bare or "by" weekday is
  the next one strictly after the day it was said;
- "next week" / "by the end of next week" is the Friday of the following week;
  "this week" the Friday of this one; "early next week" its Tuesday, "mid next week" its Wednesday;
- "by the 18th" is the next 18th on or after the day it was said; "Friday the 18th" the next
  18th that is a Friday;
- "N business/working days" skips weekends and the country's public holidays;
- a range ("2-3 weeks", "two to three weeks") takes its upper end.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
import re
from functools import lru_cache

from pydantic import BaseModel

from draft.errors import DraftError
from draft.sanitize import MAX_DATE, MIN_DATE

MAX_PHRASE_CHARS = 200
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
_NUMBER_WORDS = {
    "a couple of": "2", "couple of": "2", "a couple": "2", "a few": "3", "few": "3", "several": "3",
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20", "thirty": "30",
}
_PART_OF_MONTH = {"early": 10, "beginning of": 10, "start of": 10, "the beginning of": 10, "the start of": 10,
                  "mid": 15, "middle of": 15, "the middle of": 15, "late": 20, "end of": 0, "the end of": 0}


class DateError(DraftError):
    """A date that cannot be read, or one outside the years the tool plans for."""


WEEKDAY_NAMES = [day.capitalize() for day in _WEEKDAYS]
MONDAY_TO_FRIDAY = (0, 1, 2, 3, 4)
WORKING_DAYS_EXAMPLE = "weekday names or ranges such as mon-fri, mon-sat, sun-thu or mon,wed,fri (or every day)"


def parse_working_days(text: str | None) -> tuple[int, ...]:
    """The user's working weekdays (0 = Monday) from 'mon-fri', 'tue-sat', 'sun-thu', 'mon,wed,fri', 'every day'
    (None or empty: Monday to Friday). A range wraps around the week ('fri-mon'). A DateError says what is wrong
    (the caller names where the text came from)."""
    if text is None or not str(text).strip():
        return MONDAY_TO_FRIDAY
    folded = " ".join(str(text).lower().split())
    if folded in ("every day", "everyday", "all", "daily", "7 days"):
        return tuple(range(7))
    if folded in ("weekdays", "week days"):
        return MONDAY_TO_FRIDAY
    folded = re.sub(r"(?<!\s)\s*(?:-|\u2013|\u2014|\bto\b|\bthrough\b|\bthru\b)\s*", "-", folded)
    days: set[int] = set()
    for part in re.split(r"[,;/\s]+|\band\b", folded):
        if not part:
            continue
        numbers = [_weekday_number(end) for end in part.split("-")]
        if len(numbers) > 2 or None in numbers:
            raise DateError(f"{_shorten(part)} is not a weekday; use {WORKING_DAYS_EXAMPLE}")
        first, last = numbers[0], numbers[-1]
        days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    if not days:
        raise DateError(f"no weekday given; use {WORKING_DAYS_EXAMPLE}")
    return tuple(sorted(days))


def _weekday_number(word: str) -> int | None:
    """0-6 for 'mon', 'Monday', 'mondays', 'tu', 'thurs'; None for anything else ('t' and 's' are ambiguous)."""
    word = word.rstrip(".")
    word = word[:-1] if word.endswith("days") else word
    if len(word) < 2:
        return None
    return next((i for i, name in enumerate(_WEEKDAYS) if name.startswith(word)), None)


def describe_working_days(weekdays: tuple[int, ...]) -> str:
    """'Monday to Friday', 'Tuesday to Saturday', 'every day', 'Monday, Wednesday and Friday'."""
    days = sorted(set(weekdays))
    if len(days) == 7:
        return "every day"
    for start in days:  # a run that may wrap around the week ('Sunday to Thursday')
        run = [(start + i) % 7 for i in range(len(days))]
        if sorted(run) == days and len(days) > 2:
            return f"{WEEKDAY_NAMES[start]} to {WEEKDAY_NAMES[run[-1]]}"
    names = [WEEKDAY_NAMES[day] for day in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class WorkCalendar:
    """Working days: ``weekdays`` (default Monday to Friday; 0 = Monday), minus the public holidays of ``country``
    (ISO code, optionally ``US-CA``)."""

    def __init__(self, country: str | None = None, weekdays: tuple[int, ...] = MONDAY_TO_FRIDAY):
        self.country = country.upper() if country else None
        self.weekdays = tuple(sorted(set(weekdays))) or MONDAY_TO_FRIDAY
        if self.country:
            _holiday_table(self.country, 2026)  # an unknown country fails here, as a one-line error

    @property
    def usual_week(self) -> bool:
        return self.weekdays == MONDAY_TO_FRIDAY

    def describe(self) -> str:
        """'Monday to Friday, without US public holidays'."""
        return describe_working_days(self.weekdays) + (f", without {self.country} public holidays" if self.country else "")

    def holiday(self, day: dt.date) -> str | None:
        """The name of the public holiday on ``day``, if any."""
        if not self.country:
            return None
        return _holiday_table(self.country, day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays and self.holiday(day) is None

    def why_not_working(self, day: dt.date) -> str:
        """'Saturday', or 'Thanksgiving Day (a public holiday in US)'."""
        name = self.holiday(day)
        return f"{name} (a public holiday in {self.country})" if name else day.strftime("%A")

    def on_or_after(self, day: dt.date, taken: set[dt.date] | frozenset[dt.date] = frozenset()) -> dt.date:
        """The first working day on or after ``day`` that is not in ``taken``."""
        while not self.is_working_day(day) or day in taken:
            day = _shift(day, 1)
        return day

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        while count > 0:
            day = _shift(day, 1)
            count -= int(self.is_working_day(day))
        return day


@lru_cache(maxsize=64)
def _holiday_table(country: str, year: int) -> dict[dt.date, str]:
    import holidays

    code, _, subdivision = country.partition("-")
    try:
        table = holidays.country_holidays(code, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        raise DateError(f"country {country!r}: not a country the holidays package knows (use an ISO code such as US, GB, DE, FR)") from None
    return dict(table)


def known_country(country: str) -> bool:
    """Whether the holidays package has public holidays for ``country`` ('US', 'DE-BY')."""
    try:
        _holiday_table(country, 2026)
    except DateError:
        return False
    return True


# A plan is computed from dates in MIN_DATE..MAX_DATE and reaches a few weeks past them (the thank-you's deadline, the
# checks after it), so an interview on 2100-12-31, the last day the tool takes, still plans (issue 17).
PLANNED_UNTIL = MAX_DATE + dt.timedelta(days=366)


def _shift(day: dt.date, days: int) -> dt.date:
    try:
        shifted = day + dt.timedelta(days=days)
    except OverflowError:
        shifted = dt.date.max
    if not MIN_DATE - dt.timedelta(days=366) <= shifted <= PLANNED_UNTIL:
        raise DateError(f"{shifted.isoformat() if shifted != dt.date.max else 'a date past 9999'} is outside the dates this tool plans for ({MIN_DATE.year}-{MAX_DATE.year})")
    return shifted


def country_from_locale(environ: dict[str, str] | None = None) -> str | None:
    """The territory of the user's locale (``en_US.UTF-8`` -> ``US``), or None (then: weekends only, no holidays)."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = environ.get(name)
        if value:
            match = re.match(r"^[a-z]{2,3}_([A-Z]{2})\b", value)
            return match.group(1) if match else None
    try:
        value = locale.getlocale(locale.LC_TIME)[0] or ""
    except ValueError:
        return None
    match = re.match(r"^[a-z]{2,3}_([A-Z]{2})\b", value)
    return match.group(1) if match else None


def resolve_country(option: str | None, settings_country: str | None = None, settings_file: str | None = None) -> str | None:
    """``--country`` wins, then ``profile.country`` in the settings file, then the locale. An unknown country is one
    line naming where it came from (the option, or the settings file and its key); a locale whose territory has no
    holidays (``eo_XX``) only means no public holidays, never an error (issue 17)."""
    for value, where in ((option, f"--country {option}"), (settings_country, f"{settings_file or 'the settings file'}: profile.country {settings_country!r}")):
        if value:
            if not known_country(value):
                raise DateError(f"{where}: not a country the holidays package knows (use an ISO code such as US, GB, DE, FR)")
            return value
    found = country_from_locale()
    return found if found and known_country(found) else None


def settings_country() -> str | None:
    """``profile.country`` from the settings file (draft.config), if the file sets it."""
    from draft.config import config_path, load_config

    return load_config(config_path()).profile.country


def check_range(day: dt.date, what: str) -> dt.date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise DateError(f"{what} {day.isoformat()} is outside the dates this tool plans for ({MIN_DATE.year}-{MAX_DATE.year})")
    return day


def _dateparser_settings(base: dt.date, prefer: str) -> dict:
    return {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()), "PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}


def _dateparse(text: str, base: dt.date, prefer: str) -> dt.date | None:
    import dateparser

    try:
        parsed = dateparser.parse(text, languages=["en"], settings=_dateparser_settings(base, prefer))
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed else None


def parse_day(value: str, today: dt.date, what: str) -> dt.date:
    """A day as people write it in the notes or on the command line: '2026-11-20', 'yesterday',
    'last Thursday', 'Nov 20' (a date without a year is the most recent one, not next year's)."""
    text = " ".join(str(value).split())
    example = "a date such as 2026-11-20, 'yesterday', 'last Thursday' or 'Nov 20'"
    if not text or len(text) > 40 or re.search(r"\d{5,}", text):
        raise DateError(f"{what} must be {example}, not {_shorten(text)}")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        day = _dateparse(text, today, "past")
    if day is None:
        raise DateError(f"{what} must be {example}, not {_shorten(text)}")
    return check_range(day, what)


def _shorten(text: str, limit: int = 40) -> str:
    return "'" + (text if len(text) <= limit else text[: limit - 3] + "...") + "'"


class TimelineReading(BaseModel):
    """What a stated timeline means as a date, and how it was read (or why it could not be)."""

    text: str
    date: dt.date | None = None
    how: str

    @property
    def readable(self) -> bool:
        return self.date is not None


def _normalize(text: str) -> str:
    lowered = " ".join(text.lower().replace("\u2013", "-").replace("\u2014", "-").split())
    lowered = re.sub(r"\bfortnight\b", "2 weeks", lowered)
    lowered = re.sub(r"\bmid-(?=[a-z])", "mid ", lowered)
    for words in sorted(_NUMBER_WORDS, key=len, reverse=True):
        lowered = re.sub(rf"\b{words}\b(?=\s*(?:-|to|or)?\s*\d*\s*(?:business |working |calendar )?(?:day|week|month))", _NUMBER_WORDS[words], lowered)
    lowered = re.sub(r"\ban? (?=(?:business |working |calendar )?(?:day|week|month)\b)", "1 ", lowered)
    return lowered


def _weekday_after(day: dt.date, weekday: int) -> dt.date:
    """The next ``weekday`` strictly after ``day``."""
    return _shift(day, (weekday - day.weekday() - 1) % 7 + 1)


def _friday_of_week(day: dt.date, weeks_ahead: int) -> dt.date:
    monday = _shift(day, -day.weekday() + 7 * weeks_ahead)
    return _shift(monday, 4)


def _month_day(month: int, day_of_month: int, base: dt.date) -> dt.date:
    """Day ``day_of_month`` of ``month`` (0: its last day), in the year that puts it on or after ``base``'s month."""
    year = base.year + (1 if month < base.month else 0)
    if day_of_month == 0:
        next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
        return _shift(next_month, -1)
    return dt.date(year, month, day_of_month)


def _month_number(word: str) -> int:
    return next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(word[:3]))


def read_timeline(text: str, said_on: dt.date, calendar: WorkCalendar | None = None) -> TimelineReading:
    """The date by which the interviewer said they would decide, read from their words as of ``said_on``."""
    calendar = calendar or WorkCalendar()
    phrase = " ".join(text.split())
    if len(phrase) > MAX_PHRASE_CHARS:
        return TimelineReading(text=phrase, how=f"too long to read as a timeline ({len(phrase)} characters)")
    lowered = _normalize(phrase)
    if re.search(r"\d{6,}", lowered):
        return TimelineReading(text=phrase, how="its number is too large to be a date")
    try:
        for reader in (_business_days, _week_words, _part_of_month, _after_holidays, _day_of_month, _next_weekday, _counted, _absolute, _bare_weekday):
            found = reader(lowered, said_on, calendar)
            if found is not None:
                day, how = found
                check_range(day, "the timeline")
                return TimelineReading(text=phrase, date=day, how=how)
    except DateError:
        return TimelineReading(text=phrase, how=f"it points outside the dates this tool plans for ({MIN_DATE.year}-{MAX_DATE.year})")
    except ValueError:
        return TimelineReading(text=phrase, how="it names a day that does not exist")
    return TimelineReading(text=phrase, how="no date could be read from it")


_Found = tuple[dt.date, str] | None
_RANGE = r"(?:\d{1,5}\s*(?:-|to|or)\s*)?(?P<count>\d{1,5})"


def _business_days(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    if match := re.search(rf"{_RANGE}\s+(?:business|working)\s+days?\b", text):
        count = int(match.group("count"))
        if count > 400:
            raise DateError("too many working days")
        holidays_note = f", skipping weekends and {calendar.country} public holidays" if calendar.country else ", skipping weekends"
        return calendar.add_working_days(base, count), f"{count} working days after {base.isoformat()}{holidays_note}"
    return None


_PART_OF_WEEK = {"early": 1, "beginning of": 1, "start of": 1, "mid": 2, "middle of": 2, "late": 4}
_PART_OF_WEEK_WORDS = {1: "early in a week is read as its Tuesday", 2: "mid-week is read as its Wednesday", 4: "late in a week is read as its Friday"}


def _week_words(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    parts = "|".join(sorted((re.escape(p) for p in _PART_OF_WEEK), key=len, reverse=True))
    if match := re.search(rf"\b(?P<part>{parts})\s+(?:the\s+)?(?P<which>next|this|the)\s+week\b", text):
        weekday = _PART_OF_WEEK[match.group("part")]
        monday = _shift(base, -base.weekday() + (7 if match.group("which") == "next" else 0))
        day = _shift(monday, weekday)
        if day < base:  # 'early this week' said on a Thursday: that day has gone, so next week's
            day = _shift(day, 7)
        return day, _PART_OF_WEEK_WORDS[weekday]
    if re.search(r"\bnext week\b", text):
        return _friday_of_week(base, 1), "the Friday of next week"
    if re.search(r"\b(?:end of (?:the|this) week|this week)\b", text):
        friday = _friday_of_week(base, 0)
        return (friday, "the Friday of this week") if friday >= base else (_friday_of_week(base, 1), "the Friday of next week")
    if re.search(r"\bnext month\b", text):
        first_of_next = _shift(base.replace(day=1), 32).replace(day=1)
        return _shift(_shift(first_of_next, 32).replace(day=1), -1), "the end of next month"
    if re.search(r"\b(?:end of (?:the|this) month|this month)\b", text):
        return _shift(_shift(base.replace(day=1), 32).replace(day=1), -1), "the end of this month"
    return None


def _part_of_month(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    parts = "|".join(sorted((re.escape(p) for p in _PART_OF_MONTH), key=len, reverse=True))
    if match := re.search(rf"\b(?P<part>{parts})\s+{_MONTH}(?!\s*\d)", text):
        day_of_month = _PART_OF_MONTH[match.group("part")]
        month = _month_number(match.group("month"))
        day = _month_day(month, day_of_month, base)
        label = {10: "early in a month is read as the 10th", 15: "mid-month is read as the 15th", 20: "late in a month is read as the 20th", 0: "the end of a month is its last day"}[day_of_month]
        return day, label
    if match := re.search(rf"\b(?:in|during|by|around)\s+{_MONTH}(?!\s*\d)", text):
        month = _month_number(match.group("month"))
        return _month_day(month, 0, base), "a month without a day is read as its last day"
    return None


def _after_holidays(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    if re.search(r"\bafter (?:the )?(?:holidays|holiday season|new year'?s?|christmas|the new year)\b", text):
        new_year = dt.date(base.year + 1, 1, 1) if base >= dt.date(base.year, 1, 8) else dt.date(base.year, 1, 1)
        return calendar.on_or_after(_shift(new_year, 1)), "the first working day after New Year's Day"
    return None


_NOT_A_MONTH = r"(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
_DAY_OF_MONTH = (
    # 'Friday the 18th', 'by the 18th', 'on the 3rd': a weekday or a preposition says it is a day
    re.compile(rf"(?:\b(?P<weekday>{'|'.join(_WEEKDAYS)})\s*,?\s*(?:the\s+)?|\b(?:by|on|before|until|till|around)\s+(?:the\s+)?)"
               rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)\b{_NOT_A_MONTH}"),
    # a bare 'the 18th' at the end of a clause (not 'the 2nd round')
    re.compile(rf"\bthe\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)\b(?=\s*(?:$|[,.;:!)]|at\b|or\b|latest\b|at the latest\b))"),
)
_WEEKDAY_SEARCH_DAYS = 62  # 'Friday the 18th': the next 18th that is a Friday, if one comes within two months


def _day_of_month(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    """'by the 18th', 'decision by the 18th', 'Friday the 18th': the next such day on or after ``base`` (with a weekday,
    the next one that falls on it within two months; else the next such day, whatever its weekday)."""
    match = next((found for pattern in _DAY_OF_MONTH if (found := pattern.search(text))), None)
    if match is None:
        return None
    day_of_month = int(match.group("day"))
    if not 1 <= day_of_month <= 31:
        raise ValueError("no such day of a month")
    candidates = []
    year, month = base.year, base.month
    for _ in range(14):
        try:
            candidate = dt.date(year, month, day_of_month)
        except ValueError:
            candidate = None
        if candidate and candidate >= base:
            candidates.append(candidate)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if not candidates:
        raise ValueError("no such day of a month")
    ordinal = f"{day_of_month}{_ordinal_suffix(day_of_month)}"
    said_weekday = match.groupdict().get("weekday")
    if said_weekday:
        weekday = _WEEKDAYS.index(said_weekday)
        named = next((c for c in candidates if c.weekday() == weekday and (c - base).days <= _WEEKDAY_SEARCH_DAYS), None)
        if named is not None:
            return named, f"the next {ordinal} that is a {said_weekday.capitalize()}"
        return candidates[0], f"the next {ordinal} of a month (a {candidates[0].strftime('%A')}, not a {said_weekday.capitalize()})"
    return candidates[0], f"the next {ordinal} of a month"


def _ordinal_suffix(number: int) -> str:
    return "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _next_weekday(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    if match := re.search(rf"\bnext ({'|'.join(_WEEKDAYS)})\b", text):
        weekday = _WEEKDAYS.index(match.group(1))
        monday_next_week = _shift(base, 7 - base.weekday())
        return _shift(monday_next_week, weekday), f"next {match.group(1).capitalize()} is that day of the following week"
    return None


def _bare_weekday(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    if match := re.search(rf"\b({'|'.join(_WEEKDAYS)})\b", text):
        return _weekday_after(base, _WEEKDAYS.index(match.group(1))), f"the next {match.group(1).capitalize()}"
    return None


def _counted(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    if match := re.search(rf"{_RANGE}\s+(?:calendar\s+)?(?P<unit>day|week|month)s?\b", text):
        count, unit = int(match.group("count")), match.group("unit")
        if count * {"day": 1, "week": 7, "month": 31}[unit] > 3660:
            raise DateError("too far ahead")
        day = _dateparse(f"in {count} {unit}{'s' if count > 1 else ''}", base, "future")
        if day is not None:
            return day, f"{count} {unit}{'s' if count > 1 else ''} after {base.isoformat()}"
    return None


_MONTH_WORD = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WRITTEN_DATE = re.compile(
    rf"\b{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}}\b)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}(?:,?\s+\d{{4}}\b)?"
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
)


def _absolute(text: str, base: dt.date, calendar: WorkCalendar) -> _Found:
    """A written date ('by December 5', '5th of January', '2026-12-01', '12/05/2026'): found here, read by dateparser."""
    for match in _WRITTEN_DATE.finditer(text):
        day = _dateparse(match.group(0), base, "future")
        if day is None:
            continue
        # 'by November 19' said on November 20 has passed; it is not next year's November 19
        if not re.search(r"\b\d{4}\b", match.group(0)) and day > base and day.replace(year=day.year - 1) >= _shift(base, -60):
            day = day.replace(year=day.year - 1)
        return day, "as written"
    return None


def written_day_after(text: str, base: dt.date) -> dt.date | None:
    """The first written date in ``text`` ('Dec 3', '12/3', '2026-12-03'), read as the first such day on or after
    ``base`` (a rejection or a reply comes after the interview); None when the text writes none."""
    for match in _WRITTEN_DATE.finditer(" ".join(text.lower().split())):
        day = _dateparse(match.group(0), base, "future")
        if day is not None and MIN_DATE <= day <= MAX_DATE:
            return day
    return None


def describe(day: dt.date) -> str:
    """'Monday 2026-11-23'."""
    return f"{day.strftime('%A')} {day.isoformat()}"
