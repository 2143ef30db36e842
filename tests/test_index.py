"""The corpus index: incremental updates, rebuilds, one writer at a time, crash safety."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from factcheck.errors import FactcheckError
from factcheck.index import build
from factcheck.index.build import index_corpus
from factcheck.index.lock import IndexBusyError, writer_lock
from factcheck.index.manifest import load_manifest
from factcheck.index.passages import word_terms
from factcheck.index.store import Searcher, open_index
from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.load import load_rulebook
from tests.conftest import factcheck_command
from tests.verify_helpers import SMALL_REPORTS, write_report, write_small_corpus

REPORTS = SMALL_REPORTS


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_small_corpus(tmp_path / "corpus")


def _passages(index_dir: Path) -> int:
    return Searcher(open_index(index_dir)).passages


def test_first_run_indexes_every_file_then_nothing(corpus: Path, tmp_path: Path, book: Rulebook) -> None:
    first = index_corpus(corpus, tmp_path / "ix", book, workers=1)
    assert (first.files_indexed, first.documents, first.rebuilt) == (3, 3, True)
    second = index_corpus(corpus, tmp_path / "ix", book, workers=1)
    assert (second.files_indexed, second.files_removed, second.rebuilt) == (0, 0, False)
    assert second.documents == 3


def test_only_changed_new_and_removed_files_are_processed(
    corpus: Path, tmp_path: Path, book: Rulebook
) -> None:
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    before = _passages(index_dir)
    write_report(corpus, "a", "قتل 5 جنود سوريين في غارة قرب بلدة عياش بدير الزور.", "وكالة a")  # changed
    write_report(corpus, "d", "انسحبت كندا من الغارات الجوية على سوريا.", "وكالة d")  # new
    (corpus / "c.md").unlink()  # removed
    stats = index_corpus(corpus, index_dir, book, workers=1)
    assert (stats.files_indexed, stats.files_removed, stats.documents) == (2, 1, 3)
    assert _passages(index_dir) == before  # one passage replaced, one added, one removed
    assert sorted(load_manifest(index_dir).files) == ["a.md", "b.md", "d.md"]


def test_touched_but_unchanged_file_is_not_reprocessed(corpus: Path, tmp_path: Path, book: Rulebook) -> None:
    index_corpus(corpus, tmp_path / "ix", book, workers=1)
    os.utime(corpus / "a.md", (1, 1))
    assert index_corpus(corpus, tmp_path / "ix", book, workers=1).files_indexed == 0


def test_a_rules_change_rebuilds(corpus: Path, tmp_path: Path, book: Rulebook) -> None:
    index_corpus(corpus, tmp_path / "ix", book, workers=1)
    extra = tmp_path / "rules"
    extra.mkdir()
    (extra / "mine.yaml").write_text(
        "type: hedges\nhedges:\n  - id: mine\n    category: speculation\n    phrases: [أظن]\n"
        "    examples:\n      - {text: أظن أن القصف وقع, hedged: true}\n"
        "      - {text: وقع القصف, hedged: false}\n",
        encoding="utf-8",
    )
    other = load_rulebook([extra])
    assert other.fingerprint != book.fingerprint
    stats = index_corpus(corpus, tmp_path / "ix", other, workers=1)
    assert stats.rebuilt and stats.files_indexed == 3


def test_a_second_writer_is_refused(corpus: Path, tmp_path: Path, book: Rulebook) -> None:
    index_dir = tmp_path / "ix"
    with writer_lock(index_dir), pytest.raises(IndexBusyError, match="another factcheck is indexing"):
        index_corpus(corpus, index_dir, book, workers=1)


def test_a_second_writer_from_the_command_line(
    corpus: Path, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    index_dir = tmp_path / "ix"
    with writer_lock(index_dir):
        result = subprocess.run(
            [*factcheck_command(), "index", str(corpus), "--index", str(index_dir), "-q"],
            capture_output=True,
            env=clean_env,
            timeout=120,
        )
    assert result.returncode == 2
    assert b"another factcheck is indexing" in result.stderr and b"Traceback" not in result.stderr


def test_an_interrupted_run_leaves_the_last_good_index(
    corpus: Path, tmp_path: Path, book: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    manifest_before = (index_dir / "manifest.json").read_text(encoding="utf-8")
    passages_before = _passages(index_dir)
    write_report(corpus, "a", "قتل 9 جنود سوريين في غارة قرب بلدة عياش بدير الزور.", "وكالة a")
    write_report(corpus, "e", "أطلق الحوثيون ثلاثة صواريخ باتجاه جازان.", "وكالة e")
    real_read = build.read_file
    calls = {"n": 0}

    def failing_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C half way
        return real_read(*args, **kwargs)

    monkeypatch.setattr(build, "read_file", failing_read)
    with pytest.raises(KeyboardInterrupt):
        index_corpus(corpus, index_dir, book, workers=1)
    assert (index_dir / "manifest.json").read_text(encoding="utf-8") == manifest_before
    assert _passages(index_dir) == passages_before
    monkeypatch.setattr(build, "read_file", real_read)
    stats = index_corpus(corpus, index_dir, book, workers=1)
    assert stats.files_indexed == 2 and stats.documents == 4


def test_skipped_records_are_reported(tmp_path: Path, book: Rulebook) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "wire.jsonl").write_text(
        json.dumps({"id": "1", "text": "قتل 4 جنود في غارة."}, ensure_ascii=False) + "\n{broken\n",
        encoding="utf-8",
    )
    stats = index_corpus(folder, tmp_path / "ix", book, workers=1)
    assert stats.documents == 1
    assert [(p.path, p.line) for p in stats.problems] == [("wire.jsonl", 2)]


def test_missing_or_damaged_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FactcheckError, match="no index here"):
        open_index(tmp_path / "nothing")
    (tmp_path / "bad" / "tantivy").mkdir(parents=True)
    (tmp_path / "bad" / "tantivy" / "meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(FactcheckError, match="index --rebuild"):
        open_index(tmp_path / "bad")


def test_index_command_reports_on_stderr(corpus: Path, tmp_path: Path, clean_env: dict[str, str]) -> None:
    result = subprocess.run(
        [*factcheck_command(), "index", str(corpus), "--index", str(tmp_path / "ix")],
        capture_output=True,
        env=clean_env,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout == b""
    assert b"indexed 3 changed file(s) of 3" in result.stderr


def test_an_updated_index_ranks_like_a_fresh_one(tmp_path: Path, book: Rulebook) -> None:
    """Scores are canonical (index/ranking.py): from the passages' stored terms, the manifest's term
    counts and live document frequencies, so an index updated in place (deleted passages not merged
    yet) gives the candidates, and bit for bit the scores, of one built from scratch."""
    import shutil

    from factcheck.app import Options, extract
    from factcheck.verify.retrieve import query_terms, top_hits
    from tests.conftest import REPO

    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "examples" / "corpus", corpus)
    updated, fresh = tmp_path / "updated", tmp_path / "fresh"
    index_corpus(corpus, updated, book, workers=1)
    (corpus / "ramadi-reuters-copy.md").unlink()
    text = (corpus / "ramadi-anadolu-hospital.md").read_text(encoding="utf-8")
    (corpus / "ramadi-anadolu-hospital.md").write_text(
        text + "\nقتل 12 مدنيا في الرمادي.\n", encoding="utf-8"
    )
    index_corpus(corpus, updated, book, workers=1)
    index_corpus(corpus, fresh, book, workers=1)
    manifests = [load_manifest(directory) for directory in (updated, fresh)]
    assert [sum(r.terms for r in m.files.values()) for m in manifests if m] == [
        sum(r.terms for r in manifests[1].files.values())
    ] * 2
    searchers = [Searcher(open_index(directory), directory) for directory in (updated, fresh)]
    claims = [c for c in extract(str(REPO / "examples" / "article.txt"), Options()).claims if c.checkable]
    assert claims
    for claim in claims:
        found = [
            [
                (hit.passage.document.id, hit.passage.number, hit.score)
                for hit in top_hits(s, query_terms(claim, book), 5)
            ]
            for s in searchers
        ]
        assert found[0] == found[1] and found[0]
    tantivy_passages = searchers[0].bm25_statistics([query_terms(claims[0], book)[0][0]])
    assert tantivy_passages is not None and tantivy_passages[0] > searchers[0].passages  # deletions kept


def test_an_index_of_an_older_format_asks_for_a_rebuild(corpus: Path, tmp_path: Path, book: Rulebook) -> None:
    """Its passages were stored without their terms: it cannot be ranked (index/ranking.py)."""
    from factcheck.index.store import IndexCorruptError

    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["format_version"] = 2
    (index_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=r"another factcheck version.*--rebuild"):
        Searcher(open_index(index_dir), index_dir)
    assert index_corpus(corpus, index_dir, book, workers=1).rebuilt  # and the update rebuilds it


def test_an_index_with_the_format_3_schema_is_rebuilt_and_searchable(
    corpus: Path, tmp_path: Path, book: Rulebook
) -> None:
    """Format 3 stored the passage JSON in an indexed text field; format 4 stores bytes only. tantivy
    refuses to reopen a folder with another schema: the rebuild must start from an empty one."""
    import shutil

    import tantivy

    index_dir = tmp_path / "ix"
    index_corpus(corpus, index_dir, book, workers=1)
    shutil.rmtree(index_dir / "tantivy")
    (index_dir / "tantivy").mkdir()
    old = tantivy.SchemaBuilder()
    old.add_text_field("terms", stored=False, tokenizer_name="whitespace")
    old.add_text_field("file", stored=True, tokenizer_name="raw")
    old.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    old.add_text_field("passage", stored=True, index_option="basic", tokenizer_name="raw")
    writer = tantivy.Index(old.build(), path=str(index_dir / "tantivy")).writer(heap_size=15_000_000)
    writer.add_document(tantivy.Document(terms="w:x", file="a.txt", doc_id="a", passage="{}"))
    writer.commit()
    writer.wait_merging_threads()
    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["format_version"] = 3
    (index_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    stats = index_corpus(corpus, index_dir, book, workers=1)
    assert stats.rebuilt and stats.passages > 0
    searcher = Searcher(open_index(index_dir), index_dir)
    assert searcher.passages == stats.passages
    assert searcher.search([("w:x", 1.0)], 5) == []  # the old schema's document is gone
    hits = searcher.search([(word_terms("قصف")[0], 1.0)], 5)  # stored passages read back
    assert [hit.passage.text for hit in hits] == [REPORTS["b"]]


def test_a_republished_story_is_indexed_under_each_documents_own_name(tmp_path: Path, book: Rulebook) -> None:
    """Copies are analysed once (index/analysis.py): each copy still has its own passages, path,
    source and date, in the same file and across files."""
    story = SMALL_REPORTS["a"]
    write_report(tmp_path / "corpus", "first", story, "وكالة أ", "2015-12-01")
    write_report(tmp_path / "corpus", "second", story, "صحيفة ب", "2015-12-02")
    lines = [json.dumps({"id": n, "title": "first", "text": story, "source": f"s{n}"}) for n in range(3)]
    (tmp_path / "corpus" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    index_corpus(tmp_path / "corpus", tmp_path / "ix", book)
    searcher = Searcher(open_index(tmp_path / "ix"), tmp_path / "ix")
    hits = searcher.search([("p:killed", 1.0)], 20)
    described = {(hit.passage.document.path, hit.passage.document.source) for hit in hits}
    assert described == {
        ("first.md", "وكالة أ"),
        ("second.md", "صحيفة ب"),
        ("wire.jsonl", "s0"),
        ("wire.jsonl", "s1"),
        ("wire.jsonl", "s2"),
    }
    assert len({hit.passage.document.id for hit in hits}) == 5
    assert {hit.passage.text for hit in hits} == {hits[0].passage.text}
