"""Open-vocabulary events: the main statement of a sentence when no predicate of the lexicon names it.

Reported speech is a frame around the statement, not the statement: "قال X إن <main clause>". The
main clause is what follows the first reporting verb's complementizer (أن، إن، بأن), or the whole
first clause when there is none, up to the end of that clause. Its head is the first word there
that states an event: a trigger of the lexicon, a listed event word (rules/events.yaml `words`,
matched by stem), an imperfect verb (person prefix ي/ت/ن), a perfect verb or verbal noun opening
the clause (VSO order, or a headline "العثور على …"), or a perfect verb right after a definite
subject (SVO after إن: "إن الجزء الرئيسي … انتهى"). A verb after a relative pronoun (التي تمثل)
describes a noun and is skipped; a future verb (ستبدأ) is a prediction and ends the search with
no event. All word lists are data (rules/events.yaml); this module only reads their shape."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from factcheck.extract.analysis import Analysis
from factcheck.extract.attribution import Report
from factcheck.extract.entities import Mention
from factcheck.rulebook.compile import EventVocabulary, Rulebook
from factcheck.text.normalize import normalize
from factcheck.text.stems import stem

_MIN_VERB = 3  # letters: shorter words are particles
_MAX_VERB = 9
_NOMINAL_ENDINGS = ("ه", "ات", "يه", "يا", "ين", "ان")  # teh marbuta (normalised), plurals, nisba
_NISBA = ("يه", "يين", "يون", "يان")  # relative adjectives (اجتماعية، عسكريين), normalised
_DEFINITE = "ال"
_CONJUNCTIONS = ("و", "ف")
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")  # letters of a normalised Arabic word
_PREPOSITION_LETTERS = ("ب", "ل", "ك")
_PERFECT_SUFFIXES = ("ت", "وا")  # نشرت، نفذوا: a perfect verb, not a first-person imperfect


@dataclass(frozen=True, slots=True)
class Head:
    index: int  # token of the event word
    lemma: str  # rules/events.yaml lemma, else the word's stem
    future: bool = False  # a prediction: no claim


def main_clause(
    analysis: Analysis,
    reports: list[Report],
    book: Rulebook,
    mentions: Sequence[Mention] = (),
    lexicon_triggers: AbstractSet[int] = frozenset(),
) -> tuple[int, int]:
    """Token range [start, end) of the sentence's main clause, after any reported-speech frame and
    up to the end of its clause or a result connector (rules/events.yaml `result_connectors`). A
    report frames the sentence only when no event word precedes it: in "تسببت مقذوفات … مما دفع
    الجيش إلى إعلان أنه سيصعد" the announcement is a later clause's, not the frame."""
    keys = analysis.keys
    start = 0
    for report in reports:
        if report.verb.polarity == "denied":
            break  # a denial is a claim of its own, the event denied stays in its clause
        if report.start > 0 and find_head(
            analysis, (0, report.start), list(mentions), set(), [], book, set(lexicon_triggers)
        ):
            break
        complementizer = next(
            (
                i
                for i in range(report.end, len(keys))
                if book.complementizers.intersection(keys[i][:1])
                or book.events.pronoun_complementizers.intersection(keys[i][:1])
                or (analysis.sentence.tokens[i].text == ":" and i - report.end <= _FRAME_REACH)
            ),
            None,
        )
        if complementizer is not None and not any(
            analysis.is_punctuation(i) and analysis.sentence.tokens[i].text != ":"
            for i in range(report.end, complementizer)
        ):
            start = complementizer + 1
        break
    while start < len(keys) and analysis.is_punctuation(start):
        start += 1
    end = start
    clause = analysis.clause
    results = book.events.result_connectors
    # A result ("… مما أدى إلى مقتل", "… أسفر عن مقتل") is a statement of its own after the event.
    while (
        end < len(keys)
        and (end == start or clause[end] == clause[start])
        and (end == start or results.match_at(keys, end) is None)
    ):
        end += 1
    return start, end


