"""`factcheck eval unifiedfc`: the loader, the measures and the command, on a small dataset in
UnifiedFC's format written for these tests (the real one has no licence and is never committed)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from factcheck.errors import InputError
from factcheck.evaluation.unifiedfc import FcClaim, Pair, article_key, load
from factcheck.evaluation.unifiedfc_score import Outcome, measure
from tests.conftest import factcheck_command

KILLED = "قتل 9 جنود سوريين في غارة جوية قرب بلدة عياش في ريف دير الزور"
AGREEING = f"دير الزور - وكالات\n{KILLED}. وقالت مصادر محلية إن الغارة استهدفت موقعا عسكريا."
CONTRADICTING = "أفادت مصادر بمقتل 5 جنود سوريين في غارة جوية قرب بلدة عياش في ريف دير الزور."
UNRELATED = "افتتح وزير التربية مدرسة جديدة في العاصمة بحضور عدد من المسؤولين."
VOTE = "وافق البرلمان البريطاني على توسيع الضربات الجوية ضد تنظيم الدولة إلى سوريا"


def _claim_file(folder: Path, claim_id: str, record: dict[str, object]) -> None:
    (folder / "dataset" / f"{claim_id}.json").write_text(
        json.dumps({"id": claim_id, **record}), encoding="utf-8"
    )


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "unifiedfc"
    (root / "dataset").mkdir(parents=True)
    (root / "train_test_splits.txt").write_text("Fold_1: T-1\nFold_2: T-2\nFold_4: T-3\n", encoding="utf-8")
    articles = [AGREEING, CONTRADICTING, UNRELATED]
    _claim_file(
        root,
        "T-1",
        {
            "claim": KILLED,
            "fact": "true",
            "article": articles,
            "url": ["https://a.example/1", "https://b.example/2", "https://c.example/3"],
            "stance": ["agree", "disagree", "unrelated"],
            "rationale": ["[1]", "[0]", "[]"],
        },
    )
    _claim_file(
        root,
        "T-2",
        {
            "claim": VOTE,
            "fact": "true",
            "article": [UNRELATED],
            "url": ["https://c.example/3"],
            "stance": ["unrelated"],
            "rationale": ["[]"],
        },
    )
    # A held-out claim: only its articles are read. Without claim or labels, loading must not fail.
    _claim_file(root, "T-3", {"article": [f"{VOTE} بأغلبية كبيرة."], "url": ["https://d.example/4"]})
    return root


def test_only_the_folds_asked_are_read_but_every_article_is_in_the_corpus(dataset: Path) -> None:
    loaded = load(dataset, (1, 2))
    assert [claim.id for claim in loaded.claims] == ["T-1", "T-2"]
    assert [claim.fold for claim in loaded.claims] == [1, 2]
    assert len(loaded.articles) == 4  # the page retrieved for two claims is one document
    assert article_key(f"{VOTE} بأغلبية كبيرة.") in {article.key for article in loaded.articles}
    with pytest.raises(KeyError):
        load(dataset, (4,))  # asking for the held-out fold reads its labels, which this one lacks


def test_a_dataset_without_splits_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"train_test_splits\.txt"):
        load(tmp_path)


def test_gold_verdict_follows_the_strongest_annotation() -> None:
    def claim(*stances: str) -> FcClaim:
        return FcClaim("x", 1, "", tuple(Pair(str(n), s) for n, s in enumerate(stances)))

    assert claim("agree", "disagree").gold_verdict == "contested"
    assert claim("discuss", "agree").gold_verdict == "corroborated"
    assert claim("discuss", "unrelated").gold_verdict == "unverified"


def test_measures_count_cited_articles_against_the_claims_own_annotations() -> None:
    first = FcClaim("a", 1, "", (Pair("k1", "agree"), Pair("k2", "disagree"), Pair("k3", "discuss")))
    second = FcClaim("b", 1, "", (Pair("k4", "unrelated"),))
    outcomes = [
        # k1 agrees and is cited as supporting; k3 (discuss) is tied; k9 is another claim's page.
        Outcome(first, 2, "corroborated", {"k1": "supports", "k3": "supports", "k9": "supports"}),
        Outcome(second, 0, "unverified", {}),
    ]
    measures = measure(outcomes)
    assert measures.coverage == 0.5
    assert (measures.cited, measures.cited_tied) == (3, 2)
    assert (measures.polar, measures.polar_cited, measures.polar_right_stance) == (2, 1, 1)
    # gold: contested (k2 disagrees) and unverified; predicted corroborated and unverified
    assert measures.verdicts.confusion["contested"]["corroborated"] == 1
    assert measures.verdicts.confusion["unverified"]["unverified"] == 1
    assert measures.baseline.confusion["contested"]["unverified"] == 1


def test_the_command_indexes_every_article_and_checks_the_folds_asked(dataset: Path, tmp_path: Path) -> None:
    command = [*factcheck_command(), "eval", "unifiedfc", str(dataset), "--folds", "1,2"]
    result = subprocess.run(
        [*command, "--work-dir", str(tmp_path / "work"), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"fold 1", "fold 2", "all"}
    overall = report["all"]
    assert overall["claims"] == 2
    assert overall["with_assertion"] == 2
    # The agreeing and the contradicting report of T-1 are found with their stances.
    assert overall["agree_disagree_cited"] == 2 and overall["stance_accuracy_on_cited"] == 1.0
    assert overall["verdict"]["confusion"]["contested"]["contested"] == 1
    # The corpus holds every fold's articles: the held-out claim's page is a document.
    corpus = (tmp_path / "work" / "corpus" / "articles.jsonl").read_text(encoding="utf-8")
    assert "بأغلبية كبيرة" in corpus
