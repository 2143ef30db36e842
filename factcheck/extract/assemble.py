"""Assemble claims from one analysed sentence: predicates, their quantities, polarity, attribution."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from factcheck.extract.analysis import Analysis
from factcheck.extract.attribution import Report, find_reports
from factcheck.extract.dating import event_year
from factcheck.extract.drafts import Draft, Trigger, accepts, anchor
from factcheck.extract.entities import Mention, find_mentions
from factcheck.extract.identity import Evidence, check_worthiness
from factcheck.extract.main_event import OPEN_EVENT_RULE, with_main_event
from factcheck.extract.parties import Party, find_parties
from factcheck.extract.places import placing
from factcheck.model import Attribution, Claim, EntityRef, Quantity, Span
from factcheck.model import Party as PartyRef
from factcheck.quantities.find import TIME_UNITS, Found, find_quantities
from factcheck.rulebook.compile import PredicateRule, Rulebook

_MAX_GAP_BEFORE = 12  # tokens between a trigger and the quantity that follows it
_MAX_GAP_AFTER = 6  # "27 متشددا من تنظيم الدولة الإسلامية قتلوا": a trigger soon after its figure
_NEGATION_REACH = 2  # "لم يُقتل", "لم يتم قتل"
_CONTEXT_WORDS = 5
_GROUP_REACH = 3
_MEMBERSHIP_REACH = 4  # "51 من عناصر تنظيم الدولة": words between a count and whose people they are


def extract_sentence(
    analysis: Analysis, book: Rulebook, original: str, open_vocabulary: bool = False
) -> list[Claim]:
    """The sentence's claims, without ids: an id hashes the claim, which only articles need
    (extract_claims names them); the index keeps facts, and hashing was about 3 % of its work.

    With `open_vocabulary` (articles), the main statement is a claim even when no predicate of the
    lexicon names it (extract/events.py), and parties the gazetteer lacks are listed as unresolved
    (extract/parties.py). The index keeps it off: it would analyse every corpus sentence."""
    found = find_quantities(original, analysis.sentence.tokens, analysis.keys, book)
    matches = book.predicates.find_all(analysis.stems) + book.predicate_forms.find_all(analysis.keys)
    if (
        not open_vocabulary
        and not matches
        and not any(q.quantity.unit in rule.units for q in found for rule in book.unit_only_rules)
    ):
        # Nothing here can be a claim: without a trigger only a figure whose unit alone makes a claim
        # (count.amount) could. Skip entities, reports and hedges.
        return []
    mentions = find_mentions(analysis, book)
    reports = find_reports(analysis, mentions, book)
    amounts = [
        q
        for q in found
        if not q.is_date and q.quantity.unit not in TIME_UNITS and not _is_subset(analysis, q, book)
    ]
    times = [q for q in found if q.is_date or q.quantity.unit in TIME_UNITS]
    inside_names = {index for m in mentions for index in range(m.start, m.end)}
    triggers = [
        Trigger(m.payload, m.start, m.end)
        for m in matches
        if m.start not in inside_names
        and _has_required_word(analysis, m.payload, m.end)
        and not _names_an_operation(analysis, m.payload, m.start)
    ]
    drafts = _drafts(analysis, triggers, amounts, reports, book)
    parties: list[Party] = []
    if open_vocabulary:
        parties = find_parties(analysis, mentions, book)
        named = [
            Trigger(m.payload, m.start, m.end)
            for m in matches
            if m.start not in inside_names and not _names_an_operation(analysis, m.payload, m.start)
        ]
        drafts, subject = with_main_event(
            analysis, drafts, named, amounts, mentions, reports, parties, times, book
        )
        if subject is not None:
            parties.append(subject)
    time = _time(analysis, times, book)  # the sentence's, once: per claim it made long sentences quadratic
    return [
        _claim(analysis, draft, mentions, reports, times, time, book, original, parties) for draft in drafts
    ]


def _is_subset(analysis: Analysis, found: Found, book: Rulebook) -> bool:
    return found.first > 0 and bool(book.subset_markers.intersection(analysis.keys[found.first - 1]))


def _has_required_word(analysis: Analysis, rule: PredicateRule, end: int) -> bool:
    """ "سيطر على": a rule may need a word soon after its trigger to be an assertion at all
    ("في مناطق سيطرته" mentions control, it does not claim it)."""
    if not rule.requires_after:
        return True
    window = analysis.keys[end : end + rule.requires_within]
    return any(rule.requires_after.intersection(keys) for keys in window)


def _names_an_operation(analysis: Analysis, rule: PredicateRule, start: int) -> bool:
    """ "عمليات استعادة الأنبار", "معركة تحرير الموصل": the word before the trigger (rule.not_after,
    clitics stripped: لعمليات) makes it the name of an operation, which claims nothing happened."""
    return start > 0 and bool(rule.not_after.intersection(analysis.keys[start - 1]))


class _Nearby:
    """The triggers that can reach a figure: within _MAX_GAP_BEFORE before it or _MAX_GAP_AFTER
    after it. Found by bisection in their start order, then kept in the list's own order (ties
    resolve as they always have), so attaching every figure is linear in the sentence, not a scan
    of every trigger per figure."""

    def __init__(self, triggers: list[Trigger]) -> None:
        self._order = sorted(range(len(triggers)), key=lambda i: triggers[i].start)
        self._starts = [triggers[i].start for i in self._order]
        self._longest = max((t.end - t.start for t in triggers), default=0)
        self._triggers = triggers

    def around(self, found: Found) -> list[Trigger]:
        low = bisect_left(self._starts, found.first - _MAX_GAP_BEFORE - self._longest)
        high = bisect_right(self._starts, found.last + _MAX_GAP_AFTER)
        return [self._triggers[i] for i in sorted(self._order[low:high])]


def _attach(analysis: Analysis, triggers: list[Trigger], found: Found) -> Trigger | None:
    # A predicate reaches its figure across commas ("وتبعد بعقوبة، مركز المحافظة، نحو 55 كيلومترا")
    # but not across a clause-breaking word (لكن، فيما).
    candidates = [
        t
        for t in triggers
        if accepts(analysis, t, found)
        and not analysis.breaks_between(min(t.end, found.number), max(t.start, found.last))
    ]
    overlapping = [t for t in candidates if t.start < found.last and found.first < t.end]
    if overlapping:
        return overlapping[0]
    before = [t for t in candidates if t.end <= found.first and found.first - t.end <= _MAX_GAP_BEFORE]
    after = [
        t
        for t in candidates
        if t.start >= found.last
        and t.start - found.last <= _MAX_GAP_AFTER
        and not analysis.punctuation_between(found.last, t.start)
    ]
    nearest_before = max(before, key=lambda t: t.end) if before else None
    nearest_after = min(after, key=lambda t: t.start) if after else None
    if nearest_before is None or nearest_after is None:
        return nearest_before or nearest_after
    # "مقتل 4 جنود وإصابة 13": equal distance, the predicate before the figure governs it;
    # "..., مؤكدا أن جنديين فقط أصيبا": the closer predicate after it wins.
    gap_before = found.first - nearest_before.end
    gap_after = nearest_after.start - found.last
    return nearest_after if gap_after < gap_before else nearest_before


def _drafts(
    analysis: Analysis, triggers: list[Trigger], amounts: list[Found], reports: list[Report], book: Rulebook
) -> list[Draft]:
    drafts: list[Draft] = []
    with_quantity: dict[Trigger, Found] = {}
    nearby = _Nearby(triggers)
    for found in amounts:
        trigger = _attach(analysis, nearby.around(found), found)
        if trigger is not None:
            with_quantity.setdefault(trigger, found)
            drafts.append(Draft(trigger.rule, trigger, found))
            continue
        fallback = next((r for r in book.unit_only_rules if found.quantity.unit in r.units), None)
        if fallback is not None:
            drafts.append(Draft(fallback, None, found))
    drafts.extend(_coordinated(analysis, triggers, with_quantity))
    with_figure = {d.rule.predicate for d in drafts}
    # A figure claimed by its unit alone (count.amount: "بتسعة صواريخ") says nothing stronger about
    # the event than the weak trigger does, so it does not push the strike out.
    strong = any(_is_strong(d.rule) for d in drafts)
    # One figure-less claim per predicate, polarity and clause; a trigger outside any hedge represents it.
    chosen: dict[tuple[str, bool, int], Trigger] = {}
    for trigger in sorted(triggers, key=lambda t: (t.start in analysis.hedged, t.start)):
        rule = trigger.rule
        if trigger in with_quantity or rule.quantity == "required" or rule.predicate in with_figure:
            continue
        denied = _denied(analysis, trigger, reports, book)
        # Weak events (قصف, استهداف) recur through a sentence about one strike: one per sentence.
        clause = -1 if rule.weak else analysis.clause[trigger.start]
        chosen.setdefault((rule.predicate, denied, clause), trigger)
    for trigger in sorted(chosen.values(), key=lambda t: t.start):
        drafts.append(Draft(trigger.rule, trigger, None))
        strong = strong or _is_strong(trigger.rule)
    drafts = _drop_covered_denials(analysis, drafts)
    if not strong:
        return drafts
    strong_clauses = {analysis.clause[anchor(d)] for d in drafts if _is_strong(d.rule)}
    # A weak event stays beside stronger claims only when it is itself denied in a clause of its own
    # ("نفى التحالف، الثلاثاء، شن أي غارات"), not when it is the cause of a denied death toll.
    return [
        d
        for d in drafts
        if not d.rule.weak
        or d.quantity is not None
        or (_denied(analysis, d.trigger, reports, book) and analysis.clause[anchor(d)] not in strong_clauses)
    ]


def _is_strong(rule: PredicateRule) -> bool:
    return not rule.weak and rule.has_triggers


def _denied(analysis: Analysis, trigger: Trigger | None, reports: list[Report], book: Rulebook) -> bool:
    if trigger is None:
        return False
    return _negated(analysis, trigger, book) or _denied_by(analysis, reports, trigger.start) is not None


def _drop_covered_denials(analysis: Analysis, drafts: list[Draft]) -> list[Draft]:
    """A denial verb is a claim of its own ("نفت الوزارة التقارير") only when its clause holds no
    event it denies; otherwise that event carries the denial as its polarity."""
    events = {analysis.clause[d.trigger.start] for d in drafts if d.trigger and d.rule.kind != "denial"}
    return [
        d
        for d in drafts
        if d.rule.kind != "denial"
        or (d.trigger is not None and analysis.clause[d.trigger.start] not in events)
    ]


def _coordinated(
    analysis: Analysis, triggers: list[Trigger], with_quantity: dict[Trigger, Found]
) -> list[Draft]:
    """ "مقتل وإصابة عشرات المدنيين": the figure after the second predicate covers the first too."""
    shared: list[Draft] = []
    for first in triggers:
        if first in with_quantity:
            continue
        for second, found in with_quantity.items():
            conjoined = analysis.sentence.tokens[second.start].norm.startswith("و")
            if second.start == first.end and conjoined and second.rule.kind == first.rule.kind:
                shared.append(Draft(first.rule, first, found))
                with_quantity[first] = found
                break
    return shared


def _negated(analysis: Analysis, trigger: Trigger | None, book: Rulebook) -> bool:
    if trigger is None:
        return False
    reach = range(max(0, trigger.start - _NEGATION_REACH), trigger.start)
    return any(book.negators.intersection(analysis.keys[index]) for index in reach)


def _span(analysis: Analysis, first: int, last: int) -> Span:
    tokens = analysis.sentence.tokens
    start, end = tokens[first].start, tokens[last - 1].end
    # Sentences never span a line break (segment splits there), so the line is the sentence's.
    sentence = analysis.sentence
    return Span(start, end, sentence.line, sentence.column + start - sentence.start)


def _governing_report(reports: list[Report], position: int) -> Attribution | None:
    """The nearest report before the claim, else the first after it ("..., وفق ما أكده المتحدث").
    A report with no speaker of its own ("نفى مصدر …، مؤكدا أن …", "أكد المرصد الأخبار التي تفيد")
    is the last named speaker's."""
    before = [r for r in reports if r.end <= position]
    after = [r for r in reports if r.start >= position]
    report = before[-1] if before else (after[0] if after else None)
    if report is None:
        return None
    attribution = report.attribution
    if attribution.source is None and attribution.source_text is None:
        named = [
            r
            for r in reports
            if r.start < report.start and (r.attribution.source or r.attribution.source_text)
        ]
        if named:
            speaker = named[-1].attribution
            attribution = replace(attribution, source=speaker.source, source_text=speaker.source_text)
    return attribution


