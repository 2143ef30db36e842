"""Is a report about the claim's event? One scored decision over the words they share.

Candidates come from the document index (BM25 over the stems of the claim's sentence). For each,
a few features measured on the whole report and on its best sentence go into a logistic model
(weights in event_model.json, fit on UnifiedFC folds 1–3 by bench/train_event_model.py) whose
probability must reach the model's threshold, chosen there for precision. Dates are not a feature:
UnifiedFC's pages have none, so nothing measured says how much a date should weigh; a report
dated outside the article's window is set aside by the window rule of compare.py instead."""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from factcheck.index.documents import AnyDocumentSearcher, FoundDocument, content_stems
from factcheck.index.passages import DocumentInfo
from factcheck.text.normalize import normalize_text

MODEL = Path(__file__).with_name("event_model.json")
CANDIDATES = 30
RETRIEVED = 60  # proposed by each index (or shard) before the corpus-wide ranking keeps CANDIDATES
_K1, _B = 1.2, 0.75
_MEAN_LENGTH = 300.0  # stems, when an index does not count them (mean of SaudiNewsNet's)
# Below this many documents, "rare" means nothing (in a corpus of three reports every word is in a
# third of them) and the structured comparison decides alone. A guess: UnifiedFC has 2,897
# documents, the test corpora a handful; nothing measured sits in between.
WORDS_NEED_DOCUMENTS = 200
# A stem in at most this share of the corpus's documents is rare: a name, a town, a specific verb.
RARE_SHARE = 0.005
_RARE_MIN = 3
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]*")
_MIN_SENTENCE = 20  # characters: shorter pieces are navigation, bylines, dates
_WINDOW = 40  # words of a piece of a long run without full stops
_TOKEN = re.compile(r"\S+")
_DIGITS = re.compile(r"\d+")
FEATURES = (
    "bm25_share",
    "relative_score",
    "coverage",
    "best_sentence",
    "rare_share",
    "figures",
    "shared_pairs",
    "similarity",
)


@dataclass(frozen=True, slots=True)
class EventMatch:
    document: DocumentInfo
    probability: float
    sentence: str  # the report's sentence that covers most of the claim's words
    sentence_start: int  # its offset in the document's text
    text: str  # the whole report
    shared: tuple[str, ...]  # the claim's rare words the report has, as the claim writes them
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class EventModel:
    weights: tuple[float, ...]
    bias: float
    threshold: float  # the same event by its words alone
    # A report whose facts the structured comparison matches (same predicate, parties, figures)
    # needs only this much: paraphrases share facts more than words.
    structured_threshold: float = 0.0

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1 / (1 + math.exp(-z))


@cache
def load_model(path: Path = MODEL) -> EventModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: features {data['features']} are not {list(FEATURES)}")
    return EventModel(
        tuple(data["weights"]),
        float(data["bias"]),
        float(data["threshold"]),
        float(data.get("structured_threshold", 0.0)),
    )


