"""Does the USE encoder help the stance rules? Every variant tuned by 5-fold cross-validation on
ANS train, then scored once on dev. Reads the features written by bench/stance_features.py.

    python bench/stance_model.py [--features DIR]"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("agree", "disagree", "other")
SEED = 0


def load(directory: Path, split: str) -> dict[str, np.ndarray]:
    with np.load(directory / f"{split}.npz") as data:
        return dict(data)


def rule_prediction(d: dict[str, np.ndarray]) -> np.ndarray:
    return np.array([{"supports": 0, "contradicts": 1, "unrelated": 2}[s] for s in d["rule_stance"]])


def features(d: dict[str, np.ndarray], kind: str) -> np.ndarray:
    u, v = d["u"], d["v"]
    cos = np.sum(u * v, axis=1, keepdims=True)
    parts: list[np.ndarray] = []
    if "emb" in kind:
        parts += [u + v, np.abs(u - v), u * v, cos]
    if "asym" in kind:
        parts += [u, v, np.abs(u - v), u * v, cos]
    if "cos" in kind:
        parts += [cos]
    if "rules" in kind:
        parts.append(d["rules"])
    # The words only one side has (bench/stance_diff.py). The shipped "emb+rules+diff" layout is
    # factcheck.stance.model.feature_rows, which train_stance.py uses; this copy is for variants.
    if "diff" in kind:
        a, b = d["a"], d["b"]
        a_empty, b_empty = ~a.any(1), ~b.any(1)
        flags = np.stack([a_empty & b_empty, a_empty ^ b_empty], axis=1)
        parts += [a + b, np.abs(a - b), a * b, np.sum(a * b, axis=1, keepdims=True), flags]
    return np.concatenate(parts, axis=1).astype(np.float64)


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> tuple[float, list[float]]:
    per = []
    for c in range(3):
        tp = np.sum((pred == c) & (gold == c))
        p = tp / max(np.sum(pred == c), 1)
        r = tp / max(np.sum(gold == c), 1)
        per.append(0.0 if tp == 0 else 2 * p * r / (p + r))
    return float(np.mean(per)), per


class Softmax:
    """Multinomial logistic regression or a one-hidden-layer MLP, full-batch Adam, class-balanced."""

    def __init__(self, l2: float, hidden: int = 0, steps: int = 400, lr: float = 0.01) -> None:
        self.l2, self.hidden, self.steps, self.lr = l2, hidden, steps, lr

    def fit(self, x: np.ndarray, y: np.ndarray) -> Softmax:
        rng = np.random.default_rng(SEED)
        self.mean, self.std = x.mean(0), x.std(0) + 1e-6
        x = (x - self.mean) / self.std
        n, d = x.shape
        counts = np.bincount(y, minlength=3)
        weight = (n / (3 * np.maximum(counts, 1)))[y]
        onehot = np.eye(3)[y]
        if self.hidden:
            shapes = [(d, self.hidden), (self.hidden,), (self.hidden, 3), (3,)]
            params = [rng.normal(0, 1 / np.sqrt(s[0]), s) if len(s) == 2 else np.zeros(s) for s in shapes]
        else:
            params = [np.zeros((d, 3)), np.zeros(3)]
        m = [np.zeros_like(p) for p in params]
        s = [np.zeros_like(p) for p in params]
        for t in range(1, self.steps + 1):
            grads = self._grads(params, x, onehot, weight)
            for i, (p, g) in enumerate(zip(params, grads, strict=True)):
                if p.ndim == 2:
                    g = g + self.l2 * p
                m[i] = 0.9 * m[i] + 0.1 * g
                s[i] = 0.999 * s[i] + 0.001 * g * g
                p -= self.lr * (m[i] / (1 - 0.9**t)) / (np.sqrt(s[i] / (1 - 0.999**t)) + 1e-8)
        self.params = params
        return self

    def _forward(self, params: list[np.ndarray], x: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        if self.hidden:
            h = np.maximum(x @ params[0] + params[1], 0)
            z = h @ params[2] + params[3]
        else:
            h, z = None, x @ params[0] + params[1]
        z = z - z.max(1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(1, keepdims=True), h

    def _grads(self, params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray, w: np.ndarray) -> list:
        p, h = self._forward(params, x)
        dz = (p - onehot) * w[:, None] / len(x)
        if not self.hidden:
            return [x.T @ dz, dz.sum(0)]
        dh = (dz @ params[2].T) * (h > 0)
        return [x.T @ dh, dh.sum(0), h.T @ dz, dz.sum(0)]

    def proba(self, x: np.ndarray) -> np.ndarray:
        return self._forward(self.params, (x - self.mean) / self.std)[0]


def folds(y: np.ndarray, k: int = 5) -> list[np.ndarray]:
    rng = np.random.default_rng(SEED)
    index = np.zeros(len(y), dtype=int)
    for c in range(3):
        members = rng.permutation(np.flatnonzero(y == c))
        index[members] = np.arange(len(members)) % k
    return [index == f for f in range(k)]


def oof(x: np.ndarray, y: np.ndarray, make: Callable[[], Softmax]) -> np.ndarray:
    """Out-of-fold probabilities on train."""
    out = np.zeros((len(y), 3))
    for held in folds(y):
        out[held] = make().fit(x[~held], y[~held]).proba(x[held])
    return out


def combine(proba: np.ndarray, rules: np.ndarray, mode: str, threshold: float) -> np.ndarray:
    model = proba.argmax(1)
    if mode == "model":
        return model
    out = rules.copy()
    if mode == "override-supports":  # rules' contradiction and unrelated stand; the model judges "supports"
        flip = (rules == 0) & (proba[:, 1] >= threshold)
        out[flip] = 1
        return out
    if mode == "model-unless-conflict":  # a fired rule conflict stands; otherwise the model decides
        free = rules != 1
        out[free] = model[free]
        return out
    raise ValueError(mode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--features", type=Path, default=ROOT / ".factcheck-cache" / "stance-features")
    args = parser.parse_args()
    train, dev = load(args.features, "train"), load(args.features, "dev")
    ytr, ydev = train["gold"], dev["gold"]
    rtr, rdev = rule_prediction(train), rule_prediction(dev)
    rows: list[tuple[str, str, np.ndarray]] = [("rules only (current)", "-", rdev)]
    results: dict[tuple[str, str], list] = {}

    grid_lr = [{"l2": l2} for l2 in (1e-3, 1e-2, 1e-1, 1.0)]
    grid_mlp = [{"l2": l2, "hidden": 64, "steps": 300} for l2 in (1e-2, 1e-1)]
    specs = [
        ("LR rules features", "rules", grid_lr),
        ("LR cos + rules", "cos+rules", grid_lr),
        ("LR USE [u+v,|u-v|,u*v,cos]", "emb", grid_lr),
        ("LR USE [u,v,|u-v|,u*v,cos]", "asym", grid_lr),
        ("LR USE + rules", "emb+rules", grid_lr),
        ("MLP-64 USE + rules", "emb+rules", grid_mlp),
    ]
    thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    for name, kind, grid in specs:
        xtr, xdev = features(train, kind), features(dev, kind)
        for params in grid:
            p = oof(xtr, ytr, lambda params=params: Softmax(**params))
            for mode, t in itertools.chain(
                [("model", 0.0), ("model-unless-conflict", 0.0)],
                (("override-supports", t) for t in thresholds),
            ):
                f1 = macro_f1(ytr, combine(p, rtr, mode, t))[0]
                results.setdefault((name, mode), []).append((f1, params, t))
        for mode in ("model", "model-unless-conflict", "override-supports"):
            f1, params, t = max(results[(name, mode)], key=lambda r: r[0])
            model = Softmax(**params).fit(xtr, ytr)
            pred = combine(model.proba(xdev), rdev, mode, t)
            label = f"{name}; {mode}" + (f" (P(disagree) ≥ {t})" if mode == "override-supports" else "")
            rows.append((label, f"{f1:.3f} ({params})", pred))
            print(f"{label}: train-CV {f1:.3f} {params}", flush=True)

    numeric = dev["numeric"]
    print(
        "\n| variant | train 5-fold CV macro-F1 (chosen params) | dev macro-F1 | F1 agree | F1 disagree "
        f"| F1 other | dev accuracy | numeric accuracy (n={numeric.sum()}) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label, cv, pred in rows:
        f1, per = macro_f1(ydev, pred)
        acc = np.mean(pred == ydev)
        nacc = np.mean(pred[numeric] == ydev[numeric])
        print(
            f"| {label} | {cv} | {f1:.3f} | "
            + " | ".join(f"{x:.3f}" for x in per)
            + f" | {acc:.3f} | {nacc:.3f} |"
        )


if __name__ == "__main__":
    main()
