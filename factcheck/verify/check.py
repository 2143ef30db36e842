"""Verify an article's claims against an index: retrieve, compare, decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz

from factcheck.index.passages import Passage, entity_terms
from factcheck.index.store import Searcher
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.lexicon import token_keys
from factcheck.stance.compare import compare_sentences
from factcheck.stance.entities import entities_of
from factcheck.text.normalize import normalize, normalize_text
from factcheck.verify.align import compared_parts
from factcheck.verify.compare import (
    DEFAULT_WINDOW_DAYS,
    TERRITORY,
    Comparison,
    ancestors,
    compare,
    parties,
    too_far_apart,
)
from factcheck.verify.events import FEATURES, EventMatch, EventMatcher
from factcheck.verify.facts import Fact
from factcheck.verify.intervals import describe
from factcheck.verify.result import Evidence, SameEvent, Verification
from factcheck.verify.retrieve import candidates, passage_frequencies
from factcheck.verify.verdict import decide

if TYPE_CHECKING:
    from factcheck.stance.model import StanceModel

# A passage this close to the claim's own sentence is the article itself (or a copy of it):
# it cannot corroborate itself.
_SELF = 95
_OPENING = 600  # characters of an article compared with a report's opening (_is_article)


class Checker:
    def __init__(
        self,
        searcher: Searcher,
        book: Rulebook,
        article_date: dt.date | None = None,
        window_days: int = DEFAULT_WINDOW_DAYS,
        events: EventMatcher | None = None,
        article_text: str | None = None,
        stance_model: StanceModel | None = None,
    ) -> None:
        self._searcher = searcher
        self._events = events
        self._stance_model = stance_model
        # The article's opening: a report that opens the same way is the article itself.
        self._article = normalize_text(article_text[:_OPENING]) if article_text else None
        # By sentence (and the documents the structured comparison adds): its claims share them.
        self._event_matches: dict[tuple[str, tuple[str, ...]], list[EventMatch]] = {}
        self._book = book
        self._article_date = article_date
        self._window = window_days
        self._outlet_entities: dict[str, frozenset[str]] = {}
        self._named_in: dict[str, int] = {}  # passages naming each entity term, asked once per term

    def verify(self, claim: Claim) -> Verification:
        claimed = claim.attribution.source if claim.attribution else None
        own_sentence = normalize_text(claim.sentence)
        named_in = self._passages_naming(claim)
        best_per_document: dict[str, tuple[tuple[object, ...], Evidence]] = {}
        for hit in candidates(claim, self._searcher, self._book):
            passage = hit.passage
            found = self._best_fact(claim, passage, named_in)
            if found is None:
                continue
            fact, comparison = found
            # The article's own sentence (or a copy of it) agrees with itself; a copy that changes
            # the figure ("3" for "4") is a real contradiction and stays.
            # Without the article's text (or a document index to read the report's opening), its
            # own sentence stands for it; with them, _is_article compares the whole report below:
            # a sentence the article shares with a longer report is that report's, not the article.
            by_sentence = self._article is None or self._events is None
            is_self = by_sentence and fuzz.ratio(normalize_text(passage.text), own_sentence) >= _SELF
            if is_self and comparison.stance == "supports":
                continue
            from_source = claimed is not None and self._own_channel(claimed.id, passage.document.source)
            # The report's fact is said by the claim's speaker, in an independent outlet.
            said_by = [fact.source] if fact.source else []
            quotes = claimed is not None and not from_source and self._one_voice(claimed.id, said_by)
            evidence = replace(
                _evidence(passage, fact, comparison, from_source), quotes_claimed_source=quotes
            )
            current = best_per_document.get(passage.document.id)
            # Ties within a document go to the earlier passage, not the first retrieved: the result
            # depends on the set of candidates only, never on their order (a sharded index merges
            # candidates from several shards, whose BM25 scores differ from one index's).
            key = (_rank(evidence), passage.number, fact.start)
            if current is None or key < current[0]:
                best_per_document[passage.document.id] = (key, evidence)
        scored = {m.document.id: m for m in self._candidates(claim, sorted(best_per_document))}
        for document_id, (rank, evidence) in list(best_per_document.items()):
            match = scored.get(document_id)
            if self._events is None:
                continue
            # The article itself; or, where the corpus is large enough for the words to count, a
            # fact of the same kind in a report sharing too few of the claim's words: another event.
            # (A copy of the article that changes a figure contradicts it: it stays.)
            is_article = match is not None and evidence.stance == "supports" and self._is_article(match)
            too_few_words = self._events.weighs_structured and (
                match is None or match.probability < self._events.model.structured_threshold
            )
            if is_article or too_few_words:
                del best_per_document[document_id]
            elif match is not None:
                best_per_document[document_id] = (rank, replace(evidence, same_event=_why(match, "facts")))
        threshold = self._events.model.threshold if self._events else 1.0
        reports = {
            document_id: (match, compared_parts(claim.sentence, match.sentence, self._book))
            for document_id, match in scored.items()
            if match.probability >= threshold
            and document_id not in best_per_document
            and not _outside_window(match, self._article_date, self._window)
        }
        if self._stance_model is not None:  # one batch of embeddings, not one call per report
            self._stance_model.warm(pair for _, pair in reports.values())
        for document_id, (match, (claim_part, report_part)) in reports.items():
            reported = self._event_evidence(match, claim_part, report_part, claimed.id if claimed else None)
            if reported is None or (reported.stance == "supports" and self._is_article(match)):
                continue
            best_per_document[document_id] = ((0.0, 0, 0), reported)
        ordered = sorted((evidence for _, evidence in best_per_document.values()), key=_rank)
        figure = (
            describe(claim.quantity.low, claim.quantity.high, claim.quantity.unit) if claim.quantity else None
        )
        return decide(ordered, claimed.name if claimed else None, figure, claim.polarity == "denied")

    def _candidates(self, claim: Claim, structured: list[str]) -> list[EventMatch]:
        if self._events is None:
            return []
        key = (claim.sentence, tuple(structured))
        if key not in self._event_matches:
            self._event_matches[key] = self._events.candidates(claim.sentence, structured)
        return self._event_matches[key]

    def _is_article(self, match: EventMatch) -> bool:
        """The report is the article being checked (or a copy of it), which cannot corroborate
        itself: the same opening. A sentence it shares with the article is not enough: wire
        stories are republished in longer reports, which annotators count as agreeing."""
        if self._article is None:
            return False
        opening = normalize_text(match.text[:_OPENING])
        return fuzz.ratio(opening, self._article, score_cutoff=_SELF) > 0

    def _event_evidence(
        self, match: EventMatch, claim_part: str, report_part: str, claimed: str | None
    ) -> Evidence | None:
        """A report of the claim's event found by its words: the part of its best sentence aligned
        with the claim's is compared with it (figures as intervals, negation, antonyms, the learned
        model …: factcheck.stance)."""
        result = compare_sentences(claim_part, report_part, self._book, self._stance_model)
        if result.stance == "unrelated":
            return None  # about the event, but says nothing of the claim's own statement
        from_source = claimed is not None and self._own_channel(claimed, match.document.source)
        quotes = (  # the report's sentence names the claim's speaker, in an independent outlet
            claimed is not None
            and not from_source
            and self._one_voice(claimed, [e.id for e in entities_of(match.sentence, self._book)])
        )
        return Evidence(
            document=match.document,
            snippet=match.sentence,
            match=match.sentence,
            match_start=0,
            match_end=len(match.sentence),
            stance=result.stance,  # type: ignore[arg-type]
            reason=result.reason,
            claim_figure=None,
            evidence_figure=None,
            relatedness=match.probability,
            copy_of=None,
            from_claimed_source=from_source,
            same_event=_why(match),
            quotes_claimed_source=quotes,
        )

    def _passages_naming(self, claim: Claim) -> dict[str, int] | None:
        """How many passages name each of the claim's parties: compare needs it only without a date."""
        if self._article_date is not None:
            return None
        terms = party_terms(claim, self._book)
        missing = [term for term in terms if term not in self._named_in]
        if missing:
            self._named_in.update(passage_frequencies(self._searcher, missing))
        return {term: self._named_in[term] for term in terms}

    def _best_fact(
        self, claim: Claim, passage: Passage, named_in: dict[str, int] | None
    ) -> tuple[Fact, Comparison] | None:
        best: tuple[Fact, Comparison] | None = None
        for fact in passage.facts:
            comparison = compare(
                claim,
                fact,
                passage.text,
                passage.document.date,
                self._book,
                self._article_date,
                self._window,
                named_in,
            )
            if comparison.stance == "unrelated":
                continue
            if best is None or comparison.relatedness > best[1].relatedness:
                best = (fact, comparison)
        return best

    def _own_channel(self, speaker: str, outlet: str | None) -> bool:
        """The report is published by the speaker, what it speaks for, or one who speaks for it (a
        spokesman's ministry, the Observatory's own site): not an independent source."""
        return self._one_voice(speaker, self._entities_of_outlet(outlet))

    def _one_voice(self, speaker: str, entities: Iterable[str]) -> bool:
        """One of `entities` is the speaker, what it speaks for, or one who speaks for it."""
        voices = self._voices(speaker)
        return any(voices & self._voices(other) for other in entities)

    def _voices(self, entity: str) -> set[str]:
        """An entity and the organisations it speaks for, not the country it is in: the Syrian
        Observatory and SANA are both Syrian, not one voice."""
        return {
            e for e in ancestors(entity, self._book) if self._book.entity_by_id[e].category not in TERRITORY
        }

    def _entities_of_outlet(self, outlet: str | None) -> frozenset[str]:
        """Entities named in a report's outlet field ("وكالة سانا" → sana)."""
        if not outlet:
            return frozenset()
        if outlet not in self._outlet_entities:
            keys = token_keys(
                [normalize(word) for word in outlet.replace("(", " ").replace(")", " ").split()]
            )
            self._outlet_entities[outlet] = frozenset(
                m.payload.id for m in self._book.entities.find_all(keys)
            )
        return self._outlet_entities[outlet]


