"""The tantivy index: its schema, writing passages, and BM25 search over our own terms.

tantivy's tokenizers keep harakat and know nothing of Arabic clitics, so we index terms we made
ourselves (predicate, entity, unit and stem terms) with the whitespace tokenizer."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import tantivy

from factcheck.errors import FactcheckError
from factcheck.index import FORMAT_VERSION
from factcheck.index.manifest import load_manifest
from factcheck.index.passages import Passage

TANTIVY_DIR = "tantivy"
_WRITER_HEAP = 128_000_000


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("terms", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("file", stored=True, tokenizer_name="raw")  # corpus file: unit of update
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    # Stored only: as a text field it was also indexed, one raw term per passage (its whole JSON),
    # which made the term dictionary 80 % of the index and its commit most of the main process's CPU.
    builder.add_bytes_field("passage", stored=True, indexed=False)
    return builder.build()


SCHEMA = _schema()


class IndexCorruptError(FactcheckError):
    """The index files cannot be opened."""


def damaged(index_dir: Path | None, reason: object) -> IndexCorruptError:
    text = " ".join(str(reason).split())  # one line, whatever tantivy's message holds
    if len(text) > 200:
        text = text[:200] + "…"
    where = f"{index_dir}: index" if index_dir is not None else "the index"
    return IndexCorruptError(f"{where} is damaged ({text}); run: factcheck index --rebuild")


def is_panic(exc: BaseException) -> bool:
    """tantivy (Rust) panics surface as pyo3_runtime.PanicException, a BaseException."""
    return type(exc).__name__ == "PanicException"


# Every tantivy file of a segment ends with: footer JSON {"version": …, "crc": crc32 of the body},
# its length (u32 LE) and the magic number 1337 (u32 LE).
_FOOTER_MAGIC = 1337
_SEGMENT_FILES = (".term", ".idx", ".pos", ".store", ".fast", ".fieldnorm")
_CRC_BLOCK = 1 << 20


def verify_files(index_dir: Path, checksums: bool = False, folder: str = TANTIVY_DIR) -> None:
    """Check the committed segment files before tantivy opens them: a truncated or overwritten file
    otherwise makes tantivy panic (a Rust assertion, with its backtrace on stderr). The footers
    are always checked (cheap: a few bytes per file); with `checksums`, every body's CRC32 too."""
    path = index_dir / folder
    meta_path = path / "meta.json"
    if not meta_path.exists():
        return  # a new index, or none: tantivy's own checks say which
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        segments = meta["segments"]
        names = []
        for segment in segments:
            stem = str(segment["segment_id"]).replace("-", "")
            names += [stem + suffix for suffix in _SEGMENT_FILES if (path / (stem + suffix)).exists()]
            deletes = segment.get("deletes")
            if deletes:
                names.append(f"{stem}.{deletes['opstamp']}.del")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise damaged(index_dir, f"meta.json unreadable: {exc}") from None
    for name in names:
        problem = _check_file(path / name, checksums)
        if problem:
            raise damaged(index_dir, f"{name}: {problem}")


def _check_file(file: Path, checksum: bool) -> str | None:
    try:
        with file.open("rb") as handle:
            size = handle.seek(0, 2)
            if size < 8:
                return "truncated"
            handle.seek(size - 8)
            length, magic = struct.unpack("<II", handle.read(8))
            if magic != _FOOTER_MAGIC or length + 8 > size:
                return "truncated or overwritten"
            body = size - 8 - length
            handle.seek(body)
            footer = json.loads(handle.read(length))
            if not checksum:
                return None
            handle.seek(0)
            crc = 0
            remaining = body
            while remaining:
                block = handle.read(min(_CRC_BLOCK, remaining))
                if not block:
                    return "truncated"
                crc = zlib.crc32(block, crc)
                remaining -= len(block)
            return None if crc == footer["crc"] else "checksum mismatch"
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    except (ValueError, KeyError, TypeError):
        return "footer unreadable"


