"""Benchmark: sharded indexing and checking on a Dask cluster (issue 7). Not run by the tests.

    .venv/bin/python bench/cluster_bench.py CORPUS [--articles 50] [--workers 2] [--generate 10000]

CORPUS is any corpus `factcheck index` reads; with --generate N and no CORPUS folder yet, a
synthetic one of N documents is written there first (bench/make_corpus.py). The articles checked
are N synthetic drafts from the same templates (make_corpus.make_article), so their claims find
candidates. Measured, each on a fresh index under a temporary folder (or --work DIR):

- index time, one plain index vs `--shards 2` (same analyser, same two-process pool);
- check throughput, articles/s over the N articles: locally against the plain index, locally
  against the 2 shards, through the scheduler with retrieval fanned out (one task per shard and
  article, verification on the client), and as a batch (one task per article on the workers);
- how many claims got the same verification as with the plain index, how many queries had more
  matching passages than the candidate limit (where the cut-off falls inside the matches), and how
  many of those a shard cut at MAX_FETCH before proving its top (the only case where the candidates
  may differ from the plain index's: see factcheck/index/ranking.exact_top).

The scheduler and its workers (`--nworkers 1 --nthreads 1` each, no nanny, no dashboard) are
started on 127.0.0.1 and stopped by pid at the end. Markdown goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from machine import cpu_model, git_output, ram_gib
from make_corpus import make_article, write_corpus

REPO = Path(__file__).resolve().parents[1]


def log(message: str) -> None:
    print(f"[cluster_bench] {message}", file=sys.stderr, flush=True)


class Cluster:
    """A scheduler and `workers` single-threaded workers, stopped by pid."""

    def __init__(self, directory: Path, workers: int) -> None:
        self.directory = directory
        self.processes: list[subprocess.Popen[bytes]] = []
        env = dict(os.environ, DASK_TEMPORARY_DIRECTORY=str(directory))
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.env = env
        scheduler_file = directory / "scheduler.json"
        self._start(
            "scheduler", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
            "--no-dashboard", "--scheduler-file", str(scheduler_file),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the scheduler did not start")
            time.sleep(0.1)
        self.address = json.loads(scheduler_file.read_text())["address"]
        for number in range(workers):
            self._start(
                f"worker-{number}", "distributed.cli.dask_worker", "--scheduler-file", str(scheduler_file),
                "--nworkers", "1", "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
                "--local-directory", str(directory / f"worker-{number}"),
            )  # fmt: skip

    def _start(self, name: str, module: str, *args: str) -> None:
        log_file = (self.directory / f"{name}.log").open("wb")
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "-m", module, *args], env=self.env, stdout=log_file, stderr=subprocess.STDOUT
            )
        )

    def stop(self) -> None:
        for process in reversed(self.processes):  # workers first, the scheduler last
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def size_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def peak_rss_mib() -> float:
    """This process's peak resident memory (run on each worker through Client.run)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def verifications(claims: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    return [
        (claim["input"], claim["id"], json.dumps(claim["verification"], sort_keys=True)) for claim in claims
    ]


