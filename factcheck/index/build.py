"""Build or update a corpus index incrementally: only new, changed and removed files are processed.

Crash safety: tantivy commits atomically and the manifest is replaced (rename) only after the
commit, so an interrupted run (Ctrl-C, kill -9, a full disk) leaves the last good index; the next
run sees the files it had not recorded as changed and redoes them (their passages are deleted by
file before being re-added). A write that fails (disk full, file size limit, I/O error) ends the
run with one IndexWriteError line (write_errors.py), and the segment files it had begun are
removed; nothing half-written is ever committed.

Damage: a manifest that cannot be read means the index is rebuilt (nothing says which files it
holds); damaged tantivy files (a truncated or overwritten segment: footers are checked on every
open, checksums before every update) are an IndexCorruptError telling the user to run
`factcheck index --rebuild`, which starts from an empty folder."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.corpus.document import Document, ReadProblem
from factcheck.corpus.readers import FieldMap, iter_corpus_files, read_file
from factcheck.errors import FactcheckError
from factcheck.index.analysis import Analyser
from factcheck.index.documents import DOCUMENTS_DIR, DocumentWriter, open_documents
from factcheck.index.lock import writer_lock
from factcheck.index.manifest import FileRecord, Manifest, read_manifest, save_manifest
from factcheck.index.store import TANTIVY_DIR, IndexCorruptError, Writer, open_index, verify_files
from factcheck.index.write_errors import space_needed, write_errors
from factcheck.rulebook.compile import Rulebook

Progress = Callable[[int, int, str], None]  # (bytes done, bytes total, current file)
_HASH_BLOCK = 1 << 20
_POOL_MIN_BYTES = 2_000_000
_BATCH = 1000  # documents analysed at a time


@dataclass
class IndexStats:
    files_seen: int = 0
    files_indexed: int = 0
    files_removed: int = 0
    documents: int = 0
    passages: int = 0
    rebuilt: bool = False
    rebuild_reason: str | None = None  # why it was rebuilt: "--rebuild", "manifest.json damaged …"
    problems: list[ReadProblem] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _relative(path: Path, root: Path) -> str:
    return path.name if root.is_file() else path.relative_to(root).as_posix()


Change = tuple[str, Path, os.stat_result, str]  # relative path, path, stat, sha256


def _scan(root: Path, manifest: Manifest, stats: IndexStats) -> tuple[list[Change], set[str]]:
    """Files whose content differs from the manifest, and every file present. Size and mtime
    spare us hashing unchanged files."""
    changed: list[Change] = []
    present: set[str] = set()
    for path in iter_corpus_files(root, stats.problems):
        stats.files_seen += 1
        relative = _relative(path, root)
        try:
            status = path.stat()
            record = manifest.files.get(relative)
            if record and record.size == status.st_size and record.mtime_ns == status.st_mtime_ns:
                present.add(relative)
                continue
            digest = file_sha256(path)
        except OSError as exc:
            # Dangling symlink, no permission, gone since the walk: reported; not present, so what
            # an earlier run indexed from it is removed (the index follows what can be read now).
            stats.problems.append(ReadProblem(relative, None, f"cannot read: {exc.strerror or exc}"))
            continue
        present.add(relative)
        if record and record.sha256 == digest:
            record.mtime_ns = status.st_mtime_ns  # touched, not changed
            continue
        changed.append((relative, path, status, digest))
    return changed, present


def _open_for_writing(index_dir: Path, fresh: bool, folder: str = TANTIVY_DIR):  # type: ignore[no-untyped-def]
    """The passage index (or, with folder=DOCUMENTS_DIR, the document index) to write to; when
    rebuilding anyway, a damaged one is started afresh."""
    opener = open_index if folder == TANTIVY_DIR else open_documents
    try:
        return opener(index_dir, create=True, checksums=not fresh)
    except IndexCorruptError:
        if not fresh:
            raise
        shutil.rmtree(index_dir / folder, ignore_errors=True)  # rebuilding anyway: start clean
        return opener(index_dir, create=True)


def index_corpus(
    root: Path,
    index_dir: Path,
    book: Rulebook,
    fields: FieldMap | None = None,
    rebuild: bool = False,
    workers: int = 2,
    progress: Progress | None = None,
    select: Callable[[Document], bool] | None = None,
) -> IndexStats:
    """`select` keeps only some documents of each file (a shard's); the manifest still records every
    file, so updates stay incremental by file."""
    root = root.resolve()
    stats = IndexStats()
    if (index_dir / "shards.json").exists():  # see index/shards.py
        raise FactcheckError(f"{index_dir}: a sharded index; index it with its --shards N")
    with writer_lock(index_dir):
        manifest, damage = read_manifest(index_dir)
        reason = _rebuild_reason(rebuild, manifest, damage, book, root)
        fresh = reason is not None
        if fresh or manifest is None:
            manifest = Manifest(rules_fingerprint=book.fingerprint, corpus=str(root))
            stats.rebuilt = True
            stats.rebuild_reason = reason
        changed, present = _scan(root, manifest, stats)
        removed = sorted(set(manifest.files) - present)
        needed = space_needed(index_dir, manifest, sum(status.st_size for _, _, status, _ in changed))
        if not (fresh or changed or removed):
            # Nothing to do: no writer, no commit, no pool. Only touched files' mtimes may be new.
            verify_files(index_dir)  # still say when the index is damaged (footers only: cheap)
            with write_errors(index_dir, needed):
                save_manifest(index_dir, manifest)
            return _with_totals(stats, manifest)
        with write_errors(index_dir, needed):
            _update(
                index_dir,
                root,
                book,
                manifest,
                stats,
                changed,
                removed,
                fresh,
                fields,
                workers,
                progress,
                select,
            )
    return _with_totals(stats, manifest)


def _update(
    index_dir: Path,
    root: Path,
    book: Rulebook,
    manifest: Manifest,
    stats: IndexStats,
    changed: list[Change],
    removed: list[str],
    fresh: bool,
    fields: FieldMap | None,
    workers: int,
    progress: Progress | None,
    select: Callable[[Document], bool] | None = None,
) -> None:
    """Apply the changes to the index: one tantivy commit, then the manifest."""
    total = sum(status.st_size for _, _, status, _ in changed)
    # A pool pays off only when there is real work (starting it costs about a second). Only an
    # explicit --rebuild empties the analysis cache: other rebuilds still find their entries in it.
    pool = workers if total > _POOL_MIN_BYTES else 1
    analyser = Analyser(book, index_dir / "cache", pool, fresh_cache=stats.rebuild_reason == "--rebuild")
    writer: Writer | None = None
    document_writer: DocumentWriter | None = None
    try:
        writer = Writer(_open_for_writing(index_dir, fresh))
        document_writer = DocumentWriter(_open_for_writing(index_dir, fresh, DOCUMENTS_DIR))
        if fresh:
            writer.remove_all()
            document_writer.remove_all()
        for relative in removed:
            writer.remove_file(relative)
            document_writer.remove_file(relative)
            del manifest.files[relative]
            stats.files_removed += 1
        done = 0
        for relative, path, status, digest in changed:
            if progress:
                progress(done, total, relative)
            documents, problems = read_file(path, root, fields)
            if select is not None:
                documents = [document for document in documents if select(document)]
            stats.problems.extend(problems)
            writer.remove_file(relative)
            document_writer.remove_file(relative)
            passages = terms = document_stems = 0
            # In batches: the analysis of a file of a million records is never held at once, and
            # progress moves within a large file.
            for first in range(0, len(documents), _BATCH):
                batch = documents[first : first + _BATCH]
                for document, (document_passages, stems) in zip(batch, analyser.analyse(batch), strict=True):
                    writer.add_stored(relative, document_passages)
                    document_writer.add(relative, document, stems)
                    document_stems += stems.length
                    passages += len(document_passages)
                    terms += sum(passage.term_count for passage in document_passages)
                if progress and first + _BATCH < len(documents):
                    progress(done + status.st_size * (first + _BATCH) // len(documents), total, relative)
            record = FileRecord(
                digest, status.st_size, status.st_mtime_ns, len(documents), passages, terms, document_stems
            )
            manifest.files[relative] = record
            stats.files_indexed += 1
            done += status.st_size
        if progress:
            progress(total, total, "")
        # Documents first: a run stopped between the two commits has not saved its manifest, so the
        # next one redoes these files in both indexes (removing them by file first).
        document_writer.commit()
        writer.commit()
    finally:
        # Dropped here, not with a traceback that keeps this frame: a failed write's files can only
        # be removed once tantivy's writers have let go of them (see write_errors.py).
        writer = document_writer = None
        analyser.close()
    save_manifest(index_dir, manifest)


def _rebuild_reason(
    rebuild: bool, manifest: Manifest | None, damage: str | None, book: Rulebook, root: Path
) -> str | None:
    """Why the index must be built from scratch, or None when an incremental update will do."""
    if rebuild:
        return "--rebuild"
    if manifest is None:
        return damage or "new index"
    if not manifest.compatible_with(book.fingerprint):
        return "rules or index version changed"
    if manifest.corpus != str(root):
        return "another corpus"
    return None


def _with_totals(stats: IndexStats, manifest: Manifest) -> IndexStats:
    stats.documents = sum(record.documents for record in manifest.files.values())
    stats.passages = sum(record.passages for record in manifest.files.values())
    return stats
