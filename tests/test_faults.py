"""Robustness (issue 6): what the user sees when a corpus, the index, a query or a rule file is
bad, or the machine misbehaves (a second writer, kill -9, a full disk). Every case ends in a
reported skip or a one-line error with a documented exit code, never a traceback or a hang."""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.corpus import readers
from factcheck.corpus.readers import ReadProblem, iter_corpus_files, read_file, ziparchive
from factcheck.errors import FactcheckError
from factcheck.extract.document import extract_claims
from factcheck.index.analysis_cache import AnalysisCache
from factcheck.index.build import index_corpus
from factcheck.index.contents import emptiness
from factcheck.index.documents import open_documents
from factcheck.index.manifest import load_manifest
from factcheck.index.shards import index_any
from factcheck.index.store import Searcher, open_index
from factcheck.index.write_errors import IndexWriteError
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.load import load_rulebook
from factcheck.rulebook.schema import unsafe_regex
from factcheck.text.segment import MAX_SENTENCE_CHARS
from factcheck.verify.retrieve import query_terms
from tests.conftest import factcheck_command
from tests.verify_helpers import SMALL_REPORTS, write_report, write_small_corpus

REPORTS = SMALL_REPORTS
ARTICLE = "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور.\n"
QUICK = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


def _run(args: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*factcheck_command(), *args], capture_output=True, text=True, env=env, timeout=300, **kwargs
    )  # type: ignore[call-overload]


def _one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2 and exactly one line on stderr, `factcheck: error: …`, holding every needle."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("factcheck: error: ")
    for needle in needles:
        assert needle in lines[0]


