"""UnifiedFC (Baly et al., NAACL 2018): Arabic claims about the war in Syria, the web articles
retrieved for them, and each claim–article pair's annotated stance.

The folder holds `dataset/*.json` (one claim each: `id`, `claim`, `fact`, `article[]`, `url[]`,
`stance[]`, `rationale[]`) and `train_test_splits.txt` (`Fold_N: id id …`). Every fold's articles
make the corpus, as in real use an archive holds reports of claims nobody checked; only the claims
and labels of the folds asked for are read. The dataset has no licence: nothing made from its
text is ever written inside the repository (the corpus goes to a cache folder)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError

SPLITS = "train_test_splits.txt"
DATASET = "dataset"
DEFAULT_FOLDS = (1, 2, 3)
# Annotated stances that tie an article to its claim (the rest are "unrelated").
TIED = frozenset({"agree", "disagree", "discuss"})
CORPUS_FILE = "articles.jsonl"


@dataclass(frozen=True, slots=True)
class Pair:
    """One article of a claim's pool and its annotated stance towards the claim."""

    key: str  # the article's text hash: the same page retrieved for two claims is one document
    stance: str  # agree | disagree | discuss | unrelated


@dataclass(frozen=True, slots=True)
class FcClaim:
    id: str
    fold: int
    text: str
    pairs: tuple[Pair, ...]

    def stance_of(self, key: str) -> str | None:
        """The annotated stance of an article of this claim's own pool; None outside it."""
        found = [pair.stance for pair in self.pairs if pair.key == key]
        if not found:
            return None
        # A page retrieved twice for one claim keeps its strongest annotation.
        for stance in ("disagree", "agree", "discuss"):
            if stance in found:
                return stance
        return found[0]

    @property
    def gold_verdict(self) -> str:
        """Contested if an article of its own pool disagrees, corroborated if one agrees."""
        stances = {pair.stance for pair in self.pairs}
        if "disagree" in stances:
            return "contested"
        if "agree" in stances:
            return "corroborated"
        return "unverified"


@dataclass(frozen=True, slots=True)
class Article:
    key: str
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Dataset:
    claims: tuple[FcClaim, ...]  # of the folds asked for only
    articles: tuple[Article, ...]  # of every fold, each distinct text once


def article_key(text: str) -> str:
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:16]


def read_folds(directory: Path) -> dict[str, int]:
    """Claim id → fold number."""
    path = directory / SPLITS
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read ({exc.strerror or exc}); is this UnifiedFC's folder?"
        ) from None
    folds: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        name, _, ids = line.partition(":")
        if not name.strip().startswith("Fold_") or not name.strip()[5:].isdigit():
            raise InputError(f"{path}:{number}: expected 'Fold_N: id id …'")
        for claim_id in ids.split():
            folds[claim_id] = int(name.strip()[5:])
    return folds


def load(directory: Path, folds: Sequence[int] = DEFAULT_FOLDS) -> Dataset:
    """The claims of `folds` with their annotations, and the articles of every fold."""
    fold_of = read_folds(directory)
    wanted = set(folds)
    claims: list[FcClaim] = []
    articles: dict[str, Article] = {}
    files = sorted((directory / DATASET).glob("*.json"))
    if not files:
        raise InputError(f"{directory / DATASET}: no claim files (*.json)")
    for path in files:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            texts, urls = record["article"], record["url"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: not a UnifiedFC claim file ({exc})") from None
        keys = []
        for text, url in zip(texts, urls, strict=False):
            key = article_key(text)
            keys.append(key)
            articles.setdefault(key, Article(key, text, url))
        claim_id = record.get("id") or path.stem
        fold = fold_of.get(claim_id)
        if fold is None or fold not in wanted:
            continue  # a held-out claim: its text and labels are never looked at
        stances = record["stance"]
        pairs = tuple(Pair(key, stance) for key, stance in zip(keys, stances, strict=False))
        claims.append(FcClaim(claim_id, fold, str(record["claim"]).strip(), pairs))
    return Dataset(tuple(claims), tuple(articles[key] for key in sorted(articles)))


def write_corpus(dataset: Dataset, folder: Path) -> Path:
    """The articles as one JSONL corpus file (`id` is the article key); rewritten only when it
    changes, so the index stays incremental."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CORPUS_FILE
    lines = [
        json.dumps({"id": article.key, "text": article.text, "url": article.url}, ensure_ascii=False)
        for article in dataset.articles
    ]
    content = "\n".join(lines) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        temporary = path.with_suffix(".tmp")
        temporary.write_text(content, encoding="utf-8")
        temporary.replace(path)
    return path
