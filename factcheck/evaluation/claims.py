"""Score claim extraction against annotated texts: YAML sets that hold their text (text, claims,
not_claims) and offset-based sets over SaudiNewsNet articles read from ../shared/data."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import FactcheckError
from factcheck.extract.document import extract_claims
from factcheck.model import Claim
from factcheck.rulebook.compile import Rulebook

_TOLERANCE = 1e-6


@dataclass
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ClaimScore:
    overall: Counts = field(default_factory=Counts)
    by_predicate: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (file, gold claim)
    extras: list[tuple[str, Claim]] = field(default_factory=list)  # (file, predicted claim)
    speculative_leaks: list[tuple[str, str]] = field(default_factory=list)  # not_claims that produced one

    def as_dict(self) -> dict[str, Any]:
        def row(counts: Counts) -> dict[str, Any]:
            return {
                "precision": round(counts.precision, 4),
                "recall": round(counts.recall, 4),
                "f1": round(counts.f1, 4),
                "true_positive": counts.true_positive,
                "false_positive": counts.false_positive,
                "false_negative": counts.false_negative,
            }

        return {
            **row(self.overall),
            "by_predicate": {name: row(counts) for name, counts in sorted(self.by_predicate.items())},
            "speculative_leaks": len(self.speculative_leaks),
        }


def _same_number(expected: Any, actual: float | None) -> bool:
    return actual is not None and abs(float(expected) - float(actual)) < _TOLERANCE


def matches(gold: dict[str, Any], claim: Claim) -> bool:
    """Predicate, polarity and the figure (each bound the annotation gives) must agree."""
    if gold["predicate"] != claim.predicate or gold.get("polarity", "asserted") != claim.polarity:
        return False
    expected = gold.get("quantity")
    if expected is None:
        return claim.quantity is None
    quantity = claim.quantity
    if quantity is None:
        return False
    checks = [(expected.get(key), getattr(quantity, key)) for key in ("value", "low", "high")]
    if not all(_same_number(want, got) for want, got in checks if want is not None):
        return False
    return expected.get("unit") is None or expected["unit"] == quantity.unit


def score_file(path: Path, book: Rulebook, score: ClaimScore) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    text: str = document["text"]
    predicted = extract_claims(text, book)
    unmatched = list(predicted)
    for gold in document.get("claims", []):
        hit = next((claim for claim in unmatched if matches(gold, claim)), None)
        counts = score.by_predicate[gold["predicate"]]
        if hit is None:
            score.overall.false_negative += 1
            counts.false_negative += 1
            score.misses.append((path.name, gold))
        else:
            unmatched.remove(hit)
            score.overall.true_positive += 1
            counts.true_positive += 1
    for claim in unmatched:
        score.overall.false_positive += 1
        score.by_predicate[claim.predicate].false_positive += 1
        score.extras.append((path.name, claim))
    for phrase in document.get("not_claims", []):
        start = text.index(phrase)
        if any(start <= claim.span.start < start + len(phrase) for claim in predicted):
            score.speculative_leaks.append((path.name, phrase))


def score_directory(files: Iterable[Path], book: Rulebook) -> ClaimScore:
    score = ClaimScore()
    for path in sorted(files):
        score_file(path, book, score)
    return score


# --- Offset-based sets over real articles (tests/data/claims_saudinewsnet) --------------------
#
# SaudiNewsNet is CC BY-NC-SA 4.0, so the repository stores no text of it: each annotation file
# names an article (zip, JSON member, index, url) and marks spans by [start, end) code-point
# offsets into its `content` as stored, with the first 8 hex digits of the span's SHA-1 so that
# a shifted offset or another version of the data is an error instead of a silent mis-score.

SAUDINEWSNET = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "saudinewsnet"
EVENT = "event"  # gold kind of an assertion no lexicon predicate covers
POLARITIES = ("asserted", "denied")


class AnnotationError(FactcheckError):
    """An annotation file that does not fit its article; names the file and line."""

    def __init__(self, file: Path, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")


class _Located(dict[str, Any]):
    """A YAML mapping that remembers its line (1-based), for error messages."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_located(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Located:
    mapping = _Located(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_located)


