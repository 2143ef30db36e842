"""Cut a document into passages (sentences) and extract their facts with the article extractor."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from factcheck.corpus.document import Document
from factcheck.extract.analysis import Analysis, analyse
from factcheck.extract.assemble import extract_sentence
from factcheck.extract.entities import find_mentions
from factcheck.extract.prefilter import claim_words
from factcheck.rulebook.compile import Rulebook
from factcheck.text.normalize import normalize_text
from factcheck.text.segment import segment
from factcheck.text.stems import stem_keys
from factcheck.verify.facts import Fact

_LEAD_CHARACTERS = 240


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What evidence display needs of a passage's document, stored with every passage."""

    id: str
    path: str
    source: str | None
    date: str | None
    title: str | None
    url: str | None
    lead: str  # normalised opening of the body: tells republished copies of one story apart from news
    # "metadata" or "text" (corpus/document.py); a default, so passages stored without it still load.
    date_source: str | None = None

    @classmethod
    def of(cls, document: Document) -> DocumentInfo:
        lead = normalize_text(document.text[:_LEAD_CHARACTERS])
        return cls(
            document.id,
            document.path,
            document.source,
            document.date,
            document.title,
            document.url,
            lead,
            document.date_source,
        )


_DOCUMENT_FIELDS = tuple(field.name for field in fields(DocumentInfo))


@dataclass(frozen=True, slots=True)
class Passage:
    document: DocumentInfo
    number: int  # position of the sentence in its document
    text: str
    start: int  # offset of the sentence in the document text
    facts: tuple[Fact, ...]
    terms: tuple[str, ...]  # what the index matches and ranks on (fact_terms and word_terms)

    def to_dict(self) -> dict[str, Any]:
        """Terms included: the index ranks by them (index/ranking.py) and the cache keeps them."""
        document = {name: getattr(self.document, name) for name in _DOCUMENT_FIELDS}  # asdict deep-copies
        return {
            "document": document,
            "number": self.number,
            "text": self.text,
            "start": self.start,
            "facts": [fact.to_dict() for fact in self.facts],
            "terms": list(self.terms),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        return cls(
            document=DocumentInfo(**data["document"]),
            number=data["number"],
            text=data["text"],
            start=data["start"],
            facts=tuple(Fact.from_dict(fact) for fact in data["facts"]),
            terms=tuple(data.get("terms", ())),
        )


def entity_terms(entity_id: str | None, book: Rulebook) -> list[str]:
    """An entity and everything it is part of: a report on Ayyash is also a report on Deir ez-Zor."""
    return [f"e:{entity}" for entity in book.lineage(entity_id)]


def fact_terms(fact: Fact, book: Rulebook) -> list[str]:
    terms = [f"p:{fact.predicate}"]
    for entity in (*fact.actors, fact.location, fact.source):
        terms.extend(entity_terms(entity, book))
    if fact.quantity and fact.quantity.unit:
        terms.append(f"u:{fact.quantity.unit}")
    return terms


def word_terms(text: str) -> list[str]:
    """Content words as stems, so BM25 can rank passages on the words they share with a claim."""
    return [f"w:{stem_keys(word)[-1]}" for word in text.split() if len(word) > 2]


def analyse_document(document: Document, book: Rulebook) -> list[Passage]:
    """Passages that hold at least one checkable fact; the others can never be evidence.
    The headline is analysed as the first passage: it often carries the main figure."""
    passages = []
    info = DocumentInfo.of(document)
    text = f"{document.title}\n\n{document.text}" if document.title else document.text
    # Sentences that cannot hold a claim come without tokens (see extract/prefilter.py).
    sentences = segment(text, claim_words(book).may_hold_claim, keep_first=_LEAD_SENTENCES)
    leads = [analyse(sentence, book) for sentence in sentences[:_LEAD_SENTENCES]]  # analysed once
    lead = _lead_entities(leads, book)
    for number, sentence in enumerate(sentences):
        if not sentence.tokens:
            continue
        analysis = leads[number] if number < len(leads) else analyse(sentence, book)
        claims = [c for c in extract_sentence(analysis, book, text) if c.checkable]
        if not claims:
            continue
        facts = tuple(_with_lead(Fact.from_claim(claim, offset=sentence.start), lead) for claim in claims)
        terms = [term for fact in facts for term in fact_terms(fact, book)] + word_terms(sentence.text)
        passages.append(
            Passage(
                info,
                number,
                sentence.text,
                sentence.start,
                facts,
                tuple(dict.fromkeys(terms)),
            )
        )
    return _share_groups(passages)


_LEAD_SENTENCES = 2  # the headline and the lead sentence set the scene of a news report


def _lead_entities(leads: list[Analysis], book: Rulebook) -> tuple[tuple[str, ...], str | None]:
    """Actors and first place of the headline and lead: "وأسفر العدوان عن استشهاد ثلاثة عسكريين"
    names neither, but the lead said where and by whom."""
    actors: dict[str, None] = {}
    place: str | None = None
    for analysis in leads:
        for mention in find_mentions(analysis, book):
            if mention.info.category == "place":
                place = place or mention.info.id
            else:
                actors.setdefault(mention.info.id)
    return tuple(actors), place


def _with_lead(fact: Fact, lead: tuple[tuple[str, ...], str | None]) -> Fact:
    actors, place = lead
    if (fact.actors or not actors) and (fact.location or not place):
        return fact  # nothing to fill in (dataclasses.replace costs as much as building the fact)
    return replace(fact, actors=fact.actors or actors, location=fact.location or place)


def _share_groups(passages: list[Passage]) -> list[Passage]:
    """A headline's "سبعة قتلى" are the body's "سبعة مدنيين": within one report, a figure whose
    people are not named takes the group of the same predicate with the same figure."""
    known = {
        (fact.predicate, fact.quantity.low, fact.quantity.high): fact.group
        for passage in passages
        for fact in passage.facts
        if fact.group and fact.quantity
    }
    shared = []
    for passage in passages:
        facts = tuple(
            replace(fact, group=group)
            if fact.group is None
            and fact.quantity
            and (group := known.get((fact.predicate, fact.quantity.low, fact.quantity.high)))
            else fact
            for fact in passage.facts
        )
        unchanged = all(new is old for new, old in zip(facts, passage.facts, strict=True))
        shared.append(passage if unchanged else replace(passage, facts=facts))
    return shared
