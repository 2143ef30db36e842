"""How time and memory grow with input size: `factcheck claims` on punctuated text and on one
unpunctuated line of 10 KB to 10 MB, and `factcheck index` on corpora of 1 to 100 MB.

    .venv/bin/python bench/scaling.py            # writes the bench:scaling block of bench/README.md
    .venv/bin/python bench/scaling.py --quick    # 10 and 100 KB, a 1 MB corpus; README left alone

Inputs are generated from the templates of make_corpus.py (Arabic news sentences, deterministic).
Each size runs in a new process: wall time, the command's own time (its --verbose line, without
start-up) and the peak RSS of its largest process (wait4's rusage: the child and its workers).
Time per MB is judged flat when the largest size's is within 2x of the smallest's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from machine import REPO, cpu_model, git_output, ram_gib
from make_corpus import _sentence, make_document

README = REPO / "bench" / "README.md"
START, END = "<!-- bench:scaling:start -->", "<!-- bench:scaling:end -->"
KB, MB = 1_000, 1_000_000
CLAIM_SIZES = [10 * KB, 100 * KB, 1 * MB, 10 * MB]
CORPUS_SIZES = [1 * MB, 10 * MB, 100 * MB]
SMALL_REPEATS = 3  # runs of inputs under 1 MB, whose own time is a few hundredths of a second
_OWN_TIME = re.compile(r"in (\d+(?:\.\d+)?) s$", re.M)
_PUNCTUATION = re.compile(r"[.،؛:!؟?\n]+")


@dataclass
class Run:
    command: str
    kind: str
    nominal: int  # the size asked for
    size: int  # bytes of input actually written
    wall: float
    own: float  # the command's own figure, start-up excluded
    peak_mib: float

    @property
    def own_per_mb(self) -> float:
        return self.own / (self.size / MB)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def article_text(size: int, seed: str) -> str:
    """Paragraphs of three to five template sentences, `size` bytes of UTF-8 or just over."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))
        paragraphs.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs) + "\n"


def unpunctuated(text: str, size: int) -> str:
    """The same words as one line with no punctuation: one sentence as far as extraction can tell."""
    line = " ".join(_PUNCTUATION.sub(" ", text).split())
    return line.encode("utf-8")[:size].decode("utf-8", errors="ignore").rsplit(" ", 1)[0] + "\n"


def write_corpus(folder: Path, size: int) -> int:
    """JSON Lines files of 10,000 documents until `size` bytes; returns the bytes written."""
    import json

    folder.mkdir(parents=True)
    rng = random.Random(f"scaling:{size}")
    written = number = 0
    while written < size:
        with (folder / f"corpus-{number // 10_000:05d}.jsonl").open("a", encoding="utf-8") as handle:
            line = json.dumps(make_document(rng, number), ensure_ascii=False) + "\n"
            handle.write(line)
        written += len(line.encode("utf-8"))
        number += 1
    return written


