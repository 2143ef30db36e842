"""Issue 4's end-to-end contract, through the installed console script: several drafts at once
(a Markdown draft with front matter, a text file, standard input and a URL from a local server),
every format, every exit code, and the URL failures a newsroom's CI meets."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import DATA, REPO, factcheck_command
from tests.test_sources_http import server  # noqa: F401 - the local http.server fixture

EXAMPLES = REPO / "examples"
SCHEMA = json.loads((REPO / "schema" / "claims.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
MARKDOWN_DRAFT = """---
title: مسودة
date: 2015-12-15
---
# غارات على الرمادي

قال ناشطون إن **عشرات المدنيين** قتلوا في غارات التحالف على الأحياء الشرقية من مدينة الرمادي.
"""


def _env(clean_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    env = {**clean_env, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_PROXY": "127.0.0.1,localhost"}
    env["FACTCHECK_ALLOW_PRIVATE_URLS"] = "1"  # the test server is on 127.0.0.1
    return {k: v for k, v in env.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}


def _drafts(tmp_path: Path) -> tuple[Path, Path]:
    markdown = tmp_path / "drafts" / "ramadi.md"
    markdown.parent.mkdir()
    markdown.write_text(MARKDOWN_DRAFT, encoding="utf-8")
    return markdown, EXAMPLES / "article.txt"


def _run(args: list[str], env: dict[str, str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*factcheck_command(), *args], input=stdin, capture_output=True, env=env, timeout=300
    )


def _parse(output: str, text: str) -> Any:
    if output == "json":
        document = json.loads(text)
        jsonschema.validate(document, SCHEMA)
        return document
    if output == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if output == "sarif":
        log = json.loads(text)
        jsonschema.validate(log, SARIF_SCHEMA)
        return log
    return text


@pytest.mark.parametrize("output", ["rich", "json", "jsonl", "markdown", "github", "sarif"])
def test_four_kinds_of_input_in_every_format(
    output: str,
    server: tuple[str, Any],  # noqa: F811
    tmp_path: Path,
    clean_env: dict[str, str],
) -> None:
    base, _ = server
    markdown, text = _drafts(tmp_path)
    stdin = (EXAMPLES / "article.txt").read_bytes()
    args = [
        "check", str(markdown), str(text), "-", f"{base}/story.html", "--corpus", str(EXAMPLES / "corpus"),
        "--index", str(tmp_path / "index"), "--format", output,
    ]  # fmt: skip
    env = _env(clean_env, tmp_path)
    failing = _run(args, env, stdin)  # the example corpus contests some of the example's claims
    assert failing.returncode == 1, failing.stderr.decode()
    passing = _run([*args, "--fail-on", "never"], env, stdin)
    assert passing.returncode == 0, passing.stderr.decode()
    assert passing.stdout == failing.stdout  # the threshold changes the exit code, not the report
    parsed = _parse(output, passing.stdout.decode())
    origins = [str(markdown), str(text), "-", f"{base}/story.html"]
    if output == "json":
        assert [item["path"] for item in parsed["inputs"]] == origins
        assert parsed["inputs"][0]["date"] == "2015-12-15"  # front matter
    elif output == "jsonl":
        assert {line["input"] for line in parsed} == set(origins)
    elif output == "sarif":
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in parsed["runs"][0]["results"]
        }
        assert any(uri.endswith("drafts/ramadi.md") for uri in uris) and "stdin" in uris
    elif output == "github":
        lines = parsed.splitlines()
        assert lines and all(line.startswith(("::error", "::warning", "::notice")) for line in lines)
        # The Markdown draft's claim is annotated on its own line of the file (line 7, after
        # the front matter and the heading), not on a line of the extracted text.
        (annotation,) = [line for line in lines if f"file={markdown}" in line and ",line=7," in line]
        column = int(annotation.split(",col=")[1].split(",")[0])
        draft_line = markdown.read_text(encoding="utf-8").splitlines()[6]
        # Column 17 of the draft, after "قال ناشطون إن **": the figure itself, markup skipped.
        assert draft_line[column - 1 :].startswith("عشرات المدنيين"), (column, draft_line)
    else:
        assert "ramadi.md" in parsed and "story.html" in parsed
    assert b"Traceback" not in passing.stderr


def test_usage_errors_exit_2(tmp_path: Path, clean_env: dict[str, str]) -> None:
    env = _env(clean_env, tmp_path)
    for args in (
        ["check", str(EXAMPLES / "article.txt"), "--format", "xml"],
        ["check", str(EXAMPLES / "article.txt"), "--fail-on", "sometimes"],
        ["check", str(tmp_path / "missing.txt")],
    ):
        done = _run(args, env)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.decode().count("\n") == 1 and b"Traceback" not in done.stderr


def test_url_failures_are_one_line_each_and_the_good_input_is_still_checked(
    server: tuple[str, Any],  # noqa: F811
    tmp_path: Path,
    clean_env: dict[str, str],
) -> None:
    base, _ = server
    bad = {
        f"{base}/missing": "HTTP 404",
        f"{base}/loop": "redirect loop",
        f"{base}/big-streamed": "too large",
        f"{base}/slow": "timed out",
    }
    args = [
        "claims", str(EXAMPLES / "article.txt"), *bad, "--format", "json",
        "--timeout", "1", "--max-bytes", "100000",
    ]  # fmt: skip
    done = _run(args, _env(clean_env, tmp_path))
    assert done.returncode == 2
    document = json.loads(done.stdout)  # stdout stays one valid document
    jsonschema.validate(document, SCHEMA)
    assert [item["path"] for item in document["inputs"]] == [str(EXAMPLES / "article.txt")]
    errors = done.stderr.decode().splitlines()
    assert len(errors) == len(bad), errors
    for (url, cause), line in zip(bad.items(), errors, strict=True):
        assert line.startswith(f"factcheck: error: {url}: ") and cause in line, line
