"""Benchmarks: building the corpus index, re-indexing, and checking an article against it.

    .venv/bin/python bench/index_bench.py            # full run (see bench/README.md for timings)
    .venv/bin/python bench/index_bench.py --quick    # smoke run: 2 zips, 5,000 generated documents

Two corpora: SaudiNewsNet (the 18 zips in ../shared/data/saudinewsnet) and synthetic short
reports from bench/make_corpus.py, at 10,000 and 100,000 documents and at 1,000,000 when the
smaller sizes show it fits in the time budget (otherwise the 1M figures are extrapolated, and
say so).

Everything whose time or memory we report runs in a child process of its own: either the CLI, or
this script re-invoked with --child (which imports factcheck, times the work and prints JSON).
Peak memory comes from two places: ru_maxrss of the child from wait4 (the largest single process,
pool workers included once they are reaped) and the sum of PSS over the child's process tree,
sampled from /proc every quarter second (every second after the first 30 s): what the whole
index build holds at once, with the copy-on-write pages the forked workers share split between
them instead of counted three times.

Raw figures go to bench/out/index_results.json; a full run also rewrites the block between the
bench:index markers of bench/README.md. --quick writes bench/out/index_results-quick.json and
leaves README alone.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from machine import cpu_model, git_output, ram_gib, rules_fingerprint
from make_corpus import DOCS_PER_FILE, make_article, write_corpus

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
PYTHON = BIN / "python"
FACTCHECK = BIN / "factcheck"
SAUDI_DIR = REPO.parent / "shared" / "data" / "saudinewsnet"
SEED_ARTICLE = REPO.parent / "shared" / "seed" / "article.txt"
OUT_DIR = REPO / "bench" / "out"
README = REPO / "bench" / "README.md"
START_MARK = "<!-- bench:index:start -->"
END_MARK = "<!-- bench:index:end -->"

# Goals from the issue.
INDEX_GOAL_S = 60.0
WARM_CHECK_GOAL_S = 1.0
REINDEX_GOAL_S = 5.0

SYNTHETIC_TARGET = 1_000_000
SYNTHETIC_BUDGET_S = 45 * 60
WORKERS = 2
SAMPLE_EVERY_S = 0.25
SAMPLE_SLOWER_AFTER_S = 30.0
SAMPLE_SLOW_S = 1.0
OTHER_BENCH = "bench/run.py"
WAIT_POLL_S = 60
WAIT_LIMIT_S = 30 * 60
QUIET_CORES = 0.3  # what the rest of the machine may use while we measure


@dataclass
class Plan:
    """How many runs of what: the full benchmark or the --quick smoke run."""

    saudi_zips: int | None  # None: all of them
    index_runs: int
    reindex_runs: int
    cold_check_runs: int
    warm_check_runs: int
    synthetic: list[tuple[int, int]]  # (documents, cold index runs)
    synthetic_target: int | None  # measured if the smaller sizes say it fits, else extrapolated


FULL = Plan(
    saudi_zips=None,
    index_runs=2,
    reindex_runs=5,
    cold_check_runs=3,
    warm_check_runs=5,
    synthetic=[(10_000, 3), (100_000, 1)],
    synthetic_target=SYNTHETIC_TARGET,
)
QUICK = Plan(
    saudi_zips=2,
    index_runs=1,
    reindex_runs=2,
    cold_check_runs=1,
    warm_check_runs=2,
    synthetic=[(5_000, 1)],
    synthetic_target=None,
)


def log(message: str) -> None:
    print(f"[index-bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- children: the measured work ------------------------------------------------------------------


def child_index(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """index_corpus as the CLI runs it (2 workers), with rule loading timed apart."""
    start = time.perf_counter()
    from factcheck.index.build import index_corpus
    from factcheck.rulebook.load import load_rulebook

    book = load_rulebook()
    loaded = time.perf_counter()
    stats = index_corpus(corpus, index_dir, book, workers=WORKERS)
    done = time.perf_counter()
    return {
        "load_s": loaded - start,
        "index_s": done - loaded,
        "files_seen": stats.files_seen,
        "files_indexed": stats.files_indexed,
        "documents": stats.documents,
        "passages": stats.passages,
        "problems": len(stats.problems),
        "rebuilt": stats.rebuilt,
    }


def _verdicts(report: Any) -> dict[str, int]:
    counts = collections.Counter(v.verdict for v in (report.verifications or {}).values())
    return dict(sorted(counts.items()))


def _check_with_book(article: Path, index_dir: Path, book: Any) -> float:
    """What check does once the rules are loaded: read and extract, open the index, verify."""
    from factcheck.extract.document import extract_claims
    from factcheck.index.store import Searcher, open_index
    from factcheck.sources.local import source_for
    from factcheck.verify.check import Checker, check_claims

    began = time.perf_counter()
    claims = extract_claims(source_for(str(article)).read().text, book)
    check_claims(claims, Checker(Searcher(open_index(index_dir)), book))
    return time.perf_counter() - began


def child_check(corpus: Path, index_dir: Path, article: Path, runs: int) -> dict[str, Any]:
    """app.check in one process: a first call, then `runs` warm calls with the corpus (the index is
    updated incrementally first, as `factcheck check --corpus` does), then `runs` with the index
    alone, and rule loading on its own (check loads the rules more than once per call)."""
    start = time.perf_counter()
    from factcheck.app import Options, check
    from factcheck.rulebook.load import load_rulebook

    imported = time.perf_counter()
    with_corpus = Options(corpus=corpus, index=index_dir, quiet=True)
    report = check(str(article), with_corpus)
    first = time.perf_counter() - imported

    def timed(options: Options) -> float:
        began = time.perf_counter()
        check(str(article), options)
        return time.perf_counter() - began

    warm = [timed(with_corpus) for _ in range(runs)]
    index_only = [timed(Options(index=index_dir, quiet=True)) for _ in range(runs)]
    rules: list[float] = []
    for _ in range(3):
        began = time.perf_counter()
        book = load_rulebook()
        rules.append(time.perf_counter() - began)
    core = [_check_with_book(article, index_dir, book) for _ in range(runs)]
    return {
        "import_s": imported - start,
        "first_s": first,
        "warm_s": warm,
        "index_only_s": index_only,
        "load_rulebook_s": rules,
        "rules_loaded_once_s": core,
        "claims": len(report.claims),
        "checked": len(report.verifications or {}),
        "verdicts": _verdicts(report),
    }


# --- measuring a child process --------------------------------------------------------------------


@dataclass
class ProcessRun:
    argv: list[str]
    wall_s: float
    cpu_s: float  # user + system of the child and its reaped children (the pool workers)
    max_rss_mb: float  # largest single process
    peak_tree_pss_mb: float | None  # all processes of the tree at once, sampled
    peak_tree_rss_mb: float | None
    returncode: int
    # CPU that other processes on the machine took during the run, over wall time x cores: the
    # share of the machine this measurement had to give away.
    others_cpu_share: float | None = None
    peak_tree_anon_mb: float | None = None  # PSS of anonymous memory: heap only, no mapped files
    output: Any = field(default=None)  # the child's JSON, when it printed some

    @property
    def cpu_share(self) -> float:
        """CPU time over what the machine's cores could give in the wall time."""
        return self.cpu_s / (self.wall_s * (os.cpu_count() or 1)) if self.wall_s else 0.0


