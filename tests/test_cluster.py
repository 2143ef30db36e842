"""Sharded indexes and checking on a real Dask cluster (a scheduler and worker processes on
127.0.0.1): the same verdicts and evidence as one index, and batches that survive a dead worker."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from factcheck.app import Options, build_index
from factcheck.app import run as app_run
from factcheck.errors import FactcheckError
from factcheck.index.shards import (
    ShardingError,
    merge_hits,
    read_shard_count,
    shard_of,
)
from tests.conftest import DATA, REPO, SEED_ARTICLE

distributed = pytest.importorskip("distributed")

EXAMPLE = REPO / "examples" / "article.txt"
CASES = {
    "example": (EXAMPLE, REPO / "examples" / "corpus", None),
    "seed": (SEED_ARTICLE, DATA / "seed_corpus", "2015-12-08"),
}


@dataclass
class Cluster:
    directory: Path
    env: dict[str, str]
    address: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.directory / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, *args], env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.directory
        )
        self.processes[name] = process
        return process

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        # No nanny: the process is the worker, so SIGKILL on its pid kills a worker for good.
        return self.start(
            name, "-m", "distributed.cli.dask_worker",
            "--scheduler-file", str(self.directory / "scheduler.json"),
            "--nworkers", "1", "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
            "--name", name, "--local-directory", str(self.directory / name),
        )  # fmt: skip

    def stop(self) -> None:
        """Every process this test started, by its pid: workers first, then the scheduler; TERM, then
        KILL what is still there after a few seconds."""
        workers = [p for name, p in self.processes.items() if name != "scheduler"]
        for group in (workers, [p for name, p in self.processes.items() if name == "scheduler"]):
            for process in group:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 5
            for process in group:
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _client(address: str):  # type: ignore[no-untyped-def]
    return distributed.Client(address, timeout="30s", set_as_default=False)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    directory = tmp_path_factory.mktemp("dask")
    env = dict(os.environ)
    env["DASK_TEMPORARY_DIRECTORY"] = str(directory)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env = {k: v for k, v in env.items() if not k.startswith("FACTCHECK_")}
    running = Cluster(directory, env)
    try:
        running.start(
            "scheduler", "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
            "--no-dashboard", "--scheduler-file", str(directory / "scheduler.json"),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not (directory / "scheduler.json").exists():
            assert running.processes["scheduler"].poll() is None, (directory / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        running.address = json.loads((directory / "scheduler.json").read_text())["address"]
        for name in ("worker-a", "worker-b"):
            running.start_worker(name)
        with _client(running.address) as client:
            client.wait_for_workers(2, timeout=90)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each corpus indexed once whole and once in two shards."""
    built = {}
    for name, (_, corpus, _) in CASES.items():
        root = tmp_path_factory.mktemp(f"index-{name}")
        single, _ = build_index(corpus, Options(index=root / "single", quiet=True))
        sharded, _ = build_index(corpus, Options(index=root / "sharded", quiet=True, shards=2))
        built[name] = (single, sharded)
    return built


def _verifications(report: Any) -> list[tuple[str, Any]]:
    """Each claim's id and verification, as they are in the JSON output."""
    claims = report["claims"] if isinstance(report, dict) else report.claim_documents()
    return [(claim["id"], json.loads(json.dumps(claim["verification"]))) for claim in claims]


def test_shard_of_is_stable_and_spread() -> None:
    assert shard_of("d0123456789ab", 2) == shard_of("d0123456789ab", 2)
    # blake2b, not hash(): fixed values, the same in every process and on every machine
    assert [shard_of(f"d{n:012x}", 4) for n in range(8)] == [shard_of(f"d{n:012x}", 4) for n in range(8)]
    counts = [0, 0]
    for n in range(1000):
        counts[shard_of(f"d{n:012x}", 2)] += 1
    assert min(counts) > 400