def measure(args: list[str]) -> tuple[float, float, float]:
    """Wall time, the command's own time (its last "… in N s" --verbose line) and peak RSS (MiB)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "factcheck", *args, "-v"],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            cwd=tempfile.gettempdir(),  # never a checkout whose factcheck/ would shadow the installed one
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read()
    if process.returncode != 0:
        raise RuntimeError(f"factcheck {' '.join(args)}: exit {process.returncode}\n{stderr[-2000:]}")
    own = [float(found) for found in _OWN_TIME.findall(stderr)]
    return wall, own[-1] if own else wall, usage.ru_maxrss / 1024


def run_claims(work: Path, sizes: list[int]) -> list[Run]:
    runs = []
    for size in sizes:
        text = article_text(size, f"article:{size}")
        for kind, content in (("punctuated", text), ("one unpunctuated line", unpunctuated(text, size))):
            path = work / f"article-{size}.txt"
            path.write_text(content, encoding="utf-8")
            actual = path.stat().st_size
            repeats = SMALL_REPEATS if size < MB else 1
            results = [measure(["claims", str(path), "-f", "json", "--max-bytes", str(2 * actual)])
                       for _ in range(repeats)]  # fmt: skip
            wall, own, peak = (statistics.median(values) for values in zip(*results, strict=True))
            runs.append(Run("claims", kind, size, actual, wall, own, peak))
            log(f"claims, {kind}, {actual / MB:.2f} MB: {wall:.2f} s wall, {own:.2f} s own, {peak:.0f} MiB")
    return runs


def run_index(work: Path, sizes: list[int]) -> list[Run]:
    runs = []
    for size in sizes:
        corpus, index = work / f"corpus-{size}", work / f"index-{size}"
        actual = write_corpus(corpus, size)
        wall, own, peak = measure(["index", str(corpus), "--index", str(index)])
        runs.append(Run("index", "JSON Lines corpus", size, actual, wall, own, peak))
        log(f"index, {actual / MB:.1f} MB: {wall:.1f} s wall, {own:.1f} s own, {peak:.0f} MiB")
        shutil.rmtree(corpus)
        shutil.rmtree(index)
    return runs


def _size(size: int) -> str:
    return f"{size / MB:g} MB" if size >= MB else f"{size / KB:g} KB"


def table(runs: list[Run]) -> list[str]:
    lines = [
        "| command | input | size | wall (s) | own time (s) | own time per MB (s) | peak RSS (MiB) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| `factcheck {run.command}` | {run.kind} | {_size(run.nominal)} | {run.wall:.2f} "
            f"| {run.own:.2f} | {run.own_per_mb:.2f} | {run.peak_mib:.0f} |"
        )
    lines.append("")
    groups: dict[tuple[str, str], list[Run]] = {}
    for run in runs:
        groups.setdefault((run.command, run.kind), []).append(run)
    for (command, kind), group in groups.items():
        first, last = group[0], group[-1]
        ratio = last.own_per_mb / first.own_per_mb if first.own_per_mb else float("inf")
        verdict = "flat within 2×" if 0.5 <= ratio <= 2 else "**not flat within 2×**"
        lines.append(
            f"- `factcheck {command}`, {kind}: time per MB {_size(first.nominal)} → {_size(last.nominal)}: "
            f"{first.own_per_mb:.2f} → {last.own_per_mb:.2f} s ({ratio:.2f}×), {verdict}"
        )
    return lines


def block(runs: list[Run], started: dt.datetime) -> str:
    ram = ram_gib()
    head = (
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {cpu_model()}, {os.cpu_count()} cores, "
        f"{ram:.0f} GiB RAM, commit {git_output('rev-parse', '--short', 'HEAD') or 'unknown'} "
        f"(`bench/scaling.py`; one run a size, the median of {SMALL_REPEATS} under 1 MB; own time is "
        "the command's `--verbose` figure, start-up excluded; peak RSS of the largest process)."
    )
    return "\n".join([START, head, "", *table(runs), END])


def update_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    if START in readme and END in readme:
        before, rest = readme.split(START, 1)
        readme = before + text + rest.split(END, 1)[1]
    else:
        readme = readme.rstrip("\n") + "\n\n## Scaling with input size (issue 19)\n\n" + text + "\n"
    README.write_text(readme, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only; README left alone")
    args = parser.parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    claim_sizes = CLAIM_SIZES[:2] if args.quick else CLAIM_SIZES
    corpus_sizes = CORPUS_SIZES[:1] if args.quick else CORPUS_SIZES
    with tempfile.TemporaryDirectory(prefix="factcheck-scaling-") as folder:
        work = Path(folder)
        (work / "warm.txt").write_text(article_text(1 * KB, "warm"), encoding="utf-8")
        measure(["claims", str(work / "warm.txt")])  # compiled-rules cache, imports in the page cache
        runs = run_claims(work, claim_sizes) + run_index(work, corpus_sizes)
    text = block(runs, started)
    print(text)
    if not args.quick:
        update_readme(text)
        log(f"{README.relative_to(REPO)} updated between the bench:scaling markers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