def span_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Figure:
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None  # informative: scoring compares values only, as the issue asks
    bound: str = "exact"


@dataclass(frozen=True)
class GoldAssertion:
    start: int
    end: int
    predicate: str  # a lexicon predicate, or EVENT
    polarity: str
    figure: Figure | None
    speaker: tuple[int, int] | None  # None: the newspaper's own narration
    verb: tuple[int, int] | None  # EVENT only: the verb as written
    line: int


@dataclass(frozen=True)
class GoldArticle:
    path: Path
    text: str
    start: int  # the annotated range; claims outside it are not scored
    end: int
    assertions: tuple[GoldAssertion, ...]
    not_claims: tuple[tuple[int, int], ...]


# Files are named in selection order, which is date order: two days cached are enough, and a
# whole day's articles stay in memory no longer than needed.
@functools.lru_cache(maxsize=2)
def _day(corpus: Path, zip_name: str, member: str) -> list[dict[str, Any]]:
    with zipfile.ZipFile(corpus / zip_name) as archive:
        items: list[dict[str, Any]] = json.loads(archive.read(member))
    return items


def _checked_span(path: Path, text: str, node: Any, what: str, line: int) -> tuple[int, int]:
    """The [start, end) a {start, end, sha1} mapping marks, after checking it against the text."""
    where = getattr(node, "line", line)
    if not isinstance(node, dict) or not {"start", "end", "sha1"} <= node.keys():
        raise AnnotationError(path, where, f"{what}: expected {{start, end, sha1}}")
    start, end = node["start"], node["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise AnnotationError(path, where, f"{what}: [{start}, {end}) is not a span of the text")
    found = span_hash(text[start:end])
    if found != str(node["sha1"]):
        raise AnnotationError(
            path, where, f"{what}: sha1 of [{start}, {end}) is {found}, the file says {node['sha1']}"
        )
    return start, end


def _figure(path: Path, node: Any, line: int) -> Figure | None:
    if node is None:
        return None
    numbers = {key: node.get(key) for key in ("value", "low", "high")}
    if all(number is None for number in numbers.values()):
        raise AnnotationError(path, getattr(node, "line", line), "figure: needs value, low or high")
    return Figure(
        value=numbers["value"],
        low=numbers["low"],
        high=numbers["high"],
        unit=node.get("unit"),
        bound=node.get("bound", "exact"),
    )


def load_offset_file(path: Path, predicates: frozenset[str], corpus: Path = SAUDINEWSNET) -> GoldArticle:
    """One annotation file, every span checked against the article read from `corpus`."""
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # a SafeLoader
    article = document["article"]
    try:
        items = _day(corpus, article["zip"], article["member"])
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise AnnotationError(path, article.line, f"cannot read the article: {error}") from error
    index = article["index"]
    if not 0 <= index < len(items) or items[index].get("url") != article["url"]:
        raise AnnotationError(path, article.line, f"article {index} of {article['zip']} has another url")
    text: str = items[index]["content"]
    start, end = _checked_span(path, text, document["range"], "range", document.line)
    assertions = []
    for claim in document.get("claims") or []:
        line = claim.line
        span = _checked_span(path, text, claim.get("span"), "span", line)
        if not (start <= span[0] and span[1] <= end):
            raise AnnotationError(path, line, "span lies outside the annotated range")
        predicate = claim.get("predicate")
        if predicate != EVENT and predicate not in predicates:
            raise AnnotationError(path, line, f"predicate {predicate!r} is neither a lexicon one nor {EVENT}")
        polarity = claim.get("polarity")
        if polarity not in POLARITIES:
            raise AnnotationError(path, line, f"polarity {polarity!r} is not one of {POLARITIES}")
        verb = claim.get("verb")
        if (verb is None) != (predicate != EVENT):
            raise AnnotationError(path, line, f"a verb is given exactly when the predicate is {EVENT}")
        verb_span = None if verb is None else _checked_span(path, text, verb, "verb", line)
        if verb_span is not None and not (span[0] <= verb_span[0] and verb_span[1] <= span[1]):
            raise AnnotationError(path, line, "the verb lies outside the assertion's span")
        speaker = claim.get("speaker")
        assertions.append(
            GoldAssertion(
                start=span[0],
                end=span[1],
                predicate=predicate,
                polarity=polarity,
                figure=_figure(path, claim.get("figure"), line),
                speaker=None if speaker is None else _checked_span(path, text, speaker, "speaker", line),
                verb=verb_span,
                line=line,
            )
        )
    not_claims = []
    for item in document.get("not_claims") or []:
        span = _checked_span(path, text, item.get("span"), "not-claim", item.line)
        if not (start <= span[0] and span[1] <= end):
            raise AnnotationError(path, item.line, "not-claim lies outside the annotated range")
        not_claims.append(span)
    return GoldArticle(path, text, start, end, tuple(assertions), tuple(not_claims))


def lexicon_predicates(book: Rulebook) -> frozenset[str]:
    return frozenset(rule.predicate for rule in book.predicate_rules)


def matches_span(gold: GoldAssertion, claim: Claim) -> bool:
    """Spans overlap and polarity agrees; a lexicon predicate must agree, an EVENT takes any;
    a gold figure's numbers must agree with the claim's main quantity."""
    if not (claim.span.start < gold.end and gold.start < claim.span.end):
        return False
    if claim.polarity != gold.polarity or gold.predicate not in (EVENT, claim.predicate):
        return False
    if gold.figure is None:
        return True
    quantity = claim.quantity
    if quantity is None:
        return False
    wanted = (
        (gold.figure.value, quantity.value),
        (gold.figure.low, quantity.low),
        (gold.figure.high, quantity.high),
    )
    return all(_same_number(want, got) for want, got in wanted if want is not None)


def _maximum_matching(golds: list[GoldAssertion], claims: list[Claim]) -> dict[int, int]:
    """gold index -> claim index, as many pairs as possible (Kuhn's augmenting paths): greedy
    first-fit would let one claim that overlaps two assertions cost a true positive."""
    edges = [[c for c, claim in enumerate(claims) if matches_span(gold, claim)] for gold in golds]
    owner: dict[int, int] = {}  # claim index -> gold index

    def augment(g: int, seen: set[int]) -> bool:
        for c in edges[g]:
            if c in seen:
                continue
            seen.add(c)
            if c not in owner or augment(owner[c], seen):
                owner[c] = g
                return True
        return False

    for g in range(len(golds)):
        augment(g, set())
    return {g: c for c, g in owner.items()}


Extractor = Callable[[str, Rulebook], list[Claim]]


def score_article(
    article: GoldArticle,
    book: Rulebook,
    score: ClaimScore,
    lexicon: frozenset[str],
    extract: Extractor = extract_claims,
) -> None:
    name = f"{article.path.parent.name}/{article.path.name}"
    predicted = [c for c in extract(article.text, book) if article.start <= c.span.start < article.end]
    golds = list(article.assertions)
    pairs = _maximum_matching(golds, predicted)
    for g, gold in enumerate(golds):
        counts = score.by_predicate[gold.predicate]
        if g in pairs:
            score.overall.true_positive += 1
            counts.true_positive += 1
        else:
            score.overall.false_negative += 1
            counts.false_negative += 1
            # Offsets, not text: the report may end up somewhere public.
            score.misses.append(
                (f"{name}:{gold.line}", {"predicate": gold.predicate, "span": [gold.start, gold.end]})
            )
    matched = set(pairs.values())
    for c, claim in enumerate(predicted):
        if c in matched:
            continue
        score.overall.false_positive += 1
        score.by_predicate[claim.predicate if claim.predicate in lexicon else EVENT].false_positive += 1
        score.extras.append((name, claim))
    for start, end in article.not_claims:
        for claim in predicted:
            if start <= claim.span.start < end:
                score.speculative_leaks.append((name, f"{start}-{end} {claim.predicate}"))


def score_offset_directory(
    files: Iterable[Path],
    book: Rulebook,
    corpus: Path = SAUDINEWSNET,
    extract: Extractor = extract_claims,
) -> ClaimScore:
    """Score an offset-based set; each speculation leak is one predicted claim in a not-claim.
    `extract` is the extractor under test (a stand-in lets the scoring itself be tested)."""
    lexicon = lexicon_predicates(book)
    score = ClaimScore()
    for path in sorted(files):
        score_article(load_offset_file(path, lexicon, corpus), book, score, lexicon, extract)
    return score


# The selection rule of tests/data/claims_saudinewsnet (its README states it in words): hard news
# on the wars of the region, short enough to annotate whole, picked at a fixed stride so that
# nobody chose articles by how the extractor does on them.
_PLACE = re.compile(r"سوري[اة]|اليمن(?!ى)|العراق|ليبيا")  # اليمنى is "right" (the right foot)
_TOPIC = re.compile(r"داعش|الحوثي|التحالف|القاعدة|المعارضة|الجيش|القوات|الحرب|الإرهاب|مسلح")
_DIGIT = re.compile(r"[0-9٠-٩]")
_LETTERS = re.compile(r"[^\u0621-\u064A]")
_SPORTS_PAPERS = frozenset({"arreyadi", "arriyadiyah"})


def select_articles(corpus: Path = SAUDINEWSNET, count: int = 40) -> list[tuple[str, str, int]]:
    """(zip, member, index) of every k-th candidate, k = candidates // count, in (zip, member,
    index) order. A candidate is the first copy of its url and of its opening (first 100 Arabic
    letters: wire copies recur across papers), not from a sports paper, 300 to 1200 characters
    long, with a digit, naming Syria, Yemen, Iraq or Libya and a word of armed conflict."""
    candidates: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    for archive_path in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(archive_path) as archive:
            for member in sorted(archive.namelist()):
                for index, item in enumerate(json.loads(archive.read(member))):
                    content = item["content"]
                    opening = _LETTERS.sub("", content)[:100]
                    if item["url"] in seen or opening in seen:
                        continue
                    seen.update((item["url"], opening))
                    if (
                        item["source"] not in _SPORTS_PAPERS
                        and 300 <= len(content) <= 1200
                        and _PLACE.search(content)
                        and _TOPIC.search(content)
                        and _DIGIT.search(content)
                    ):
                        candidates.append((archive_path.name, member, index))
    stride = len(candidates) // count
    return [candidates[stride * j] for j in range(count)]


def show(path: str | Path, corpus: Path = SAUDINEWSNET) -> None:
    """Print one annotation file with its spans' text, for a maintainer reading it (the text
    comes from the corpus at run time and must never be copied into the repository)."""
    from factcheck.rulebook.load import load_rulebook

    article = load_offset_file(Path(path), lexicon_predicates(load_rulebook()), corpus)

    def text(span: tuple[int, int] | None) -> str:
        return "(the paper)" if span is None else article.text[span[0] : span[1]]

    for gold in article.assertions:
        figure = "" if gold.figure is None else f" {gold.figure}"
        verb = "" if gold.verb is None else f" verb={text(gold.verb)}"
        print(f"{gold.line}: {gold.predicate} {gold.polarity}{figure}{verb} | {text((gold.start, gold.end))}")
        print(f"    speaker: {text(gold.speaker)}")
    for span in article.not_claims:
        print(f"not-claim: {text(span)}")
