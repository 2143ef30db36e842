"""The document index, beside the passage index: every report whole, for matching events by the
words they share.

Measured on UnifiedFC (Baly et al. 2018), the words of the whole article tell the articles about a
claim's event from the rest better than any sentence (TF-IDF cosine ROC-AUC 0.86, BM25 0.85, the
first 400 characters 0.77). Passages hold only sentences with a fact of the lexicon; this index
holds every document's stems (with their counts, for BM25) and its text, so verification can find
a report of any event and read its sentences (verify/events.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import tantivy

from factcheck.corpus.document import Document
from factcheck.index.passages import DocumentInfo
from factcheck.index.store import damaged, is_panic, verify_files
from factcheck.text.normalize import normalize_text
from factcheck.text.stems import stem_keys

DOCUMENTS_DIR = "documents"
_WRITER_HEAP = 64_000_000
_MIN_WORD = 3  # shorter words are clitics and particles
# Words seen, with their stem: a news archive's vocabulary repeats (bounded: cleared when full).
_STEM_MEMO_LIMIT = 400_000
_stem_of: dict[str, str] = {}


def content_stems(text: str) -> list[str]:
    """The stems of a text's words, in order and repeated: what the document index matches on,
    the same for claims and reports."""
    memo = _stem_of
    stems = []
    for word in normalize_text(text).split():
        stem = memo.get(word)
        if stem is None:
            if len(memo) >= _STEM_MEMO_LIMIT:
                memo.clear()
            stem = memo[word] = stem_keys(word)[-1] if len(word) >= _MIN_WORD else ""
        if stem:
            stems.append(stem)
    return stems


def full_text(document: Document) -> str:
    """Headline and body, as the passages number them (index/passages.py)."""
    return f"{document.title}\n\n{document.text}" if document.title else document.text


class StoredDocument(NamedTuple):
    """A document as the document index stores it, made where it is analysed (a worker)."""

    terms: str  # space-separated stems, repeated: BM25 counts them
    document_id: str
    json: str  # DocumentInfo and the full text

    @classmethod
    def of(cls, document: Document) -> StoredDocument:
        text = full_text(document)
        info = DocumentInfo.of(document)
        record = {"document": _info_dict(info), "text": text}
        return cls(" ".join(content_stems(text)), document.id, json.dumps(record, ensure_ascii=False))


@dataclass(frozen=True, slots=True)
class FoundDocument:
    score: float  # tantivy's BM25 over the claim's stems
    document: DocumentInfo
    text: str


def _info_dict(info: DocumentInfo) -> dict[str, object]:
    return {name: getattr(info, name) for name in DocumentInfo.__slots__}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("terms", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("file", stored=True, tokenizer_name="raw")
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    builder.add_bytes_field("record", stored=True, indexed=False)
    return builder.build()


SCHEMA = _schema()


def open_documents(index_dir: Path, create: bool = False, checksums: bool = False) -> tantivy.Index | None:
    """The document index of `index_dir`; None when it has none (only `create` makes one)."""
    path = index_dir / DOCUMENTS_DIR
    try:
        if create:
            path.mkdir(parents=True, exist_ok=True)
            verify_files(index_dir, checksums, DOCUMENTS_DIR)
            return tantivy.Index(SCHEMA, path=str(path), reuse=True)
        if not path.is_dir() or not tantivy.Index.exists(str(path)):
            return None
        verify_files(index_dir, checksums, DOCUMENTS_DIR)
        return tantivy.Index.open(str(path))
    except ValueError as exc:
        raise damaged(index_dir, exc) from None
    except BaseException as exc:
        if is_panic(exc):
            raise damaged(index_dir, exc) from None
        raise


class DocumentWriter:
    def __init__(self, index: tantivy.Index) -> None:
        self._writer = index.writer(heap_size=_WRITER_HEAP, num_threads=1)

    def remove_file(self, file: str) -> None:
        self._writer.delete_documents_by_term("file", file)

    def remove_all(self) -> None:
        self._writer.delete_all_documents()

    def add_stored(self, file: str, documents: Iterable[StoredDocument]) -> None:
        for stored in documents:
            self._writer.add_document(
                tantivy.Document(
                    terms=stored.terms, file=file, doc_id=stored.document_id, record=stored.json.encode()
                )
            )

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()


class DocumentSearcher:
    def __init__(self, index: tantivy.Index, index_dir: Path | None = None) -> None:
        self._where = index_dir
        try:
            index.reload()
            self._searcher = index.searcher()
        except BaseException as exc:
            if isinstance(exc, ValueError) or is_panic(exc):
                raise damaged(self._where, exc) from None
            raise

    @property
    def documents(self) -> int:
        return int(self._searcher.num_docs)

    def doc_freq(self, stem: str) -> int:
        with self._reading():
            return int(self._searcher.doc_freq("terms", stem))

    def search(self, stems: Sequence[str], limit: int, among: Sequence[str] = ()) -> list[FoundDocument]:
        """BM25 over a disjunction of the stems (query objects, never parsed text), over the whole
        index or only `among` these document ids. Ties are ordered by document id, so the result
        never depends on segment layout."""
        clauses = [(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "terms", s)) for s in stems]
        if not clauses or limit <= 0:
            return []
        query = tantivy.Query.boolean_query(clauses)
        if among:
            ids = [(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "doc_id", i)) for i in among]
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, query), (tantivy.Occur.Must, tantivy.Query.boolean_query(ids))]
            )
        with self._reading():
            result = self._searcher.search(query, limit, count=False)
            found = []
            for score, address in result.hits:
                record = json.loads(self._searcher.doc(address)["record"][0])
                found.append(FoundDocument(score, DocumentInfo(**record["document"]), record["text"]))
        found.sort(key=lambda item: (-round(item.score, 5), item.document.id))
        return found

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except BaseException as exc:
            if isinstance(exc, ValueError | KeyError | TypeError | IndexError) or is_panic(exc):
                raise damaged(self._where, exc) from None
            raise


def open_document_searcher(index_dir: Path) -> DocumentSearcher | None:
    index = open_documents(index_dir)
    return DocumentSearcher(index, index_dir) if index is not None else None
