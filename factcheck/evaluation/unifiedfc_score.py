"""What `factcheck eval unifiedfc` measures, from each claim's check: coverage, evidence precision,
recall of the agreeing and disagreeing articles, stance on the cited ones, and the claim verdict
against its gold (see unifiedfc.FcClaim.gold_verdict), with the all-unverified baseline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from factcheck.evaluation.metrics import ClassScores, score
from factcheck.evaluation.unifiedfc import TIED, FcClaim

VERDICTS = ("corroborated", "contested", "unverified")
# The stance an article must be cited with to be right about it.
EXPECTED = {"agree": "supports", "disagree": "contradicts"}


@dataclass(frozen=True)
class Outcome:
    """One claim checked: how many checkable assertions, the verdict, the articles cited."""

    claim: FcClaim
    assertions: int
    verdict: str
    cited: dict[str, str]  # article key → stance it was cited with (supports | contradicts)
    notes: tuple[str, ...] = field(default=())  # what was extracted and cited, for --errors

    @property
    def cited_tied(self) -> int:
        return sum(1 for key in self.cited if self.claim.stance_of(key) in TIED)

    def polar_articles(self) -> set[str]:
        """This claim's own articles annotated agree or disagree."""
        return {pair.key for pair in self.claim.pairs if pair.stance in EXPECTED}


@dataclass(frozen=True)
class Measures:
    claims: int
    with_assertion: int
    cited: int
    cited_tied: int
    polar: int  # own agree/disagree articles
    polar_cited: int
    polar_right_stance: int
    verdicts: ClassScores
    baseline: ClassScores  # every claim unverified

    @property
    def coverage(self) -> float:
        return self.with_assertion / self.claims if self.claims else 0.0

    @property
    def evidence_precision(self) -> float:
        return self.cited_tied / self.cited if self.cited else 0.0

    @property
    def polar_recall(self) -> float:
        return self.polar_cited / self.polar if self.polar else 0.0

    @property
    def stance_accuracy(self) -> float:
        return self.polar_right_stance / self.polar_cited if self.polar_cited else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "with_assertion": self.with_assertion,
            "coverage": round(self.coverage, 4),
            "cited": self.cited,
            "cited_tied": self.cited_tied,
            "evidence_precision": round(self.evidence_precision, 4),
            "agree_disagree_articles": self.polar,
            "agree_disagree_cited": self.polar_cited,
            "agree_disagree_recall": round(self.polar_recall, 4),
            "stance_accuracy_on_cited": round(self.stance_accuracy, 4),
            "verdict": self.verdicts.as_dict(),
            "baseline_all_unverified": self.baseline.as_dict(),
        }


def measure(outcomes: Sequence[Outcome]) -> Measures:
    polar = polar_cited = right = 0
    for outcome in outcomes:
        for key in outcome.polar_articles():
            polar += 1
            if key in outcome.cited:
                polar_cited += 1
                stance = outcome.claim.stance_of(key)
                right += stance is not None and outcome.cited[key] == EXPECTED.get(stance)
    gold = [outcome.claim.gold_verdict for outcome in outcomes]
    return Measures(
        claims=len(outcomes),
        with_assertion=sum(1 for outcome in outcomes if outcome.assertions),
        cited=sum(len(outcome.cited) for outcome in outcomes),
        cited_tied=sum(outcome.cited_tied for outcome in outcomes),
        polar=polar,
        polar_cited=polar_cited,
        polar_right_stance=right,
        verdicts=score(gold, [outcome.verdict for outcome in outcomes], VERDICTS),
        baseline=score(gold, ["unverified"] * len(gold), VERDICTS),
    )


def render_text(by_fold: dict[str, Measures]) -> str:
    """One table, a column per fold and one for all together."""
    rows = [
        ("claims", lambda m: str(m.claims)),
        ("with a checkable assertion", lambda m: f"{m.with_assertion} ({m.coverage:.0%})"),
        ("articles cited", lambda m: str(m.cited)),
        ("evidence precision (cited and tied to the claim)", lambda m: f"{m.evidence_precision:.3f}"),
        ("agree/disagree articles cited", lambda m: f"{m.polar_cited} / {m.polar} ({m.polar_recall:.0%})"),
        ("right stance among those cited", lambda m: f"{m.stance_accuracy:.3f}"),
        ("verdict macro-F1", lambda m: f"{m.verdicts.macro_f1:.3f}"),
        ("verdict macro-F1, all unverified", lambda m: f"{m.baseline.macro_f1:.3f}"),
    ]
    names = list(by_fold)
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(by_fold[name]) for name in names) + " |")
    overall = by_fold[names[-1]].verdicts
    lines += ["", "Verdicts, all folds (rows gold, columns predicted):", ""]
    lines += ["| gold \\ predicted | " + " | ".join(VERDICTS) + " |", "|---|" + "---|" * len(VERDICTS)]
    for gold in VERDICTS:
        lines.append(f"| {gold} | " + " | ".join(str(overall.confusion[gold][p]) for p in VERDICTS) + " |")
    return "\n".join(lines)