def busy_cpu_s() -> float | None:
    """CPU seconds the whole machine has been busy since boot (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as handle:
            fields = handle.readline().split()
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
    ticks = [int(value) for value in fields[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return pids


def _memory_kb(pid: int) -> tuple[int, int, int]:
    """(RSS, PSS, anonymous PSS) of one process in kB; zeros when it is gone or a zombie. RSS and
    PSS include mapped files (tantivy mmaps its segments); anonymous PSS is the heap alone, with
    the pages forked workers share split between them (Pss_Anon, Linux 5.13 or later)."""
    found = {"Rss:": 0, "Pss:": 0, "Pss_Anon:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                key, _, rest = line.partition(" ")
                if key in found:
                    found[key] = int(rest.split()[0])
    except (OSError, ValueError):
        pass
    return found["Rss:"], found["Pss:"], found["Pss_Anon:"]


class TreeSampler(threading.Thread):
    """Peak total RSS and PSS of a process and its descendants, polled from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self.peak_anon_kb = 0
        self.working = Path(f"/proc/{pid}/smaps_rollup").exists()
        self._stop_event = threading.Event()
        self._began = time.monotonic()

    def run(self) -> None:
        while not self._stop_event.is_set():
            rss = pss = anon = 0
            for pid in _tree(self.pid):
                one_rss, one_pss, one_anon = _memory_kb(pid)
                rss += one_rss
                pss += one_pss
                anon += one_anon
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self.peak_anon_kb = max(self.peak_anon_kb, anon)
            # Reading smaps_rollup walks the page tables: sample less often once a run is long.
            elapsed = time.monotonic() - self._began
            self._stop_event.wait(SAMPLE_EVERY_S if elapsed < SAMPLE_SLOWER_AFTER_S else SAMPLE_SLOW_S)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FACTCHECK_CORPUS", None)  # an index-only check must not pick up a corpus from here
    return env


