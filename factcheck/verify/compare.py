"""Does a fact found in the corpus speak of the same event as a claim, and does it agree?

Structures are compared, not strings: predicate, entities (with what contains them), time,
the kind of figure, polarity, and the figures as intervals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from rapidfuzz import fuzz

from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook
from factcheck.text.normalize import normalize_text
from factcheck.verify.facts import Fact
from factcheck.verify.intervals import describe, interval, overlaps

Stance = Literal["supports", "contradicts", "unrelated"]

# Reports further apart than this are about different events (a default; --window changes it).
DEFAULT_WINDOW_DAYS = 30
# Without a shared entity, a passage must read this much like the claim to be the same event.
_TEXT_RELATEDNESS = 55
_LASTING_FACTOR = 4
TERRITORY = frozenset({"country", "place"})  # entities that are places, not parties
# Kinds whose figures measure between things the entities do not name: words must match too.
_NEEDS_WORDS = frozenset({"distance", "count"})
# Without the article's date, an actor or place named in more passages of the corpus than this
# names many events, and sharing it says little. SaudiNewsNet (84,000 passages, two months): ISIS
# 4,223, the Syrian regime 684, Deir ez-Zor and Raqqa 91 each, a town such as Tabqa 4, the
# Bundestag 6. A corpus gathered about one story names its places in most reports (the example
# corpus: Ramadi in 19 of 32 passages), which stays under this.
DISTINCTIVE_PASSAGES = 25


@dataclass(frozen=True, slots=True)
class Comparison:
    stance: Stance
    reason: str
    claim_figure: str | None = None
    evidence_figure: str | None = None
    relatedness: float = 0.0


def ancestors(entity_id: str | None, book: Rulebook) -> set[str]:
    """An entity and all that contains it (عياش → دير الزور → سوريا)."""
    return set(book.lineage(entity_id))


def _places_clash(claim: Claim, fact: Fact, book: Rulebook) -> bool:
    """Two places clash unless one contains the other (a report on Deir ez-Zor covers Ayyash)."""
    if claim.location is None or fact.location is None:
        return False
    return claim.location.id not in ancestors(fact.location, book) and fact.location not in ancestors(
        claim.location.id, book
    )


def _category(entity: str, book: Rulebook) -> str | None:
    found = book.entity_by_id.get(entity)
    return found.category if found is not None else None


def _specific_place(entity: str, book: Rulebook) -> bool:
    """A town or region pins an event down; a country does not."""
    return _category(entity, book) == "place"


def _place_unconfirmed(claim: Claim, fact: Fact, book: Rulebook) -> bool:
    """A figure claimed for a town or region; the fact names no place, or only a country. (An event
    without a figure, such as a withdrawal, is national: a report need not name the town.)"""
    if claim.quantity is None or claim.location is None or not _specific_place(claim.location.id, book):
        return False
    # A wider region does count: reports on an attack near a town often name only its province.
    return fact.location is None or not _specific_place(fact.location, book)


def parties(claim: Claim) -> set[str]:
    """Who and where of a claim, its speaker included: "the coalition spokesman said its strike hit
    a site 55 km away" is about the coalition even though the coalition only speaks."""
    parties = {actor.id for actor in claim.actors}
    if claim.location:
        parties.add(claim.location.id)
    if claim.attribution and claim.attribution.source:
        parties.add(claim.attribution.source.id)
    return parties


def _widened(entity: str, book: Rulebook) -> set[str]:
    """What an entity stands for when matching events: a place also means the places containing it
    (Ayyash is in Deir ez-Zor); an organisation only the organisations above it, not its country
    (the Syrian army and "Canada's strikes in Syria" share no event through Syria)."""
    widened = set()
    own_is_territory = (
        book.entity_by_id[entity].category in TERRITORY if entity in book.entity_by_id else True
    )
    for ancestor in book.lineage(entity):
        if ancestor != entity and not own_is_territory and book.entity_by_id[ancestor].category in TERRITORY:
            break
        widened.add(ancestor)
    return widened