_FRAME_REACH = 12  # tokens between a reporting verb and the colon that opens its quotation


def find_head(
    analysis: Analysis,
    span: tuple[int, int],
    mentions: list[Mention],
    taken: set[int],
    reports: list[Report],
    book: Rulebook,
    lexicon_triggers: set[int],
    opens_clause: bool = True,
) -> Head | None:
    """The main clause's event word, or None when it states none (or only a prediction). Tokens of
    `mentions`, of `taken` (a role and its holder's name) and reporting verbs are never one, unless
    the reporting verb is an event word too (نشرت قوات …، نقلت القوات …). Without `opens_clause`
    (the search for a second event after the first) the span's first word is not clause-initial."""
    vocabulary = book.events
    start, end = span
    skip = {i for m in mentions for i in range(m.start, m.end)} | taken
    reporting = {i for r in reports for i in range(r.start, r.end)}
    # The word right after a reporting verb is its speaker ("وأكد تانال ضرورة …"), named or not.
    reporting |= {r.end for r in reports}
    opening = start if opens_clause else -1
    while 0 <= opening < end and vocabulary.openers.intersection(analysis.keys[opening][:2]):
        opening += 1
    # After a bare إن the clause opens with its subject, never a verb ("إن الجزء الرئيسي … انتهى");
    # after إنها the pronoun is the subject and a verb may follow ("إنها علقت").
    after_complementizer = start > 0 and bool(book.complementizers.intersection(analysis.keys[start - 1][:1]))
    tokens = analysis.sentence.tokens
    support: Head | None = None
    tentative: Head | None = None
    for index in range(start, end):
        if index in skip or not _ARABIC_WORD.fullmatch(tokens[index].norm):
            continue  # punctuation, digits, Latin words ("The coalition said"): no Arabic verb
        if index > 0 and vocabulary.relatives.intersection(analysis.keys[index - 1][:1]):
            continue  # "التي تمثل المعارضة": the verb describes its noun
        word = _bare(tokens[index].norm)
        if vocabulary.light_verbs.intersection((word, tokens[index].norm)):
            opening = index + 1  # "قام بشن هجوم", "تم أسر": the event is the verbal noun after it
            continue
        if support is None and book.events.support_verbs.find_all([analysis.stems[index]]):
            # "نفذ الجيش ضربات جوية", "ارتكب التنظيم مجزرة": the event is the noun it governs, if
            # any event word follows; else the verb itself
            support = Head(index, book.events.support_verbs.find_all([analysis.stems[index]])[0].payload)
            continue
        if index in lexicon_triggers:
            return Head(index, "")  # the lexicon's rule gives it its structure
        if (
            vocabulary.not_events.intersection((word, tokens[index].norm))
            or vocabulary.common.intersection(analysis.keys[index])
            or word in book.number_words
        ):
            continue
        if word.endswith(_NISBA):
            continue  # "الاجتماعية" shares اجتماع's stem: an adjective, never the event
        listed = [m.payload for m in book.events.words.find_all([analysis.stems[index]])]
        if listed and _eventive_form(word, listed[0]):
            return Head(index, listed[0])
        if index in reporting:
            continue
        if _is_future(word, vocabulary):
            return Head(index, stem(word), future=True)
        if _first_person(word, vocabulary):
            continue
        if imperfect_verb(word, vocabulary):
            return Head(index, stem(word))
        initial = index == opening and not (after_complementizer and index == start)
        if initial and _masdar(_indefinite(word), vocabulary):
            return Head(index, stem(word))
        if initial and _perfect(word):
            if _verbal(word):
                return Head(index, stem(word))
            # "نساء يخجلن", "صعود لليورو مع تراجع": a bare word opening a headline is as often
            # its subject noun; a verb later in the clause is the event, if there is one.
            tentative = Head(index, stem(word))
            continue
        # After a subject, a perfect verb listed nowhere must not look like a preposition's noun
        # ("الضفة الجنوبية لنهر الفرات"): verbs rarely begin with ب، ل، ك and never carry them.
        if (
            not initial
            and tentative is None  # "زار الرئيس … وأمر": the opening verb, not a later one
            and _perfect(word)
            and word[:1] not in _PREPOSITION_LETTERS
            and _after_definite(analysis, index, mentions)
        ):
            return Head(index, stem(word))
    return tentative or support


