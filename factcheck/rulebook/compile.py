"""Turn validated rule files into the lookup structures the extractor uses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import RuleFileError
from factcheck.rulebook.lexicon import PhraseLexicon, StemLexicon
from factcheck.rulebook.yaml_lines import Location, line_of
from factcheck.text.clitics import lexicon_keys
from factcheck.text.normalize import normalize
from factcheck.text.stems import stem

if TYPE_CHECKING:  # compile_rulebook imports it: a cached rulebook is loaded without pydantic
    from factcheck.rulebook import schema

_FULL_NAME_WORDS = 2  # first and last name: the form spelling variants are matched on
_CLITIC_LETTERS = frozenset("وفبلك")  # letters Snowball may strip as a clitic from a word's start


@dataclass(frozen=True, slots=True)
class NumberEntry:
    value: float
    scale: bool
    standalone: bool


@dataclass(frozen=True, slots=True)
class Range:
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class UnitEntry:
    unit: str
    dual: bool
    group: str | None = None  # civilians, soldiers, militants …: figures of two groups never compare


@dataclass(frozen=True, slots=True)
class EntityInfo:
    id: str
    name: str
    category: str
    part_of: str | None
    members: str | None = None  # the group of a count of its people (schema.Entity.members)
    namesake: bool = False  # other places share its name (schema.Entity.namesake)


@dataclass(frozen=True, slots=True)
class VerbInfo:
    id: str
    polarity: str
    source_before: bool


# A rule's examples as plain values: the compiled rulebook is pickled (rulebook/cache.py), and
# unpickling pydantic models would import pydantic and the schema in every process.
@dataclass(frozen=True, slots=True)
class HedgeExample:
    text: str
    hedged: bool


@dataclass(frozen=True, slots=True)
class ExpectedFigure:
    value: float | None
    low: float | None
    high: float | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class PredicateExample:
    text: str
    expect: ExpectedFigure | str  # a figure, or "none", "claim", "denied"


@dataclass(frozen=True, slots=True)
class HedgeRule:
    id: str
    category: str
    next_pattern: re.Pattern[str] | None
    next_exclude: frozenset[str]
    examples: tuple[HedgeExample, ...]


@dataclass(frozen=True, slots=True)
class PredicateRule:
    id: str
    kind: str
    predicate: str
    units: frozenset[str]
    quantity: str
    weak: bool
    has_triggers: bool  # False: the rule claims figures by their unit alone (count.amount)
    requires_after: frozenset[str]
    requires_within: int
    not_after: frozenset[str]
    examples: tuple[PredicateExample, ...]


@dataclass(frozen=True, slots=True)
class EventExample:
    text: str
    expect: str  # the event's lemma, or "none"


@dataclass
class EventVocabulary:
    """rules/events.yaml: what open-vocabulary event detection (extract/events.py) reads."""

    words: StemLexicon[str] = field(default_factory=StemLexicon)  # payload: the lemma
    imperfect_prefixes: tuple[str, ...] = ()
    future_prefixes: tuple[str, ...] = ()
    first_person_prefixes: tuple[str, ...] = ()
    masdar_templates: tuple[re.Pattern[str], ...] = ()
    noun_templates: tuple[re.Pattern[str], ...] = ()
    openers: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    demonstratives: frozenset[str] = frozenset()
    not_events: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    support_verbs: StemLexicon[str] = field(default_factory=StemLexicon)  # payload: the lemma
    pronoun_complementizers: frozenset[str] = frozenset()
    result_connectors: PhraseLexicon[str] = field(default_factory=PhraseLexicon)
    common: frozenset[str] = frozenset()
    titles: PhraseLexicon[str] = field(default_factory=PhraseLexicon)
    place_markers: frozenset[str] = frozenset()
    examples: tuple[EventExample, ...] = ()


@dataclass
class Rulebook:
    fingerprint: str
    files: list[Path]
    approximate_margin: float = 0.1
    number_words: dict[str, NumberEntry] = field(default_factory=dict)
    vague: PhraseLexicon[Range] = field(default_factory=PhraseLexicon)
    bounds_before: PhraseLexicon[str] = field(default_factory=PhraseLexicon)
    bounds_after: PhraseLexicon[str] = field(default_factory=PhraseLexicon)
    units: PhraseLexicon[UnitEntry] = field(default_factory=PhraseLexicon)
    unit_symbols: dict[str, str] = field(default_factory=dict)
    unit_groups: set[str] = field(default_factory=set)  # groups of people (civilian, military …)
    membership: frozenset[str] = frozenset()  # units.yaml membership: "من", "عناصر", "صفوف" …
    entities: PhraseLexicon[EntityInfo] = field(default_factory=PhraseLexicon)
    entity_by_id: dict[str, EntityInfo] = field(default_factory=dict)
    person_names: dict[str, EntityInfo] = field(default_factory=dict)  # normalised two-word names
    person_name_list: list[str] = field(default_factory=list)  # its keys, for rapidfuzz
    person_name_words: frozenset[str] = frozenset()  # every word of those names
    verbs: StemLexicon[VerbInfo] = field(default_factory=StemLexicon)
    verb_phrases: PhraseLexicon[VerbInfo] = field(default_factory=PhraseLexicon)
    source_nouns: PhraseLexicon[str] = field(default_factory=PhraseLexicon)
    negators: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    subset_markers: frozenset[str] = frozenset()
    hedges: PhraseLexicon[HedgeRule] = field(default_factory=PhraseLexicon)
    hedge_rules: list[HedgeRule] = field(default_factory=list)
    clause_breaks: frozenset[str] = frozenset()
    # Weekdays keep their article (الأحد); without it they are other words (أحد).
    time_phrases: PhraseLexicon[str] = field(default_factory=PhraseLexicon)  # payload: month or relative
    year_words: frozenset[str] = frozenset()
    event_date_words: frozenset[str] = frozenset()
    period_words: frozenset[str] = frozenset()
    predicates: StemLexicon[PredicateRule] = field(default_factory=StemLexicon)
    predicate_forms: PhraseLexicon[PredicateRule] = field(default_factory=PhraseLexicon)
    predicate_rules: list[PredicateRule] = field(default_factory=list)
    unit_only_rules: list[PredicateRule] = field(default_factory=list)
    unit_ids: set[str] = field(default_factory=set)
    antonyms: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)
    # The `pairs` part of antonyms alone (ارتفاع / هبوط): opposites said of a thing, unlike the
    # `exclusive` alternatives (الدولار / الذهب) that are the things themselves.
    opposites: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)
    reversers: frozenset[str] = frozenset()
    events: EventVocabulary = field(default_factory=EventVocabulary)

    def lineage(self, entity_id: str | None) -> tuple[str, ...]:
        """An entity and everything it is part of, nearest first (عياش → دير الزور → سوريا).
        Unknown ids and cycles end the chain."""
        chain: list[str] = []
        while entity_id and entity_id not in chain and entity_id in self.entity_by_id:
            chain.append(entity_id)
            entity_id = self.entity_by_id[entity_id].part_of
        return tuple(chain)

    @property
    def quantity_starters(self) -> frozenset[str]:
        """Keys a quantity can start with (digits aside): bounds, vague amounts, number words, duals."""
        cached = self.__dict__.get("_quantity_starters")
        if cached is None:
            cached = (
                self.bounds_before.first_words()
                | self.vague.first_words()
                | frozenset(self.number_words)
                | self.units.first_words()
            )
            self.__dict__["_quantity_starters"] = cached
        return cached

    @property
    def quantity_cores(self) -> frozenset[str]:
        """Keys (digits aside) without one of which no quantity can be read: number words, the first
        words of vague amounts, the last words of dual nouns. A bound (أكثر من, حتى) or a unit only
        ever extends one of these."""
        cached = self.__dict__.get("_quantity_cores")
        if cached is None:
            cached = (
                frozenset(self.number_words)
                | self.vague.first_words()
                | self.units.last_words_of(lambda entry: entry.dual)
            )
            self.__dict__["_quantity_cores"] = cached
        return cached


def _norm_keys(words: Sequence[str]) -> frozenset[str]:
    return frozenset(key for word in words for key in lexicon_keys(normalize(word)))


def _generated_duals(singular: str, plurals: frozenset[str]) -> list[str]:
    """Dual forms of a singular noun (سيارة → سيارتان/سيارتين, قتيل → قتيلان/قتيلين).

    Without vowels a sound masculine plural looks like a dual (مقاتلين), and so does a nisba
    adjective's plural (مدنيين): a form that the unit's plurals list, or a ي-final +ين, is skipped."""
    norm = normalize(singular)
    base = norm[:-1] + "ت" if norm.endswith("ه") else norm
    forms = [base + "ان"]
    if not norm.endswith("ي"):
        forms.append(base + "ين")
    return [form for form in forms if form not in plurals]


def _add_numbers(book: Rulebook, spec: schema.NumbersFile) -> None:
    book.approximate_margin = spec.approximate_margin
    book.subset_markers = book.subset_markers | _norm_keys(spec.subset_markers)
    for word in spec.words:
        for form in word.forms:
            book.number_words[normalize(form)] = NumberEntry(word.value, word.scale, word.standalone)
    for vague in spec.vague:
        for form in vague.forms:
            book.vague.add(form, Range(vague.low, vague.high))
    for marker in spec.bounds:
        lexicon = book.bounds_before if marker.position == "before" else book.bounds_after
        for phrase in marker.phrases:
            lexicon.add(phrase, marker.bound)


def _add_units(book: Rulebook, spec: schema.UnitsFile) -> None:
    book.membership = book.membership | _norm_keys(spec.membership)
    all_plurals = _norm_keys([p for unit in spec.units for p in unit.plural])
    for unit in spec.units:
        book.unit_ids.add(unit.id)
        book.unit_groups.update(unit.groups)
        group_of = {normalize(form): group for group, forms in unit.groups.items() for form in forms}
        for form in [*unit.singular, *unit.plural]:
            book.units.add(form, UnitEntry(unit.id, dual=False, group=group_of.get(normalize(form))))
        for singular in unit.singular:
            for dual in _generated_duals(singular, all_plurals):
                book.units.add(dual, UnitEntry(unit.id, dual=True, group=group_of.get(normalize(singular))))
        for form in unit.dual:
            book.units.add(form, UnitEntry(unit.id, dual=True, group=group_of.get(normalize(form))))
        for symbol in unit.symbols:
            book.unit_symbols[normalize(symbol)] = unit.id


def _add_entities(book: Rulebook, spec: schema.EntitiesFile, path: Path, lines: dict[Location, int]) -> None:
    for number, entity in enumerate(spec.entities):
        if entity.id in book.entity_by_id:
            line = line_of(lines, ("entities", number, "id"))
            message = f"entity id {entity.id!r} defined twice (an earlier file has it)"
            raise RuleFileError(str(path), line, message)
        info = EntityInfo(
            entity.id, entity.name, entity.category, entity.part_of, entity.members, entity.namesake
        )
        book.entity_by_id[entity.id] = info
        for alias in [*entity.aliases, *entity.adjectives, entity.name]:
            book.entities.add(alias, info)
            if entity.category == "person" and len(alias.split()) == _FULL_NAME_WORDS:
                book.person_names[" ".join(normalize(word) for word in alias.split())] = info
        if entity.category == "country":
            # "2.5 مليون يمني": after a number a nationality adjective counts people.
            for adjective in entity.adjectives:
                book.units.add(adjective, UnitEntry("person", dual=False))
        elif entity.members:
            # "51 داعشيا": after a number the adjective counts members of the group.
            for adjective in entity.adjectives:
                book.units.add(adjective, UnitEntry("person", dual=False, group=entity.members))
    book.person_name_list = list(book.person_names)
    book.person_name_words = frozenset(word for name in book.person_names for word in name.split())


def _add_attribution(book: Rulebook, spec: schema.AttributionFile) -> None:
    for verb in spec.verbs:
        info = VerbInfo(verb.id, verb.polarity, verb.source_before)
        for form in verb.forms:
            book.verbs.add_word(form, info)
        for phrase in verb.phrases:
            book.verb_phrases.add(phrase, info)
    for noun in spec.source_nouns:
        book.source_nouns.add(noun, noun)
    book.negators = book.negators | frozenset(normalize(word) for word in spec.negators)
    book.complementizers = book.complementizers | frozenset(normalize(word) for word in spec.complementizers)
    book.prepositions = book.prepositions | frozenset(normalize(word) for word in spec.prepositions)


def _add_hedges(book: Rulebook, spec: schema.HedgesFile) -> None:
    book.clause_breaks = book.clause_breaks | _norm_keys(spec.clause_breaks)
    for hedge in spec.hedges:
        pattern = re.compile(hedge.next_pattern) if hedge.next_pattern else None  # validated by the schema
        examples = tuple(HedgeExample(example.text, example.hedged) for example in hedge.examples)
        rule = HedgeRule(hedge.id, hedge.category, pattern, _norm_keys(hedge.next_exclude), examples)
        book.hedge_rules.append(rule)
        for phrase in hedge.phrases:
            book.hedges.add(phrase, rule)


def _predicate_example(example: schema.PredicateExample) -> PredicateExample:
    expect = example.expect
    if isinstance(expect, str):
        return PredicateExample(example.text, expect)
    return PredicateExample(example.text, ExpectedFigure(expect.value, expect.low, expect.high, expect.unit))


def _add_predicates(book: Rulebook, spec: schema.PredicatesFile) -> None:
    for item in spec.predicates:
        has_triggers = bool(item.triggers or item.forms or item.phrases)
        rule = PredicateRule(
            item.id,
            item.kind,
            item.predicate,
            frozenset(item.units),
            item.quantity,
            item.weak,
            has_triggers,
            _norm_keys(item.requires_after),
            item.requires_within,
            _norm_keys(item.not_after),
            tuple(_predicate_example(example) for example in item.examples),
        )
        book.predicate_rules.append(rule)
        if not has_triggers:
            book.unit_only_rules.append(rule)
        for trigger in item.triggers:
            # Snowball reads a leading و/ب/ل as a clitic and strips it (وفيات → فيا, which then
            # matches الفئات): such words are matched by their exact form instead of their stem.
            first = normalize(trigger)[:1]
            if first in _CLITIC_LETTERS and normalize(stem(trigger))[:1] != first:
                book.predicate_forms.add(trigger, rule)
            else:
                book.predicates.add_word(trigger, rule)
        for form in item.forms:
            book.predicate_forms.add(form, rule)
        for phrase in item.phrases:
            book.predicates.add_phrase(phrase, rule)


def _template(template: str) -> re.Pattern[str]:
    """ "است??ا?" → a whole-word pattern, "?" one letter (no quantifier: linear matching)."""
    return re.compile("".join("." if char == "?" else re.escape(char) for char in normalize(template)))


def _add_events(book: Rulebook, spec: schema.EventsFile) -> None:
    events = book.events
    for word in spec.words:
        for form in [word.lemma, *word.forms]:
            events.words.add_word(form, word.lemma)
    events.imperfect_prefixes += tuple(normalize(p) for p in spec.imperfect_prefixes)
    events.future_prefixes += tuple(normalize(p) for p in spec.future_prefixes)
    events.first_person_prefixes += tuple(normalize(p) for p in spec.first_person_prefixes)
    events.masdar_templates += tuple(_template(t) for t in spec.masdar_templates)
    events.noun_templates += tuple(_template(t) for t in spec.noun_templates)
    events.openers |= _norm_keys(spec.openers)
    events.relatives |= _norm_keys(spec.relatives)
    events.demonstratives |= _norm_keys(spec.demonstratives)
    events.not_events |= _norm_keys(spec.not_events)
    events.light_verbs |= frozenset(normalize(word) for word in spec.light_verbs)
    for support in spec.support_verbs:
        for form in [support.lemma, *support.forms]:
            events.support_verbs.add_word(form, support.lemma)
    events.pronoun_complementizers |= frozenset(normalize(word) for word in spec.pronoun_complementizers)
    for connector in spec.result_connectors:
        events.result_connectors.add(connector, connector)
    events.common |= _norm_keys(spec.common)
    events.place_markers |= _norm_keys(spec.place_markers)
    for title in spec.titles:
        events.titles.add(title, title)
    events.examples += tuple(EventExample(e.text, e.expect) for e in spec.examples)


def compile_rulebook(
    validated: Sequence[tuple[Path, schema.Strict, dict[Location, int]]], fingerprint: str
) -> Rulebook:
    from factcheck.rulebook import schema

    book = Rulebook(fingerprint=fingerprint, files=[path for path, _, _ in validated])
    references: list[_Reference] = []
    for path, spec, lines in validated:
        match spec:
            case schema.NumbersFile():
                _add_numbers(book, spec)
            case schema.UnitsFile():
                _add_units(book, spec)
            case schema.EntitiesFile():
                _add_entities(book, spec, path, lines)
                references.extend(
                    _Reference(path, line_of(lines, ("entities", i, "part_of")), "part_of", {e.part_of})
                    for i, e in enumerate(spec.entities)
                    if e.part_of
                )
                references.extend(
                    _Reference(path, line_of(lines, ("entities", i, "members")), "group", {e.members})
                    for i, e in enumerate(spec.entities)
                    if e.members
                )
            case schema.AttributionFile():
                _add_attribution(book, spec)
            case schema.HedgesFile():
                _add_hedges(book, spec)
            case schema.TimeFile():
                for phrase in spec.phrases:
                    book.time_phrases.add(phrase, "relative")
                for month in spec.months:
                    book.time_phrases.add(month, "month")
                book.year_words = book.year_words | _norm_keys(spec.year_words)
                book.event_date_words = book.event_date_words | _norm_keys(spec.event_date_words)
                book.period_words = book.period_words | _norm_keys(spec.period_words)
            case schema.PredicatesFile():
                _add_predicates(book, spec)
                references.extend(
                    _Reference(path, line_of(lines, ("predicates", i, "units")), "unit", set(p.units))
                    for i, p in enumerate(spec.predicates)
                )
            case schema.EventsFile():
                _add_events(book, spec)
            case schema.AntonymsFile():
                pairs = [(_norm_keys(a), _norm_keys(b)) for a, b in (p.words for p in spec.pairs)]
                book.antonyms.extend(pairs)
                book.opposites.extend(pairs)
                book.reversers = book.reversers | _norm_keys(spec.reversers)
                for group in spec.exclusive:
                    members = [_norm_keys(forms) for forms in group.members]
                    book.antonyms.extend((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    _check_references(book, references)
    return book


@dataclass(frozen=True)
class _Reference:
    """Ids a rule file names that another file may define: checked once every file is loaded."""

    path: Path
    line: int
    what: str  # "unit", "group" (of people, units.yaml) or "part_of"
    ids: set[str]


def _check_references(book: Rulebook, references: list[_Reference]) -> None:
    for reference in references:
        known = {"unit": book.unit_ids, "group": book.unit_groups}.get(reference.what, set(book.entity_by_id))
        unknown = reference.ids - known
        if unknown:
            names = ", ".join(sorted(unknown))
            raise RuleFileError(
                str(reference.path), reference.line, f"{reference.what} {names} is not defined"
            )
