"""Golden output of the index analysis and of claim extraction, to prove a speed-up changes nothing.

    PYTHONPATH=. .venv/bin/python bench/analysis_golden.py --write bench/out/golden.json
    PYTHONPATH=. .venv/bin/python bench/analysis_golden.py --check bench/out/golden.json

Covers `analyse_document` on the first --documents SaudiNewsNet documents (as factcheck's corpus
reader yields them) and every --stride-th of the rest (other papers, other years), on every document
of examples/corpus and the tests' corpora, and `extract_claims` (checkable only and all) on the seed
article, examples/article.txt and the tests' articles. Each result is compared as JSON with sorted
keys, so the check is byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from factcheck.corpus.document import Document
from factcheck.corpus.readers import iter_corpus_files, read_file
from factcheck.extract.document import extract_claims
from factcheck.index.passages import analyse_document
from factcheck.rulebook.load import load_rulebook

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAUDI = SHARED / "data" / "saudinewsnet"
SMALL_CORPORA = [REPO / "examples" / "corpus", REPO / "tests" / "data" / "seed_corpus"]
SMALL_CORPORA += [REPO / "tests" / "data" / "corpus_formats"]


def documents(root: Path, limit: int | None = None, stride: int = 0) -> Iterator[Document]:
    """The first `limit` documents (all without one), then every `stride`-th of the rest."""
    count = 0
    for path in iter_corpus_files(root):
        for document in read_file(path, root)[0]:
            count += 1
            if limit is None or count <= limit or (stride and count % stride == 0):
                yield document


def articles() -> Iterator[tuple[str, str]]:
    for path in [SHARED / "seed" / "article.txt", REPO / "examples" / "article.txt"]:
        if path.exists():
            yield str(path.relative_to(path.parents[1])), path.read_text(encoding="utf-8")
    for folder in ("claims", "claims_heldout"):
        for path in sorted((REPO / "tests" / "data" / folder).glob("*.yaml")):
            yield f"{folder}/{path.name}", yaml.safe_load(path.read_text(encoding="utf-8"))["text"]


def results(saudi_documents: int, stride: int) -> Iterator[tuple[str, str]]:
    """(name, canonical JSON) pairs, in a fixed order."""
    book = load_rulebook()

    def dumped(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    sources = [(SAUDI, saudi_documents, stride)] + [(root, None, 0) for root in SMALL_CORPORA]
    for root, limit, every in sources:
        for number, document in enumerate(documents(root, limit, every)):
            passages = [p.to_dict() for p in analyse_document(document, book)]
            yield f"doc:{root.name}:{number}:{document.id}", dumped(passages)
    for name, text in articles():
        for everything in (False, True):
            claims = [c.to_dict() for c in extract_claims(text, book, include_uncheckable=everything)]
            yield f"article:{name}:{everything}", dumped(claims)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="FILE")
    mode.add_argument("--check", type=Path, metavar="FILE")
    parser.add_argument("--documents", type=int, default=3000, help="SaudiNewsNet documents (default 3000)")
    parser.add_argument("--stride", type=int, default=50, help="then every Nth SaudiNewsNet document")
    args = parser.parse_args()
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        golden = dict(results(args.documents, args.stride))
        args.write.write_text(json.dumps(golden, ensure_ascii=False, indent=0), encoding="utf-8")
        digest = hashlib.sha256(args.write.read_bytes()).hexdigest()[:16]
        print(f"wrote {len(golden)} results to {args.write} (sha256 {digest})")
        return 0
    golden = json.loads(args.check.read_text(encoding="utf-8"))
    seen = 0
    differ = []
    for name, value in results(args.documents, args.stride):
        seen += 1
        if golden.get(name) != value:
            differ.append(name)
    missing = len(golden) - seen
    if differ or missing:
        print(f"DIFFERENT: {len(differ)} of {seen} results differ, {missing} missing", file=sys.stderr)
        for name in differ[:20]:
            print(f"  {name}", file=sys.stderr)
        return 1
    print(f"identical: {seen} results")
    return 0


if __name__ == "__main__":
    sys.exit(main())