def _shared_entities(claim: Claim, fact: Fact, book: Rulebook) -> set[str]:
    mine = parties(claim)
    theirs = set(fact.actors) | {e for e in (fact.location, fact.source) if e}
    expanded_mine = set().union(*(_widened(e, book) for e in mine)) if mine else set()
    expanded_theirs = set().union(*(_widened(e, book) for e in theirs)) if theirs else set()
    return (mine & expanded_theirs) | (theirs & expanded_mine)


def _only_countries(entities: set[str], book: Rulebook) -> bool:
    return all(_category(entity, book) == "country" for entity in entities)


def _most_distinctive(shared: set[str], named_in: Mapping[str, int]) -> tuple[str, int] | None:
    """The shared entity the fewest passages name, with their count (None when none is counted)."""
    counted = [(named_in[f"e:{entity}"], entity) for entity in shared if f"e:{entity}" in named_in]
    if not counted:
        return None
    count, entity = min(counted)
    return entity, count


def too_far_apart(
    article_date: dt.date | None, evidence_date: str | None, window_days: int, lasting: bool
) -> bool:
    """Reports outside the window are about other events. A figure belongs to its day; an event
    without one (a withdrawal, a vote) is still confirmed by reports months later, so for those
    the window reaches _LASTING_FACTOR times further after the article."""
    published = _day(evidence_date)
    if article_date is None or published is None:
        return False
    first, last = _window(article_date, window_days, lasting)
    return not first <= published <= last


def _window(article_date: dt.date, window_days: int, lasting: bool) -> tuple[dt.date, dt.date]:
    """The first and last day a report of the article's event may carry (see too_far_apart)."""
    after = window_days * _LASTING_FACTOR if lasting else window_days
    return article_date - dt.timedelta(days=window_days), article_date + dt.timedelta(days=after)


def _day(date: str | None) -> dt.date | None:
    """The day an ISO date (a document's; time of day ignored) names, or None."""
    try:
        return dt.date.fromisoformat(date[:10]) if date else None
    except ValueError:
        return None


def _another_time(
    claim: Claim, fact: Fact, evidence_date: str | None, article_date: dt.date | None, window_days: int
) -> str | None:
    """Why the two are of different times, or None. A year that a clause gives its event
    (Fact.event_year, extract/dating.py) outranks the date of the document it is in: a report of
    2015 recalling a vote "في ديسمبر 2012" is about 2012."""
    lasting = claim.quantity is None
    if claim.event_year is not None:
        # The claim dates its own event, so the article's date does not (an article of 2015 may
        # recall a vote of 2012).
        if fact.event_year is not None:
            same = fact.event_year == claim.event_year
            return None if same else f"another year ({fact.event_year}, not {claim.event_year})"
        published = _day(evidence_date)
        if published is not None and published.year < claim.event_year:
            return f"another time (published {evidence_date}, before {claim.event_year})"
        return None
    if fact.event_year is not None and article_date is not None:
        first, last = _window(article_date, window_days, lasting)
        if first.year <= fact.event_year <= last.year:
            return None
        return f"another time (the report dates it {fact.event_year})"
    if too_far_apart(article_date, evidence_date, window_days, lasting):
        return f"another time ({evidence_date})"
    return None


def text_relatedness(claim: Claim, passage_text: str) -> float:
    """0–100: how much the passage reads like the claim's sentence, word order aside."""
    return float(fuzz.token_set_ratio(normalize_text(claim.context), normalize_text(passage_text)))


