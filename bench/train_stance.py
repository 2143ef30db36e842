"""Reproduce factcheck/stance/stance_model.npz from ANS train only (deterministic: zero init,
full-batch Adam, no sampling). Needs the `stance-model` extra.

    PYTHONPATH=. python bench/train_stance.py [--ans-dir DIR] [--features DIR]

The variant and its L2 are those of bench/stance_model.md: logistic regression on
[u+v, |u-v|, u*v, cos] + rule signals + the changed words' [a+b, |a-b|, a*b, cos, empty flags],
L2 0.1, class-balanced; a rule conflict overrides it."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stance_model import Softmax, load

from factcheck.stance.model import feature_rows

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "factcheck" / "stance" / "stance_model.npz"
L2 = 0.1  # best train 5-fold CV with the changed words' embeddings (0.777; bench/stance_diff.py)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ans-dir", type=Path, default=ROOT.parent / "shared" / "data" / "ans" / "stance")
    parser.add_argument("--features", type=Path, default=ROOT / ".factcheck-cache" / "stance-features")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    if not (args.features / "train.npz").is_file():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "stance_features.py"),
                "--ans-dir",
                str(args.ans_dir),
                "--out",
                str(args.features),
                "--splits",
                "train",
            ],
            check=True,
        )
    train = load(args.features, "train")
    rows = feature_rows(train["u"], train["v"], train["rules"], train["a"], train["b"])
    model = Softmax(l2=L2).fit(rows, train["gold"])
    coef, bias = model.params
    np.savez_compressed(
        args.output,
        mean=model.mean.astype(np.float32),
        std=model.std.astype(np.float32),
        coef=coef.astype(np.float32),
        bias=bias.astype(np.float32),
    )
    print(f"{args.output}: {args.output.stat().st_size} bytes, {coef.shape[0]} features")


if __name__ == "__main__":
    main()
