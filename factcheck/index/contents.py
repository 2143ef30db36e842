"""Whether an index holds anything to check against. Against an empty one every claim is
"unverified", which reads like an ordinary result: the run must say why instead."""

from __future__ import annotations

from pathlib import Path

from factcheck.index.manifest import Manifest, load_manifest
from factcheck.index.shards import read_shard_count, shard_dirs
from factcheck.index.store import Searcher, open_index

_UNFINISHED = "holds 0 documents: the last build did not finish; run factcheck index"


def emptiness(index_dir: Path, passages: int = 0) -> str | None:
    """Why the index holds no documents (or a shard of it, none because its first build stopped),
    as one line; None when it holds some. The manifest is saved after each complete build.
    `passages`, when the caller has counted them, spares reading the manifest of a plain index
    (a sharded one's shards are each looked at: one unfinished shard misses part of the corpus)."""
    count = read_shard_count(index_dir)
    if count is None and passages:
        return None
    folders = [index_dir] if count is None else shard_dirs(index_dir, count)
    what = "index" if count is None else "shard"
    manifests: list[Manifest] = []
    holds_some = False
    for folder in folders:
        manifest = load_manifest(folder)
        if manifest is not None:
            manifests.append(manifest)
            holds_some = holds_some or any(record.documents for record in manifest.files.values())
        elif Searcher(open_index(folder)).passages:
            holds_some = True  # committed, but its manifest could not be written
        else:
            return f"{folder}: the {what} {_UNFINISHED}"
    if holds_some:
        return None
    # One shard may hold none of a small corpus: only all of them together say the corpus had none.
    return f"{index_dir}: the index holds 0 documents: its corpus {manifests[0].corpus} had none"