def party_terms(claim: Claim, book: Rulebook) -> list[str]:
    """The index terms of a claim's parties and of what contains them (e:ayyash, e:deir_ez_zor …)."""
    return sorted({term for entity in parties(claim) for term in entity_terms(entity, book)})


def _evidence(passage: Passage, fact: Fact, comparison: Comparison, from_source: bool) -> Evidence:
    return Evidence(
        document=passage.document,
        snippet=passage.text,
        match=fact.text,
        match_start=fact.start,
        match_end=fact.end,
        stance=comparison.stance,  # type: ignore[arg-type]
        reason=comparison.reason,
        claim_figure=comparison.claim_figure,
        evidence_figure=comparison.evidence_figure,
        relatedness=round(comparison.relatedness, 3),
        copy_of=None,
        from_claimed_source=from_source,
    )


def _why(match: EventMatch, matched_by: Literal["words", "facts"] = "words") -> SameEvent:
    features = dict(zip(FEATURES, match.features, strict=True))
    return SameEvent(match.probability, match.shared, features, matched_by)


def _outside_window(match: EventMatch, article_date: dt.date | None, window_days: int) -> bool:
    return too_far_apart(article_date, match.document.date, window_days, lasting=False)


def _rank(evidence: Evidence) -> tuple[float, str, str]:
    """Closest first; ties broken by date and id so the order never depends on the index."""
    return (-evidence.relatedness, evidence.document.date or "", evidence.document.id)


def check_claims(claims: Sequence[Claim], checker: Checker) -> dict[str, Verification]:
    return {claim.id: checker.verify(claim) for claim in claims if claim.checkable}
