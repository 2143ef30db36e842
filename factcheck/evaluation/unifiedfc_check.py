"""Check UnifiedFC's claims as a user would: its articles indexed as one corpus, each claim's text
checked as an article with `check`'s own extractor and checker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from factcheck.app import event_matcher
from factcheck.corpus.readers.fields import document_id
from factcheck.evaluation.unifiedfc import CORPUS_FILE, DEFAULT_FOLDS, Dataset, FcClaim, load, write_corpus
from factcheck.evaluation.unifiedfc_score import Outcome
from factcheck.extract.document import extract_claims
from factcheck.index.build import index_corpus
from factcheck.index.shards import open_searcher
from factcheck.rulebook.compile import Rulebook
from factcheck.stance.model import StanceModel
from factcheck.verify.check import Checker
from factcheck.verify.result import Verification

Progress = Callable[[int, int], None]


def prepare(directory: Path, work_dir: Path, book: Rulebook, folds: Sequence[int] = DEFAULT_FOLDS) -> Dataset:
    """Load the dataset and bring the corpus index under `work_dir` up to date (incremental)."""
    dataset = load(directory, folds)
    corpus = write_corpus(dataset, work_dir / "corpus")
    index_corpus(corpus.parent, work_dir / "index", book)
    return dataset


def check_all(
    dataset: Dataset,
    work_dir: Path,
    book: Rulebook,
    date: dt.date | None = None,
    progress: Progress | None = None,
    model: StanceModel | None = None,
) -> list[Outcome]:
    """`model`: the learned stance comparison, as `check` uses it by default (None: the rules alone)."""
    searcher = open_searcher(work_dir / "index")
    events = event_matcher(work_dir / "index")
    key_of = {document_id(CORPUS_FILE, article.key): article.key for article in dataset.articles}
    outcomes = []
    for number, claim in enumerate(dataset.claims):
        if progress:
            progress(number, len(dataset.claims))
        # Each claim is an article of its own: the checker knows its text (the article itself is
        # never evidence for it).
        checker = Checker(
            searcher,  # type: ignore[arg-type]
            book,
            date,
            events=events,
            article_text=claim.text,
            stance_model=model,
        )
        outcomes.append(_check_one(claim, checker, book, key_of))
    return outcomes


def _check_one(claim: FcClaim, checker: Checker, book: Rulebook, key_of: dict[str, str]) -> Outcome:
    assertions = [c for c in extract_claims(claim.text, book) if c.checkable]
    verifications = [checker.verify(assertion) for assertion in assertions]
    cited: dict[str, str] = {}
    notes = []
    for assertion, verification in zip(assertions, verifications, strict=True):
        notes.append(f"{assertion.kind}/{assertion.predicate} «{assertion.text}» → {verification.verdict}")
        for evidence in verification.evidence:
            key = key_of.get(evidence.document.id)
            if key is None:
                continue
            if cited.get(key) != "contradicts":  # an article that contradicts one assertion contests
                cited[key] = evidence.stance
            notes.append(
                f"   {evidence.stance} [{claim.stance_of(key) or 'other pool'}] {evidence.relatedness:.2f} "
                f"«{evidence.snippet[:160]}» ({evidence.reason[:120]})"
            )
    return Outcome(claim, len(assertions), claim_verdict(verifications), cited, tuple(notes))


def claim_verdict(verifications: Sequence[Verification]) -> str:
    """A claim is contested when any of its assertions is, corroborated when any is."""
    verdicts = {verification.verdict for verification in verifications}
    for verdict in ("contested", "corroborated"):
        if verdict in verdicts:
            return verdict
    return "unverified"
