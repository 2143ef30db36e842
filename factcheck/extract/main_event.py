"""The main statement of an article's sentence as a claim, when no claim of the lexicon states it
(issue 18). extract/events.py finds the main clause and its event word; this module decides
whether that event is a claim of its own, a trigger of the lexicon restored, or already stated."""

from __future__ import annotations

from factcheck.extract.analysis import Analysis
from factcheck.extract.attribution import Report
from factcheck.extract.drafts import Draft, Trigger, accepts, anchor
from factcheck.extract.entities import Mention
from factcheck.extract.events import find_head, main_clause
from factcheck.extract.parties import Party, subject_after
from factcheck.quantities.find import Found
from factcheck.rulebook.compile import PredicateRule, Rulebook
from factcheck.text.stems import stem

OPEN_EVENT_RULE = "event.open"


def with_main_event(
    analysis: Analysis,
    drafts: list[Draft],
    triggers: list[Trigger],
    amounts: list[Found],
    mentions: list[Mention],
    reports: list[Report],
    parties: list[Party],
    times: list[Found],
    book: Rulebook,
) -> tuple[list[Draft], Party | None]:
    """The main clause's event as a claim (extract/events.py). A trigger of the lexicon heading it
    keeps its rule (a weak strike beside a death toll of another clause, "سيطر" too far from its
    على); any other event word gets an open rule of kind event whose predicate is its lemma. A claim
    of the lexicon at or before the head, or governed by it, is the statement already. The event
    needs a party, a place, a time or a figure: "تشهد المنطقة أجواء هادئة" names nothing to check."""
    at = {t.start: t for t in triggers}
    # A denial verb frames the event it denies; it never heads the statement itself.
    events_at = {i for i, t in at.items() if t.rule.kind != "denial"}
    start, end = main_clause(analysis, reports, book, mentions, events_at)
    taken = {i for p in parties if p.role == "person" for i in range(p.start, p.end)}
    # Figures and dates are never the event ("لمدة يومين"), nor a role and its holder.
    taken |= {i for q in [*amounts, *times] for i in range(q.first, q.last)}
    taken |= {i for m in book.time_phrases.find_all(analysis.keys) for i in range(m.start, m.end)}
    head = find_head(analysis, (start, end), mentions, taken, reports, book, events_at)
    if head is None or head.future:
        return drafts, None
    if any(d.trigger is not None and d.trigger.start == head.index for d in drafts):
        return drafts, None  # the lexicon's claim at the head is the statement ("وتبعد بعقوبة، …")
    if head.index in at and any(
        d.rule.predicate == at[head.index].rule.predicate
        and d.trigger is not None
        and analysis.clause[anchor(d)] == analysis.clause[head.index]
        for d in drafts
    ):
        return drafts, None  # "إرسال تعزيزات تضم عشرات الجنود": its predicate's claim is the statement
    if head.index not in at and (
        _stated(drafts, triggers, start, head.index)
        # "أما تطور اليوم قد يضع …": a word of a verb's shape may be the subject of a hedged verb
        or any(index in analysis.hedged for index in range(head.index, min(end, head.index + _HEDGE_REACH)))
    ):
        return drafts, None
    following = find_head(analysis, (head.index + 1, end), mentions, taken, reports, book, events_at, False)
    reach = following.index if following else end
    if head.index not in at and any(
        d.trigger is not None and d.quantity is not None and head.index < d.trigger.start <= reach
        for d in drafts
    ):
        return drafts, None  # "تقدمت الحكومة برسالتين": a figure's predicate in the head's phrase states it
    figure = _figure(analysis, amounts, drafts, head.index, (start, reach))
    subject = subject_after(analysis, head.index, mentions, book, end)
    participants = (
        any(start <= m.start < end and m.info.category != "media" for m in mentions)
        or any(start <= p.start < end for p in parties)
        or bool(times)  # the sentence's time dates the event, even from the frame ("قال يوم الأحد إن")
        or bool(book.time_phrases.find_all(analysis.keys))
        or figure is not None
        or subject is not None
    )
    if not participants:
        return drafts, None
    trigger = at.get(head.index)
    # A rule that needs a figure ("أطلقت الوزارة حملة") gives no structure without one: the verb
    # is then an open event like any other.
    if trigger is not None and (
        trigger.rule.quantity != "required" or (figure is not None and accepts(analysis, trigger, figure))
    ):
        if not _may_restore(analysis, drafts, trigger, (start, end), mentions, parties):
            return drafts, None
        quantity = figure if figure is not None and accepts(analysis, trigger, figure) else None
        return [*drafts, Draft(trigger.rule, trigger, quantity)], subject
    if trigger is not None and book.events.common.intersection(analysis.keys[head.index]):
        return drafts, None  # "بعد" without its distance is a preposition, not an event
    rule = _open_rule(head.lemma or _lemma(analysis, head.index, book))
    event = Trigger(rule, head.index, head.index + 1)
    by_unit = next((d for d in drafts if d.trigger is None and d.quantity is figure), None)
    if by_unit is not None:
        # "تراجع سعر خام برنت … إلى أقل من 30 دولارا": the figure's own claim (count.amount) is the
        # statement; the verb joins it rather than repeat it as a second claim.
        merged = Draft(by_unit.rule, event, figure)
        return [merged if d is by_unit else d for d in drafts], subject
    return [*drafts, Draft(rule, event, figure)], subject