def open_index(index_dir: Path, create: bool = False, checksums: bool = False) -> tantivy.Index:
    index = open_tantivy(index_dir, TANTIVY_DIR, SCHEMA, create, checksums)
    if index is None:
        raise IndexCorruptError(f"{index_dir}: no index here (run: factcheck index CORPUS)")
    return index


def open_tantivy(
    index_dir: Path, folder: str, schema: tantivy.Schema, create: bool = False, checksums: bool = False
) -> tantivy.Index | None:
    """One of an index folder's tantivy indexes (passages, documents), its files checked first;
    None when there is none and `create` is false. Damage is one IndexCorruptError."""
    path = index_dir / folder
    try:
        if create:
            path.mkdir(parents=True, exist_ok=True)
            verify_files(index_dir, checksums, folder)
            return tantivy.Index(schema, path=str(path), reuse=True)
        if not path.is_dir() or not tantivy.Index.exists(str(path)):
            return None
        verify_files(index_dir, checksums, folder)
        return tantivy.Index.open(str(path))
    except ValueError as exc:
        raise damaged(index_dir, exc) from None
    except BaseException as exc:
        if is_panic(exc):
            raise damaged(index_dir, exc) from None
        raise


class StoredPassage(NamedTuple):
    """A passage as the index stores it, made where it is analysed (a worker process): the main
    process of a build hands it to tantivy as it is, with no round trip through objects."""

    terms: str  # space-separated, for the whitespace tokenizer
    term_count: int  # for the manifest's totals (ranking's mean passage length)
    document_id: str
    json: str  # Passage.to_dict, terms included: the canonical score (index/ranking.py) needs them

    @classmethod
    def of(cls, passage: Passage) -> StoredPassage:
        return cls(
            " ".join(passage.terms),
            len(passage.terms),
            passage.document.id,
            json.dumps(passage.to_dict(), ensure_ascii=False),
        )


class FileWriter:
    """Adds and removes an index's entries by corpus file; nothing is visible to readers before
    commit(). The passage and document writers add their own kind of entry."""

    def __init__(self, index: tantivy.Index, heap_size: int = _WRITER_HEAP) -> None:
        self._writer = index.writer(heap_size=heap_size, num_threads=1)

    def remove_file(self, file: str) -> None:
        self._writer.delete_documents_by_term("file", file)

    def remove_all(self) -> None:
        self._writer.delete_all_documents()

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()


class Writer(FileWriter):
    """Adds and removes passages."""

    def add(self, file: str, passages: Iterable[Passage]) -> None:
        self.add_stored(file, (StoredPassage.of(passage) for passage in passages))

    def add_stored(self, file: str, passages: Iterable[StoredPassage]) -> None:
        for passage in passages:
            document = tantivy.Document(
                terms=passage.terms, file=file, doc_id=passage.document_id, passage=passage.json.encode()
            )
            self._writer.add_document(document)


@dataclass(frozen=True, slots=True)
class Hit:
    score: float
    passage: Passage