def _denied_by(analysis: Analysis, reports: list[Report], position: int) -> Report | None:
    """A denial governs what follows it up to the next report ("مؤكدا أن …") or a clause-breaking
    word (لكن، فيما); commas around an inserted date or place ("نفى X، الثلاثاء، شن") do not end it."""
    before = [r for r in reports if r.end <= position]
    if not before or before[-1].verb.polarity != "denied":
        return None
    denial = before[-1]
    if any(index in analysis.word_breaks for index in range(denial.end, position + 1)):
        return None
    return denial


def _claim(
    analysis: Analysis,
    draft: Draft,
    mentions: list[Mention],
    reports: list[Report],
    times: list[Found],
    time: str | None,
    book: Rulebook,
    original: str,
    parties: list[Party],
) -> Claim:
    trigger, found = draft.trigger, draft.quantity
    first = min(
        x for x in (trigger.start if trigger else None, found.first if found else None) if x is not None
    )
    last = max(x for x in (trigger.end if trigger else None, found.last if found else None) if x is not None)
    anchor = trigger.start if trigger else found.number  # type: ignore[union-attr]
    denial = _denied_by(analysis, reports, anchor)
    negated = denial is not None or _negated(analysis, trigger, book) or draft.rule.kind == "denial"
    polarity = "denied" if negated else "asserted"
    attribution = denial.attribution if denial else _governing_report(reports, anchor)
    hedge = analysis.hedged.get(anchor) or (analysis.hedged.get(found.number) if found else None)
    source_id = attribution.source.id if attribution and attribution.source else None
    actors, location = _participants(analysis, mentions, anchor, source_id, book)
    quantity: Quantity | None = found.quantity if found else None
    kind = draft.rule.kind
    unresolved = _unresolved(analysis, parties, anchor)
    claim = Claim(
        id="",
        kind=kind,
        predicate=draft.rule.predicate,
        quantity=quantity,
        quantities=(quantity,) if quantity else (),
        actors=actors,
        location=location,
        time=time,
        attribution=attribution,
        polarity=polarity,  # type: ignore[arg-type]
        group=(quantity.group or _members_group(analysis, mentions, found, book))
        if quantity
        else _group_near(analysis, trigger, book),
        checkable=hedge is None,
        hedge=hedge.id if hedge else None,
        text=original[analysis.sentence.tokens[first].start : analysis.sentence.tokens[last - 1].end],
        context=_context(analysis, first, last, original),
        sentence=analysis.sentence.text,
        span=_span(analysis, first, last),
        sentence_span=_span(analysis, 0, len(analysis.sentence.tokens)),
        check_worthiness=check_worthiness(
            kind,
            quantity,
            attribution is not None,
            checkable=hedge is None,
            weak=draft.rule.weak,
            evidence=Evidence(
                named=len(actors) + (location is not None),
                unresolved=len(unresolved),
                time=time is not None,
                open_event=draft.rule.id == OPEN_EVENT_RULE,
            ),
        ),
        rule=draft.rule.id,
        event_year=event_year(analysis, times, anchor, book) if times else None,
        unresolved=unresolved,
    )
    return claim


