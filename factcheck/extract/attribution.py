"""Reporting verbs and their sources: who is said to have said what."""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.extract.analysis import Analysis
from factcheck.extract.entities import Mention
from factcheck.model import Attribution, EntityRef
from factcheck.rulebook.compile import Rulebook, VerbInfo

_SUBJECT_REACH = 3  # the subject of a VSO verb starts within this many tokens ("أكد أيضا المرصد")
_PHRASE_LENGTH = 8  # tokens of a subject phrase searched for a named speaker
_CHAIN_GAP = 2  # tokens between two reporting words that still make one report
_NOUN_MODIFIERS = 2  # "مصادر طبية محلية": a generic source noun keeps two modifiers
_SUBJECT_BEFORE_WINDOW = 4  # tokens before a verb (SVO: "التحالف بدوره نفى")
# Who speaks matters most when it is a person or an outlet; a country is the weakest source.
_CATEGORY_RANK = {"person": 0, "media": 1, "organization": 2, "group": 3, "country": 4, "place": 5}


@dataclass(frozen=True, slots=True)
class Report:
    verb: VerbInfo
    start: int
    end: int
    attribution: Attribution


def find_reports(analysis: Analysis, mentions: list[Mention], book: Rulebook) -> list[Report]:
    matches = [*book.verb_phrases.find_all(analysis.keys), *book.verbs.find_all(analysis.stems)]
    matches.sort(key=lambda match: (match.start, -match.end))
    reports: list[Report] = []
    taken_until = -1
    for match in matches:
        if match.start < taken_until:
            continue
        taken_until = match.end
        verb = match.payload
        source = _source(analysis, mentions, book, match.start, match.end, verb)
        tokens = analysis.sentence.tokens
        verb_text = analysis.sentence.text[
            tokens[match.start].start - analysis.sentence.start : tokens[match.end - 1].end
            - analysis.sentence.start
        ]
        reports.append(
            Report(verb, match.start, match.end, Attribution(*source, verb=verb_text, verb_class=verb.id))
        )
    return _merge_chained(reports)


def _merge_chained(reports: list[Report]) -> list[Report]:
    """Two reporting words in a row are one report. "وفق ما أكده المتحدث": the preposition yields
    to the verb. "لا صحة للأنباء عن": what a denial denies (news of X) stays a denial."""
    merged: list[Report] = []
    for report in reports:
        previous = merged[-1] if merged else None
        if previous is not None and report.start - previous.end <= _CHAIN_GAP:
            if previous.verb.polarity == "denied":
                merged[-1] = Report(previous.verb, previous.start, report.end, previous.attribution)
                continue
            if previous.verb.source_before:
                merged[-1] = Report(report.verb, previous.start, report.end, report.attribution)
                continue
        merged.append(report)
    return merged


def _source(
    analysis: Analysis, mentions: list[Mention], book: Rulebook, start: int, end: int, verb: VerbInfo
) -> tuple[EntityRef | None, str | None]:
    """The speaker: right after the verb in VSO order ("أكد المرصد", "قال المتحدث باسم التحالف"),
    otherwise just before it in SVO order ("التحالف بدوره نفى"). A content clause (أن، إن) is what
    was said, never who said it."""
    subject = _subject_start(analysis, mentions, book, end)
    if subject is not None:
        return _speaker_from(analysis, mentions, book, subject)
    if not verb.source_before:
        before = [m for m in mentions if start - _SUBJECT_BEFORE_WINDOW <= m.start and m.end <= start]
        if before and _no_punctuation(analysis, before[-1].end, start):
            return before[-1].ref(analysis), None
    return None, None


def _subject_start(analysis: Analysis, mentions: list[Mention], book: Rulebook, end: int) -> int | None:
    starts = {m.start for m in mentions}
    for index in range(end, min(end + _SUBJECT_REACH, len(analysis.keys))):
        if analysis.is_punctuation(index) or book.complementizers.intersection(analysis.keys[index][:1]):
            return None
        if (
            index in starts
            or book.source_nouns.match_at(analysis.keys, index) is not None
            or book.events.titles.match_at(analysis.keys, index) is not None
        ):
            return index
    return None


def _speaker_from(
    analysis: Analysis, mentions: list[Mention], book: Rulebook, subject: int
) -> tuple[EntityRef | None, str | None]:
    """The whole subject phrase up to punctuation or a content clause; its most specific entity
    (a person over an organisation: "المتحدث باسم التحالف الكولونيل ستيف وارن") names the source."""
    end = subject
    while (
        end < len(analysis.keys)
        and end - subject < _PHRASE_LENGTH
        and not analysis.is_punctuation(end)
        and not book.complementizers.intersection(analysis.keys[end][:1])
    ):
        end += 1
    inside = [m for m in mentions if subject <= m.start and m.end <= end]
    noun = book.source_nouns.match_at(analysis.keys, subject)
    title = book.events.titles.match_at(analysis.keys, subject)
    if title is not None and not any(m.info.category not in ("country", "place") for m in inside):
        # "قائد شرطة حمص": the speaker is the whole role, not the place inside it.
        return None, _role_text(analysis, book, subject, title.end, end)
    if noun is not None:
        # "مصدر عسكري يمني" is an anonymous source, not Yemen: a country or place only qualifies it.
        inside = [m for m in inside if m.info.category not in ("country", "place")]
    if inside:
        best = min(inside, key=lambda m: (_CATEGORY_RANK.get(m.info.category, 9), m.start))
        return best.ref(analysis), None
    noun_end = noun.end if noun else subject + 1
    while (
        noun_end < end
        and noun_end - (noun.end if noun else subject + 1) < _NOUN_MODIFIERS
        and not book.prepositions.intersection(analysis.keys[noun_end][:1])
    ):
        noun_end += 1
    tokens = analysis.sentence.tokens
    offset = analysis.sentence.start
    return None, analysis.sentence.text[tokens[subject].start - offset : tokens[noun_end - 1].end - offset]


def _role_text(analysis: Analysis, book: Rulebook, subject: int, title_end: int, end: int) -> str:
    """The role and its holder ("وزير الخارجية سيرجي لافروف"), up to a preposition or a time phrase."""
    times = {m.start for m in book.time_phrases.find_all(analysis.keys[:end])}
    stop = title_end
    while (
        stop < end
        and stop not in times
        # "يوم الأربعاء": a common word before a time phrase belongs to it
        and not (stop + 1 in times and book.events.common.intersection(analysis.keys[stop]))
        and not book.prepositions.intersection(analysis.keys[stop][:1])
        and not book.events.demonstratives.intersection(analysis.keys[stop][:1])
        and analysis.sentence.tokens[stop].norm.isalpha()
    ):
        stop += 1
    tokens = analysis.sentence.tokens
    offset = analysis.sentence.start
    return analysis.sentence.text[tokens[subject].start - offset : tokens[stop - 1].end - offset]


def _no_punctuation(analysis: Analysis, start: int, end: int) -> bool:
    return not any(analysis.is_punctuation(index) for index in range(start, end))
