"""The shape of every rule file, validated with pydantic (errors are mapped to file:line by the loader)."""

from __future__ import annotations

import re
import re._constants as sre_constants  # the parser of the re module: 3.11+
import re._parser as sre_parse
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.]+$")]
KINDS = (
    "casualties",
    "distance",
    "deployment",
    "count",
    "event",
    "vote",
    "accusation",
    "denial",
    "control",
    "damage",
)


_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
_BACKREFERENCES = (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS)
_SINGLE_CHARACTER = (sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.IN, sre_constants.ANY)
# A user pattern is matched against one token, cut to this many characters (extract.analysis).
MAX_PATTERN_LENGTH = 200
_MANY = 10  # a bounded repeat above this backtracks like an unbounded one


def unsafe_regex(pattern: str) -> str | None:
    """Why a user's regular expression could take exponential time (catastrophic backtracking),
    or None. Python's re has no timeout, so patterns are refused at load: a quantifier inside a
    quantified group ((a+)+), an alternation of multi-character branches under an unbounded
    quantifier ((a|ab)*), and backreferences (\\1), whose matching is NP-hard in general."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"longer than {MAX_PATTERN_LENGTH} characters"
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    return _unsafe(list(parsed), repeated=False, unbounded=False)


def _unsafe(items: list, repeated: bool, unbounded: bool) -> str | None:  # type: ignore[type-arg]
    for op, argument in items:
        found: str | None = None
        if op in _BACKREFERENCES:
            return "backreferences are not allowed (they can make matching take exponential time)"
        if op in _REPEATS:
            low, high, sub = argument
            if high > 1 and repeated and low != high:
                return "nested quantifiers such as (a+)+ can make matching take exponential time"
            found = _unsafe(list(sub), repeated or high > 1, unbounded or high > _MANY)
        elif op is sre_constants.SUBPATTERN:
            found = _unsafe(list(argument[-1]), repeated, unbounded)
        elif op is sre_constants.ATOMIC_GROUP:
            found = _unsafe(list(argument), repeated, unbounded)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            found = _unsafe(list(argument[1]), repeated, unbounded)
        elif op is sre_constants.BRANCH:
            branches = argument[1]
            if unbounded and not all(_single_character(list(branch)) for branch in branches):
                return "an alternation under a quantifier such as (a|ab)* can take exponential time"
            for branch in branches:
                found = found or _unsafe(list(branch), repeated, unbounded)
        if found:
            return found
    return None


def _single_character(items: list) -> bool:  # type: ignore[type-arg]
    return len(items) == 1 and items[0][0] in _SINGLE_CHARACTER


class Strict(BaseModel):
    # defer_build: a run that unpickles its compiled rulebook (rulebook/cache.py) never validates, so
    # it need not pay for building 23 validators at import (~0.15 s of a warm check).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# numbers.yaml -----------------------------------------------------------------------------------
class NumberWord(Strict):
    value: float = Field(gt=0)
    forms: list[Word] = Field(min_length=1)
    scale: bool = False  # multiplies what precedes it (ألف, مليون)
    standalone: bool = True  # False: only inside a larger number (أحد in أحد عشر, آلاف after a number)


class VagueAmount(Strict):
    forms: list[Word] = Field(min_length=1)
    low: float = Field(ge=0)
    high: float = Field(gt=0)


class BoundMarker(Strict):
    bound: Literal["approximate", "more_than", "at_least", "less_than", "up_to"]
    position: Literal["before", "after"] = "before"
    phrases: list[Word] = Field(min_length=1)


class NumbersFile(Strict):
    type: Literal["numbers"]
    approximate_margin: float = Field(default=0.1, gt=0, lt=1)
    subset_markers: list[Word] = []
    words: list[NumberWord] = []
    vague: list[VagueAmount] = []
    bounds: list[BoundMarker] = []


# units.yaml -------------------------------------------------------------------------------------
class Unit(Strict):
    id: Identifier
    singular: list[Word] = []
    plural: list[Word] = []
    dual: list[Word] = []  # duals the generator cannot derive safely (جنديين is not a plural, مدنيين is)
    symbols: list[Word] = []  # written right after digits with or without a space (%, كم)
    # Sub-kinds that make two figures incomparable (7 civilians vs 27 militants): group → forms.
    groups: dict[Identifier, list[Word]] = {}


class UnitsFile(Strict):
    type: Literal["units"]
    units: list[Unit]
    # Words that may stand between a count of people and the organisation they belong to
    # ("51 من عناصر تنظيم الدولة", "20 في صفوف قوات النظام"): see Entity.members.
    membership: list[Word] = []


# entities/*.yaml --------------------------------------------------------------------------------
class Entity(Strict):
    id: Identifier
    name: Word
    category: Literal["country", "organization", "place", "person", "media", "group"]
    aliases: list[Word] = Field(min_length=1)
    adjectives: list[Word] = []
    part_of: Identifier | None = None
    # The group (units.yaml) of a count of its people: "51 من عناصر تنظيم الدولة" are militants,
    # "20 في صفوف قوات النظام" soldiers. Its adjectives then count such people ("51 داعشيا").
    members: Identifier | None = None
    # A place whose name other places share (villages called عياش across Syria): named beside
    # another province of its country and not its own, it does not place a claim.
    namesake: bool = False


class EntitiesFile(Strict):
    type: Literal["entities"]
    entities: list[Entity]


# attribution.yaml -------------------------------------------------------------------------------
class AttributionVerb(Strict):
    id: Identifier
    polarity: Literal["asserted", "denied"] = "asserted"
    forms: list[Word] = []  # matched by stem
    phrases: list[Word] = []  # matched word by word on normalised keys
    source_before: bool = False  # prepositional markers (وفق، بحسب) take their source after them only


class AttributionFile(Strict):
    type: Literal["attribution"]
    verbs: list[AttributionVerb]
    source_nouns: list[Word] = []  # generic sources: مصادر، تقارير، المتحدث …
    negators: list[Word] = []  # لم، لن، لا، ليس، غير: negate a trigger right after them
    complementizers: list[Word] = []  # أن، إن: what follows is what was said, not who said it
    prepositions: list[Word] = []  # end a generic source's modifiers


# hedges.yaml ------------------------------------------------------------------------------------
class HedgeExample(Strict):
    text: Word
    hedged: bool


class Hedge(Strict):
    id: Identifier
    category: Literal["speculation", "opinion", "prediction", "correction"]
    phrases: list[Word] = Field(min_length=1)
    next_pattern: str | None = None  # regex the following token's normalised form must match
    next_exclude: list[Word] = []  # following words that cancel the hedge (قد تم)
    examples: list[HedgeExample] = Field(min_length=2)

    @field_validator("next_pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
            if problem := unsafe_regex(pattern):
                raise ValueError(f"unsafe regular expression: {problem}")
        return pattern

    @model_validator(mode="after")
    def _both_kinds_of_example(self) -> Hedge:
        if not any(e.hedged for e in self.examples) or all(e.hedged for e in self.examples):
            raise ValueError("needs at least one hedged and one not hedged example")
        return self


class HedgesFile(Strict):
    type: Literal["hedges"]
    clause_breaks: list[Word] = []  # words that start a new clause (لكن، فيما، بينما …)
    hedges: list[Hedge]


# time.yaml --------------------------------------------------------------------------------------
class TimeFile(Strict):
    type: Literal["time"]
    months: list[Word] = []
    phrases: list[Word] = []  # relative expressions: أمس، الأسبوع الماضي، خلال الأيام الماضية …
    year_words: list[Word] = []  # عام، سنة: a 4-digit number after them is a date, not a quantity
    event_date_words: list[Word] = []  # في، خلال: a year after them dates the clause's event
    period_words: list[Word] = []  # منذ، حتى: a year after them bounds a period instead


# predicates/*.yaml ------------------------------------------------------------------------------
class ExpectedQuantity(Strict):
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: Identifier | None = None


class PredicateExample(Strict):
    text: Word
    expect: ExpectedQuantity | Literal["none", "claim", "denied"]


class Predicate(Strict):
    id: Identifier
    kind: Literal[KINDS]  # type: ignore[valid-type]
    predicate: Identifier
    triggers: list[Word] = []
    # Words matched as written (clitics and the article stripped), not by stem: a trigger whose
    # stem is also another word's (أيد "endorsed" and أيدي "hands" both stem to ايد).
    forms: list[Word] = []
    phrases: list[Word] = []
    units: list[Identifier] = []
    quantity: Literal["required", "optional", "none"] = "optional"
    weak: bool = False
    requires_after: list[Word] = []  # one of these words must follow the trigger (سيطر على)
    requires_within: int = Field(default=4, ge=1, le=12)
    # The word right before the trigger makes it the name of something under way, not a report
    # of the event: "عمليات استعادة الأنبار" (operations to retake Anbar) claims no retaking.
    not_after: list[Word] = []
    examples: list[PredicateExample] = Field(min_length=2)

    @model_validator(mode="after")
    def _has_trigger_and_both_examples(self) -> Predicate:
        if not self.triggers and not self.forms and not self.phrases and not self.units:
            raise ValueError("needs triggers, forms, phrases or units")
        if all(e.expect == "none" for e in self.examples) or not any(
            e.expect == "none" for e in self.examples
        ):
            raise ValueError("needs at least one positive and one negative example (expect: none)")
        return self


class PredicatesFile(Strict):
    type: Literal["predicates"]
    predicates: list[Predicate]


# antonyms.yaml ----------------------------------------------------------------------------------
class AntonymPair(Strict):
    words: tuple[list[Word], list[Word]]


class ExclusiveGroup(Strict):
    members: list[list[Word]] = Field(min_length=2)  # each member: its forms


class AntonymsFile(Strict):
    type: Literal["antonyms"]
    pairs: list[AntonymPair]
    # Alternatives of which a sentence names one (الدولار / اليورو / الذهب): any two members of a
    # group contradict like an antonym pair.
    exclusive: list[ExclusiveGroup] = []
    # Words that reverse what they govern without a fixed opposite (يرفض، فشل، دون، إلغاء):
    # on one side only, they contradict like a negation.
    reversers: list[Word] = []


# events.yaml ------------------------------------------------------------------------------------
class EventWord(Strict):
    lemma: Word  # the predicate of an open-vocabulary event claim (أطلق، اتفق)
    forms: list[Word] = Field(min_length=1)  # its inflections and verbal nouns, matched by stem


class EventExample(Strict):
    text: Word
    expect: Word  # the event's lemma, or "none": no open-vocabulary event


class EventsFile(Strict):
    type: Literal["events"]
    words: list[EventWord] = []  # event verbs and verbal nouns (مصادر) the lexicon does not name
    # Light morphology of verbs not listed: the imperfect's person prefixes, the future prefixes
    # (a prediction, not a claim), and templates of verbal nouns ("?" is one letter: است??ا? → استقبال).
    imperfect_prefixes: list[Word] = []
    future_prefixes: list[Word] = []
    first_person_prefixes: list[Word] = []  # نفعل: the newspaper speaking ("نعتذر لقرائنا"), not news
    masdar_templates: list[Word] = []
    noun_templates: list[Word] = []  # plural shapes an imperfect verb also has: ت?ا?ي? (تفاصيل)
    openers: list[Word] = []  # words that open a clause before its verb (ثم، كما، قد)
    relatives: list[Word] = []  # الذي، التي: a verb after them describes a noun
    demonstratives: list[Word] = []  # هذه، ذلك: they open a new noun phrase, never a role's name
    not_events: list[Word] = []  # words of a verb's shape that state no event (كان، يوجد، ليس)
    light_verbs: list[Word] = []  # قام ب، تم: the event is the verbal noun that follows
    # نفذ ضربات، ارتكب مجزرة: the event is the noun governed, when one follows; else the verb
    support_verbs: list[EventWord] = []
    pronoun_complementizers: list[Word] = []  # إنه، إنها: a complementizer with its subject
    result_connectors: list[Word] = []  # مما أدى إلى، أسفر عن: the event's result, a clause of its own
    common: list[Word] = []  # function words and common nouns: never a verb, never a name
    titles: list[Word] = []  # الرئيس، وزير، المتحدث باسم: a role, before the name of its holder
    place_markers: list[Word] = []  # بلدة، مدينة، قرب: the next words name a place
    examples: list[EventExample] = Field(min_length=2)

    @model_validator(mode="after")
    def _both_kinds_of_example(self) -> EventsFile:
        if all(e.expect == "none" for e in self.examples) or not any(
            e.expect == "none" for e in self.examples
        ):
            raise ValueError("needs at least one event and one negative example (expect: none)")
        return self


FILE_MODELS: dict[str, type[Strict]] = {
    "numbers": NumbersFile,
    "units": UnitsFile,
    "entities": EntitiesFile,
    "attribution": AttributionFile,
    "hedges": HedgesFile,
    "time": TimeFile,
    "predicates": PredicatesFile,
    "antonyms": AntonymsFile,
    "events": EventsFile,
}