def _figure(
    analysis: Analysis, amounts: list[Found], drafts: list[Draft], head: int, reach: tuple[int, int]
) -> Found | None:
    """The event's figure: the first after its head, before the next event word of its clause
    ("أطلقت … واعترض … ثلاثة": the three are the second verb's), else its subject's count just
    before it ("نحو 500 مريض ما زالوا ينتظرون"). A figure a predicate of the lexicon claims is that
    claim's; one claimed by its unit alone (count.amount) is free, and keeps its claim too."""
    start, end = reach
    claimed = {id(d.quantity) for d in drafts if d.quantity is not None and d.trigger is not None}
    free = [q for q in amounts if start <= q.first and q.last <= end and id(q) not in claimed]
    after = [q for q in free if q.first > head]
    if after:
        return after[0]
    before = [q for q in free if q.last <= head and analysis.clause[q.first] == analysis.clause[head]]
    return before[-1] if before else None


_HEDGE_REACH = 4  # tokens after an open event's head within which a hedge governs its clause
_GOVERNED_REACH = 2  # "يسهلان تهريب النفط", "ارتفعت حصيلة القتلى": the head's noun right after it


def _may_restore(
    analysis: Analysis,
    drafts: list[Draft],
    trigger: Trigger,
    span: tuple[int, int],
    mentions: list[Mention],
    parties: list[Party],
) -> bool:
    """A trigger of the lexicon heading the main clause that drafting left out becomes a claim,
    never as a denial (its event carries it). A weak one (a strike beside a death toll) only with
    no claim of a figure in the main clause, which ends before the result ("… مما أسفر عن مقتل"), and a
    place named: "تواردت أنباء عن قصف … قرب بلدة عياش، مما أسفر عن مقتل 4 جنود"."""
    if trigger.rule.kind == "denial":
        return False
    start, end = span
    if trigger.rule.requires_after and not any(
        trigger.rule.requires_after.intersection(keys) for keys in analysis.keys[trigger.end : end]
    ):
        return False  # "سيطر … أمس على" may reach far for its على, but it needs one
    if not trigger.rule.weak:
        return True
    # A figure stated in the clause is the statement ("غارات … 14 قتيلا"); a claim without one
    # ("ولم تقع إصابات", "الذي تسيطر عليه الحكومة") leaves the strike its own.
    if any(d.trigger is not None and d.quantity is not None and start <= anchor(d) < end for d in drafts):
        return False
    # A strike is on a place: one of the gazetteer's or a named one, anywhere in its sentence
    # (the result clause often names it: "… قتل 20 شخصا قرب مدينة دير الزور").
    return any(m.info.category == "place" for m in mentions) or any(p.role == "place" for p in parties)


def _stated(drafts: list[Draft], triggers: list[Trigger], start: int, head: int) -> bool:
    """A claim of the lexicon already states the main clause: it stands before the head, or the
    head governs one of its triggers right after it (the verb of its verbal noun)."""
    predicates = {d.rule.predicate for d in drafts if d.trigger is not None}
    governed = {t.rule.predicate for t in triggers if head < t.start <= head + _GOVERNED_REACH} & predicates
    return bool(governed) or any(d.trigger is not None and start <= anchor(d) < head for d in drafts)


def _lemma(analysis: Analysis, index: int, book: Rulebook) -> str:
    listed = book.events.words.find_all([analysis.stems[index]])
    if listed:
        return listed[0].payload
    norm = analysis.sentence.tokens[index].norm
    return stem(norm[1:] if norm[:1] in "وف" and len(norm) > 4 else norm)  # ويشن → يشن


def _open_rule(lemma: str) -> PredicateRule:
    return PredicateRule(
        id=OPEN_EVENT_RULE,
        kind="event",
        predicate=lemma,
        units=frozenset(),
        quantity="optional",
        weak=False,
        has_triggers=True,
        requires_after=frozenset(),
        requires_within=1,
        not_after=frozenset(),
        examples=(),
    )
