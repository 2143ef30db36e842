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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from factcheck.index.documents import DocumentSearcher, FoundDocument, content_stems
from factcheck.index.passages import DocumentInfo

MODEL = Path(__file__).with_name("event_model.json")
CANDIDATES = 30
# A stem in at most this share of the corpus's documents is rare: a name, a town, a specific verb.
RARE_SHARE = 0.005
_RARE_MIN = 3
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]*")
_MIN_SENTENCE = 20  # characters: shorter pieces are navigation, bylines, dates
_SNIPPET = 400
_DIGITS = re.compile(r"\d+")
FEATURES = (
    "bm25_share",
    "relative_score",
    "coverage",
    "best_sentence",
    "rare_share",
    "figures",
    "shared_pairs",
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
    def __init__(self, searcher: DocumentSearcher, model: EventModel | None = None) -> None:
        self._searcher = searcher
        self._model = model or load_model()
        self._df: dict[str, int] = {}

    def candidates(self, text: str, also: Sequence[str] = ()) -> list[EventMatch]:
        """Every candidate report with its probability and features, best first; `also` names
        documents to score even when they are not among the best by BM25 (the structured
        comparison's)."""
        words = _words_by_stem(text)
        stems = sorted(words)
        if not stems:
            return []
        total_documents = max(1, self._searcher.documents)
        idf = {stem: self._idf(stem, total_documents) for stem in stems}
        rare_limit = max(_RARE_MIN, RARE_SHARE * total_documents)
        rare = [stem for stem in stems if self._df[stem] <= rare_limit]
        found = self._searcher.search(stems, CANDIDATES)
        if not found:
            return []
        top = found[0].score
        missing = sorted(set(also) - {item.document.id for item in found})
        if missing:
            found += self._searcher.search(stems, len(missing), among=missing)
        weight = sum(idf.values())
        figures = set(_DIGITS.findall(text))
        ordered = content_stems(text)
        pairs = set(itertools.pairwise(ordered))
        matches = [self._match(item, idf, weight, top, rare, figures, words, pairs) for item in found]
        matches.sort(key=lambda m: (-m.probability, m.document.id))
        return matches

    @property
    def model(self) -> EventModel:
        return self._model

    def _idf(self, stem: str, total: int) -> float:
        if stem not in self._df:
            self._df[stem] = self._searcher.doc_freq(stem)
        return math.log((total + 1) / (self._df[stem] + 1)) + 1

    def _match(
        self,
        item: FoundDocument,
        idf: dict[str, float],
        weight: float,
        top: float,
        rare: list[str],
        figures: set[str],
        words: dict[str, str],
        pairs: set[tuple[str, str]],
    ) -> EventMatch:
        stems = content_stems(item.text)
        present = set(stems)
        coverage = sum(w for stem, w in idf.items() if stem in present) / weight
        sentence, start, best = _best_sentence(item.text, idf, weight)
        shared_rare = [stem for stem in rare if stem in present]
        features = (
            item.score / weight,
            item.score / top if top else 0.0,
            coverage,
            best,
            len(shared_rare) / len(rare) if rare else 0.0,
            len(figures & set(_DIGITS.findall(item.text))) / len(figures) if figures else 0.5,
            _shared_pairs(pairs, stems),
        )
        return EventMatch(
            item.document,
            round(self._model.probability(features), 4),
            sentence,
            start,
            item.text,
            tuple(words[stem] for stem in shared_rare),
            tuple(round(x, 4) for x in features),
        )


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


def _best_sentence(text: str, idf: dict[str, float], weight: float) -> tuple[str, int, float]:
    """The sentence holding the largest idf-weighted share of the claim's stems."""
    best = ("", 0, 0.0)
    for found in _SENTENCE.finditer(text):
        sentence = found.group().strip()
        if len(sentence) < _MIN_SENTENCE:
            continue
        stems = set(content_stems(sentence))
        share = sum(w for stem, w in idf.items() if stem in stems) / weight
        if share > best[2]:
            start = found.start() + found.group().index(sentence[:1])
            best = (sentence[:_SNIPPET], start, share)
    return best
