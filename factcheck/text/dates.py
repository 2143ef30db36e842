"""The publication date a report or article states in its opening (byline, dateline), by dateparser.

Used only where metadata gives no date: a corpus record without a date field, a draft without
front matter. The opening is where newsrooms print the date ("الأربعاء 06 - 12 - 2017",
"نشر 05 كانون الأول / ديسمبر 2017"); a date deeper in the text is more often an event's than the
report's, so it is not looked for.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any, Literal

from factcheck.text.normalize import ascii_digits

DateSource = Literal["metadata", "text"]

OPENING_CHARACTERS = 400
EARLIEST = dt.date(1990, 1, 1)  # before the Arabic web archives we read: a year-like number, not a date

# Day, month and year all required: "عام 2015" or "3 قرى" must not become a date. Only absolute
# dates: "اليوم" or "منذ 3 أيام" would be read relative to today, the day we read, not the report's.
_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",  # 05 / 12 / 2017 is the 5th of December in Arabic newsrooms
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
    "PREFER_DATES_FROM": "past",
}
# The Levantine, Iraqi and Maghrebi month names: dateparser knows them as its ar-SY, ar-IQ, ar-DZ…
# locales, but search_dates takes languages, not locales, and "ar" alone has only يناير…ديسمبر.
_REGIONAL_LOCALES = ("ar-SY", "ar-LB", "ar-JO", "ar-PS", "ar-IQ", "ar-DZ", "ar-TN", "ar-MA", "ar-MR")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# dateparser reads a few words cut at each year-like number: its ngram search costs about 50 ms on
# a 400-character opening and about 1 ms on these. Six words hold "الأربعاء 06 - 12 - 2017".
_AROUND_YEAR = 6
_PUNCTUATION = " /-,.|:()"


def date_in_text(text: str, today: dt.date | None = None) -> dt.date | None:
    """The first full date (day, month, year) in the opening of `text`, or None. Dates after
    `today` (the day we read) or before 1990 are not publication dates and are passed over."""
    latest = today or dt.date.today()
    words = _with_standard_months(ascii_digits(text[:OPENING_CHARACTERS])).split()
    years = [i for i, word in enumerate(words) if _has_year(word, latest)]
    if not years:
        return None  # most texts: no dateparser at all
    from dateparser.search import search_dates  # about 0.15 s to import: only when a text is read

    for i in years:
        # Day-month-year ends at the year, year-first starts at it.
        for span in (words[max(0, i - _AROUND_YEAR) : i + 1], words[i : i + _AROUND_YEAR]):
            # split (the default) misses "06 - 12 - 2017", whose separators stand alone; ngram
            # reads it, but also takes "21 الإثنين , 25 ديسمبر" for 2025: both, each result checked.
            for strategy in ("split", "ngram"):
                found = search_dates(" ".join(span), languages=["ar"], settings=_SETTINGS, strategy=strategy)
                for written, moment in found or ():
                    if _year_as_written(written, moment) and EARLIEST <= moment.date() <= latest:
                        return moment.date()
    return None


def _year_as_written(written: str, moment: dt.datetime) -> bool:
    """dateparser's year is the one the text states, at either end of what it read: not a day
    or an hour it took for the year ("01 الأحد 21 يناير" read as 2021, "ديسمبر 2017 11" as the 11th)."""
    written = written.strip(_PUNCTUATION)
    return written.endswith(str(moment.year)) or written.startswith(str(moment.year))


def _has_year(word: str, latest: dt.date) -> bool:
    """`word` holds a run of four digits that could be a year of ours ("2017", "06-12-2017")."""
    runs = "".join(character if character.isdigit() else " " for character in word).split()
    return any(len(run) == 4 and EARLIEST.year <= int(run) <= latest.year for run in runs)


def _with_standard_months(text: str) -> str:
    """Regional month names replaced by the standard ones, whole words only ("ماي" inside "مايو"
    stays). "05 كانون الأول / ديسمبر 2017" would then read "05 ديسمبر / ديسمبر 2017", whose doubled
    month dateparser does not read: a name followed by its standard one in the text goes with it."""
    pattern, standard_of = _month_names()
    return pattern.sub(lambda match: standard_of[match.group("name")], text)


@cache
def _month_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of the regional names (from dateparser's own Arabic data), each optionally
    followed by " / " and its standard name, and the standard name of each. Longest first, so
    "كانون الثاني" is taken whole."""
    from dateparser.data.date_translation_data import ar

    data: dict[str, Any] = ar.info
    standard_of: dict[str, str] = {}
    for locale in _REGIONAL_LOCALES:
        regional = data["locale_specific"].get(locale, {})
        for month in _MONTHS:
            for name in regional.get(month, ()):
                # "كانون 1" is left out: its digit would be read as the day or the year.
                if name not in data[month] and not name[-1].isdigit():
                    standard_of.setdefault(name, data[month][0])
    names = "|".join(re.escape(name) for name in sorted(standard_of, key=len, reverse=True))
    standard = "|".join(re.escape(data[month][0]) for month in _MONTHS)
    doubled = rf"\s*[/(]\s*(?:{standard})\s*\)?"  # "كانون الأول / ديسمبر", "كانون الثاني (يناير)"
    before = rf"(?:(?:{standard})\s*[/(]\s*)?"  # "يناير / كانون الثاني"
    pattern = re.compile(rf"(?<!\w){before}(?P<name>{names})(?:{doubled})?(?!\w)")
    return pattern, standard_of