def test_sharded_index_records_its_count(indexes: dict[str, tuple[Path, Path]]) -> None:
    single, sharded = indexes["example"]
    assert read_shard_count(sharded) == 2 and read_shard_count(single) is None
    assert (sharded / "shard-00" / "manifest.json").exists() and (
        sharded / "shard-01" / "manifest.json"
    ).exists()
    corpus = CASES["example"][1]
    with pytest.raises(ShardingError, match="has 2 shards, not 3"):
        build_index(corpus, Options(index=sharded, quiet=True, shards=3))
    with pytest.raises(ShardingError, match="plain"):
        build_index(corpus, Options(index=single, quiet=True, shards=2))
    # No --shards: the recorded count is used; nothing changed, so nothing is re-indexed.
    _, stats = build_index(corpus, Options(index=sharded, quiet=True))
    assert stats.files_indexed == 0 and not stats.rebuilt
    assert 0 < stats.shards[0].documents < stats.documents  # both shards hold some of the corpus


def test_sharded_update_is_incremental(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CASES["example"][1], corpus)
    options = Options(index=tmp_path / "index", quiet=True)
    _, first = build_index(corpus, replace(options, shards=2))
    extra = corpus / "extra.md"
    extra.write_text((corpus / "ramadi-anadolu-hospital.md").read_text(encoding="utf-8") + "\n", "utf-8")
    _, second = build_index(corpus, options)
    assert second.files_indexed == 1 and not second.rebuilt  # each shard redid only the new file
    assert second.documents == first.documents + 1
    extra.unlink()
    _, third = build_index(corpus, options)
    assert third.files_removed == 1 and third.documents == first.documents


def test_merge_is_deterministic() -> None:
    from factcheck.index.passages import DocumentInfo, Passage
    from factcheck.index.store import Hit

    def hit(score: float, doc: str, number: int) -> Hit:
        return Hit(score, Passage(DocumentInfo(doc, "p", None, None, None, None, ""), number, "", 0, (), ()))

    a = [hit(2.0, "d2", 1), hit(1.0, "d1", 0)]
    b = [hit(2.0, "d1", 3), hit(0.5, "d3", 0)]
    keys = [(h.passage.document.id, h.passage.number) for h in merge_hits([a, b], 3)]
    assert keys == [("d1", 3), ("d2", 1), ("d1", 0)]
    assert merge_hits([b, a], 3) == merge_hits([a, b], 3)


@pytest.mark.parametrize("case", sorted(CASES))
def test_sharded_and_scheduler_equal_single_index(
    case: str, cluster: Cluster, indexes: dict[str, tuple[Path, Path]]
) -> None:
    article, _, date = CASES[case]
    if not article.exists():
        pytest.skip(f"missing: {article}")
    single, sharded = indexes[case]
    day = dt.date.fromisoformat(date) if date else None
    expected = app_run([str(article)], Options(index=single, quiet=True, article_date=day))
    local = app_run([str(article)], Options(index=sharded, quiet=True, article_date=day))
    remote = app_run(
        [str(article)], Options(index=sharded, quiet=True, article_date=day, scheduler=cluster.address)
    )
    assert any(v and v["evidence"] for _, v in _verifications(expected))
    assert _verifications(local) == _verifications(expected)
    assert _verifications(remote) == _verifications(expected)


