"""Peak memory of one `factcheck check` run over 10, 100 and 1,000 articles (issue: bad input,
faults and hostile input — "checking 1,000 articles in one run keeps memory flat").

    .venv/bin/python bench/memory_bench.py            # writes the block between the bench:memory
                                                      # markers of bench/README.md

Articles are variants of examples/article.txt and the seed article (figures changed, so every one
is a different text with its own claims), checked against examples/corpus with --format json
(which held the whole run until it printed, before runs streamed; it now writes each article's
claims as it goes). Peak RSS is the child's ru_maxrss (wait4); the median of RUNS[size] runs is
shown.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_model, git_output, ram_gib

REPO = Path(__file__).resolve().parents[1]
FACTCHECK = REPO / ".venv" / "bin" / "factcheck"
SOURCES = [REPO / "examples" / "article.txt", REPO.parent / "shared" / "seed" / "article.txt"]
RUNS = {10: 3, 100: 3, 1000: 1}  # 1,000 articles take minutes: one run
README = REPO / "bench" / "README.md"
START, END = "<!-- bench:memory:start -->", "<!-- bench:memory:end -->"


def write_articles(folder: Path, count: int) -> None:
    texts = [path.read_text(encoding="utf-8") for path in SOURCES if path.exists()]
    for number in range(count):
        base = texts[number % len(texts)]
        # Shift every figure so that no two articles are the same text.
        varied = re.sub(r"\d+", lambda m, shift=number: str(int(m.group()) + shift), base)
        (folder / f"article-{number:04d}.txt").write_text(varied, encoding="utf-8")


def peak_rss_mib(args: list[str]) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{args} failed with {status}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        index = root / "index"
        subprocess.run(
            [str(FACTCHECK), "index", str(REPO / "examples" / "corpus"), "--index", str(index), "-q"],
            check=True,
        )
        for size, runs_wanted in RUNS.items():
            folder = root / f"articles-{size}"
            folder.mkdir()
            write_articles(folder, size)
            for output in ("json",):
                args = [str(FACTCHECK), "check", str(folder), "--index", str(index), "-f", output, "-q"]
                runs = [peak_rss_mib(args) for _ in range(runs_wanted)]
                rss = statistics.median(r[0] for r in runs)
                seconds = statistics.median(r[1] for r in runs)
                rows.append((size, output, rss, seconds))
                print(
                    f"{size:>5} articles, {output:<5}: peak RSS {rss:.0f} MiB, {seconds:.1f} s",
                    file=sys.stderr,
                )
    machine = f"{cpu_model()}, {os.cpu_count()} cores, {ram_gib() or 0:.0f} GiB RAM"
    lines = [
        START,
        f"Measured {dt.date.today().isoformat()} on {machine}, "
        f"commit {git_output('rev-parse', '--short', 'HEAD')}"
        f" (`bench/memory_bench.py`; median of 3 runs, one at 1,000; checked against examples/corpus).",
        "",
        "| articles in one run | format | peak RSS (MiB) | wall time (s) |",
        "|---:|---|---:|---:|",
        *(f"| {size:,} | {output} | {rss:.0f} | {seconds:.1f} |" for size, output, rss, seconds in rows),
        END,
    ]
    text = README.read_text(encoding="utf-8")
    block = "\n".join(lines)
    if START in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n## Memory over many articles\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
