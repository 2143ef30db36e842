"""Zip archives: every supported member is read in memory, never extracted, within size bounds."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from factcheck.corpus.document import Document, ReadProblem
from factcheck.corpus.readers.base import Reader, ReadResult
from factcheck.corpus.readers.fields import FieldMap
from factcheck.text.controls import escape_controls

# A crafted archive can declare a few kilobytes that inflate to terabytes; these bound what one
# archive may make us hold in memory (the SaudiNewsNet days are about 13 MB each).
MAX_MEMBER_BYTES = 256 * 1024**2
MAX_TOTAL_BYTES = 2 * 1024**3
# News text deflates 3-10 fold; a member expanding more than this (and past a megabyte, so a
# small file of repeated characters is still read) is taken for a zip bomb and not inflated.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024**2

_READ_ERRORS = (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError)


def read_zip(archive: Path, path: str, fields: FieldMap, readers: Mapping[str, Reader]) -> ReadResult:
    """`readers` maps a member's suffix to its reader (zips themselves excluded: no nesting)."""
    documents: list[Document] = []
    problems: list[ReadProblem] = []
    try:
        with zipfile.ZipFile(archive) as zf:
            total = 0
            for info in sorted(zf.infolist(), key=lambda info: info.filename):
                name = PurePosixPath(info.filename)
                member_path = f"{path}!{escape_controls(info.filename)}"
                if ".." in name.parts:  # a path-traversal name: not news, and said (not hidden)
                    problems.append(
                        ReadProblem(member_path, None, "member name goes outside the archive (..), not read")
                    )
                    continue
                if info.is_dir() or any(part.startswith(".") for part in name.parts):
                    continue  # hidden members, like hidden files, are the archiver's or OS's, not news
                suffix = name.suffix.lower()
                if suffix == ".zip":
                    problems.append(ReadProblem(member_path, None, "nested archive, not read"))
                    continue
                reader = readers.get(suffix)
                if reader is None:
                    continue
                if info.file_size > MAX_MEMBER_BYTES:
                    message = f"member of {info.file_size} bytes exceeds the {MAX_MEMBER_BYTES}-byte limit"
                    problems.append(ReadProblem(member_path, None, message))
                    continue
                if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1
                ):
                    ratio = info.file_size // max(info.compress_size, 1)
                    message = f"member expands {ratio}-fold (limit {MAX_RATIO}): a zip bomb? not read"
                    problems.append(ReadProblem(member_path, None, message))
                    continue
                if total + info.file_size > MAX_TOTAL_BYTES:
                    message = f"archive expands beyond the {MAX_TOTAL_BYTES}-byte limit, member not read"
                    problems.append(ReadProblem(member_path, None, message))
                    continue
                total += info.file_size
                data = _read_member(zf, info)
                if isinstance(data, str):
                    problems.append(ReadProblem(member_path, None, data))
                    continue
                member_documents, member_problems = reader(data, member_path, fields)
                documents.extend(member_documents)
                problems.extend(member_problems)
    except (zipfile.BadZipFile, OSError) as exc:
        problems.append(ReadProblem(path, None, f"cannot read archive: {exc}"))
    return documents, problems


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | str:
    """The member's bytes, or why they could not be had."""
    try:
        with zf.open(info) as stream:
            # One byte past the declared size detects a member that lies about its size without
            # ever holding more than the declared amount plus one.
            data = stream.read(info.file_size + 1)
    except _READ_ERRORS as exc:
        return f"cannot read member: {exc}"
    if len(data) > info.file_size:
        return f"member is larger than its declared {info.file_size} bytes"
    return data