def _unresolved(analysis: Analysis, parties: list[Party], anchor: int) -> tuple[PartyRef, ...]:
    """The sentence's unresolved parties, those of the claim's clause first (the speaker's role
    stands in the frame, another clause)."""
    clause = analysis.clause[anchor]
    ordered = sorted(parties, key=lambda p: (analysis.clause[p.start] != clause, p.start))
    tokens = analysis.sentence.tokens
    offset = analysis.sentence.start
    seen: dict[str, PartyRef] = {}
    for party in ordered:
        text = analysis.sentence.text[tokens[party.start].start - offset : tokens[party.end - 1].end - offset]
        seen.setdefault(text, PartyRef(text, party.role))
    return tuple(seen.values())


def _members_group(
    analysis: Analysis, mentions: list[Mention], found: Found | None, book: Rulebook
) -> str | None:
    """A count of people with no group of its own takes that of the organisation it belongs to
    (rules: entities' `members`, units.yaml `membership`): "مقتل 51 من عناصر تنظيم الدولة" counts
    militants, "20 في صفوف قوات النظام" soldiers. Any other word in between ("في هجوم لداعش")
    stops the search: the organisation there is not theirs."""
    if found is None or found.quantity.unit not in (None, "person"):
        return None
    starts = {mention.start: mention.info.members for mention in mentions}
    for index in range(found.last, min(found.last + _MEMBERSHIP_REACH, len(analysis.keys))):
        if starts.get(index):
            return starts[index]
        if book.membership.isdisjoint(analysis.keys[index]):
            return None
    return None


