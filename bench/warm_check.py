"""Warm and cold check of one article against an index that already exists (the issue's
"warm check" goal, < 1 s), without rebuilding the index first as index_bench.py does.

    .venv/bin/python bench/warm_check.py --index DIR [--corpus DIR] [--article FILE] [--runs 11]

Warm: `factcheck.app.check` again in a process that has checked the article once (what
index_bench.py calls warm). Cold: `factcheck check ARTICLE --index DIR -q -f json` in a new
process, the start-up caches (rulebook, camel-tools charsets) already filled. Prints Markdown;
medians of --runs runs, with the load average, so that a figure taken beside a busy neighbour
says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import time
from pathlib import Path

from machine import cpu_model, git_output, ram_gib

REPO = Path(__file__).resolve().parents[1]
FACTCHECK = REPO / ".venv" / "bin" / "factcheck"
SEED = REPO.parent / "shared" / "seed" / "article.txt"


def _warm(article: Path, index: Path, corpus: Path | None, runs: int) -> list[float]:
    from factcheck.app import Options, check

    options = Options(index=index, corpus=corpus, quiet=True)
    check(str(article), options)  # the first check fills every cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        check(str(article), options)
        times.append(time.perf_counter() - started)
    return times


def _cold(article: Path, index: Path, runs: int) -> list[float]:
    command = [str(FACTCHECK), "check", str(article), "--index", str(index), "-q", "-f", "json"]
    command += ["--fail-on", "never"]
    # As on a user's machine, Python may write bytecode: with PYTHONDONTWRITEBYTECODE set (it is on
    # some CI and sandbox images) an editable install recompiles every changed module in every run.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, capture_output=True, env=env)  # fills the start-up caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return times


def _row(name: str, times: list[float]) -> str:
    median = statistics.median(times)
    verdict = "met" if median < 1.0 else "**missed**"
    spread = f"{min(times):.2f} s – {max(times):.2f} s"
    return f"| {name} | {len(times)} | {median:.2f} s | {spread} | < 1.00 s | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--article", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows = [
        _row(
            "Check, warm (`app.check`, index only, same process)",
            _warm(args.article, args.index, None, args.runs),
        )
    ]
    if args.corpus:
        warm = _warm(args.article, args.index, args.corpus, args.runs)
        rows.append(_row("Check, warm, with the corpus (incremental update first)", warm))
    rows.append(
        _row(
            "Check, cold (`factcheck check -f json`, new process)", _cold(args.article, args.index, args.runs)
        )
    )
    load_after = os.getloadavg()[0]
    print(
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `bench/warm_check.py` (commit "
        f"{git_output('rev-parse', '--short', 'HEAD')}) on {cpu_model()}, {os.cpu_count()} CPUs, "
        f"{ram_gib() or 0:.1f} GiB RAM; article {args.article.name}, index {args.index}. "
        f"Load average (1 min) at start / end: {load_before:.2f} / {load_after:.2f}.\n"
    )
    print("| Measure | Runs | Median | Range | Goal | Verdict |\n|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