class EventMatcher:
    def __init__(self, searcher: AnyDocumentSearcher, model: EventModel | None = None) -> None:
        self._searcher = searcher
        self._model = model or load_model()
        self._df: dict[str, int] = {}

    def candidates(self, text: str, also: Sequence[str] = ()) -> list[EventMatch]:
        """The CANDIDATES best reports by BM25 over the whole corpus's statistics, each with its
        probability and features, best first; `also` names documents to score besides (the
        structured comparison's). The index proposes RETRIEVED per shard by its own BM25; they are
        ranked again here with the corpus's counts, so one index and its shards agree."""
        words = _words_by_stem(text)
        stems = sorted(words)
        if not stems:
            return []
        total = max(1, self._searcher.documents)
        for stem in stems:
            if stem not in self._df:
                self._df[stem] = self._searcher.doc_freq(stem)
        idf = {stem: math.log((total + 1) / (self._df[stem] + 1)) + 1 for stem in stems}
        bm25_idf = {
            stem: math.log(1 + (total - self._df[stem] + 0.5) / (self._df[stem] + 0.5)) for stem in stems
        }
        found = {item.document.id: item for item in self._searcher.proposals(stems, RETRIEVED)}
        missing = sorted(set(also) - set(found))
        if missing:
            found |= {
                item.document.id: item for item in self._searcher.search(stems, len(missing), among=missing)
            }
        if not found:
            return []
        mean_length = self._searcher.stems / total if self._searcher.stems else _MEAN_LENGTH
        scored = []
        for item in found.values():
            document_stems = content_stems(item.text)
            scored.append((_bm25(bm25_idf, document_stems, mean_length), item, document_stems))
        scored.sort(key=lambda entry: (-entry[0], entry[1].document.id))
        wanted = set(also)
        kept = [
            entry for rank, entry in enumerate(scored) if rank < CANDIDATES or entry[1].document.id in wanted
        ]
        query = _Query(
            idf,
            sum(idf.values()),
            sum(bm25_idf.values()),
            scored[0][0],
            # rarest first: the words that single the event out lead what the reader is shown
            sorted(
                (stem for stem in stems if self._df[stem] <= max(_RARE_MIN, RARE_SHARE * total)),
                key=lambda stem: (self._df[stem], stem),
            ),
            set(_DIGITS.findall(text)),
            words,
            set(itertools.pairwise(content_stems(text))),
            normalize_text(text),
        )
        matches = [self._match(item, score, document_stems, query) for score, item, document_stems in kept]
        matches.sort(key=lambda m: (-m.probability, m.document.id))
        return matches

    @property
    def model(self) -> EventModel:
        return self._model

    @property
    def weighs_structured(self) -> bool:
        """Whether the words may overrule the structured comparison: only where document
        frequencies say which words are rare (see WORDS_NEED_DOCUMENTS)."""
        return self._searcher.documents >= WORDS_NEED_DOCUMENTS

    def _match(self, item: FoundDocument, score: float, stems: list[str], query: _Query) -> EventMatch:
        present = set(stems)
        coverage = sum(w for stem, w in query.idf.items() if stem in present) / query.weight
        sentence, start, best = _best_piece(item.text, query.idf, query.weight)
        shared_rare = [stem for stem in query.rare if stem in present]
        features = (
            score / query.bm25_weight if query.bm25_weight > 0 else 0.0,
            score / query.top if query.top else 0.0,
            coverage,
            best,
            len(shared_rare) / len(query.rare) if query.rare else 0.0,
            len(query.figures & set(_DIGITS.findall(item.text))) / len(query.figures)
            if query.figures
            else 0.5,
            _shared_pairs(query.pairs, stems),
            fuzz.token_set_ratio(query.normalized, normalize_text(sentence)) / 100,
        )
        return EventMatch(
            item.document,
            round(self._model.probability(features), 4),
            sentence,
            start,
            item.text,
            tuple(query.words[stem] for stem in shared_rare),
            tuple(round(x, 4) for x in features),
        )


@dataclass(frozen=True, slots=True)
class _Query:
    """What every candidate of one claim is measured against."""

    idf: dict[str, float]
    weight: float  # the idf of all the claim's stems together
    bm25_weight: float  # BM25's idf of all of them: the score of a report with each stem once
    top: float  # the best candidate's score
    rare: list[str]
    figures: set[str]
    words: dict[str, str]
    pairs: set[tuple[str, str]]
    normalized: str


def _bm25(idf: dict[str, float], stems: list[str], mean_length: float) -> float:
    """Okapi BM25 (k1 1.2, b 0.75, tantivy's and Lucene's defaults) of one document."""
    counts: dict[str, int] = {}
    for stem in stems:
        if stem in idf:
            counts[stem] = counts.get(stem, 0) + 1
    norm = _K1 * (1 - _B + _B * len(stems) / mean_length)
    return sum(idf[stem] * n * (_K1 + 1) / (n + norm) for stem, n in counts.items())


def _shared_pairs(pairs: set[tuple[str, str]], stems: list[str]) -> float:
    """Share of the claim's consecutive stem pairs that the report also has in a row: a phrase
    taken over (a wire story republished) rather than words that merely co-occur."""
    if not pairs:
        return 0.0
    return len(pairs & set(itertools.pairwise(stems))) / len(pairs)


def _words_by_stem(text: str) -> dict[str, str]:
    """The claim's stems, each with the first word that gave it (shown to the reader)."""
    words: dict[str, str] = {}
    for word in text.split():
        for stem in content_stems(word):
            words.setdefault(stem, word.strip("«»\"'()،,.:؛"))
    return words


def _pieces(text: str) -> Iterator[tuple[str, int]]:
    """Sentences with their offsets; a scraped page's run of navigation and headlines with no full
    stop is cut into overlapping windows of _WINDOW words, so a piece is something one can read."""
    for found in _SENTENCE.finditer(text):
        sentence = found.group().strip()
        if len(sentence) < _MIN_SENTENCE:
            continue
        start = found.start() + found.group().index(sentence[:1])
        words = list(_TOKEN.finditer(sentence))
        if len(words) <= _WINDOW:
            yield sentence, start
            continue
        for first in range(0, len(words) - _WINDOW // 2, _WINDOW // 2):
            last = words[min(first + _WINDOW, len(words)) - 1]
            yield sentence[words[first].start() : last.end()], start + words[first].start()


def _best_piece(text: str, idf: dict[str, float], weight: float) -> tuple[str, int, float]:
    """The sentence (or window) holding the largest idf-weighted share of the claim's stems."""
    best = ("", 0, 0.0)
    for piece, start in _pieces(text):
        stems = set(content_stems(piece))
        share = sum(w for stem, w in idf.items() if stem in stems) / weight
        if share > best[2]:
            best = (piece, start, share)
    return best