def test_unreachable_scheduler_is_a_clear_error(
    indexes: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("factcheck.cluster.client.CONNECT_TIMEOUT", "2s")
    with pytest.raises(FactcheckError, match="cannot reach the Dask scheduler"):
        app_run(
            [str(EXAMPLE)], Options(index=indexes["example"][1], quiet=True, scheduler="tcp://127.0.0.1:9")
        )


def _archive(directory: Path) -> list[str]:
    """~30 drafts: copies of the example and seed articles and variants (paragraphs dropped or
    reordered), and one that cannot be read (binary), in the order a directory input lists them."""
    directory.mkdir()
    sources = [EXAMPLE] + ([SEED_ARTICLE] if SEED_ARTICLE.exists() else [])
    for n in range(30):
        text = sources[n % len(sources)].read_text(encoding="utf-8")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        if n % 3 == 1:
            paragraphs = paragraphs[: max(1, len(paragraphs) // 2)]
        elif n % 3 == 2:
            paragraphs = paragraphs[::-1]
        (directory / f"draft-{n:02d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (directory / "draft-15b.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 10)
    return sorted(str(path) for path in directory.iterdir())


class _KillingWriter(io.StringIO):
    """Output that SIGKILLs a worker once the first record is out and that worker is busy."""

    def __init__(self, kill: Any) -> None:
        super().__init__()
        self._kill = kill

    def write(self, text: str) -> int:
        written = super().write(text)
        if self._kill is not None:
            kill, self._kill = self._kill, None
            kill()
        return written


def test_batch_streams_in_order_and_survives_a_killed_worker(
    cluster: Cluster, indexes: dict[str, tuple[Path, Path]], tmp_path: Path
) -> None:
    from factcheck.cluster.client import stream_batch
    from factcheck.rulebook.load import load_rulebook

    origins = _archive(tmp_path / "archive")
    victim = cluster.start_worker("worker-victim")
    _, sharded = indexes["example"]
    book = load_rulebook([])
    with _client(cluster.address) as client:
        client.wait_for_workers(3, timeout=90)
        (victim_address,) = [
            address
            for address, info in client.scheduler_info()["workers"].items()
            if info["name"] == "worker-victim"
        ]

        def kill() -> None:
            deadline = time.monotonic() + 30
            while not client.processing(workers=[victim_address]).get(victim_address):
                assert time.monotonic() < deadline, "the victim worker never got a task"
                time.sleep(0.05)
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(timeout=10)

        out, err = _KillingWriter(kill), io.StringIO()
        summary = stream_batch(
            client, origins, Options(quiet=True), sharded, book.fingerprint, out=out, err=err, in_flight=12
        )
    assert victim.returncode == -signal.SIGKILL
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [record["input"] for record in records] == origins  # each exactly once, in input order
    broken = [record for record in records if record["error"]]
    assert [record["input"] for record in broken] == [str(tmp_path / "archive" / "draft-15b.txt")]
    assert summary.failures == 1 and summary.articles == len(origins) and "draft-15b.txt" in err.getvalue()
    assert summary.findings("unverified") >= summary.findings("contested") >= 0
    assert all(record["summary"]["checked"] for record in records if not record["error"])
    # A plain copy of the example article: the same verifications as one index, locally.
    single, _ = indexes["example"]
    expected = app_run([str(EXAMPLE)], Options(index=single, quiet=True))
    assert _verifications(records[0]) == _verifications(expected)


def test_ties_at_the_cut_off_are_broken_by_passage_not_by_storage(tmp_path: Path) -> None:
    """Two indexes of the same passages written in opposite orders give the same top hits."""
    from factcheck.index.passages import DocumentInfo, Passage
    from factcheck.index.store import Searcher, Writer, open_index
    from factcheck.verify.retrieve import top_hits

    passages = [
        Passage(DocumentInfo(f"d{n:03d}", "p", None, None, None, None, ""), 0, "", 0, (), ("p:killed", "w:x"))
        for n in range(30)
    ]
    found = []
    for name, order in (("forward", passages), ("backward", passages[::-1])):
        writer = Writer(open_index(tmp_path / name, create=True))
        writer.add("f", order)
        writer.commit()
        hits = top_hits(Searcher(open_index(tmp_path / name)), [("p:killed", 3.0)], 5)
        found.append([hit.passage.document.id for hit in hits])
    assert found[0] == found[1] == [f"d{n:03d}" for n in range(5)]


def test_tantivy_weights() -> None:
    from factcheck.index.ranking import Corpus, Shard, tantivy_weights, total

    query = [("p:killed", 3.0), ("w:x", 0.5), ("e:none", 2.0)]
    shard = Shard(Corpus(100, 900, {"p:killed": 10, "w:x": 50}), 100, {"p:killed": 10, "w:x": 50}, 9.0)
    assert tantivy_weights(query, shard, total([shard.corpus])) == query  # one shard: the corpus itself
    other = Corpus(100, 900, {"p:killed": 30, "w:x": 50})
    weights = dict(tantivy_weights(query, shard, total([shard.corpus, other])))
    assert weights["p:killed"] < 3.0 and weights["e:none"] == 2.0  # commoner in the corpus: lower idf


def test_canonical_score_is_the_same_in_any_order() -> None:
    from factcheck.index.ranking import Corpus, canonical_score, canonical_weights

    corpus = Corpus(1000, 9000, {"p:killed": 100, "w:a": 7, "w:b": 300})
    weights = canonical_weights([("p:killed", 3.0), ("w:a", 0.5), ("w:b", 0.5)], corpus)
    terms = ["w:b", "x:1", "p:killed", "w:a", "x:2"]
    assert canonical_score(terms, weights, corpus.avgdl) == canonical_score(
        terms[::-1], weights, corpus.avgdl
    )
    shorter = canonical_score(terms[:4], weights, corpus.avgdl)
    assert shorter > canonical_score(terms, weights, corpus.avgdl)  # same matches, shorter passage


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """A generated corpus (bench/make_corpus.py) where every claim of the generated articles matches
    far more passages than the candidates kept, indexed whole and in two shards."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from make_corpus import make_article, write_corpus
    finally:
        sys.path.remove(str(REPO / "bench"))
    root = tmp_path_factory.mktemp("generated")
    write_corpus(GENERATED_DOCUMENTS, root / "corpus")
    single, _ = build_index(root / "corpus", Options(index=root / "single", quiet=True))
    sharded, _ = build_index(root / "corpus", Options(index=root / "sharded", quiet=True, shards=2))
    articles = []
    for seed in range(4):
        articles.append(root / f"article-{seed}.txt")
        articles[-1].write_text(make_article(seed=seed), encoding="utf-8")
    return single, sharded, articles


GENERATED_DOCUMENTS = 800


def test_shards_give_the_single_index_candidates_past_the_cut_off(
    cluster: Cluster, generated: tuple[Path, Path, list[Path]]
) -> None:
    """The cut-off at CANDIDATES falls inside each claim's matches: the shards' candidates (locally
    and through the scheduler) and the verifications are still the single index's, because every
    passage is scored with the corpus's statistics (index/ranking.py), not its shard's."""
    from factcheck.app import extract
    from factcheck.cluster.client import remote_searcher
    from factcheck.index.shards import ShardedSearcher, open_searcher
    from factcheck.rulebook.load import load_rulebook
    from factcheck.verify.retrieve import CANDIDATES, candidates, query_terms

    single_dir, sharded_dir, articles = generated
    book = load_rulebook([])
    single, local = open_searcher(single_dir), open_searcher(sharded_dir)
    assert isinstance(local, ShardedSearcher)
    remote = remote_searcher(cluster.address, sharded_dir)
    claims = [c for article in articles for c in extract(str(article), Options()).claims if c.checkable]
    assert len(claims) >= 10
    remote.prefetch_claims(claims, book)

    def keys(hits: list[Any]) -> list[tuple[str, int]]:
        return [(hit.passage.document.id, hit.passage.number) for hit in hits]

    for claim in claims:
        assert len(single.search(query_terms(claim, book), 4 * CANDIDATES)) > 2 * CANDIDATES  # past the cut
        expected = keys(candidates(claim, single, book))
        assert len(expected) == CANDIDATES
        assert keys(candidates(claim, local, book)) == expected
        assert keys(candidates(claim, remote, book)) == expected
    assert local.truncated == remote.truncated == 0  # every shard proved its top (no MAX_FETCH cut)
    del remote  # closes its client
    # Event matching ranks the shards' document candidates with the corpus's statistics too. (Its
    # model rejects the generated reports, one template with other places and figures, as other
    # events: the verdicts compared below are all unverified, so the candidates are compared here.)
    from factcheck.index.documents import open_document_searcher
    from factcheck.verify.events import CANDIDATES as EVENT_CANDIDATES
    from factcheck.verify.events import EventMatcher

    single_events = EventMatcher(open_document_searcher(single_dir))  # type: ignore[arg-type]
    sharded_events = EventMatcher(open_document_searcher(sharded_dir))  # type: ignore[arg-type]
    for claim in claims:
        expected_matches = [(m.document.id, m.probability) for m in single_events.candidates(claim.sentence)]
        assert len(expected_matches) == EVENT_CANDIDATES
        assert [
            (m.document.id, m.probability) for m in sharded_events.candidates(claim.sentence)
        ] == expected_matches
    origins = [str(article) for article in articles]
    expected_report = app_run(origins, Options(index=single_dir, quiet=True))
    assert _verifications(app_run(origins, Options(index=sharded_dir, quiet=True))) == _verifications(
        expected_report
    )
    remote_report = app_run(origins, Options(index=sharded_dir, quiet=True, scheduler=cluster.address))
    assert _verifications(remote_report) == _verifications(expected_report)


def test_remote_searcher_for_the_app_verifier(
    cluster: Cluster, indexes: dict[str, tuple[Path, Path]]
) -> None:
    """What app._verifier uses with --scheduler: the same candidates as the local shards."""
    from factcheck.app import extract
    from factcheck.cluster.client import remote_searcher
    from factcheck.index.shards import open_searcher
    from factcheck.rulebook.load import load_rulebook
    from factcheck.verify.retrieve import candidates

    _, sharded = indexes["example"]
    book = load_rulebook([])
    claims = [claim for claim in extract(str(EXAMPLE), Options()).claims if claim.checkable]
    remote, local = remote_searcher(cluster.address, sharded), open_searcher(sharded)
    remote.prefetch_claims(claims, book)
    for claim in claims:
        assert candidates(claim, remote, book) == candidates(claim, local, book)
    del remote  # closes its client


def test_console_script_shards_and_scheduler(cluster: Cluster, tmp_path: Path) -> None:
    """What a user runs: `factcheck index --shards 2`, then `factcheck check --scheduler` gives the
    JSON verdicts and evidence of a single index."""
    from tests.conftest import factcheck_command

    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    corpus = REPO / "examples" / "corpus"

    def factcheck(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*factcheck_command(), *args], capture_output=True, text=True, env=env, timeout=300
        )
        assert done.returncode in (0, 1), done.stderr
        return done

    factcheck("index", str(corpus), "--index", str(tmp_path / "single"))
    indexed = factcheck("index", str(corpus), "--index", str(tmp_path / "sharded"), "--shards", "2")
    assert read_shard_count(tmp_path / "sharded") == 2, indexed.stderr
    common = [str(EXAMPLE), "-f", "json", "--fail-on", "never"]
    single = json.loads(factcheck("check", *common, "--index", str(tmp_path / "single")).stdout)
    remote = json.loads(
        factcheck(
            "check", *common, "--index", str(tmp_path / "sharded"), "--scheduler", cluster.address
        ).stdout
    )
    assert any(v and v["evidence"] for _, v in _verifications(single))
    assert _verifications(remote) == _verifications(single)


class _TieOrderDependsOnLimit:
    """A searcher whose order among equal scores changes with how many hits are asked for (and an
    offset that skips into that order), as tantivy's does across segments."""

    def __init__(self, hits: list[Any]) -> None:
        self._hits = hits

    def search(self, weighted_terms: Any, limit: int, offset: int = 0) -> list[Any]:
        wanted = offset + limit
        ordered = sorted(
            self._hits, key=lambda hit: (-hit.score, (int(hit.passage.document.id[1:]) * wanted) % 101)
        )
        return ordered[offset:wanted]


def test_exact_top_is_exact_when_tied_scores_reorder_with_the_limit() -> None:
    # 300 passages, all tied: the top 60 are the 60 smallest document ids, each once. Paging with
    # an offset through such an order returned one passage twice and missed another (1M run).
    from factcheck.index.passages import DocumentInfo, Passage
    from factcheck.index.ranking import Corpus, Shard, exact_top
    from factcheck.index.store import Hit

    terms = ("p:killed", "w:x")
    hits = [
        Hit(1.0, Passage(DocumentInfo(f"d{n:03d}", "p", None, None, None, None, ""), 0, "", 0, (), terms))
        for n in range(300)
    ]
    corpus = Corpus(300, 600, {"p:killed": 300})
    shard = Shard(corpus, 300, {"p:killed": 300}, 2.0)
    top, exact = exact_top(_TieOrderDependsOnLimit(hits), [("p:killed", 3.0)], shard, corpus, 60)  # type: ignore[arg-type]
    assert exact
    assert [hit.passage.document.id for hit in top] == [f"d{n:03d}" for n in range(60)]
