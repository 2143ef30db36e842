"""The document index, beside the passage index: every report whole, for matching events by the
words they share.

Measured on UnifiedFC (Baly et al. 2018), the words of the whole article tell the articles about a
claim's event from the rest better than any sentence (TF-IDF cosine ROC-AUC 0.86, BM25 0.85, the
first 400 characters 0.77). Passages hold only sentences with a fact of the lexicon; this index
holds every document's stems (with their counts, for BM25) and its text, so verification can find
a report of any event and read its sentences (verify/events.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import tantivy

from factcheck.corpus.document import Document
from factcheck.index.manifest import load_manifest
from factcheck.index.passages import DocumentInfo
from factcheck.index.store import FileWriter, open_tantivy, reading, snapshot
from factcheck.text.clean import INVISIBLE

DOCUMENTS_DIR = "documents"
_WRITER_HEAP = 64_000_000
_MAX_PROPOSALS = 960
# Words of three letters or more once harakat and tatweel are gone: shorter ones are particles.
_WORD = re.compile(r"[^\W\d_]{3,}")
# Removed from running text before words are cut: harakat, superscript alef, tatweel, invisible
# controls (a regex skips the rest of the text in C; a translate table costs a lookup per character).
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640" + "".join(sorted(INVISIBLE)) + "]")
# One alef, ى→ي, ة→ه: applied to each new word only.
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_PROCLITIC = re.compile("^[وفبلك](?=...)")
_ALEF_ENDING = re.compile("(?<=...)ا$")
# Words seen, with their stem: a news archive's vocabulary repeats (bounded: cleared when full).
_STEM_MEMO_LIMIT = 400_000
_stem_of: dict[str, str] = {}


@cache
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("arabic")


def _bare(word: str) -> str:
    """The word folded, without one leading conjunction or preposition letter (والجيش, بسوريا)
    and an accusative alef (قتيلا), which Snowball leaves on; the same for claims and reports. Two
    regular expressions, not the lexicon's clitic splits (text/clitics.py): this runs for every new
    word of a corpus."""
    return _ALEF_ENDING.sub("", _PROCLITIC.sub("", word.translate(_FOLD)))


def content_stems(text: str) -> list[str]:
    """The Snowball stems of a text's words, in order and repeated: what the document index matches
    on, the same for claims and reports. New words are stemmed in one call (a C loop)."""
    words = _WORD.findall(_MARKS.sub("", text))
    memo = _stem_of
    if len(memo) >= _STEM_MEMO_LIMIT:
        memo.clear()
    new = list(dict.fromkeys(word for word in words if word not in memo))
    if new:
        memo.update(
            zip(
                new,
                _stemmer().stemWords([_bare(word) for word in new]),
                strict=True,
            )
        )
    return [memo[word] for word in words]


def full_text(document: Document) -> str:
    """Headline and body, as the passages number them (index/passages.py)."""
    return f"{document.title}\n\n{document.text}" if document.title else document.text


class DocumentTerms(NamedTuple):
    """What a worker computes for the document index (the main process has the text already)."""

    stems: str  # space-separated and repeated: BM25 counts them
    length: int  # how many: the document's length, whose mean the manifest keeps (verify/events.py)


def document_terms(document: Document) -> DocumentTerms:
    stems = content_stems(full_text(document))
    return DocumentTerms(" ".join(stems), len(stems))


@dataclass(frozen=True, slots=True)
class FoundDocument:
    score: float  # tantivy's BM25 over the claim's stems
    document: DocumentInfo
    text: str


def _info_dict(info: DocumentInfo) -> dict[str, object]:
    return {name: getattr(info, name) for name in DocumentInfo.__slots__}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # Counts without positions: BM25 needs how often a stem occurs, never where (no phrase queries).
    builder.add_text_field("terms", stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("file", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("record", stored=True, indexed=False)  # DocumentInfo as JSON
    builder.add_bytes_field("text", stored=True, indexed=False)  # UTF-8: no JSON escaping of 100 MB
    return builder.build()


SCHEMA = _schema()


def open_documents(index_dir: Path, create: bool = False, checksums: bool = False) -> tantivy.Index | None:
    """The document index of `index_dir`; None when it has none (only `create` makes one)."""
    return open_tantivy(index_dir, DOCUMENTS_DIR, SCHEMA, create, checksums)


class DocumentWriter(FileWriter):
    """Adds and removes whole documents."""

    def __init__(self, index: tantivy.Index) -> None:
        super().__init__(index, _WRITER_HEAP)

    def add(self, file: str, document: Document, terms: DocumentTerms) -> None:
        record = _info_dict(DocumentInfo.of(document))
        self._writer.add_document(
            tantivy.Document(
                terms=terms.stems,
                file=file,
                doc_id=document.id,
                record=json.dumps(record, ensure_ascii=False).encode(),
                text=full_text(document).encode(),
            )
        )


class DocumentSearcher:
    def __init__(self, index: tantivy.Index, index_dir: Path | None = None) -> None:
        self._where = index_dir
        manifest = load_manifest(index_dir) if index_dir is not None else None
        self.stems = sum(r.document_stems for r in manifest.files.values()) if manifest else 0
        self._searcher = snapshot(index, index_dir)

    @property
    def documents(self) -> int:
        return int(self._searcher.num_docs)

    def doc_freq(self, stem: str) -> int:
        with self._reading():
            return int(self._searcher.doc_freq("terms", stem))

    def proposals(self, stems: Sequence[str], limit: int) -> list[FoundDocument]:
        """The `limit` best documents by BM25, and every one tied with the last of them (up to
        _MAX_PROPOSALS): which of tied documents an index returns is arbitrary, and one index and
        its shards must propose the same ones."""
        wanted = limit
        while True:
            found = self.search(stems, wanted)
            if len(found) < wanted or wanted >= _MAX_PROPOSALS:
                return found
            boundary = found[limit - 1].score
            if found[-1].score < boundary:
                return [item for item in found if item.score >= boundary]
            wanted *= 2

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
                stored = self._searcher.doc(address)
                info = DocumentInfo(**json.loads(stored["record"][0]))
                found.append(FoundDocument(score, info, bytes(stored["text"][0]).decode()))
        found.sort(key=lambda item: (-round(item.score, 5), item.document.id))
        return found

    def _reading(self) -> AbstractContextManager[None]:
        return reading(self._where)


class ShardedDocumentSearcher:
    """The document indexes of every shard as one: counts add up, and candidates are the union of
    each shard's best (verify/events.py ranks them again with the whole corpus's statistics)."""

    def __init__(self, shards: Sequence[DocumentSearcher]) -> None:
        self._shards = shards
        self.stems = sum(shard.stems for shard in shards)

    @property
    def documents(self) -> int:
        return sum(shard.documents for shard in self._shards)

    def doc_freq(self, stem: str) -> int:
        return sum(shard.doc_freq(stem) for shard in self._shards)

    def proposals(self, stems: Sequence[str], limit: int) -> list[FoundDocument]:
        found = [item for shard in self._shards for item in shard.proposals(stems, limit)]
        found.sort(key=lambda item: item.document.id)
        return found

    def search(self, stems: Sequence[str], limit: int, among: Sequence[str] = ()) -> list[FoundDocument]:
        found = [item for shard in self._shards for item in shard.search(stems, limit, among)]
        found.sort(key=lambda item: item.document.id)
        return found


AnyDocumentSearcher = DocumentSearcher | ShardedDocumentSearcher


def open_document_searcher(index_dir: Path) -> AnyDocumentSearcher | None:
    """The document index of a plain index, or of every shard of a sharded one (shards.json); None
    when some part has none (an index built before it existed is rebuilt by its format version)."""
    from factcheck.index.shards import read_shard_count, shard_dirs

    count = read_shard_count(index_dir)
    folders = [index_dir] if count is None else shard_dirs(index_dir, count)
    searchers = []
    for folder in folders:
        index = open_documents(folder)
        if index is None:
            return None
        searchers.append(DocumentSearcher(index, folder))
    return searchers[0] if count is None else ShardedDocumentSearcher(searchers)