def _eventive_form(word: str, lemma: str) -> bool:
    """With the article a listed word is its verbal noun (الإفراج), not the verb: "القدم" shares
    قدم's stem and is a noun. A lemma that opens like the article (التقى) is the exception."""
    if not word.startswith(_DEFINITE):
        return True
    lemma_form = normalize(lemma)
    return lemma_form.startswith(_DEFINITE) or stem(word[len(_DEFINITE) :]) != stem(lemma_form)


def _verbal(word: str) -> bool:
    """A perfect verb beyond doubt: an agreement suffix (باشرت، قتلوا) or a derived stem's alef
    (أطلق، استجوب، انسحب, normalised ا), which nouns of that shape do not open with."""
    return word.endswith(_PERFECT_SUFFIXES) or word.startswith("ا")


def _bare(norm: str) -> str:
    """The word without a conjunction (وأطلقت → أطلقت) when what is left is still a word."""
    if norm[:1] in _CONJUNCTIONS and len(norm) > _MIN_VERB:
        return norm[1:]
    return norm


def _indefinite(word: str) -> str:
    return word[2:] if word.startswith(_DEFINITE) else word


def _is_future(word: str, vocabulary: EventVocabulary) -> bool:
    """ "ستبدأ", "سيتم الرد": the future prefix on an imperfect or a light verb."""
    return any(
        word.startswith(prefix)
        and (imperfect_verb(word[len(prefix) :], vocabulary) or word[len(prefix) :] in vocabulary.light_verbs)
        for prefix in vocabulary.future_prefixes
        if len(prefix) == 1
    )


def _first_person(word: str, vocabulary: EventVocabulary) -> bool:
    """ "نعتذر": ن before four letters or more (perfect verbs in ن have three: نشر، نقل، نفذ)."""
    return (
        word[:1] in vocabulary.first_person_prefixes
        and len(word) > _MIN_VERB + 1
        and not word.endswith(_PERFECT_SUFFIXES)
    )


def imperfect_verb(word: str, vocabulary: EventVocabulary) -> bool:
    """ "يطلق", "تعبر", "يعانون": a person prefix and at least three letters of stem; verbal
    nouns of the تفعيل template (تقرير، تنظيم) and nominal endings are nouns."""
    return (
        word[:1] in vocabulary.imperfect_prefixes
        and _MIN_VERB + 1 <= len(word) <= _MAX_VERB
        and not word.endswith(("ه", "ات", "يه", "يا"))
        and not any(template.fullmatch(word) for template in vocabulary.masdar_templates)
        and not any(template.fullmatch(word) for template in vocabulary.noun_templates)
    )


def _perfect(word: str) -> bool:
    """A perfect verb's shape: no article, no participle prefix م, no nominal ending."""
    return (
        _MIN_VERB <= len(word) <= _MAX_VERB
        and not word.startswith((_DEFINITE, "م"))
        and not word.endswith(_NOMINAL_ENDINGS)
        and not (word.endswith("ا") and not word.endswith("وا"))  # accusative tanween: حريقا
    )


def _masdar(word: str, vocabulary: EventVocabulary) -> bool:
    return any(template.fullmatch(word) for template in vocabulary.masdar_templates)


def _after_definite(analysis: Analysis, index: int, mentions: list[Mention]) -> bool:
    """SVO: the verb follows its definite subject ("القوات الأمريكية نقلت", "إسرائيل أطلقت")."""
    previous = analysis.sentence.tokens[index - 1].norm if index > 0 else ""
    return previous.startswith(_DEFINITE) or any(m.end == index for m in mentions)
