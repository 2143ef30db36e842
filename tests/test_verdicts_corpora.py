"""Whole articles against whole corpora, verdicts annotated in advance:
examples/article.txt vs examples/corpus, and the seed article vs tests/data/seed_corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from factcheck.app import Options, check
from factcheck.report import ClaimsReport
from tests.conftest import DATA, REPO, SEED_ARTICLE

CASES = {
    "example": (
        DATA / "example_verdicts.yaml",
        REPO / "examples" / "article.txt",
        REPO / "examples" / "corpus",
        None,
    ),
    "seed": (DATA / "seed_verdicts.yaml", SEED_ARTICLE, DATA / "seed_corpus", "2015-12-08"),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def checked(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Any, ClaimsReport]:
    spec_path, article, corpus, date = CASES[request.param]
    if not article.exists():
        pytest.skip(f"missing: {article}")
    options = Options(
        corpus=corpus,
        index=tmp_path_factory.mktemp("index"),
        quiet=True,
        article_date=dt.date.fromisoformat(date) if date else None,
    )
    return yaml.safe_load(spec_path.read_text(encoding="utf-8")), check(str(article), options)


def _claim(report: ClaimsReport, expected: dict[str, Any]):  # type: ignore[no-untyped-def]
    text = Path(report.article.origin).read_text(encoding="utf-8")
    start = text.index(expected["evidence"])
    end = start + len(expected["evidence"])
    found = [
        c
        for c in report.claims
        if c.predicate == expected["predicate"] and c.span.start < end and start < c.span.end
    ]
    assert found, f"no {expected['predicate']} claim at {expected['evidence']!r}"
    return found[0]


def _reports(names: list[str]) -> set[str]:
    """'wire.jsonl#ramadi-reuters' → 'wire.jsonl': records are matched by their file."""
    return {name.split("#")[0] for name in names}


def test_every_annotated_verdict(checked: tuple[Any, ClaimsReport]) -> None:
    spec, report = checked
    wrong = []
    for expected in spec["verdicts"]:
        verification = report.verification(_claim(report, expected))
        if verification.verdict != expected["verdict"]:
            wrong.append(
                (expected["evidence"], expected["verdict"], verification.verdict, verification.reason)
            )
    assert wrong == []


def test_contradicting_reports_are_shown(checked: tuple[Any, ClaimsReport]) -> None:
    spec, report = checked
    for expected in spec["verdicts"]:
        if expected["verdict"] != "contested":
            continue
        evidence = report.verification(_claim(report, expected)).evidence
        shown = {Path(e.document.path).name for e in evidence if e.stance == "contradicts"}
        assert _reports(expected["contradicts"]) & shown, (expected["evidence"], shown)


def test_copies_are_counted_once(checked: tuple[Any, ClaimsReport]) -> None:
    spec, report = checked
    checked_copies = 0
    for expected in spec["verdicts"]:
        copies = _reports(expected.get("copies") or [])
        if not copies:
            continue
        verification = report.verification(_claim(report, expected))
        for evidence in verification.evidence:
            if Path(evidence.document.path).name in copies:
                assert evidence.copy_of is not None, evidence.document.path
                checked_copies += 1
    assert checked_copies > 0


def test_every_claim_found_is_annotated(checked: tuple[Any, ClaimsReport]) -> None:
    """No unannotated claim slips through: a false assertion (the example article's "لعمليات استعادة
    الأنبار" once read as a claim of control) gets a verdict nobody reviewed."""
    spec, report = checked
    annotated = {id(_claim(report, expected)) for expected in spec["verdicts"]}
    unannotated = [(c.predicate, c.text) for c in report.claims if c.checkable and id(c) not in annotated]
    assert unannotated == []
    assert len(annotated) == len(spec["verdicts"])  # each annotation names a claim of its own
