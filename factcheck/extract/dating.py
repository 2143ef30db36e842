"""The year a claim's own clause gives its event: "وافق البرلمان ... في منتصف شهر ديسمبر 2012".

A report published in 2015 that recalls a vote of 2012 is not evidence of a vote in 2015, though
its document date says 2015. Only a year that its clause marks as the event's counts: after a
month (ديسمبر 2012, ديسمبر (كانون الأول) 2012) or after an event-date word (في عام 2012, خلال
2014). A year after a period word (منذ عام 2011, حتى 2020) bounds a period, and one after a bare
year word ("مدرسة بنيت عام 1990") dates something else; neither counts. Two different years in the
clause date nothing."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.extract.analysis import Analysis
from factcheck.quantities.find import Found
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.lexicon import Match

_YEARS = (1900, 2100)
_PERIOD_REACH = 3  # "منذ منتصف شهر ديسمبر 2012": words between a period word and the date


def event_year(analysis: Analysis, times: Sequence[Found], anchor: int, book: Rulebook) -> int | None:
    """The year dating the event of the clause holding token `anchor`, or None. A clause naming
    two years ("ارتفع 28 % في 2014 مقارنة بـ 16 % في 2013") dates nothing, even if only one is marked."""
    clause = analysis.clause
    years = [(year, found) for found in times if (year := _year_of(found)) is not None]
    in_clause = [(year, found) for year, found in years if clause[found.number] == clause[anchor]]
    if len({year for year, _ in in_clause}) != 1:
        return None
    marked = all(_dates_the_event(analysis, found.number, anchor, book) for _, found in in_clause)
    return in_clause[0][0] if marked else None


def _year_of(found: Found) -> int | None:
    value = found.quantity.value
    # "عام 2015" reads as a quantity whose unit (year) comes first; "2015 عاما" is a duration.
    year_word_first = found.unit_tokens is not None and found.unit_tokens[1] == found.number
    if not (found.is_date or year_word_first) or value is None or not float(value).is_integer():
        return None
    return int(value) if _YEARS[0] <= value <= _YEARS[1] else None


def _dates_the_event(analysis: Analysis, year_token: int, anchor: int, book: Rulebook) -> bool:
    keys = analysis.keys
    start = _skip_brackets(analysis, year_token)
    ending = _time_phrase_ending(analysis, start, book)
    month = ending if ending is not None and ending.payload == "month" else None
    if month is not None:
        start = month.start
        if start > 0 and _is_number(analysis, start - 1):  # 12 ديسمبر 2012
            start -= 1
    elif start > 0 and book.year_words.intersection(keys[start - 1]):
        start -= 1
        ending = _time_phrase_ending(analysis, start, book)  # "ديسمبر عام 2012"
    # A period word just before the date, or between the event and it ("قتل 6500 منذ أن بدأ
    # التمرد في أبريل 2014"), makes the year a bound of a period.
    reach = range(min(anchor + 1, start - _PERIOD_REACH), start)
    if any(book.period_words.intersection(keys[index]) for index in reach if index >= 0):
        return False
    if month is not None:
        return True
    # A time phrase right before names the same year: "في العام الماضي 2014", "ديسمبر عام 2012".
    return ending is not None or (start > 0 and bool(book.event_date_words.intersection(keys[start - 1])))


def _time_phrase_ending(analysis: Analysis, end: int, book: Rulebook) -> Match[str] | None:
    """The time phrase (rules/time.yaml: a month or a relative expression) ending at token `end`."""
    return next((m for m in book.time_phrases.find_all(analysis.keys[:end]) if m.end == end), None)


def _skip_brackets(analysis: Analysis, index: int) -> int:
    """Where a date's words end before `index`, past a bracketed alternative: ديسمبر (كانون الأول) 2012."""
    tokens = analysis.sentence.tokens
    if index == 0 or tokens[index - 1].text != ")":
        return index
    for opening in range(index - 2, max(-1, index - 6), -1):
        if tokens[opening].text == "(":
            return opening
    return index


def _is_number(analysis: Analysis, index: int) -> bool:
    return analysis.sentence.tokens[index].text.isdigit()
