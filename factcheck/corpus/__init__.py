"""The corpus a claim is checked against: documents read from a folder of news files."""

from __future__ import annotations

from factcheck.corpus.document import Document, ReadProblem
from factcheck.corpus.readers import SUPPORTED_SUFFIXES, FieldMap, iter_corpus_files, read_file

__all__ = ["SUPPORTED_SUFFIXES", "Document", "FieldMap", "ReadProblem", "iter_corpus_files", "read_file"]
