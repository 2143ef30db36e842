"""The tantivy index: its schema, writing passages, and BM25 search over our own terms.

tantivy's tokenizers keep harakat and know nothing of Arabic clitics, so we index terms we made
ourselves (predicate, entity, unit and stem terms) with the whitespace tokenizer."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tantivy

from factcheck.errors import FactcheckError
from factcheck.index.passages import Passage

TANTIVY_DIR = "tantivy"
_WRITER_HEAP = 128_000_000


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("terms", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("file", stored=True, tokenizer_name="raw")  # corpus file: unit of update
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("passage", stored=True, index_option="basic", tokenizer_name="raw")
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


def verify_files(index_dir: Path, checksums: bool = False) -> None:
    """Check the committed segment files before tantivy opens them: a truncated or overwritten file
    otherwise makes tantivy panic (a Rust assertion, with its backtrace on stderr). The footers
    are always checked (cheap: a few bytes per file); with `checksums`, every body's CRC32 too."""
    path = index_dir / TANTIVY_DIR
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
    path = index_dir / TANTIVY_DIR
    try:
        if create:
            path.mkdir(parents=True, exist_ok=True)
            verify_files(index_dir, checksums)
            return tantivy.Index(SCHEMA, path=str(path), reuse=True)
        if not path.is_dir() or not tantivy.Index.exists(str(path)):
            raise IndexCorruptError(f"{index_dir}: no index here (run: factcheck index CORPUS)")
        verify_files(index_dir, checksums)
        return tantivy.Index.open(str(path))
    except ValueError as exc:
        raise damaged(index_dir, exc) from None
    except BaseException as exc:
        if is_panic(exc):
            raise damaged(index_dir, exc) from None
        raise


class Writer:
    """Adds and removes passages; nothing is visible to readers before commit()."""

    def __init__(self, index: tantivy.Index) -> None:
        self._writer = index.writer(heap_size=_WRITER_HEAP, num_threads=1)

    def remove_file(self, file: str) -> None:
        self._writer.delete_documents_by_term("file", file)

    def remove_all(self) -> None:
        self._writer.delete_all_documents()

    def add(self, file: str, passages: Iterable[Passage]) -> None:
        for passage in passages:
            self._writer.add_document(
                tantivy.Document(
                    terms=" ".join(passage.terms),
                    file=file,
                    doc_id=passage.document.id,
                    passage=json.dumps(passage.to_dict(with_terms=False), ensure_ascii=False),
                )
            )

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()


@dataclass(frozen=True, slots=True)
class Hit:
    score: float
    passage: Passage


class Searcher:
    def __init__(self, index: tantivy.Index, index_dir: Path | None = None) -> None:
        self._where = index_dir  # named in messages when given
        try:
            index.reload()
            self._searcher = index.searcher()
        except BaseException as exc:
            if isinstance(exc, ValueError) or is_panic(exc):
                raise damaged(self._where, exc) from None
            raise

    @property
    def passages(self) -> int:
        return self._searcher.num_docs

    def doc_freq(self, term: str) -> int:
        """Passages holding `term` (what BM25's idf is computed from; sharded indexes add them up)."""
        return self._searcher.doc_freq("terms", term)

    def search(self, weighted_terms: Sequence[tuple[str, float]], limit: int) -> list[Hit]:
        """BM25 over a disjunction of exact terms: built as query objects, never parsed from text,
        so quotes, brackets or AND/OR in a claim cannot break retrieval."""
        clauses = []
        for term, weight in weighted_terms:
            query = tantivy.Query.term_query(SCHEMA, "terms", term)
            if weight != 1:
                query = tantivy.Query.boost_query(query, weight)
            clauses.append((tantivy.Occur.Should, query))
        if not clauses:
            return []
        try:
            result = self._searcher.search(tantivy.Query.boolean_query(clauses), limit)
            hits = []
            for score, address in result.hits:
                stored = self._searcher.doc(address)
                hits.append(Hit(score, Passage.from_dict(json.loads(stored["passage"][0]))))
        except BaseException as exc:
            # A segment damaged in a way its footer does not show fails only when read.
            if isinstance(exc, ValueError | KeyError | TypeError | IndexError) or is_panic(exc):
                raise damaged(self._where, exc) from None
            raise
        return hits