def run_measured(argv: Sequence[str], expect_json: bool = True) -> ProcessRun:
    with tempfile.TemporaryFile("w+") as errors:
        busy_before = busy_cpu_s()
        start = time.perf_counter()
        process = subprocess.Popen(
            list(argv), cwd=REPO, stdout=subprocess.PIPE, stderr=errors, text=True, env=child_env()
        )
        sampler = TreeSampler(process.pid)
        try:
            sampler.start()
            assert process.stdout is not None
            stdout = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # interrupted: leave no child running (and holding an index lock)
            process.kill()
            process.wait()
            raise
        wall = time.perf_counter() - start
        busy_after = busy_cpu_s()
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stdout.close()
        errors.seek(0)
        stderr = errors.read()
    output = None
    if expect_json:
        try:
            output = json.loads(stdout)
        except json.JSONDecodeError:
            tail = stdout[-2000:] + stderr[-2000:]
            raise RuntimeError(
                f"{' '.join(argv)} exited {process.returncode} without JSON:\n{tail}"
            ) from None
    elif process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}:\n{stderr[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    others = None
    if busy_before is not None and busy_after is not None and wall > 0:
        others = max(0.0, busy_after - busy_before - cpu) / (wall * (os.cpu_count() or 1))
    return ProcessRun(
        argv=list(argv),
        wall_s=wall,
        cpu_s=cpu,
        others_cpu_share=others,
        max_rss_mb=usage.ru_maxrss / 1024,  # kB on Linux
        peak_tree_pss_mb=sampler.peak_pss_kb / 1024 if sampler.working else None,
        peak_tree_rss_mb=sampler.peak_rss_kb / 1024 if sampler.working else None,
        peak_tree_anon_mb=sampler.peak_anon_kb / 1024 if sampler.working else None,
        returncode=process.returncode,
        output=output,
    )


def child_argv(*args: str | Path) -> list[str]:
    return [str(PYTHON), str(Path(__file__).resolve()), "--child", *map(str, args)]


# --- summaries ------------------------------------------------------------------------------------


def summary(values: Sequence[float]) -> dict[str, Any]:
    return {
        "runs": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "values": list(values),
    }


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def index_sizes(index_dir: Path) -> dict[str, int]:
    return {
        "tantivy_bytes": dir_bytes(index_dir / "tantivy"),
        "cache_bytes": dir_bytes(index_dir / "cache"),
        "total_bytes": dir_bytes(index_dir),
    }


def runs_summary(runs: Sequence[ProcessRun]) -> dict[str, Any]:
    """Wall time and memory of several runs of the same command."""
    return {
        "command": " ".join(runs[0].argv),
        "wall_s": summary([r.wall_s for r in runs]),
        "cpu_share": summary([r.cpu_share for r in runs]),
        "others_cpu_share": max((r.others_cpu_share or 0.0 for r in runs), default=0.0),
        "max_rss_mb": max(r.max_rss_mb for r in runs),
        "peak_tree_pss_mb": max((r.peak_tree_pss_mb or 0 for r in runs), default=0) or None,
        "peak_tree_rss_mb": max((r.peak_tree_rss_mb or 0 for r in runs), default=0) or None,
        "peak_tree_anon_mb": max((r.peak_tree_anon_mb or 0 for r in runs), default=0) or None,
        "returncodes": sorted({r.returncode for r in runs}),
    }


def cold_index(corpus: Path, workroot: Path, label: str, runs: int) -> tuple[dict[str, Any], Path]:
    """`runs` builds from an empty index folder each; the last index is kept for what follows."""
    measured: list[ProcessRun] = []
    sizes: list[dict[str, int]] = []
    kept = workroot / f"{label}-index"
    for run in range(runs):
        index_dir = workroot / f"{label}-index-run{run}"
        shutil.rmtree(index_dir, ignore_errors=True)
        log(f"{label}: index from scratch, run {run + 1}/{runs}")
        result = run_measured(child_argv("index", corpus, index_dir))
        sizes.append(index_sizes(index_dir))
        out = result.output
        log(
            f"{label}: {out['documents']:,} documents, {out['passages']:,} passages in "
            f"{fmt_s(result.wall_s)} (index_corpus {fmt_s(out['index_s'])}), CPU share "
            f"{result.cpu_share:.0%}, peak PSS {fmt_mb(result.peak_tree_pss_mb)}"
        )
        measured.append(result)
        if run == runs - 1:
            shutil.rmtree(kept, ignore_errors=True)
            index_dir.rename(kept)
        else:
            shutil.rmtree(index_dir)
    outputs = [r.output for r in measured]
    return {
        **runs_summary(measured),
        "index_corpus_s": summary([o["index_s"] for o in outputs]),
        "load_rules_s": summary([o["load_s"] for o in outputs]),
        "documents": outputs[-1]["documents"],
        "passages": outputs[-1]["passages"],
        "files": outputs[-1]["files_seen"],
        "problems": outputs[-1]["problems"],
        "sizes": sizes[-1],
        "sizes_all_runs": sizes,
    }, kept


def warm_check(corpus: Path, index_dir: Path, article: Path, runs: int, label: str) -> dict[str, Any]:
    log(f"{label}: warm check x{runs} in one process")
    result = run_measured(child_argv("check", corpus, index_dir, article, runs))
    out = result.output
    return {
        "command": " ".join(result.argv),
        "process_wall_s": result.wall_s,
        "others_cpu_share": result.others_cpu_share or 0.0,
        "max_rss_mb": result.max_rss_mb,
        "import_s": out["import_s"],
        "first_s": out["first_s"],
        "warm_s": summary(out["warm_s"]),
        "index_only_s": summary(out["index_only_s"]),
        "load_rulebook_s": summary(out["load_rulebook_s"]),
        "rules_loaded_once_s": summary(out["rules_loaded_once_s"]),
        "claims": out["claims"],
        "checked": out["checked"],
        "verdicts": out["verdicts"],
    }


# --- SaudiNewsNet ---------------------------------------------------------------------------------


def saudi_corpus(plan: Plan, workroot: Path) -> Path:
    if plan.saudi_zips is None:
        return SAUDI_DIR
    subset = workroot / "saudinewsnet-subset"
    subset.mkdir()
    for path in sorted(SAUDI_DIR.glob("*.zip"))[: plan.saudi_zips]:
        (subset / path.name).symlink_to(path)
    return subset


def measure_saudi(plan: Plan, workroot: Path) -> dict[str, Any] | None:
    if not any(SAUDI_DIR.glob("*.zip")) or not SEED_ARTICLE.is_file():
        log(f"SaudiNewsNet part skipped: needs {SAUDI_DIR}/*.zip and {SEED_ARTICLE}")
        return None
    corpus = saudi_corpus(plan, workroot)
    zips = sorted(corpus.glob("*.zip"))
    result: dict[str, Any] = {
        "measured_at": now(),
        "corpus": str(SAUDI_DIR),
        "zips": len(zips),
        "zip_bytes": sum(p.stat().st_size for p in zips),
    }
    result["index"], index_dir = cold_index(corpus, workroot, "saudinewsnet", plan.index_runs)

    log(f"saudinewsnet: re-index, nothing changed, x{plan.reindex_runs} (API child, then CLI)")
    api = [run_measured(child_argv("index", corpus, index_dir)) for _ in range(plan.reindex_runs)]
    redone = max(r.output["files_indexed"] for r in api)
    if redone:  # the rules (or the corpus) changed under us: the figures are not of a no-op
        log(f"saudinewsnet: WARNING: a re-index of the unchanged corpus indexed {redone} file(s) again")
    cli_argv = [str(FACTCHECK), "index", str(corpus), "--index", str(index_dir), "-q"]
    cli = [run_measured(cli_argv, expect_json=False) for _ in range(plan.reindex_runs)]
    result["reindex"] = {
        "files_reindexed": redone,
        "cli": runs_summary(cli),
        "api": runs_summary(api),
        "index_corpus_s": summary([r.output["index_s"] for r in api]),
        "load_rules_s": summary([r.output["load_s"] for r in api]),
    }

    log(f"saudinewsnet: cold check (new process each) x{plan.cold_check_runs}")
    check_argv = [
        str(FACTCHECK), "check", str(SEED_ARTICLE), "--corpus", str(corpus),
        "--index", str(index_dir), "-q", "-f", "json",
    ]  # fmt: skip
    cold = [run_measured(check_argv) for _ in range(plan.cold_check_runs)]
    result["cold_check"] = runs_summary(cold)
    result["cold_check"]["claims"] = len(cold[0].output.get("claims", []))
    result["warm_check"] = warm_check(corpus, index_dir, SEED_ARTICLE, plan.warm_check_runs, "saudinewsnet")
    shutil.rmtree(index_dir, ignore_errors=True)
    return result


# --- synthetic ------------------------------------------------------------------------------------


def measure_synthetic_size(
    documents: int, runs: int, workroot: Path, article: Path, plan: Plan, keep: bool
) -> dict[str, Any]:
    label = f"synthetic-{documents}"
    corpus = workroot / f"{label}-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    log(f"{label}: generating {documents:,} documents")
    began = time.perf_counter()
    files = write_corpus(documents, corpus)
    generated = time.perf_counter() - began
    result: dict[str, Any] = {
        "measured_at": now(),
        "documents": documents,
        "extrapolated": False,
        "files": len(files),
        "corpus_bytes": sum(p.stat().st_size for p in files),
        "generate_s": generated,
    }
    result["index"], index_dir = cold_index(corpus, workroot, label, runs)
    result["warm_check"] = warm_check(corpus, index_dir, article, plan.warm_check_runs, label)
    if not keep:
        shutil.rmtree(index_dir, ignore_errors=True)
        shutil.rmtree(corpus, ignore_errors=True)
    return result


def extrapolate(measured: Sequence[dict[str, Any]], documents: int) -> dict[str, Any]:
    """Linear in the number of documents, through the two largest measured sizes (fixed costs in the
    intercept); through the origin when only one size was measured."""
    points = sorted(measured, key=lambda r: r["documents"])[-2:]

    def line(value: Any) -> float:
        ys = [value(p) for p in points]
        xs = [p["documents"] for p in points]
        if len(points) == 1 or xs[0] == xs[1]:
            return ys[-1] * documents / xs[-1]
        slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
        return ys[1] + slope * (documents - xs[1])

    largest = points[-1]
    index_s = line(lambda p: p["index"]["wall_s"]["median"])
    return {
        "documents": documents,
        "extrapolated": True,
        "from_sizes": [p["documents"] for p in points],
        "index_wall_s": index_s,
        "docs_per_s": documents / index_s,
        "tantivy_bytes": line(lambda p: p["index"]["sizes"]["tantivy_bytes"]),
        "cache_bytes": line(lambda p: p["index"]["sizes"]["cache_bytes"]),
        "corpus_bytes": line(lambda p: p["corpus_bytes"]),
        # Memory is bounded (one 10,000-document file in memory at a time, a fixed tantivy heap);
        # the largest measured size is the estimate, not a line.
        "max_rss_mb": largest["index"]["max_rss_mb"],
        "peak_tree_pss_mb": largest["index"]["peak_tree_pss_mb"],
    }


def measure_synthetic(plan: Plan, workroot: Path, keep: bool, wait: bool) -> dict[str, Any]:
    waited = wait_until_quiet("synthetic") if wait else 0.0
    article = workroot / "synthetic-article.txt"
    article.write_text(make_article(), encoding="utf-8")
    sizes: list[dict[str, Any]] = []
    for documents, runs in plan.synthetic:
        sizes.append(measure_synthetic_size(documents, runs, workroot, article, plan, keep))
    result: dict[str, Any] = {
        "article": make_article(),
        "sizes": sizes,
        "target": None,
        "waited_for_quiet_s": waited,
    }
    if plan.synthetic_target is None:
        return result
    estimate = extrapolate(sizes, plan.synthetic_target)
    free = shutil.disk_usage(workroot).free
    needed = 1.5 * (estimate["tantivy_bytes"] + estimate["cache_bytes"] + estimate["corpus_bytes"])
    result["target"] = {"estimate": estimate, "budget_s": SYNTHETIC_BUDGET_S, "disk_free_bytes": free}
    log(
        f"synthetic: {plan.synthetic_target:,} documents estimated at {fmt_s(estimate['index_wall_s'])} "
        f"({estimate['docs_per_s']:,.0f} docs/s), {fmt_bytes(needed)} of disk"
    )
    if estimate["index_wall_s"] > SYNTHETIC_BUDGET_S:
        result["target"]["measured"] = None
        result["target"]["why_not"] = f"estimate over the {fmt_s(SYNTHETIC_BUDGET_S)} budget"
        return result
    if needed > free:
        result["target"]["measured"] = None
        result["target"]["why_not"] = f"needs about {fmt_bytes(needed)} of disk, {fmt_bytes(free)} free"
        return result
    if wait:
        result["waited_for_quiet_s"] += wait_until_quiet("synthetic")
    result["target"]["measured"] = measure_synthetic_size(
        plan.synthetic_target, 1, workroot, article, plan, keep
    )
    return result


# --- machine, waiting, output ---------------------------------------------------------------------


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def machine() -> dict[str, Any]:
    return {
        "rules": rules_fingerprint(),
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "ram_gib": ram_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": git_output("rev-parse", "--short", "HEAD"),
        "dirty": bool(git_output("status", "--porcelain", "--untracked-files=no")),
    }


def other_benchmarks() -> list[int]:
    """Process ids of bench/run.py (the other benchmark), which would compete for the cores."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(arg.decode(errors="replace").endswith(OTHER_BENCH) for arg in argv):
            found.append(int(entry.name))
    return found


def others_busy(seconds: float = 10.0) -> float:
    """Cores' worth of CPU the rest of the machine uses right now (this process is idle)."""
    before = busy_cpu_s()
    time.sleep(seconds)
    after = busy_cpu_s()
    return 0.0 if before is None or after is None else (after - before) / seconds


def wait_until_quiet(label: str) -> float:
    """Seconds waited for the machine to be quiet: bench/run.py finished and no other process
    using more than QUIET_CORES of CPU (polled every minute, for up to 30 minutes)."""
    began = time.monotonic()
    while True:
        waited = time.monotonic() - began
        pids = other_benchmarks()
        busy = others_busy()
        if not pids and busy <= QUIET_CORES:
            return waited
        if waited >= WAIT_LIMIT_S:
            log(f"{label}: machine still busy after {fmt_s(waited)} ({busy:.1f} cores); measuring anyway")
            return waited
        why = f"{OTHER_BENCH} is running (pids {pids})" if pids else f"other processes use {busy:.1f} cores"
        log(f"{label}: {why}; waiting so the measurements do not share the cores")
        time.sleep(WAIT_POLL_S)


def fmt_s(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 120:
        return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def fmt_mb(mb: float | None) -> str:
    return "n/a" if mb is None else (f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB")


def fmt_bytes(size: float) -> str:
    return fmt_mb(size / 1024**2)


def goal_cell(value: float, goal: float, strict: bool) -> str:
    met = value < goal if strict else value <= goal
    if met:
        return f"met ({value / goal:.0%} of it)"
    return f"**missed**: {value / goal:.1f}× the goal, {fmt_s(value - goal)} over"


def memory_cell(index: dict[str, Any]) -> str:
    cell = f"{fmt_mb(index['peak_tree_pss_mb'])} / {fmt_mb(index['max_rss_mb'])}"
    anon = index.get("peak_tree_anon_mb")  # recorded since the sampler reads it; older runs lack it
    return f"{cell} (heap {fmt_mb(anon)})" if anon else cell


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def spread(s: dict[str, Any]) -> str:
    return f"{fmt_s(s['min'])} – {fmt_s(s['max'])}" if s["runs"] > 1 else "—"


def timed_row(measure: str, stats: dict[str, Any], goal: str = "", verdict: str = "") -> list[str]:
    """A table row for a timed measure: runs, median and range from its statistics."""
    return [measure, str(stats["runs"]), fmt_s(stats["median"]), spread(stats), goal, verdict]


def saudi_rows(saudi: dict[str, Any]) -> list[list[str]]:
    index, re, cold, warm = saudi["index"], saudi["reindex"], saudi["cold_check"], saudi["warm_check"]
    wall = index["wall_s"]["median"]
    rate = index["documents"] / wall
    rows = [["Measure", "Runs", "Median", "Range", "Goal", "Verdict"]]
    rows.append(
        [
            f"Index from scratch, {index['documents']:,} documents ({rate:.0f} docs/s, CPU share "
            f"{index['cpu_share']['median']:.0%})",
            str(index["wall_s"]["runs"]),
            fmt_s(wall),
            spread(index["wall_s"]),
            f"≤ {fmt_s(INDEX_GOAL_S)}",
            goal_cell(wall, INDEX_GOAL_S, strict=False),
        ]
    )
    sizes = index["sizes"]
    rows.append(
        [
            f"Index on disk: tantivy {fmt_bytes(sizes['tantivy_bytes'])} + analysis cache "
            f"{fmt_bytes(sizes['cache_bytes'])}",
            "",
            fmt_bytes(sizes["total_bytes"]),
            "",
            "—",
            f"{index['passages']:,} passages",
        ]
    )
    rows.append(
        [
            "Peak memory while indexing: whole process tree (PSS) / largest process (RSS)",
            "",
            memory_cell(index),
            "",
            "—",
            "",
        ]
    )
    cli = re["cli"]["wall_s"]
    redone = (
        f" — **{re['files_reindexed']} file(s) were redone: not a no-op**"
        if re.get("files_reindexed")
        else ""
    )
    rows.append(
        timed_row(
            f"Re-index, nothing changed (`factcheck index -q`, whole process){redone}",
            cli,
            goal=f"< {fmt_s(REINDEX_GOAL_S)}",
            verdict=goal_cell(cli["median"], REINDEX_GOAL_S, strict=True),
        )
    )
    inner = re["index_corpus_s"]
    rows.append(
        timed_row(
            "  of which `index_corpus` itself (no start-up, no rule loading)",
            inner,
        )
    )
    rows.append(
        timed_row(
            f"Check the seed article, cold (`factcheck check -f json`, new process; {cold['claims']} claims)",
            cold["wall_s"],
            goal="—",
            verdict=f"peak RSS {fmt_mb(cold['max_rss_mb'])}",
        )
    )
    rows.append(
        timed_row(
            "Check, warm (`app.check` with corpus + index, same process)",
            warm["warm_s"],
            goal=f"< {fmt_s(WARM_CHECK_GOAL_S)}",
            verdict=goal_cell(warm["warm_s"]["median"], WARM_CHECK_GOAL_S, strict=True),
        )
    )
    rows.append(
        timed_row(
            "  same, index only (no corpus: skips the incremental update)",
            warm["index_only_s"],
        )
    )
    rows.append(
        timed_row(
            "  `load_rulebook()` alone (check calls it more than once)",
            warm["load_rulebook_s"],
        )
    )
    once = warm["rules_loaded_once_s"]
    rows.append(
        timed_row(
            "  extract + open index + verify with the rules already loaded (the floor without rule reloads)",
            once,
        )
    )
    return rows


def synthetic_rows(synthetic: dict[str, Any]) -> list[list[str]]:
    rows = [
        [
            "Documents",
            "Index runs",
            "Index time (median)",
            "Docs/s",
            "tantivy",
            "Cache",
            "Peak memory: tree PSS / largest RSS",
            "Warm check (median of runs)",
            "Goal ≤ 60 s / < 1 s",
        ]
    ]
    measured = list(synthetic["sizes"])
    target = synthetic.get("target") or {}
    if target.get("measured"):
        measured.append(target["measured"])
    for size in measured:
        index, warm = size["index"], size["warm_check"]
        wall = index["wall_s"]["median"]
        rows.append(
            [
                f"{size['documents']:,}",
                str(index["wall_s"]["runs"]),
                fmt_s(wall),
                f"{size['documents'] / wall:,.0f}",
                fmt_bytes(index["sizes"]["tantivy_bytes"]),
                fmt_bytes(index["sizes"]["cache_bytes"]),
                memory_cell(index),
                f"{fmt_s(warm['warm_s']['median'])} (×{warm['warm_s']['runs']})",
                f"{'met' if wall <= INDEX_GOAL_S else 'missed'} / "
                f"{'met' if warm['warm_s']['median'] < WARM_CHECK_GOAL_S else 'missed'}",
            ]
        )
    estimate = target.get("estimate")
    if estimate and not target.get("measured"):
        rows.append(
            [
                f"{estimate['documents']:,} (**extrapolated**, not measured)",
                "0",
                f"≈ {fmt_s(estimate['index_wall_s'])}",
                f"≈ {estimate['docs_per_s']:,.0f}",
                f"≈ {fmt_bytes(estimate['tantivy_bytes'])}",
                f"≈ {fmt_bytes(estimate['cache_bytes'])}",
                f"≈ {fmt_mb(estimate['peak_tree_pss_mb'])} / {fmt_mb(estimate['max_rss_mb'])}",
                "not measured",
                f"{'met' if estimate['index_wall_s'] <= INDEX_GOAL_S else 'missed'} / ?",
            ]
        )
    return rows


def _others_shares(value: Any) -> list[float]:
    """Every others_cpu_share recorded anywhere in a part's results."""
    if isinstance(value, dict):
        found = [value["others_cpu_share"]] if isinstance(value.get("others_cpu_share"), float) else []
        return found + [share for item in value.values() for share in _others_shares(item)]
    if isinstance(value, list):
        return [share for item in value for share in _others_shares(item)]
    return []


def contention_note(part: dict[str, Any]) -> str:
    shares = _others_shares(part)
    waited = part.get("waited_for_quiet_s", 0.0)
    wait = f"Waited {fmt_s(waited)} for the machine to be quiet first. " if waited >= 1 else ""
    if not shares:
        return wait.strip()
    return (
        f"{wait}Other processes took at most {max(shares):.0%} of the machine's CPU during any "
        f"measured run (median {statistics.median(shares):.0%})."
    )


def rules_note(results: dict[str, Any]) -> str:
    end = results.get("rules_at_end")
    return f", changed to {end} during the run" if end and end != results["machine"]["rules"] else ""


def results_block(results: dict[str, Any]) -> str:
    info = results["machine"]
    ram = f"{info['ram_gib']:.1f} GiB RAM" if info["ram_gib"] else "RAM unknown"
    load = results["load_average"]
    lines = [
        f"Measured {results['finished_at']} with `{results['command']}` "
        f"(commit {info['commit'] or 'unknown'}{', uncommitted changes' if info['dirty'] else ''}; "
        f"rules {info['rules']}{rules_note(results)}).",
        "",
        f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {ram}; Python {info['python']}",
        f"- Load average (1 min) at start / end: {load['start'][0]:.2f} / {load['end'][0]:.2f}",
        "",
    ]
    saudi = results.get("saudinewsnet")
    if saudi:
        lines += [
            f"**SaudiNewsNet** ({saudi['zips']} zips, {fmt_bytes(saudi['zip_bytes'])} compressed; "
            f"seed article `../shared/seed/article.txt`; measured {saudi['measured_at']})",
            "",
            markdown_table(saudi_rows(saudi)),
            "",
            contention_note(saudi),
            "",
        ]
    synthetic = results.get("synthetic")
    if synthetic:
        lines += [
            f"**Synthetic short reports** (`bench/make_corpus.py`, {DOCS_PER_FILE:,} per JSONL file; "
            f"the checked article is {synthetic['article'].count(chr(10) * 2) + 1} generated sentences)",
            "",
            markdown_table(synthetic_rows(synthetic)),
            "",
            contention_note(synthetic),
            "",
        ]
        target = synthetic.get("target") or {}
        if target and not target.get("measured"):
            estimate = target["estimate"]
            lines += [
                f"The {estimate['documents']:,}-document row is a linear extrapolation from the measured "
                f"{' and '.join(f'{n:,}' for n in estimate['from_sizes'])}-document runs, not a "
                f"measurement ({target.get('why_not', '')}): about {estimate['docs_per_s']:,.0f} "
                f"documents/s, so ≈ {fmt_s(estimate['index_wall_s'])} for the index. Memory is the "
                "largest measured run's, since indexing holds one file's documents at a time.",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def update_readme(block: str) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.find(START_MARK), text.find(END_MARK)
    if start < 0 or end < start:
        raise RuntimeError(f"{README}: markers {START_MARK} … {END_MARK} not found")
    text = text[: start + len(START_MARK)] + "\n" + block + text[end:]
    README.write_text(text, encoding="utf-8")


def merge_previous(results: dict[str, Any], out_file: Path, parts: set[str]) -> None:
    """Parts not measured this time are carried over from the last results file (each part keeps
    its own measured_at, so the README can tell)."""
    if not out_file.exists():
        return
    previous = json.loads(out_file.read_text(encoding="utf-8"))
    for part in ("saudinewsnet", "synthetic"):
        if part not in parts and previous.get(part):
            results[part] = previous[part]


def print_summary(results: dict[str, Any]) -> None:
    saudi = results.get("saudinewsnet")
    if saudi:
        print(markdown_table(saudi_rows(saudi)))
        print()
    if results.get("synthetic"):
        print(markdown_table(synthetic_rows(results["synthetic"])))


# --- main -----------------------------------------------------------------------------------------


def run_child(args: Sequence[str]) -> int:
    kind, *rest = args
    if kind == "index":
        output = child_index(Path(rest[0]), Path(rest[1]))
    elif kind == "check":
        output = child_check(Path(rest[0]), Path(rest[1]), Path(rest[2]), int(rest[3]))
    else:
        raise SystemExit(f"unknown child {kind!r}")
    print(json.dumps(output))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return run_child(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run; README left alone")
    parser.add_argument(
        "--parts",
        default="saudinewsnet,synthetic",
        help="comma-separated parts to measure (others are carried over from the last results file)",
    )
    parser.add_argument("--no-wait", action="store_true", help="measure at once, busy machine or not")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora and indexes")
    parser.add_argument("--workdir", type=Path, help="where indexes and corpora go (default: a temp dir)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    parts = {part.strip() for part in args.parts.split(",") if part.strip()}
    out_file = OUT_DIR / ("index_results-quick.json" if args.quick else "index_results.json")

    results: dict[str, Any] = {
        "command": " ".join([".venv/bin/python bench/index_bench.py", *argv]),
        "started_at": now(),
        "plan": asdict(plan),
        "machine": machine(),
        "load_average": {"start": list(os.getloadavg())},
        "goals": {"index_s": INDEX_GOAL_S, "warm_check_s": WARM_CHECK_GOAL_S, "reindex_s": REINDEX_GOAL_S},
    }
    workroot = Path(tempfile.mkdtemp(prefix="factcheck-index-bench-", dir=args.workdir))
    log(f"working in {workroot}")
    try:
        if "saudinewsnet" in parts:
            waited = 0.0 if args.no_wait else wait_until_quiet("saudinewsnet")
            results["saudinewsnet"] = measure_saudi(plan, workroot)
            if results["saudinewsnet"]:
                results["saudinewsnet"]["waited_for_quiet_s"] = waited
        if "synthetic" in parts:
            results["synthetic"] = measure_synthetic(plan, workroot, args.keep, wait=not args.no_wait)
    finally:
        if not args.keep:
            shutil.rmtree(workroot, ignore_errors=True)
    results["load_average"]["end"] = list(os.getloadavg())
    results["finished_at"] = now()
    results["rules_at_end"] = rules_fingerprint()
    merge_previous(results, out_file, parts)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"raw results → {out_file.relative_to(REPO)}")
    print_summary(results)
    if not args.quick:
        update_readme(results_block(results))
        log(f"{README.relative_to(REPO)} updated between the bench:index markers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
