"""Run the stance comparison over an ANS stance file (columns s1, s2, stance: agree/disagree/other).

Khouja (2020, FEVER workshop at ACL) reports 76.7 macro-F1 on this task with fine-tuned BERT."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.evaluation.metrics import ClassScores, score
from factcheck.rulebook.compile import Rulebook
from factcheck.stance import compare_sentences
from factcheck.stance.numbers import figures_in

if TYPE_CHECKING:
    from factcheck.stance.model import StanceModel

LABELS = ("agree", "disagree", "other")
TO_ANS = {"supports": "agree", "contradicts": "disagree", "unrelated": "other"}
REFERENCE = "Khouja 2020 (FEVER workshop, ACL 2020), fine-tuned BERT: 76.7 F1"
REFERENCE_F1 = 0.767


@dataclass(frozen=True)
class Outcome:
    s1: str
    s2: str
    gold: str
    predicted: str
    reason: str
    numeric: bool  # the two sentences do not state the same numbers (values, figures_in)
    figures_both_sides: bool  # each sentence states at least one number

    @property
    def severity(self) -> int:
        """How bad a miss is: agree↔disagree (the reverse verdict) is worse than a missed `other`."""
        if self.gold == self.predicted:
            return 0
        return 2 if {self.gold, self.predicted} == {"agree", "disagree"} else 1


@dataclass(frozen=True)
class AnsReport:
    path: Path
    overall: ClassScores
    numeric: ClassScores
    outcomes: list[Outcome]

    def errors(self, count: int) -> list[Outcome]:
        """The `count` worst misses: reversed verdicts first, numeric pairs (our goal) first among them."""
        misses = [o for o in self.outcomes if o.severity]
        return sorted(misses, key=lambda o: (-o.severity, not o.numeric))[:count]

    def as_dict(self, errors: int = 0) -> dict[str, Any]:
        result = {"file": str(self.path), **self.overall.as_dict(), "numeric": self.numeric.as_dict()}
        result["reference"] = {"source": REFERENCE, "f1": REFERENCE_F1}
        if errors:
            result["errors"] = [
                {"s1": o.s1, "s2": o.s2, "gold": o.gold, "predicted": o.predicted, "reason": o.reason}
                for o in self.errors(errors)
            ]
        return result


def read_pairs(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [(row["s1"], row["s2"], row["stance"].strip()) for row in csv.DictReader(handle)]


def evaluate_file(path: Path, book: Rulebook, model: StanceModel | None = None) -> AnsReport:
    outcomes: list[Outcome] = []
    pairs = read_pairs(path)
    if model is not None:
        model.warm((s1, s2) for s1, s2, _ in pairs)
    for s1, s2, gold in pairs:
        result = compare_sentences(s1, s2, book, model)
        # The subset, "pairs whose numbers differ": changed, added or dropped on one side,
        # compared as values (لستة صحفيين and 6 صحفيين state the same number).
        figures1, figures2 = figures_in(s1, book), figures_in(s2, book)
        differ, both = figures1 != figures2, bool(figures1 and figures2)
        outcomes.append(Outcome(s1, s2, gold, TO_ANS[result.stance], result.reason, differ, both))
    numeric = [o for o in outcomes if o.numeric]
    return AnsReport(
        path,
        score([o.gold for o in outcomes], [o.predicted for o in outcomes], LABELS),
        score([o.gold for o in numeric], [o.predicted for o in numeric], LABELS),
        outcomes,
    )


def render_text(report: AnsReport, errors: int = 0) -> str:
    lines = [f"ANS stance: {report.path} ({report.overall.total} pairs)"]
    for title, scores in (("all pairs", report.overall), ("numeric subset", report.numeric)):
        lines.append(
            f"{title}: n={scores.total}  accuracy {scores.accuracy:.3f}  macro-F1 {scores.macro_f1:.3f}"
        )
        lines.append(f"  {'class':<10}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
        for label, row in scores.per_class.items():
            figures = "".join(f"{row[key]:>7.3f}" for key in ("precision", "recall", "f1"))
            lines.append(f"  {label:<10}{figures}{int(row['support']):>6}")
        lines.append("  confusion (rows gold, columns predicted): " + "  ".join(LABELS))
        for gold in LABELS:
            lines.append(f"  {gold:<10}" + "".join(f"{scores.confusion[gold][p]:>9}" for p in LABELS))
    lines.append(f"reference: {REFERENCE}")
    for outcome in report.errors(errors):
        lines.append(f"- gold {outcome.gold}, predicted {outcome.predicted} ({outcome.reason})")
        lines.append(f"    s1: {outcome.s1}")
        lines.append(f"    s2: {outcome.s2}")
    return "\n".join(lines)
