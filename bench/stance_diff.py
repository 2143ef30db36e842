"""Does what changed between the two sentences help the stance model? Train 5-fold CV only,
then one look at dev for the variant CV picks.

    PYTHONPATH=. python bench/stance_diff.py [--features DIR] [--dev]

Candidate feature groups added to the shipped one (USE [u+v, |u−v|, u·v, cos] + rule signals):

- diff: USE embeddings a, b of the words found on one side only (factcheck.stance.features.
  changed_words, embedded by bench/stance_features.py), as [a+b, |a−b|, a·b, cos, empty flags];
  symmetric like the rest.
- bow: which stems changed, a bag of the stems of the one-side words (both sides together, so the
  row stays symmetric), vocabulary of stems seen in at least 3 train pairs.

The combination is the shipped one (a rule conflict stands; otherwise the model decides). Without
--dev nothing of dev is read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stance_model import Softmax, combine, features, load, macro_f1, oof, rule_prediction

from factcheck.evaluation.ans import read_pairs
from factcheck.stance.words import content_words, difference

ROOT = Path(__file__).resolve().parents[1]
ANS_DIR = ROOT.parent / "shared" / "data" / "ans" / "stance"
MIN_PAIRS = 3


def changed_stems(split: str) -> list[list[str]]:
    """One stem per word found on one side only, both sides together (symmetric), per pair."""
    rows = []
    for s1, s2, _ in read_pairs(ANS_DIR / f"{split}.csv"):
        diff = difference(content_words(s1), content_words(s2))
        rows.append(sorted({min(w.stems or {w.norm}) for w in diff.only_first + diff.only_second}))
    return rows


def vocabulary(rows: list[list[str]]) -> list[str]:
    counts: dict[str, int] = {}
    for row in rows:
        for stem in row:
            counts[stem] = counts.get(stem, 0) + 1
    return sorted(s for s, c in counts.items() if c >= MIN_PAIRS)


def bow_features(rows: list[list[str]], vocab: list[str]) -> np.ndarray:
    index = {s: i for i, s in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)))
    for row, stems in enumerate(rows):
        for stem in stems:
            if stem in index:
                x[row, index[stem]] = 1.0
    return x


def variants(d: dict[str, np.ndarray], stems: list[list[str]], vocab: list[str]) -> dict[str, np.ndarray]:
    base, diff, bow = features(d, "emb+rules"), features(d, "diff"), bow_features(stems, vocab)
    return {
        "shipped before (emb+rules)": base,
        "+diff": np.concatenate([base, diff], axis=1),
        "+bow": np.concatenate([base, bow], axis=1),
        "+diff+bow": np.concatenate([base, diff, bow], axis=1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--features", type=Path, default=ROOT / ".factcheck-cache" / "stance-features")
    parser.add_argument("--dev", action="store_true", help="score the variant train CV picks on dev")
    args = parser.parse_args()
    train = load(args.features, "train")
    train_stems = changed_stems("train")
    vocab = vocabulary(train_stems)
    ytr, rtr = train["gold"], rule_prediction(train)
    candidates = variants(train, train_stems, vocab)
    print(f"vocabulary: {len(vocab)} stems seen in ≥ {MIN_PAIRS} train pairs")
    print("| variant | L2 | train 5-fold CV macro-F1 |\n|---|---|---|")
    best: tuple[float, str, float] = (-1.0, "", 0.0)
    for name, x in candidates.items():
        for l2 in (0.01, 0.1, 1.0):
            p = oof(x, ytr, lambda l2=l2: Softmax(l2=l2))
            f1 = macro_f1(ytr, combine(p, rtr, "model-unless-conflict", 0.0))[0]
            print(f"| {name} | {l2} | {f1:.3f} |", flush=True)
            best = max(best, (f1, name, l2))
    print(f"train CV picks: {best[1]} L2 {best[2]} ({best[0]:.3f})")
    if not args.dev:
        return
    dev = load(args.features, "dev")
    _, name, l2 = best
    model = Softmax(l2=l2).fit(candidates[name], ytr)
    x_dev = variants(dev, changed_stems("dev"), vocab)[name]
    pred = combine(model.proba(x_dev), rule_prediction(dev), "model-unless-conflict", 0.0)
    f1, per = macro_f1(dev["gold"], pred)
    numeric = dev["numeric"]
    print(
        f"dev, {name} L2 {l2}: macro-F1 {f1:.3f} (agree {per[0]:.3f}, disagree {per[1]:.3f}, other "
        f"{per[2]:.3f}), accuracy {np.mean(pred == dev['gold']):.3f}, numeric accuracy "
        f"{np.mean(pred[numeric] == dev['gold'][numeric]):.3f} (n={numeric.sum()})"
    )


if __name__ == "__main__":
    main()
