"""Benchmarks: CLI start-up and claim-extraction throughput over SaudiNewsNet.

Run with `make bench` (about 25 minutes on 2 cores) or `.venv/bin/python bench/run.py --quick`
for a smoke run of a minute or so. Raw figures go to bench/out/results.json; a full run also
rewrites the generated block of bench/README.md. Every figure is the median of several runs,
because single timings on a shared machine wander by tens of per cent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from threading import BrokenBarrierError
from typing import Any

from machine import cpu_model, git_output, ram_gib, rules_fingerprint

from factcheck.extract.document import extract_claims
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.load import load_rulebook

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
DATA_DIR = REPO.parent / "shared" / "data" / "saudinewsnet"
OUT_FILE = REPO / "bench" / "out" / "results.json"
README = REPO / "bench" / "README.md"
START_MARK = "<!-- bench:results:start -->"
END_MARK = "<!-- bench:results:end -->"

STARTUP_GOAL_S = 0.3
SAMPLE_SIZE = 3000
QUICK_SAMPLE_SIZE = 300
QUICK_CORPUS_SIZE = 2000
POOL_PROCESSES = 2
# Big enough that queue traffic is negligible, small enough that both workers finish together.
CHUNKSIZE = 50
PROGRESS_EVERY = 2000


@dataclass
class Plan:
    """How many runs of what: the full benchmark or the --quick smoke run."""

    startup_runs: int
    import_runs: int
    sample_size: int
    sample_runs: int
    corpus_size: int | None  # None: every article
    corpus_runs: int


FULL = Plan(
    startup_runs=15, import_runs=7, sample_size=SAMPLE_SIZE, sample_runs=3, corpus_size=None, corpus_runs=3
)
QUICK = Plan(
    startup_runs=5,
    import_runs=3,
    sample_size=QUICK_SAMPLE_SIZE,
    sample_runs=1,
    corpus_size=QUICK_CORPUS_SIZE,
    corpus_runs=1,
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- start-up -------------------------------------------------------------------------------------


def time_command(argv: Sequence[str], runs: int) -> list[float]:
    """Wall time of each of `runs` executions; one untimed run first so the page cache is warm."""
    subprocess.run(argv, cwd=REPO, check=True, capture_output=True)
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=REPO, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def command_summary(argv: Sequence[str], times: list[float]) -> dict[str, Any]:
    return {
        "command": " ".join(argv),
        "runs": len(times),
        "median_s": statistics.median(times),
        "min_s": min(times),
        "times_s": times,
    }


def measure_startup(plan: Plan) -> dict[str, Any]:
    help_argv = [str(BIN / "factcheck"), "--help"]
    log(f"start-up: factcheck --help x{plan.startup_runs}")
    help_times = time_command(help_argv, plan.startup_runs)
    # What --help would cost if the CLI imported camel-tools eagerly (interpreter start included,
    # as it is in the --help figure).
    import_argv = [str(BIN / "python"), "-c", "import camel_tools.tokenizers.word"]
    log(f"start-up: camel-tools import x{plan.import_runs}")
    import_times = time_command(import_argv, plan.import_runs)
    return {
        "help": command_summary(help_argv, help_times),
        "camel_import": command_summary(import_argv, import_times),
        "goal_s": STARTUP_GOAL_S,
    }


# --- corpus ---------------------------------------------------------------------------------------


def load_articles(data_dir: Path) -> list[str]:
    """The `content` of every article, zips in sorted (date) order, each zip's array in file order."""
    texts: list[str] = []
    for path in sorted(data_dir.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                articles = json.loads(archive.read(name))
                texts.extend(article.get("content") or "" for article in articles)
    return texts


def utf8_bytes(texts: Sequence[str]) -> int:
    return sum(len(text.encode("utf-8")) for text in texts)


@dataclass
class Run:
    seconds: float
    claims: int
    # CPU time the extracting processes got over (wall time x processes). Well under 1 means
    # something else on the machine was competing for the cores and the rate is understated.
    cpu_share: float


def throughput(runs: Sequence[Run], articles: int, size: int) -> dict[str, Any]:
    seconds = statistics.median(run.seconds for run in runs)
    return {
        "articles": articles,
        "utf8_bytes": size,
        "runs": [asdict(run) for run in runs],
        "median_s": seconds,
        "articles_per_s": articles / seconds,
        "mb_per_s": size / 1e6 / seconds,
        "claims": runs[-1].claims,
        "cpu_share_median": statistics.median(run.cpu_share for run in runs),
        # Extraction is deterministic, so differing counts between runs would be a bug worth seeing.
        "claims_stable": len({run.claims for run in runs}) == 1,
    }


# --- single process -------------------------------------------------------------------------------


def extract_serially(texts: Sequence[str], book: Rulebook) -> Run:
    start, cpu_start = time.perf_counter(), time.process_time()
    claims = 0
    for done, text in enumerate(texts, 1):
        claims += len(extract_claims(text, book))
        if done % (PROGRESS_EVERY // 4) == 0:
            log(f"  {done}/{len(texts)} articles, {done / (time.perf_counter() - start):.1f}/s")
    seconds = time.perf_counter() - start
    return Run(seconds, claims, (time.process_time() - cpu_start) / seconds)


def measure_single(texts: Sequence[str], book: Rulebook, plan: Plan) -> dict[str, Any]:
    sample = texts[: plan.sample_size]
    runs: list[Run] = []
    for number in range(1, plan.sample_runs + 1):
        log(f"single process: run {number}/{plan.sample_runs} over {len(sample)} articles")
        runs.append(extract_serially(sample, book))
        log(f"  {runs[-1].seconds:.1f} s, {runs[-1].claims} claims, CPU share {runs[-1].cpu_share:.0%}")
    return throughput(runs, len(sample), utf8_bytes(sample))


# --- process pool ---------------------------------------------------------------------------------

_BOOK: Rulebook | None = None


def _init_worker(book: Rulebook, ready: Any) -> None:
    """Install the rulebook once per worker, then wait until every worker has, so timing starts at work.

    The parent's rulebook is passed in rather than re-read from rules/: if someone edits the rules
    (or the schema) during a 25-minute run, fresh loads would measure, or fail on, a different
    rule set from the one-process figure."""
    global _BOOK
    _BOOK = book
    ready.wait()


def _count_claims(text: str) -> int:
    assert _BOOK is not None, "worker started without _init_worker"
    return len(extract_claims(text, _BOOK))


def extract_in_pool(texts: Sequence[str], book: Rulebook) -> tuple[Run, float]:
    """One run over `texts`: (the run, seconds for the workers to start and receive the rulebook)."""
    ready = mp.Barrier(POOL_PROCESSES + 1)
    start, cpu_start = time.perf_counter(), children_cpu()
    pool = mp.Pool(POOL_PROCESSES, initializer=_init_worker, initargs=(book, ready))
    try:
        ready.wait(timeout=300)
    except BrokenBarrierError:
        pool.terminate()
        sys.exit("bench: pool workers did not start within 5 minutes")
    started = time.perf_counter()
    claims = 0
    for done, count in enumerate(pool.imap_unordered(_count_claims, texts, chunksize=CHUNKSIZE), 1):
        claims += count
        if done % PROGRESS_EVERY == 0:
            log(f"  {done}/{len(texts)} articles, {done / (time.perf_counter() - started):.1f}/s")
    finished = time.perf_counter()
    pool.close()
    pool.join()  # workers' CPU time reaches os.times() only once they are reaped
    # Worker CPU covers the rulebook load too, so divide by the wall time including start-up.
    cpu_share = (children_cpu() - cpu_start) / (POOL_PROCESSES * (time.perf_counter() - start))
    return Run(finished - started, claims, cpu_share), started - start


def children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def measure_pool(texts: Sequence[str], book: Rulebook, plan: Plan) -> dict[str, Any]:
    corpus = texts if plan.corpus_size is None else texts[: plan.corpus_size]
    runs: list[Run] = []
    startups: list[float] = []
    for number in range(1, plan.corpus_runs + 1):
        log(f"pool of {POOL_PROCESSES}: run {number}/{plan.corpus_runs} over {len(corpus)} articles")
        run, startup = extract_in_pool(corpus, book)
        runs.append(run)
        startups.append(startup)
        log(f"  {run.seconds:.1f} s, {run.claims} claims, CPU share {run.cpu_share:.0%}")
    result = throughput(runs, len(corpus), utf8_bytes(corpus))
    result.update(
        processes=POOL_PROCESSES, chunksize=CHUNKSIZE, pool_startup_median_s=statistics.median(startups)
    )
    return result


# --- machine --------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "ram_gib": ram_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def code_state() -> dict[str, Any]:
    """Which code and rules were measured: figures mean little without it."""
    return {
        "commit": git_output("rev-parse", "--short", "HEAD"),
        "dirty": bool(git_output("status", "--porcelain", "--untracked-files=no")),
        "rules_fingerprint": rules_fingerprint(),
    }


# --- report ---------------------------------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s"


def fmt_rate(articles: int, size: int, seconds: float) -> str:
    return f"{articles / seconds:.1f} articles/s, {size / 1e6 / seconds:.3f} MB/s"


def startup_rows(startup: dict[str, Any]) -> list[list[str]]:
    help_, camel = startup["help"], startup["camel_import"]
    met = "met" if help_["median_s"] < startup["goal_s"] else "NOT met"
    saved = camel["median_s"] - help_["median_s"]
    return [
        [
            "`factcheck --help` wall time",
            fmt_s(help_["median_s"]),
            fmt_s(help_["min_s"]),
            str(help_["runs"]),
            f"goal < {startup['goal_s']} s ({met})",
        ],
        [
            '`python -c "import camel_tools.tokenizers.word"`',
            fmt_s(camel["median_s"]),
            fmt_s(camel["min_s"]),
            str(camel["runs"]),
            f"baseline we avoid at `--help` (+{saved:.2f} s)",
        ],
    ]


def rate_row(label: str, result: dict[str, Any], note: str) -> list[str]:
    fastest = min(run["seconds"] for run in result["runs"])
    return [
        label,
        fmt_rate(result["articles"], result["utf8_bytes"], result["median_s"]),
        fmt_rate(result["articles"], result["utf8_bytes"], fastest),
        str(len(result["runs"])),
        note,
    ]


def extraction_rows(single: dict[str, Any], pool: dict[str, Any]) -> list[list[str]]:
    # The sample's articles are longer than the corpus average, so compare text rates, not article rates.
    speedup = pool["mb_per_s"] / single["mb_per_s"]
    runs = str(len(pool["runs"]))
    stable = "same in every run" if pool["claims_stable"] else "DIFFERS between runs"
    corpus = f"{pool['articles']:,} articles, {pool['utf8_bytes'] / 1e6:.1f} MB"
    return [
        rate_row(
            f"Extraction, 1 process, first {single['articles']:,} articles "
            f"({single['utf8_bytes'] / 1e6:.1f} MB)",
            single,
            f"per-core baseline; CPU share {single['cpu_share_median']:.0%}",
        ),
        rate_row(
            f"Extraction, pool of {pool['processes']}, {corpus}",
            pool,
            f"{speedup:.2f}× the 1-process MB/s; "
            f"CPU share {pool['cpu_share_median']:.0%} of {pool['processes']}",
        ),
        [
            f"Pool run wall time, {corpus}",
            fmt_s(pool["median_s"]),
            fmt_s(min(run["seconds"] for run in pool["runs"])),
            runs,
            f"excludes pool start-up ({pool['pool_startup_median_s']:.2f} s)",
        ],
        [f"Checkable claims found, {corpus}", f"{pool['claims']:,}", "", runs, stable],
    ]


def markdown_table(rows: list[list[str]]) -> str:
    header = ["Measure", "Median", "Best", "Runs", "Baseline / goal"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine_lines(info: dict[str, Any]) -> list[str]:
    ram = f"{info['ram_gib']:.1f} GiB" if info["ram_gib"] else "unknown"
    return [
        f"- CPU: {info['cpu']} ({info['nproc']} cores visible to `nproc`)",
        f"- RAM: {ram}",
        f"- Python: {info['python']} ({info['platform']})",
    ]


def load_line(load: dict[str, list[float]]) -> str:
    def fmt(values: list[float]) -> str:
        return " / ".join(f"{value:.2f}" for value in values)

    return f"- Load average (1 / 5 / 15 min): {fmt(load['start'])} at start, {fmt(load['end'])} at end"


def code_line(code: dict[str, Any]) -> str:
    commit = f"`{code['commit'] or 'unknown'}`" + (" with uncommitted changes" if code["dirty"] else "")
    rules = f"rules fingerprint `{code['rules_fingerprint']}`"
    if code["rules_fingerprint_end"] != code["rules_fingerprint"]:
        # Figures are still for the rules loaded at the start: the pool shares that rulebook.
        rules += f" (the files on disk changed to `{code['rules_fingerprint_end']}` during the run)"
    return f"Code: commit {commit}; {rules}."


CONTENDED_SHARE = 0.9


def contention_warnings(results: dict[str, Any]) -> list[str]:
    """Say in words when other work took the cores: a bare percentage in the table is easy to miss."""
    warnings: list[str] = []
    for key, label in (("single", "The 1-process runs"), ("pool", "The pool")):
        share = results.get(key, {}).get("cpu_share_median", 1.0)
        if share < CONTENDED_SHARE:
            warnings.append(
                f"**Warning:** {label} got only {share:.0%} of the CPU "
                "it could use (other processes were running), so its rates are understated."
            )
    return warnings


def results_block(results: dict[str, Any]) -> str:
    rows = startup_rows(results["startup"])
    if results.get("single") and results.get("pool"):
        rows += extraction_rows(results["single"], results["pool"])
    parts = [
        START_MARK,
        "<!-- Generated by bench/run.py; edits inside these markers are overwritten. -->",
        "## Machine",
        "",
        *machine_lines(results["machine"]),
        load_line(results["load_average"]),
        "",
        f"## Results ({results['date']})",
        "",
        f"Command: `{results['command']}`",
        "",
        code_line(results["code"]),
        "",
        markdown_table(rows),
    ]
    for warning in contention_warnings(results):
        parts += ["", warning]
    if results.get("skipped"):
        parts += ["", f"Skipped: {results['skipped']}"]
    parts.append(END_MARK)
    return "\n".join(parts)


README_TEMPLATE = f"""# Benchmarks

## How to run

    make bench

{START_MARK}
{END_MARK}

## Notes
"""


def update_readme(block: str) -> None:
    """Replace only the marked block, so hand-written sections (and future benchmarks) survive."""
    text = README.read_text(encoding="utf-8") if README.exists() else README_TEMPLATE
    if START_MARK not in text or END_MARK not in text:
        text = text.rstrip("\n") + f"\n\n{START_MARK}\n{END_MARK}\n"
    head, rest = text.split(START_MARK, 1)
    tail = rest.split(END_MARK, 1)[1]
    README.write_text(head + block + tail, encoding="utf-8")


def print_summary(results: dict[str, Any]) -> None:
    print(f"factcheck benchmarks, {results['date']}: {results['command']}")
    print("\n".join([*machine_lines(results["machine"]), load_line(results["load_average"])]))
    print(code_line(results["code"]))
    rows = startup_rows(results["startup"])
    if results.get("single") and results.get("pool"):
        rows += extraction_rows(results["single"], results["pool"])
    width = max(len(row[0]) for row in rows)
    for measure, median, minimum, runs, note in rows:
        best = f"  (best {minimum})" if minimum else ""
        print(f"  {measure:<{width}}  {median}{best}  [runs: {runs}]  {note}")
    for warning in contention_warnings(results):
        print(warning.replace("**", ""))
    if results.get("skipped"):
        print(f"Skipped: {results['skipped']}")


# --- main -----------------------------------------------------------------------------------------


def measure_extraction(plan: Plan, results: dict[str, Any]) -> None:
    if not DATA_DIR.is_dir() or not any(DATA_DIR.glob("*.zip")):
        message = f"no SaudiNewsNet zips in {DATA_DIR}; extraction throughput not measured"
        log(message)
        results["skipped"] = message
        return
    log(f"loading articles from {DATA_DIR}")
    texts = load_articles(DATA_DIR)
    log(f"loaded {len(texts):,} articles, {utf8_bytes(texts) / 1e6:.1f} MB of UTF-8 content")
    # Loaded once, untimed (the CLI pays it once per invocation, not per article), and shared by
    # every measurement so they all see the same rules.
    book = load_rulebook()
    results["code"]["rules_fingerprint"] = book.fingerprint
    results["single"] = measure_single(texts, book, plan)
    results["pool"] = measure_pool(texts, book, plan)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short smoke run; README is left alone")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    command = ".venv/bin/python bench/run.py" + (" --quick" if args.quick else "")
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "command": command,
        "quick": args.quick,
        "machine": machine(),
        "code": code_state(),
    }

    # Other work on a 2-core machine skews every figure; record how busy it was.
    results["load_average"] = {"start": list(os.getloadavg())}
    started = time.perf_counter()
    results["startup"] = measure_startup(plan)
    measure_extraction(plan, results)
    results["load_average"]["end"] = list(os.getloadavg())
    results["code"]["rules_fingerprint_end"] = rules_fingerprint()
    log(f"all measurements done in {(time.perf_counter() - started) / 60:.1f} min")

    OUT_FILE.parent.mkdir(parents=True, exist_ok=True)
    OUT_FILE.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"raw results in {OUT_FILE}")
    print_summary(results)
    if args.quick:
        # A smoke run's figures are not worth publishing over the last full run's.
        log("--quick: bench/README.md not updated")
    else:
        update_readme(results_block(results))
        log(f"updated {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
