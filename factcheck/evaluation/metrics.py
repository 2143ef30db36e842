"""Classification figures: accuracy, per-class precision/recall/F1, macro-F1, confusion matrix."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ClassScores:
    labels: tuple[str, ...]
    confusion: dict[str, dict[str, int]]  # gold → predicted → count
    total: int

    def _row(self, label: str) -> dict[str, float]:
        true_positive = self.confusion[label][label]
        predicted = sum(self.confusion[gold][label] for gold in self.labels)
        gold = sum(self.confusion[label].values())
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "support": gold}

    @property
    def accuracy(self) -> float:
        return sum(self.confusion[label][label] for label in self.labels) / self.total if self.total else 0.0

    @property
    def per_class(self) -> dict[str, dict[str, float]]:
        return {label: self._row(label) for label in self.labels}

    @property
    def macro_f1(self) -> float:
        # Over the classes present in the gold data: a class absent from a subset would count as 0.
        present = [label for label in self.labels if sum(self.confusion[label].values())]
        return sum(self._row(label)["f1"] for label in present) / len(present) if present else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "per_class": {
                label: {
                    key: round(value, 4) if isinstance(value, float) else value for key, value in row.items()
                }
                for label, row in self.per_class.items()
            },
            "confusion": self.confusion,
        }


def score(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> ClassScores:
    counts = Counter(zip(gold, predicted, strict=True))
    confusion = {g: {p: counts[(g, p)] for p in labels} for g in labels}
    return ClassScores(tuple(labels), confusion, len(gold))
