"""A progress bar on stderr (never stdout: pipelines read stdout)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from factcheck.index.build import Progress


@contextmanager
def stderr_progress(description: str, enabled: bool = True) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    console = Console(stderr=True)
    if not console.is_terminal:  # a log file or a pipe gets the summary line, not bar frames
        yield None
        return
    with Bar(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[file]}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None, file="")

        def update(done: int, total: int, file: str) -> None:
            bar.update(task, completed=done, total=total or None, file=file)

        yield update