def _check_works(index_dir: Path, tmp_path: Path, env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """`factcheck check` against the index alone: exit 0 and the claim was checked."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = _run(["check", str(article), "--index", str(index_dir), "-f", "json", "--fail-on", "never"], env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["checked"] is True
    assert report["claims"] and all(claim["verdict"] for claim in report["claims"])
    return report


def _passages(index_dir: Path) -> int:
    return Searcher(open_index(index_dir)).passages


# --- corpora -------------------------------------------------------------------------------------


def test_malformed_jsonl_line_is_skipped_reported_and_counted(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    good = [
        json.dumps({"id": str(i), "text": text}, ensure_ascii=False)
        for i, text in enumerate(REPORTS.values())
    ]
    (folder / "wire.jsonl").write_text(f"{good[0]}\n{{broken\n{good[1]}\n{good[2]}\n", encoding="utf-8")
    result = _run(["index", str(folder), "--index", str(tmp_path / "ix")], clean_env)
    assert result.returncode == 0, result.stderr
    assert "factcheck: skipped wire.jsonl:2: invalid JSON" in result.stderr
    assert "3 documents" in result.stderr and "1 skipped" in result.stderr


def test_deeply_nested_json_is_a_problem_not_a_recursion_error(tmp_path: Path) -> None:
    depth = 100_000
    (tmp_path / "deep.json").write_text("[" * depth + "]" * depth, encoding="utf-8")
    good = json.dumps({"text": REPORTS["a"]}, ensure_ascii=False)
    (tmp_path / "deep.jsonl").write_text(f"{good}\n{'[' * depth}{']' * depth}\n{good}\n", encoding="utf-8")
    assert read_file(tmp_path / "deep.json", tmp_path) == (
        [],
        [ReadProblem("deep.json", None, "invalid JSON: nested too deeply")],
    )
    documents, problems = read_file(tmp_path / "deep.jsonl", tmp_path)
    assert len(documents) == 2
    assert problems == [ReadProblem("deep.jsonl", 2, "invalid JSON: nested too deeply")]


def test_file_over_the_size_limit_is_skipped_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert readers.MAX_FILE_BYTES == 256 * 1024**2  # documented in the README
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    (tmp_path / "huge.json").write_text(json.dumps([{"text": "نص " * 400}]), encoding="utf-8")
    (tmp_path / "small.txt").write_text(REPORTS["a"], encoding="utf-8")
    results = {path.name: read_file(path, tmp_path) for path in iter_corpus_files(tmp_path)}
    documents, [problem] = results["huge.json"]
    assert documents == [] and problem.path == "huge.json"
    assert "exceeds the 1000-byte limit per file, not read" in problem.message
    assert len(results["small.txt"][0]) == 1


def test_document_without_text_is_skipped_and_reported(tmp_path: Path, book: Rulebook) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [
        {"id": "1", "title": "عنوان بلا نص"},
        {"id": "2", "text": "   "},
        {"id": "3", "text": {"nested": "object"}},
        {"id": "4", "text": REPORTS["a"]},
    ]
    (folder / "wire.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    (folder / "empty.txt").write_text("\n", encoding="utf-8")
    stats = index_corpus(folder, tmp_path / "ix", book, workers=1)
    assert stats.documents == 1
    assert sorted(str(p) for p in stats.problems) == [
        "empty.txt: no text",
        "wire.jsonl:1: no text",
        "wire.jsonl:2: no text",
        "wire.jsonl:3: no text",
    ]


def test_duplicate_ids_first_kept_within_a_file_both_kept_across_files(
    tmp_path: Path, book: Rulebook
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("one.jsonl", "two.jsonl"):
        lines = [{"id": "x", "text": REPORTS["a"]}, {"id": "x", "text": REPORTS["b"]}]
        (folder / name).write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8"
        )
    stats = index_corpus(folder, tmp_path / "ix", book, workers=1)
    assert stats.documents == 2  # the first "x" of each file
    assert [str(p) for p in stats.problems] == [
        "one.jsonl:2: duplicate id 'x' (first at line 1)",
        "two.jsonl:2: duplicate id 'x' (first at line 1)",
    ]
    ids = {d.id for name in ("one.jsonl", "two.jsonl") for d in read_file(folder / name, folder)[0]}
    assert len(ids) == 2  # ids include the file's path: the same record id in two files never collides


@contextmanager
def _denied(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> Iterator[None]:
    """chmod 000; when that does not stop reads (tests running as root), refuse them in Python."""
    modes = {path: path.stat().st_mode for path in paths}
    for path in paths:
        path.chmod(0)
    try:
        if any(os.access(path, os.R_OK) for path in paths):  # root: permission bits are not enforced
            denied = {str(path) for path in paths}

            def refuse(name: object) -> None:
                if str(name) in denied:
                    raise PermissionError(13, "Permission denied", str(name))

            real_open, real_read_bytes, real_scandir = Path.open, Path.read_bytes, os.scandir

            def path_open(self: Path, *args: object, **kwargs: object) -> object:
                refuse(self)
                return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

            def read_bytes(self: Path) -> bytes:
                refuse(self)
                return real_read_bytes(self)

            def scandir(path: object) -> object:
                refuse(path)
                return real_scandir(path)  # type: ignore[arg-type]

            monkeypatch.setattr(Path, "open", path_open)
            monkeypatch.setattr(Path, "read_bytes", read_bytes)
            monkeypatch.setattr(os, "scandir", scandir)
        yield
    finally:
        monkeypatch.undo()
        for path, mode in modes.items():
            path.chmod(mode)


def test_unreadable_file_and_folder_are_reported_and_the_rest_indexed(
    corpus: Path, tmp_path: Path, book: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = corpus / "locked.txt"
    locked.write_text(REPORTS["b"], encoding="utf-8")
    closed = corpus / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_text(REPORTS["c"], encoding="utf-8")
    with _denied(monkeypatch, locked, closed):
        stats = index_corpus(corpus, tmp_path / "ix", book, workers=1)
    assert stats.documents == 3
    assert sorted(str(p) for p in stats.problems) == [
        "closed: cannot list folder: Permission denied",
        "locked.txt: cannot read: Permission denied",
    ]


def test_dangling_symlink_is_reported_by_the_index_command(
    corpus: Path, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    (corpus / "gone.txt").symlink_to(corpus / "missing.txt")  # was a FileNotFoundError traceback
    result = _run(["index", str(corpus), "--index", str(tmp_path / "ix")], clean_env)
    assert result.returncode == 0, result.stderr
    assert "factcheck: skipped gone.txt: cannot read: No such file or directory" in result.stderr
    assert "3 documents" in result.stderr


def test_symlink_loop_does_not_hang_the_index(
    corpus: Path, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    (corpus / "sub").mkdir()
    (corpus / "sub" / "parent").symlink_to(corpus, target_is_directory=True)
    (corpus / "self").symlink_to(corpus, target_is_directory=True)
    result = _run(["index", str(corpus), "--index", str(tmp_path / "ix")], clean_env)
    assert result.returncode == 0, result.stderr
    assert "indexed 3 changed file(s) of 3" in result.stderr


def test_zip_bomb_member_is_not_inflated(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("bomb.json", b"[" + b" " * (20 * 1024**2) + b"]")  # 20 MB of spaces, ~20 KB zipped
        zf.writestr("good.json", json.dumps([{"text": REPORTS["a"]}], ensure_ascii=False))
    assert archive.stat().st_size < 100_000
    documents, [problem] = read_file(archive, tmp_path)
    assert len(documents) == 1 and documents[0].path == "bomb.zip!good.json"
    assert problem.path == "bomb.zip!bomb.json"
    assert f"(limit {ziparchive.MAX_RATIO}): a zip bomb? not read" in problem.message


def test_zip_total_expansion_is_bounded_across_members(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ziparchive, "MAX_TOTAL_BYTES", 1500)
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for index in range(5):
            zf.writestr(f"r{index}.json", json.dumps({"text": REPORTS["a"] + " " * 400}, ensure_ascii=False))
    documents, problems = read_file(archive, tmp_path)
    assert 1 <= len(documents) < 5
    assert len(documents) + len(problems) == 5
    assert all("archive expands beyond the 1500-byte limit" in p.message for p in problems)


# --- the index -----------------------------------------------------------------------------------


def _segment_file(index_dir: Path, suffix: str) -> Path:
    (found,) = (index_dir / "tantivy").glob(f"*{suffix}")
    return found


@pytest.mark.parametrize("suffix", [".term", ".store"])
def test_truncated_segment_file_is_a_one_line_error(
    suffix: str, corpus: Path, tmp_path: Path, book: Rulebook, clean_env: dict[str, str]
) -> None:
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    with _segment_file(index_dir, suffix).open("r+b") as handle:
        handle.truncate(7)  # was a Rust panic with its backtrace
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    fix = "run: factcheck index --rebuild"
    _one_line_error(_run(["check", str(article), "--index", str(index_dir)], clean_env), "is damaged", fix)
    _one_line_error(_run(["index", str(corpus), "--index", str(index_dir)], clean_env), fix)
    rebuilt = _run(["index", str(corpus), "--index", str(index_dir), "--rebuild"], clean_env)
    assert rebuilt.returncode == 0 and "(rebuilt)" in rebuilt.stderr
    _check_works(index_dir, tmp_path, clean_env)


def test_overwritten_segment_bytes_are_caught_by_the_checksum_before_an_update(
    corpus: Path, tmp_path: Path, book: Rulebook
) -> None:
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    store = _segment_file(index_dir, ".store")
    data = bytearray(store.read_bytes())
    data[10:20] = b"\xff" * 10  # same size, footer intact
    store.write_bytes(bytes(data))
    write_report(corpus, "d", "انسحبت كندا من الغارات الجوية على سوريا.", "وكالة d")
    with pytest.raises(FactcheckError, match=r"checksum mismatch\); run: factcheck index --rebuild"):
        index_corpus(corpus, index_dir, book, workers=1)
    assert index_corpus(corpus, index_dir, book, workers=1, rebuild=True).documents == 4


def test_garbled_manifest_rebuilds_the_index(corpus: Path, tmp_path: Path, book: Rulebook) -> None:
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    (index_dir / "manifest.json").write_bytes(b'{"files": [1, 2')
    stats = index_corpus(corpus, index_dir, book, workers=1)
    assert stats.rebuilt and stats.rebuild_reason == "manifest.json damaged (JSONDecodeError)"
    assert (stats.files_indexed, stats.documents) == (3, 3)
    assert _passages(index_dir) == 3  # nothing indexed twice
    assert load_manifest(index_dir) is not None


def _garble_cache(index_dir: Path, offset: int) -> Path:
    database = index_dir / "cache" / "cache.db"
    with database.open("r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(database.stat().st_size - offset))
    return database


# Over sqlite's header the file "is not a database"; over the pages after it, it "is malformed".
@pytest.mark.parametrize("offset", [0, 4096])
def test_damaged_analysis_cache_is_discarded_with_a_warning_naming_it(
    offset: int, corpus: Path, tmp_path: Path, book: Rulebook, clean_env: dict[str, str]
) -> None:
    """Was exit 2, "cannot write the index (file is not a database)", naming neither file nor fix."""
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    database = _garble_cache(index_dir, offset)
    write_report(corpus, "d", "انسحبت كندا من الغارات الجوية على سوريا.", "وكالة d")
    result = _run(["index", str(corpus), "--index", str(index_dir), "--quiet"], clean_env)
    assert result.returncode == 0, result.stderr
    (warning,) = result.stderr.splitlines()  # a warning: shown under --quiet too
    assert warning.startswith(f"factcheck: analysis cache {database.parent} is damaged (")
    assert warning.endswith("); discarded, and made again")
    assert _cached(index_dir) == 1  # a new cache, holding the one file analysed
    assert load_manifest(index_dir).files.keys() == {"a.md", "b.md", "c.md", "d.md"}
    _check_works(index_dir, tmp_path, clean_env)


def test_rebuild_starts_the_analysis_cache_afresh_even_when_damaged(
    corpus: Path, tmp_path: Path, book: Rulebook, clean_env: dict[str, str]
) -> None:
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    _garble_cache(index_dir, 0)
    result = _run(["index", str(corpus), "--index", str(index_dir), "--rebuild"], clean_env)
    assert result.returncode == 0, result.stderr
    assert "3 documents" in result.stderr and "(rebuilt)" in result.stderr
    assert "damaged" not in result.stderr  # the user asked for a new one
    assert _cached(index_dir) == 3
    _check_works(index_dir, tmp_path, clean_env)


def test_analysis_cache_found_damaged_while_in_use_is_discarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cache = AnalysisCache(tmp_path / "cache")
    cache.set_many([("a", 1), ("b", 2)])

    def malformed(key: str) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(cache._store, "get", malformed)
    assert cache.get_many(["a", "b"]) == [None, None]
    assert f"analysis cache {tmp_path / 'cache'} is damaged (database disk image is malformed)" in caplog.text
    cache.set_many([("a", 3)])
    assert cache.get_many(["a", "b"]) == [3, None]  # a new, working cache
    cache.close()


def test_a_full_disk_in_the_analysis_cache_is_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = AnalysisCache(tmp_path / "cache")

    def full(key: str) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cache._store, "get", full)
    with pytest.raises(sqlite3.OperationalError):
        cache.get_many(["a"])
    cache.close()


def _unfinished_first_build(index_dir: Path) -> None:
    """What a first `factcheck index` killed before its commit leaves: empty tantivy indexes, no
    manifest."""
    open_index(index_dir, create=True)
    open_documents(index_dir, create=True)


@pytest.mark.parametrize(("fail_on", "code"), [("unverified", 1), ("contested", 0)])
def test_an_interrupted_first_build_is_reported_when_checked(
    fail_on: str, code: int, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    """Every claim came out "unverified" with no word that the index held nothing."""
    index_dir = tmp_path / "ix"
    _unfinished_first_build(index_dir)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    command = [
        "check",
        str(article),
        "--index",
        str(index_dir),
        "--fail-on",
        fail_on,
        "--quiet",
        "-f",
        "json",
    ]
    result = _run(command, clean_env)
    assert result.returncode == code, result.stderr
    note = f"factcheck: {index_dir}: the index holds 0 documents: the last build did not finish"
    assert result.stderr.splitlines() == [note + "; run factcheck index"]  # a warning: under --quiet too
    assert {claim["verdict"] for claim in json.loads(result.stdout)["claims"]} == {"unverified"}


def test_an_index_of_an_empty_corpus_is_reported_when_checked(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    empty = tmp_path / "corpus"
    empty.mkdir()
    (empty / "notes.bin").write_bytes(b"\x00")  # not a corpus file
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    index_dir = tmp_path / "ix"
    result = _run(
        ["check", str(article), "--corpus", str(empty), "--index", str(index_dir), "--quiet"], clean_env
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"factcheck: {index_dir}: the index holds 0 documents: its corpus {empty} had none" in result.stderr
    )


def test_a_complete_index_gets_no_note(corpus: Path, tmp_path: Path, book: Rulebook) -> None:
    index_corpus(corpus, tmp_path / "ix", book, workers=1)
    assert emptiness(tmp_path / "ix") is None


def test_a_shard_whose_first_build_did_not_finish_is_reported(
    corpus: Path, tmp_path: Path, book: Rulebook
) -> None:
    index_dir = tmp_path / "ix"
    index_any(corpus, index_dir, book, shards=2)
    (index_dir / "shard-01" / "manifest.json").unlink()
    shutil.rmtree(index_dir / "shard-01")
    _unfinished_first_build(index_dir / "shard-01")
    assert emptiness(index_dir) == (
        f"{index_dir / 'shard-01'}: the shard holds 0 documents: the last build did not finish; "
        "run factcheck index"
    )


@pytest.fixture
def big_corpus(corpus: Path) -> Path:
    """The small corpus plus a couple of thousand generated reports (a run takes several seconds)."""
    for number in range(2000):
        (corpus / f"gen{number:05d}.txt").write_text(
            f"قتل {number + 5} جنود في غارة قرب بلدة عياش بدير الزور. وقالت المصادر إن الطقس كان باردا.",
            encoding="utf-8",
        )
    return corpus


def _cached(index_dir: Path) -> int:
    """Documents analysed so far (diskcache rows): a running index command's progress."""
    database = index_dir / "cache" / "cache.db"
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM Cache").fetchone()[0]
    except sqlite3.Error:
        return 0


def _start_index(corpus: Path, index_dir: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*factcheck_command(), "index", str(corpus), "--index", str(index_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_progress(process: subprocess.Popen[str], index_dir: Path, before: int) -> None:
    deadline = time.monotonic() + 240
    while _cached(index_dir) <= before:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the index command made no progress"
        time.sleep(0.05)


@pytest.mark.slow
def test_two_index_runs_at_once_one_stops_with_a_clear_message(
    big_corpus: Path, tmp_path: Path, book: Rulebook, clean_env: dict[str, str]
) -> None:
    index_dir = tmp_path / "ix"
    first = _start_index(big_corpus, index_dir, clean_env)
    try:
        _wait_for_progress(first, index_dir, 0)
        second = _run(["index", str(big_corpus), "--index", str(index_dir)], clean_env)
        assert first.poll() is None, "the first run ended before the second started: no overlap tested"
    finally:
        first.kill()
        first.communicate()
    _one_line_error(second, "another factcheck is indexing it")
    # Neither run corrupted anything: the next one completes.
    assert index_corpus(big_corpus, index_dir, book, workers=1).documents == 2003


@pytest.mark.slow
def test_kill_9_while_indexing_leaves_the_last_index_usable(
    big_corpus: Path, tmp_path: Path, book: Rulebook, clean_env: dict[str, str]
) -> None:
    index_dir = tmp_path / "ix"
    small = tmp_path / "small"
    small.mkdir()
    for name in REPORTS:
        (small / f"{name}.md").write_bytes((big_corpus / f"{name}.md").read_bytes())
    index_corpus(small, index_dir, book, workers=1)
    passages_before = _passages(index_dir)
    # The same folder name, now with 2000 more files: an incremental run the kill interrupts.
    small.rename(tmp_path / "small-done")
    big_corpus.rename(small)
    manifest_before = (index_dir / "manifest.json").read_bytes()
    process = _start_index(small, index_dir, clean_env)
    _wait_for_progress(process, index_dir, _cached(index_dir))
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert (index_dir / "manifest.json").read_bytes() == manifest_before
    assert _passages(index_dir) == passages_before
    _check_works(index_dir, tmp_path, clean_env)
    result = _run(["index", str(small), "--index", str(index_dir)], clean_env)
    assert result.returncode == 0, result.stderr
    assert "2003 documents" in result.stderr
    assert _passages(index_dir) == passages_before + 2000


def _limit_file_size(limit: int) -> None:
    """In the child: writes past `limit` bytes fail with EFBIG (SIGXFSZ ignored), like a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


_TOO_LARGE = "cannot write the index: a file would pass the file-size limit (ulimit -f)"


def _uncommitted(index_dir: Path) -> list[str]:
    """Segment files of either tantivy index that its meta.json does not list: a failed write's."""
    left = []
    for folder in (index_dir / "tantivy", index_dir / "documents"):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        committed = {segment["segment_id"].replace("-", "") for segment in meta["segments"]}
        left += [path.name for path in folder.iterdir() if len(path.name.split(".")[0]) == 32
                 and path.name.split(".")[0] not in committed]  # fmt: skip
    return sorted(left)


def test_full_disk_is_a_one_line_error_and_the_old_index_stays(
    corpus: Path, tmp_path: Path, book: Rulebook, clean_env: dict[str, str]
) -> None:
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    manifest_before = (index_dir / "manifest.json").read_bytes()
    passages_before = _passages(index_dir)
    for number in range(40):
        write_report(corpus, f"new{number}", f"قتل {number + 5} جنود في غارة قرب الرقة.", "وكالة")
    command = ["index", str(corpus), "--index", str(index_dir)]
    result = _run(command, clean_env, preexec_fn=lambda: _limit_file_size(4096))
    # sqlite (the analysis cache, written first) reports EFBIG as "disk I/O error".
    hidden = "cannot write the index (disk I/O error; the file-size limit, ulimit -f, is 4096 bytes)"
    _one_line_error(result, f"{index_dir}: {hidden}; the last complete index is kept")
    assert _uncommitted(index_dir) == []
    assert (index_dir / "manifest.json").read_bytes() == manifest_before
    assert _passages(index_dir) == passages_before
    _check_works(index_dir, tmp_path, clean_env)
    assert index_corpus(corpus, index_dir, book, workers=1).documents == 43


# The analysis cache (sqlite) is the first to write; without it, tantivy's own writes fail.
_NO_CACHE_INDEX = """
import contextlib, sys, diskcache
class NoCache:
    def __init__(self, *args, **kwargs): pass
    def get(self, key): return None
    def set(self, key, value): pass
    def transact(self): return contextlib.nullcontext()
    def close(self): pass
diskcache.Cache = NoCache
from factcheck.cli import main
sys.argv = ["factcheck", *sys.argv[1:]]
main()
"""


def test_full_disk_during_the_tantivy_commit_is_a_one_line_error(
    corpus: Path, tmp_path: Path, book: Rulebook, clean_env: dict[str, str]
) -> None:
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    passages_before = _passages(index_dir)
    for number in range(100):
        write_report(corpus, f"new{number}", f"قتل {number + 5} جنود في غارة قرب الرقة.", "وكالة")
    result = subprocess.run(
        [sys.executable, "-c", _NO_CACHE_INDEX, "index", str(corpus), "--index", str(index_dir)],
        capture_output=True,
        text=True,
        env=clean_env,
        timeout=300,
        preexec_fn=lambda: _limit_file_size(4096),
    )
    # Where the limit strikes decides what tantivy says: its commit's errno (EFBIG), or a killed
    # worker thread that hides it, when the message names the limit beside tantivy's words.
    _one_line_error(
        result, f"{index_dir}: cannot write the index", "ulimit -f", "the last complete index is kept"
    )
    assert _uncommitted(index_dir) == []  # tantivy had begun a segment in each index
    assert _passages(index_dir) == passages_before
    _check_works(index_dir, tmp_path, clean_env)


_KILLED = (
    "An index writer was killed.. A worker thread encountered an error (io::Error most likely) or panicked."
)
_FILLER = "وقالت المصادر إن الطقس كان باردا في المدينة. "  # no claim: quick to index
_NO_SPACE = [
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EDQUOT, "Disk quota exceeded"),
    ValueError("Failed to commit index: IoError { io_error: Os { code: 28, kind: StorageFull, … } }"),
    ValueError("Internal error: 'No space left on device (os error 28)'"),
    sqlite3.OperationalError("database or disk is full"),
]


@pytest.mark.parametrize("fault", _NO_SPACE, ids=lambda fault: type(fault).__name__)
@pytest.mark.parametrize("where", ["commit", "manifest"])
def test_full_disk_says_so_with_the_space_needed(
    fault: Exception,
    where: str,
    corpus: Path,
    tmp_path: Path,
    book: Rulebook,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Was "cannot write the index (An index writer was killed…)": tantivy's words, not the cause."""
    from factcheck.index import build, store

    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    manifest_before = (index_dir / "manifest.json").read_bytes()
    (corpus / "big.txt").write_text(_FILLER * 60_000, encoding="utf-8")  # 4.86 MB

    def full(*args: object, **kwargs: object) -> None:
        raise fault

    monkeypatch.setattr(*((store.Writer, "commit") if where == "commit" else (build, "save_manifest")), full)
    monkeypatch.setattr(
        shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**12, 10**12, 3 * 2**20)
    )
    with pytest.raises(IndexWriteError) as raised:
        index_corpus(corpus, index_dir, book, workers=1)
    message = str(raised.value)
    assert re.fullmatch(
        rf"{re.escape(str(index_dir))}: cannot write the index: no space left on device "
        r"\(about (\d+) MB needed, 3 MB free\); the last complete index is kept",
        message,
    ), message
    needed = int(message.split("about ")[1].split(" MB")[0])
    assert 5 <= needed <= 100  # the 4.86 MB file, times what the index and cache take per byte
    assert (index_dir / "manifest.json").read_bytes() == manifest_before
    assert _uncommitted(index_dir) == []


@pytest.mark.parametrize(("free", "said"), [(0, "no space left on device"), (10**12, _KILLED)])
def test_a_killed_index_writer_is_blamed_on_the_disk_only_when_it_is_full(
    free: int, said: str, corpus: Path, tmp_path: Path, book: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tantivy's "writer was killed" hides the io::Error: free space tells whether it was the disk."""
    from factcheck.index import store

    def killed(*args: object, **kwargs: object) -> None:
        raise ValueError(_KILLED)

    monkeypatch.setattr(store.Writer, "add_stored", killed)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**12, 10**12, free))
    with pytest.raises(IndexWriteError, match=re.escape(said)):
        index_corpus(corpus, tmp_path / "ix", book, workers=1)


def test_other_write_errors_keep_their_cause(
    corpus: Path, tmp_path: Path, book: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.index import build

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(build, "save_manifest", broken)
    with pytest.raises(IndexWriteError, match=r"cannot write the index \(Input/output error\); the last"):
        index_corpus(corpus, tmp_path / "ix", book, workers=1)


# --- queries -------------------------------------------------------------------------------------

SYNTAX = st.sampled_from(
    ['"', "'", "(", ")", ":", "*", "?", "AND", "OR", "NOT", "-", "+", "^", "~", "[", "]"]
)
QUERY_TEXT = st.lists(
    st.one_of(
        SYNTAX, st.sampled_from("{}\\/!&|<>= \t"), st.text(max_size=4), st.sampled_from(["عياش", "جنود"])
    ),
    max_size=20,
).map("".join)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    folder = tmp_path_factory.mktemp("query-corpus")
    for name, text in REPORTS.items():
        write_report(folder, name, text, f"وكالة {name}")
    index_dir = folder.parent / f"{folder.name}-ix"
    index_corpus(folder, index_dir, load_rulebook(), workers=1)
    return Searcher(open_index(index_dir))


@QUICK
@given(st.lists(st.tuples(QUERY_TEXT, st.floats(min_value=0.01, max_value=10)), max_size=8))
@example([('"عياش" AND (p:killed OR e:syria) NOT -x^2 ~3 [a TO b] {c}', 2.0)])
def test_query_builder_never_breaks_on_query_syntax(
    searcher: Searcher, weighted: list[tuple[str, float]]
) -> None:
    hits = searcher.search(weighted, 10)
    assert isinstance(hits, list)


@QUICK
@given(QUERY_TEXT)
@example('") AND (NOT e:* OR [x TO y] {z} -w ^2 ~1 \\')
def test_claims_with_query_syntax_give_plain_terms(searcher: Searcher, noise: str) -> None:
    book = load_rulebook()
    for claim in extract_claims(f"قتل 4 جنود {noise} قرب بلدة عياش {noise}.", book):
        terms = query_terms(claim, book)
        assert all(term and not any(c.isspace() for c in term) for term, _ in terms)
        searcher.search(terms, 10)


def test_article_full_of_query_syntax_is_checked(
    corpus: Path, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    article = tmp_path / "syntax.txt"
    article.write_text(
        'قتل "4" جنود (AND) سوريين: OR NOT في* غارة -قرب ^بلدة ~عياش [بدير] {الزور} \\ && || !.\n',
        encoding="utf-8",
    )
    result = _run(
        ["check", str(article), "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "-f", "json", "-q"],
        clean_env,
    )
    assert result.returncode == 0, result.stderr
    (claim,) = json.loads(result.stdout)["claims"]
    assert claim["verdict"] == "corroborated"


# --- rules ---------------------------------------------------------------------------------------

_HEDGE_RULE = """type: hedges
hedges:
  - id: mine
    category: speculation
    phrases: [أظن]
    next_pattern: '{pattern}'
    examples:
      - {{text: أظن أن القصف وقع, hedged: true}}
      - {{text: وقع القصف, hedged: false}}
"""


def _hedge_rules(tmp_path: Path, pattern: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "mine.yaml").write_text(_HEDGE_RULE.format(pattern=pattern), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a+)+$", "nested quantifiers"),
        ("^(\\w*)*x", "nested quantifiers"),
        ("(\\w)\\1", "backreferences"),
        ("(a|ab)*c", "alternation under a quantifier"),
        ("a" * 201, "longer than 200"),
    ],
)
def test_unsafe_user_regex_is_refused_with_file_and_line(
    pattern: str, reason: str, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    folder = _hedge_rules(tmp_path, pattern)
    started = time.monotonic()
    result = _run(["rules", "validate", "--rules", str(folder)], clean_env)
    _one_line_error(
        result, f"{folder / 'mine.yaml'}:6: hedges.0.next_pattern", "unsafe regular expression", reason
    )
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    "pattern", ["^[يتن]", "(ي|ت|ن)+", "^(?:سي|سوف)", "(ab){1,3}", "(a{2}){3}", "\\w*\\w*!"]
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    assert unsafe_regex(pattern) is None


def test_a_slow_pattern_on_a_long_word_cannot_hang_extraction(tmp_path: Path) -> None:
    """Polynomial patterns are allowed, but they only ever see the first 64 characters of a word:
    \\w*\\w*\\w*! on a 20,000-letter word would otherwise take hours."""
    book = load_rulebook([_hedge_rules(tmp_path, "\\w*\\w*\\w*!")])
    started = time.monotonic()
    extract_claims("أظن " + "ب" * 20_000 + " قتل 4 جنود.", book, include_uncheckable=True)
    assert time.monotonic() - started < 20


# --- load ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_ten_thousand_small_files_index_correctly(tmp_path: Path, book: Rulebook) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    with_facts = 0
    for number in range(10_000):
        if number % 4 == 0:
            text = f"قتل {number + 1} جنود في غارة قرب الرقة."
            with_facts += 1
        else:
            text = f"تقرير رقم {number} عن الطقس في المدينة."
        (folder / f"r{number:05d}.txt").write_text(text, encoding="utf-8")
    stats = index_corpus(folder, tmp_path / "ix", book, workers=2)
    assert (stats.files_seen, stats.files_indexed, stats.documents, stats.problems) == (
        10_000,
        10_000,
        10_000,
        [],
    )
    assert stats.passages == with_facts == _passages(tmp_path / "ix")
    assert index_corpus(folder, tmp_path / "ix", book, workers=2).files_indexed == 0


@pytest.mark.parametrize("depth", [500, 50_000])
def test_deeply_nested_rule_file_is_refused_not_a_crash(
    depth: int, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    """500 levels were a RecursionError traceback, 50,000 a segmentation fault in libyaml."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "deep.yaml").write_text(
        "type: hedges\nhedges: " + "[" * depth + "]" * depth + "\n", encoding="utf-8"
    )
    result = _run(["rules", "validate", "--rules", str(folder)], clean_env)
    _one_line_error(result, f"{folder / 'deep.yaml'}:2: nested more than 64 levels deep")


def _alias_bomb(levels: int) -> str:
    """Each level lists the previous one nine times: 9**levels strings once aliases are expanded."""
    lines = ["type: hedges", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    lines.append(f"hedges: *l{levels}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("command", [["rules", "validate"], ["claims", "ARTICLE"]])
def test_yaml_alias_bomb_in_a_rule_file_is_refused_with_file_and_line(
    command: list[str], tmp_path: Path, clean_env: dict[str, str]
) -> None:
    """Billion laughs: the builder expanded every alias (7 GB, then a MemoryError traceback).
    Five levels (59,049 strings) are enough to see the alias refused without exhausting memory."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "bomb.yaml").write_text(_alias_bomb(5), encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = [str(article) if part == "ARTICLE" else part for part in command]
    result = _run([*args, "--rules", str(folder)], clean_env)
    _one_line_error(result, f"{folder / 'bomb.yaml'}:3: YAML aliases are not allowed in rule files")


def test_a_line_without_full_stops_is_read_in_pieces_and_noted(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    """Each claim's sentence was the whole line: work and report grew with the square of its length
    (a 200 KB line gave 320 MB of JSON)."""
    words = "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور وقالت المصادر إن الطقس كان باردا"
    article = tmp_path / "line.txt"
    article.write_text(" ".join([words] * 300) + "\n", encoding="utf-8")  # about 44,000 characters
    result = _run(["claims", str(article), "-f", "json"], clean_env)
    assert result.returncode == 0, result.stderr
    claims = json.loads(result.stdout)["claims"]
    assert len(claims) >= 250  # the claims away from the cuts are all there
    assert max(len(claim["sentence"]) for claim in claims) <= MAX_SENTENCE_CHARS
    assert f"longer than {MAX_SENTENCE_CHARS} characters, analysed in pieces" in result.stderr