def compare(
    claim: Claim,
    fact: Fact,
    passage_text: str,
    evidence_date: str | None,
    book: Rulebook,
    article_date: dt.date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    named_in: Mapping[str, int] | None = None,
) -> Comparison:
    """`named_in`: how many passages of the corpus name each of the claim's parties ("e:<id>" terms,
    retrieve.passage_frequencies); used only without an article date."""
    if fact.predicate != claim.predicate:
        return Comparison("unrelated", f"another predicate ({fact.predicate})")
    if _places_clash(claim, fact, book):
        return Comparison("unrelated", f"another place ({fact.location})")
    another_time = _another_time(claim, fact, evidence_date, article_date, window_days)
    if another_time:
        return Comparison("unrelated", another_time)
    if claim.group and fact.group and claim.group != fact.group:
        return Comparison("unrelated", f"about other people ({fact.group}, not {claim.group})")
    shared = _shared_entities(claim, fact, book)
    relatedness = text_relatedness(claim, passage_text)
    claim_has_entities = bool(claim.actors or claim.location)
    fact_has_entities = bool(fact.actors or fact.location)
    if claim_has_entities and fact_has_entities and not shared:
        return Comparison("unrelated", "no actor or place in common", relatedness=relatedness)
    if not shared and relatedness < _TEXT_RELATEDNESS:
        return Comparison("unrelated", "not the same event", relatedness=relatedness)
    if claim.location and _place_unconfirmed(claim, fact, book) and relatedness < _TEXT_RELATEDNESS:
        # "4 soldiers killed near Ayyash" is not contradicted (nor confirmed) by "51 killed" in a
        # report that names no town: the Syrian army or the coalition figure in thousands of
        # reports a day. Without the town, the words must match.
        return Comparison(
            "unrelated", f"the report does not place it in {claim.location.id}", relatedness=relatedness
        )
    if article_date is None and shared and _only_countries(shared, book) and relatedness < _TEXT_RELATEDNESS:
        # Without the article's date nothing places the two in time, and a country names thousands
        # of events a year ("Syria", "Iraq"): a report must share a narrower party or the wording.
        return Comparison(
            "unrelated", "only a country in common, and no date to place it", relatedness=relatedness
        )
    if article_date is None and named_in is not None and parties(claim):
        # Nothing places the two in time: what they share must single the event out. Wording is
        # not enough (casualty reports share their formulas: "أسفر عن مقتل … وإصابة آخرين"), and an
        # entity counted nowhere (not among the claim's parties) is taken as common.
        distinctive = _most_distinctive(shared, named_in)
        if distinctive is None or distinctive[1] > DISTINCTIVE_PASSAGES:
            common = f"{distinctive[0]} is in {distinctive[1]} passages" if distinctive else "nothing rare"
            return Comparison(
                "unrelated", f"no date, and what it shares is common ({common})", relatedness=relatedness
            )
    if claim.kind in _NEEDS_WORDS and relatedness < _TEXT_RELATEDNESS:
        # Two distances in one town (a district 3 km from the front, depots 10 km from homes)
        # share every entity; only the words around them tell them apart.
        return Comparison("unrelated", f"another {claim.kind} (different wording)", relatedness=relatedness)
    score = min(1.0, 0.5 + 0.15 * len(shared) + relatedness / 400)
    comparison = _agreement(claim, fact, score)
    if fact.event_year is not None and claim.event_year is None and article_date is None:
        # Nothing dates the claim, so the year cannot rule the report out; the reader can.
        return replace(comparison, reason=f"{comparison.reason} (the report dates it {fact.event_year})")
    return comparison


def _agreement(claim: Claim, fact: Fact, score: float) -> Comparison:
    """Same event: polarity first (a denial contradicts the event), then the figures."""
    if claim.polarity != fact.polarity:
        if claim.group != fact.group:
            # "no civilian casualties" is not contradicted by deaths of people the report does not name.
            return Comparison("unrelated", "a denial about other or unnamed people", relatedness=score)
        verb = "denies" if fact.polarity == "denied" else "reports"
        return Comparison("contradicts", f"{verb} the {claim.predicate} event", relatedness=score)
    q, f = claim.quantity, fact.quantity
    if q is None:
        return Comparison("supports", f"reports the same {claim.predicate} event", relatedness=score)
    if f is None:
        return Comparison("unrelated", "same event, but no figure to compare", relatedness=score)
    if q.unit and f.unit and q.unit != f.unit:
        return Comparison("unrelated", f"another kind of figure ({f.unit})", relatedness=score)
    mine, theirs = describe(q.low, q.high, q.unit), describe(f.low, f.high, f.unit or q.unit)
    if overlaps(interval(q.low, q.high), interval(f.low, f.high)):
        return Comparison("supports", f"{theirs} agrees with {mine}", mine, theirs, score)
    return Comparison("contradicts", f"{theirs} against {mine}", mine, theirs, score)
