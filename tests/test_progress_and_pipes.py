"""stdout carries only the chosen format, even while a progress bar is drawn on stderr."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import threading
from pathlib import Path

import jsonschema

from tests.conftest import REPO, factcheck_command

EXAMPLES = REPO / "examples"


def _read_all(fd: int, process: subprocess.Popen[bytes]) -> bytes:
    """Everything written to the pty until the process ends (a pty must be drained or it blocks)."""
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the other end closed
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    return b"".join(chunks)


def test_stdout_is_pure_json_while_the_progress_bar_shows(tmp_path: Path, clean_env: dict[str, str]) -> None:
    # stderr is a terminal (a pty), so rich draws its bar there; stdout is a pipe, as under jq.
    controller, terminal = pty.openpty()
    env = {**clean_env, "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    command = [
        *factcheck_command(), "check", str(EXAMPLES / "article.txt"), "--corpus", str(EXAMPLES / "corpus"),
        "--index", str(tmp_path / "index"), "--format", "json", "--fail-on", "never",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=terminal, env=env)
    os.close(terminal)
    # stdout is drained alongside the pty: the JSON is written as the run goes and may not fit the
    # pipe's buffer, so waiting for the end before reading it could deadlock.
    pipe = process.stdout
    assert pipe is not None
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(pipe.read()))
    reader.start()
    try:
        stderr = _read_all(controller, process)
        process.wait(timeout=300)
        reader.join(timeout=300)
    finally:
        os.close(controller)
    stdout = out[0]
    assert process.returncode == 0, stderr.decode(errors="replace")
    # The bar was drawn: its label and terminal control sequences reached stderr …
    assert b"indexing" in stderr and b"\x1b[" in stderr
    # … and none of it reached stdout, which is one JSON document valid against the schema.
    assert b"\x1b" not in stdout and b"indexing" not in stdout
    document = json.loads(stdout)
    schema = json.loads((REPO / "schema" / "claims.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert document["summary"]["checked"] is True and document["claims"]


def test_no_terminal_no_bar_frames(tmp_path: Path, clean_env: dict[str, str]) -> None:
    # Redirected stderr (a CI log) gets the one-line summary, not bar frames.
    done = subprocess.run(
        [*factcheck_command(), "index", str(EXAMPLES / "corpus"), "--index", str(tmp_path / "index")],
        capture_output=True,
        env=clean_env,
        timeout=300,
    )
    assert done.returncode == 0
    assert b"\x1b" not in done.stderr and b"\r" not in done.stderr
    assert done.stderr.decode().strip().startswith("factcheck: indexed ")


def test_a_reader_that_leaves_early_is_not_an_error(clean_env: dict[str, str]) -> None:
    # `factcheck drafts/ -f jsonl | head -1`: exit 0 and nothing on stderr, not a broken-pipe exit 1.
    seed = REPO.parent / "shared" / "seed" / "article.txt"
    articles = [str(EXAMPLES / "article.txt"), str(seed if seed.exists() else EXAMPLES / "article.txt")] * 3
    process = subprocess.Popen(
        [*factcheck_command(), "claims", *articles, "-f", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # the reader leaves
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == 0, stderr
    assert json.loads(first)["input"] and b"Traceback" not in stderr and b"Broken pipe" not in stderr
