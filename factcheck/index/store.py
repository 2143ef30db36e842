"""The tantivy index: its schema, writing passages, and BM25 search over our own terms.

tantivy's tokenizers keep harakat and know nothing of Arabic clitics, so we index terms we made
ourselves (predicate, entity, unit and stem terms) with the whitespace tokenizer."""

from __future__ import annotations

import json
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


def open_index(index_dir: Path, create: bool = False) -> tantivy.Index:
    path = index_dir / TANTIVY_DIR
    try:
        if create:
            path.mkdir(parents=True, exist_ok=True)
            return tantivy.Index(SCHEMA, path=str(path), reuse=True)
        if not path.is_dir() or not tantivy.Index.exists(str(path)):
            raise IndexCorruptError(f"{index_dir}: no index here (run: factcheck index CORPUS)")
        return tantivy.Index.open(str(path))
    except ValueError as exc:
        raise IndexCorruptError(
            f"{index_dir}: index is damaged ({exc}); run: factcheck index --rebuild"
        ) from None


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
    def __init__(self, index: tantivy.Index) -> None:
        index.reload()
        self._searcher = index.searcher()

    @property
    def passages(self) -> int:
        return self._searcher.num_docs

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
        result = self._searcher.search(tantivy.Query.boolean_query(clauses), limit)
        hits = []
        for score, address in result.hits:
            stored = self._searcher.doc(address)
            hits.append(Hit(score, Passage.from_dict(json.loads(stored["passage"][0]))))
        return hits
