"""From compared evidence to a verdict: copies count once, the claimed source is reported apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import fuzz

from factcheck.text.normalize import normalize_text
from factcheck.verify.result import AttributionCheck, Evidence, Verification

# Two passages this alike (rapidfuzz ratio, 0–100) are one story republished.
NEAR_DUPLICATE = 90
# Openings are located by their first characters; rapidfuzz aligns strings of up to 64 characters
# bit-parallel, ~50 times faster than partial_ratio over two whole 240-character leads.
_PROBE = 64


def _outlet(evidence: Evidence) -> str:
    return normalize_text(evidence.document.source or "")


def mark_copies(evidence: Sequence[Evidence]) -> list[Evidence]:
    """Each report that repeats an earlier one (same outlet, or near-identical text) points to the
    first of them by date; the order of `evidence` is kept."""
    by_date = sorted(range(len(evidence)), key=lambda i: (evidence[i].document.date or "9999", i))
    texts = [normalize_text(item.snippet) for item in evidence]  # once each, not once per pair
    outlets = [_outlet(item) for item in evidence]
    marked: dict[int, Evidence] = {}
    seen: list[int] = []
    for position in by_date:
        item = evidence[position]
        earlier = next(
            (
                other
                for other in seen
                # A copy says the same thing: "3 killed" is no copy of "4 killed", however alike.
                if (marked[other].stance, marked[other].evidence_figure)
                == (item.stance, item.evidence_figure)
                and (
                    (outlets[other] and outlets[other] == outlets[position])
                    or fuzz.ratio(texts[other], texts[position], score_cutoff=NEAR_DUPLICATE)
                    # a republished story may add a dateline ("دير الزور - القدس العربي:"): compare
                    # the shorter opening inside the longer one
                    or same_opening(marked[other].document.lead, item.document.lead)
                )
            ),
            None,
        )
        if earlier is not None:  # a copy of a copy is a copy of the original
            original = marked[earlier]
            item = replace(item, copy_of=original.copy_of or original.document.id)
        marked[position] = item
        seen.append(position)
    return [marked[position] for position in range(len(evidence))]


@lru_cache(maxsize=65536)  # the same reports meet again under every claim of an article
def same_opening(first: str, second: str) -> bool:
    """One lead is the other's opening, near enough, perhaps after a dateline the other lacks."""
    return _opening_inside(first, second) or _opening_inside(second, first)


def _opening_inside(lead: str, other: str) -> bool:
    if not lead or not other:
        return False
    probe = lead[:_PROBE]
    found = fuzz.partial_ratio_alignment(probe, other, score_cutoff=NEAR_DUPLICATE)
    if found is None:
        return False
    # Where the opening sits in the other lead, the rest of what both hold must agree too: a shared
    # formula ("أعلنت وزارة الداخلية في بيان") is not a shared story.
    start = found.dest_start
    overlap = min(len(lead), len(other) - start)
    if overlap <= len(probe):
        return True
    return fuzz.ratio(lead[:overlap], other[start : start + overlap], score_cutoff=NEAR_DUPLICATE) > 0


def _sources(items: Sequence[Evidence]) -> str:
    names = []
    for item in items:
        name = item.document.source or item.document.path
        figure = f" ({item.evidence_figure})" if item.evidence_figure else ""
        names.append(f"{name}{figure}")
    return ", ".join(dict.fromkeys(names))


def _strength(groups: int, items: Sequence[Evidence]) -> float:
    """1 independent report 0.5, 2 → 0.75, 3 → 0.88 …, scaled by how closely they match."""
    closeness = sum(item.relatedness for item in items) / len(items) if items else 0.0
    return round(min(0.95, (1 - 0.5**groups) * (0.6 + 0.4 * closeness)), 2)


def decide(
    evidence: Sequence[Evidence], claimed_source: str | None, claim_figure: str | None, denied: bool = False
) -> Verification:
    marked = mark_copies(evidence)
    independent = [e for e in marked if e.copy_of is None and not e.from_claimed_source]
    supports = [e for e in independent if e.stance == "supports"]
    contradicts = [e for e in independent if e.stance == "contradicts"]
    check = _attribution_check(marked, claimed_source)
    if contradicts:
        verdict, items = "contested", contradicts
        mine = f"the article says {claim_figure}" if claim_figure else "the article reports it"
        if denied:
            mine = "the article reports a denial"
        agreeing = f"; agreeing: {_sources(supports)}" if supports else ""
        reason = (
            f"{_sources(contradicts)} contradict{'s' if len(contradicts) == 1 else ''} it ({mine}){agreeing}"
        )
    elif supports:
        verdict, items = "corroborated", supports
        reason = _support_reason(supports, claimed_source)
    else:
        verdict, items = "unverified", []
        own = [e for e in marked if e.from_claimed_source]
        reason = (
            f"only {claimed_source} itself reports it" if own else "no report of this event in the corpus"
        )
    return Verification(
        verdict=verdict,  # type: ignore[arg-type]
        confidence=_strength(len(items), items),
        reason=reason,
        independent_support=len(supports),
        independent_contradiction=len(contradicts),
        evidence=tuple(marked),
        attribution_check=check,
    )


def _support_reason(supports: Sequence[Evidence], claimed_source: str | None) -> str:
    """Who agrees, and for an attributed claim whether they confirm the content or only that the
    speaker said it: "2 independent outlets report that أردوغان said so: …; none confirms it apart
    from أردوغان"."""
    quoting = [e for e in supports if e.quotes_claimed_source]
    own_words = [e for e in supports if not e.quotes_claimed_source]
    if claimed_source is None or not quoting:
        many = len(supports) > 1
        agree = f"{len(supports)} independent sources agree" if many else "1 independent source agrees"
        return f"{agree}: {_sources(supports)}"
    outlets = (
        f"{len(quoting)} independent outlets report" if len(quoting) > 1 else "1 independent outlet reports"
    )
    said = f"{outlets} that {claimed_source} said so: {_sources(quoting)}"
    if not own_words:
        return f"{said}; none confirms it apart from {claimed_source}"
    return f"{said}; confirmed apart from {claimed_source} by {_sources(own_words)}"


def _attribution_check(evidence: Sequence[Evidence], claimed_source: str | None) -> AttributionCheck | None:
    if claimed_source is None:
        return None
    own = [e for e in evidence if e.from_claimed_source]
    if any(e.stance == "supports" for e in own):
        return AttributionCheck(claimed_source, True, f"{claimed_source}'s own report says so")
    quoting = [e for e in evidence if e.quotes_claimed_source and e.stance == "supports"]
    if quoting:
        return AttributionCheck(
            claimed_source, True, f"{_sources(quoting)} report {claimed_source} saying so"
        )
    if own:
        return AttributionCheck(claimed_source, False, f"{claimed_source}'s own report says otherwise")
    return AttributionCheck(claimed_source, None, f"no report by {claimed_source} in the corpus")
