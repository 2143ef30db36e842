"""CPU time per document of the index analysis (`analyse_document`), for speed work.

    PYTHONPATH=. .venv/bin/python bench/analysis_cpu.py              # median of 3 child runs
    PYTHONPATH=. .venv/bin/python bench/analysis_cpu.py --profile    # cProfile, top functions

CPU time (time.process_time), not wall time: the machine is shared. Each run is a fresh process
(cold lru caches, as an index build starts) that analyses every --stride-th SaudiNewsNet document;
the rulebook load and lazy imports are warmed first and not counted.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAUDI = REPO.parent / "shared" / "data" / "saudinewsnet"


def _sample(stride: int) -> list:  # type: ignore[type-arg]
    from factcheck.corpus.readers import iter_corpus_files, read_file

    sample = []
    count = 0
    for path in iter_corpus_files(SAUDI):
        for document in read_file(path, SAUDI)[0]:
            if count % stride == 0:
                sample.append(document)
            count += 1
    return sample


def child(stride: int, profile: bool) -> None:
    from factcheck.index.passages import analyse_document
    from factcheck.rulebook.load import load_rulebook

    book = load_rulebook()
    documents = _sample(stride)
    analyse_document(documents[0], book)  # imports camel-tools, the stemmer
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    start = time.process_time()
    passages = sum(len(analyse_document(document, book)) for document in documents[1:])
    cpu = time.process_time() - start
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(35)
    per_document = cpu / (len(documents) - 1) * 1000
    print(
        json.dumps({"documents": len(documents) - 1, "passages": passages, "ms_per_document": per_document})
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stride", type=int, default=30, help="every Nth document (default 30: ~1,000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child or args.profile:
        child(args.stride, args.profile)
        return 0
    figures = []
    for _ in range(args.runs):
        command = [sys.executable, __file__, "--child", "--stride", str(args.stride)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        result = json.loads(output.splitlines()[-1])
        figures.append(result["ms_per_document"])
        print(
            f"  {result['documents']} documents, {result['passages']} passages: {figures[-1]:.2f} ms CPU/doc"
        )
    print(f"median {statistics.median(figures):.2f} ms CPU per document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
