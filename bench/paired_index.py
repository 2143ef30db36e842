"""Index SaudiNewsNet with an earlier commit and with this working tree, alternately, in one run.

    .venv/bin/python bench/paired_index.py BASE_COMMIT [--rounds 2] [--corpus DIR]

These machines' speed varies about 2× from minute to minute, so two builds are compared only as a
ratio measured in the same run, alternating (base, new, base, new …): each build is
`python -m factcheck index CORPUS --index TMP -q` from scratch, with the base commit checked out
in a throw-away git worktree and put first on PYTHONPATH (the same venv, the same packages).
Wall time, CPU time (user + system of the build and its workers) and the index size are printed
per build, then the medians and their ratios as a Markdown table for bench/README.md."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "saudinewsnet"


def _build(source: Path, corpus: Path, index: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one build from scratch (children's rusage: the build and its pool)."""
    shutil.rmtree(index, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "factcheck", "index", str(corpus.resolve()), "--index", str(index), "-q"]
    # Run from the index's folder: `python -m` puts the working directory before PYTHONPATH.
    subprocess.run(
        command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=index.parent
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base", help="the commit to compare with (e.g. the last one before a change)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paired-index-") as scratch:
        work = Path(scratch)
        base = work / "base"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(base), args.base], check=True
        )
        try:
            results: dict[str, list[tuple[float, float, float]]] = {"base": [], "new": []}
            for round_number in range(1, args.rounds + 1):
                for name, source in (("base", base), ("new", REPO)):
                    wall, cpu = _build(source, args.corpus, work / f"index-{name}")
                    size = _size_mb(work / f"index-{name}")
                    results[name].append((wall, cpu, size))
                    print(
                        f"round {round_number} {name}: wall {wall:.1f} s, CPU {cpu:.1f} s, {size:.0f} MB",
                        flush=True,
                    )
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
    median = {
        name: [statistics.median(values) for values in zip(*rows, strict=True)]
        for name, rows in results.items()
    }
    print(
        f"\nMeasured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores), "
        f"base {args.base}, {args.rounds} rounds, medians:\n"
    )
    print("| build | wall (s) | CPU (s) | index (MB) |")
    print("|---|---|---|---|")
    for name in ("base", "new"):
        wall, cpu, size = median[name]
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {size:.0f} |")
    ratios = [new / old if old else 0.0 for new, old in zip(median["new"], median["base"], strict=True)]
    print(f"| new / base | {ratios[0]:.2f}× | {ratios[1]:.2f}× | {ratios[2]:.2f}× |")


if __name__ == "__main__":
    main()