def same(reference: list[tuple[str, Any]], other: list[tuple[str, Any]]) -> int:
    found = {(origin, claim): verification for origin, claim, verification in other}
    return sum(found.get((origin, claim)) == verification for origin, claim, verification in reference)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--generate", type=int, default=0, help="write N synthetic documents to CORPUS first")
    parser.add_argument(
        "--work", type=Path, default=None, help="folder for indexes and articles (default: temp)"
    )
    args = parser.parse_args(argv)

    from distributed import Client

    from factcheck.app import Options, build_index, extract
    from factcheck.app import run as app_run
    from factcheck.cluster.client import stream_batch
    from factcheck.index.shards import ShardedSearcher, open_searcher, search_shards, shard_dirs
    from factcheck.rulebook.load import load_rulebook
    from factcheck.verify.retrieve import CANDIDATES, query_terms

    if not args.corpus.exists():
        if not args.generate:
            parser.error(f"{args.corpus} not found (add --generate N to write a synthetic corpus there)")
        log(f"generating {args.generate} documents in {args.corpus}")
        write_corpus(args.generate, args.corpus)
    work = args.work or Path(tempfile.mkdtemp(prefix="cluster-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    articles_dir = work / "articles"
    articles_dir.mkdir(exist_ok=True)
    names = []
    for number in range(args.articles):
        path = articles_dir / f"article-{number:04d}.txt"
        path.write_text(make_article(seed=number), encoding="utf-8")
        names.append(str(path))
    book = load_rulebook([])

    rows: list[tuple[str, str]] = []
    plain, sharded = work / "index-plain", work / "index-sharded"
    for label, index_dir, shards in (("plain", plain, None), ("2 shards", sharded, 2)):
        log(f"indexing ({label})")
        start = time.perf_counter()
        _, stats = build_index(args.corpus, Options(index=index_dir, quiet=True, shards=shards))
        seconds = time.perf_counter() - start
        sizes = (
            [size_mib(index_dir)] if shards is None else [size_mib(d) for d in shard_dirs(index_dir, shards)]
        )
        rows.append(
            (
                f"index, {label}",
                f"{seconds:.1f} s ({stats.documents} documents, {stats.passages} passages; "
                f"on disk {' + '.join(f'{size:.0f}' for size in sizes)} MiB with its analysis cache)",
            )
        )
        log(f"{rows[-1][0]}: {rows[-1][1]}")  # written as measured: a long run that dies keeps these

    def local(index_dir: Path) -> tuple[float, list[Any]]:
        app_run(names[:1], Options(index=index_dir, quiet=True))  # warm: imports, rules, index opened
        start = time.perf_counter()
        report = app_run(names, Options(index=index_dir, quiet=True))
        seconds = time.perf_counter() - start
        log(f"checked {len(names)} articles against {index_dir.name} in {seconds:.1f} s")
        return seconds, report.claim_documents()

    log("checking locally against the plain index")
    plain_time, reference_claims = local(plain)
    reference = verifications(reference_claims)
    log("checking locally against the 2 shards")
    sharded_time, sharded_claims = local(sharded)

    # How often the cut-off falls inside the matches, and how often a shard could not prove its top.
    searcher = open_searcher(sharded)
    assert isinstance(searcher, ShardedSearcher)
    queries = past_cut_off = 0
    for name in names:
        for claim in extract(name, Options()).claims:
            if claim.checkable:
                per_shard, _ = search_shards(searcher.shards, query_terms(claim, book), CANDIDATES + 1)
                past_cut_off += sum(len(hits) for hits in per_shard) > CANDIDATES
                searcher.search(query_terms(claim, book), CANDIDATES)
                queries += 1

    cluster = Cluster(work, args.workers)
    try:
        with Client(cluster.address, timeout="60s", set_as_default=False) as client:
            client.wait_for_workers(args.workers, timeout=120)
            log("warming the workers")
            stream_batch(client, names[: args.workers * 2], Options(quiet=True), sharded, book.fingerprint,
                         out=io.StringIO(), err=sys.stderr)  # fmt: skip
            log("checking through the scheduler (retrieval fanned out)")
            start = time.perf_counter()
            fanned = app_run(names, Options(index=sharded, quiet=True, scheduler=cluster.address))
            fanned_time = time.perf_counter() - start
            log(f"batch of {len(names)} articles on {args.workers} workers")
            out = io.StringIO()
            start = time.perf_counter()
            failures = stream_batch(
                client, names, Options(quiet=True), sharded, book.fingerprint, out=out
            ).failures
            batch_time = time.perf_counter() - start
            log(f"fanned out {fanned_time:.1f} s, batch {batch_time:.1f} s")
            worker_rss = sorted(client.run(peak_rss_mib).values())
    finally:
        cluster.stop()
    batch_claims = [claim for line in out.getvalue().splitlines() for claim in json.loads(line)["claims"]]

    count = len(names)
    print(f"## Sharded index and Dask cluster ({count} articles, corpus {args.corpus})\n")
    print(
        f"{cpu_model()}, {os.cpu_count()} cores, {ram_gib() or 0:.1f} GiB; "
        f"commit {git_output('rev-parse', '--short', 'HEAD') or '?'}; {args.workers} workers × 1 thread\n"
    )
    print("| measure | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    for name, seconds in (
        ("check, local, plain index", plain_time),
        ("check, local, 2 shards", sharded_time),
        (f"check, scheduler: retrieval on {args.workers} workers, verification local", fanned_time),
        (f"check, scheduler: batch, one task per article on {args.workers} workers", batch_time),
    ):
        print(f"| {name} | {seconds:.1f} s, {count / seconds:.2f} articles/s |")
    total = len(reference)
    print(f"| claims checked | {total} ({queries} queries) |")
    print(
        f"| queries with more matching passages than the {CANDIDATES} candidates "
        f"| {past_cut_off} of {queries} |"
    )
    print(
        f"| queries a shard cut at MAX_FETCH before proving its top (may differ from the plain index) "
        f"| {searcher.truncated} of {queries} |"
    )
    for name, claims in (
        ("local 2 shards", sharded_claims),
        ("retrieval on workers", fanned.claim_documents()),
        ("batch", batch_claims),
    ):
        agreeing = same(reference, verifications(claims))
        print(f"| same verification as the plain index: {name} | {agreeing} of {total} |")
    print(f"| batch articles failed | {failures} |")
    print(f"| peak resident memory per worker | {', '.join(f'{rss:.0f} MiB' for rss in worker_rss)} |")
    print(
        f"| peak resident memory, this process (builds' main process, local checks) "
        f"| {peak_rss_mib():.0f} MiB |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