def _group_near(analysis: Analysis, trigger: Trigger | None, book: Rulebook) -> str | None:
    """Without a figure, whom the predicate is about still shows in the noun after it
    ("سقوط أي ضحايا مدنيين")."""
    if trigger is None:
        return None
    for index in range(trigger.start, min(trigger.end + _GROUP_REACH, len(analysis.keys))):
        match = book.units.match_at(analysis.keys, index)
        if match is not None and match.payload.group:
            return match.payload.group
    return None


def _context(analysis: Analysis, first: int, last: int, original: str) -> str:
    """The core widened by up to _CONTEXT_WORDS tokens each side without leaving its clause."""
    clause = analysis.clause
    start, end = first, last
    while (
        start > 0
        and first - start < _CONTEXT_WORDS
        and clause[start - 1] == clause[first]
        and not analysis.is_punctuation(start - 1)
    ):
        start -= 1
    while (
        end < len(clause)
        and end - last < _CONTEXT_WORDS
        and clause[end] == clause[last - 1]
        and not analysis.is_punctuation(end)
    ):
        end += 1
    tokens = analysis.sentence.tokens
    return original[tokens[start].start : tokens[end - 1].end]


def _participants(
    analysis: Analysis, mentions: list[Mention], anchor: int, source_id: str | None, book: Rulebook
) -> tuple[tuple[EntityRef, ...], EntityRef | None]:
    clause = analysis.clause[anchor]
    in_clause = [m for m in mentions if analysis.clause[m.start] == clause]
    actors: dict[str, EntityRef] = {}
    # Actors of the claim's own clause; when it names none ("بمقتل سبعة مدنيين، …، جراء غارات
    # التحالف"), those of its sentence.
    for pool in (in_clause, mentions):
        for mention in pool:
            if mention.info.category != "place" and mention.info.id != source_id:
                actors.setdefault(mention.info.id, mention.ref(analysis))
        if actors:
            break
    placed = placing(mentions, book)  # a town beside another province may be a namesake
    places = [m for m in placed if analysis.clause[m.start] == clause] or placed
    return tuple(actors.values()), places[0].ref(analysis) if places else None


def _time(analysis: Analysis, times: list[Found], book: Rulebook) -> str | None:
    phrases = book.time_phrases.find_all(analysis.keys)
    candidates = [(m.start, m.end) for m in phrases] + [(f.first, f.last) for f in times]
    if not candidates:
        return None
    start, end = min(candidates)
    tokens = analysis.sentence.tokens
    offset = analysis.sentence.start
    return analysis.sentence.text[tokens[start].start - offset : tokens[end - 1].end - offset]