class Searcher:
    def __init__(self, index: tantivy.Index, index_dir: Path | None = None) -> None:
        self._where = index_dir  # named in messages when given; its manifest counts the terms
        self._bm25: tuple[int, float] | None = None
        self._terms = _manifest_terms(index_dir)
        self._live: dict[str, int] = {}  # live_doc_freq's counts: this searcher's snapshot never changes
        self._searcher = snapshot(index, index_dir)

    @property
    def passages(self) -> int:
        """Live passages (deleted ones excluded, merged or not)."""
        return self._searcher.num_docs

    def doc_freq(self, term: str) -> int:
        """Passages holding `term` as tantivy's BM25 counts them: deleted ones that no merge has
        dropped yet included (see live_doc_freq)."""
        return self._searcher.doc_freq("terms", term)

    def live_doc_freq(self, term: str) -> int:
        """Live passages holding `term`: a count over its postings, dearer than doc_freq."""
        if term not in self._live:
            with self._reading():
                found = self._searcher.search(_term(term), 1, count=True)
                # tantivy's type stub lists only `hits`; `count` is there at run time (count=True).
                self._live[term] = int(found.count)  # type: ignore[attr-defined]
        return self._live[term]

    def terms(self) -> int:
        """All live passages' terms together, from the manifest (index/build.py counts them per file).
        A Searcher opened without its folder or manifest estimates them from tantivy's average
        length (consistent for one index; shards always have their manifests)."""
        if self._terms is not None:
            return self._terms
        return round(self._bm25[1] * self.passages) if self._bm25 else self.passages

    def bm25_statistics(self, terms: Sequence[str]) -> tuple[int, float] | None:
        """tantivy's N (passages, deleted ones not yet merged included) and average length, which
        its BM25 uses and the bindings do not expose: read once from the explanation of a passage
        holding one of `terms`. None while no live passage holds any of them."""
        if self._bm25 is None:
            for term in terms:
                with self._reading():
                    query = _term(term)
                    hits = self._searcher.search(query, 1, count=False).hits
                    if not hits:
                        continue  # every passage holding it is deleted
                    explained = _explained(json.loads(query.explain(self._searcher, hits[0][1]).to_json()))
                # Printed as float32: N is exact below 2^24 passages; above, the check for deleted
                # passages in ranking.statistics fails safe (it counts the live ones).
                self._bm25 = (
                    round(explained["N, total number of docs"]),
                    explained["avgdl, average length of field"],
                )
                break
        return self._bm25

    def search(self, weighted_terms: Sequence[tuple[str, float]], limit: int) -> list[Hit]:
        """BM25 over a disjunction of exact terms: built as query objects, never parsed from text,
        so quotes, brackets or AND/OR in a claim cannot break retrieval. tantivy's scores and order
        (where scores tie, the order may change with `limit`: ranking.exact_top never pages)."""
        clauses = []
        for term, weight in weighted_terms:
            query = _term(term)
            if weight != 1:
                query = tantivy.Query.boost_query(query, weight)
            clauses.append((tantivy.Occur.Should, query))
        if not clauses or limit <= 0:
            return []
        with self._reading():
            result = self._searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
            hits = []
            for score, address in result.hits:
                stored = self._searcher.doc(address)
                hits.append(Hit(score, Passage.from_dict(json.loads(stored["passage"][0]))))
        return hits

    def _reading(self) -> AbstractContextManager[None]:
        return reading(self._where)


def snapshot(index: tantivy.Index, index_dir: Path | None) -> tantivy.Searcher:
    """The index as committed now, for reading (a damaged one is one IndexCorruptError)."""
    try:
        index.reload()
        return index.searcher()
    except BaseException as exc:
        if isinstance(exc, ValueError) or is_panic(exc):
            raise damaged(index_dir, exc) from None
        raise


@contextmanager
def reading(index_dir: Path | None) -> Iterator[None]:
    """Around every read of an index: a segment damaged in a way its footer does not show fails
    only when read, as one IndexCorruptError naming the index."""
    try:
        yield
    except BaseException as exc:
        if isinstance(exc, ValueError | KeyError | TypeError | IndexError) or is_panic(exc):
            raise damaged(index_dir, exc) from None
        raise


def _manifest_terms(index_dir: Path | None) -> int | None:
    """The manifest's count of terms; an index of an older format has none (nor terms stored with
    its passages), so it cannot be ranked and must be rebuilt."""
    manifest = load_manifest(index_dir) if index_dir is not None else None
    if manifest is None:
        return None
    if manifest.format_version != FORMAT_VERSION:
        raise IndexCorruptError(
            f"{index_dir}: index built by another factcheck version; run: factcheck index --rebuild"
        )
    return sum(record.terms for record in manifest.files.values())


def _term(term: str) -> tantivy.Query:
    return tantivy.Query.term_query(SCHEMA, "terms", term)


def _explained(node: dict[str, Any], found: dict[str, float] | None = None) -> dict[str, float]:
    """Every value of an explanation tree by its description."""
    found = {} if found is None else found
    found.setdefault(node.get("description", ""), node.get("value", 0.0))
    for child in node.get("details", ()):
        _explained(child, found)
    return found
