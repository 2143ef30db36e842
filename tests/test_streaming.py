"""Runs stream: each article is read, checked and written before the next is read, and nothing of it
is kept afterwards but its entry in the run's totals."""

from __future__ import annotations

import errno
import gc
import io
import json
import os
import select
import subprocess
import time
import weakref
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from factcheck.app import Options, run, stream
from factcheck.formats import FORMAT_NAMES, renderer, stream_renderer
from factcheck.formats.display import BidiMode
from factcheck.formats.stream import STREAMED, JsonArrayStream, dumps
from factcheck.report import InputFailure, RunReport, summarize
from factcheck.sources.base import Article
from tests.conftest import REPO, factcheck_command

EXAMPLE = REPO / "examples" / "article.txt"
CORPUS = REPO / "examples" / "corpus"
CLAIMS_SCHEMA = json.loads((REPO / "schema" / "claims.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Three different drafts: examples/article.txt and two of its paragraphs."""
    folder = tmp_path_factory.mktemp("drafts")
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    names = [str(EXAMPLE)]
    for number, part in enumerate((lines[2:5], lines[:3]), start=2):
        draft = folder / f"draft-{number}.txt"
        draft.write_text("\n".join(part) + "\n", encoding="utf-8")
        names.append(str(draft))
    return names


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index") / "ix"


@pytest.fixture(scope="module")
def checked(drafts: list[str], index_dir: Path) -> RunReport:
    result = run([*drafts, "missing.txt"], Options(corpus=CORPUS, index=index_dir, quiet=True))
    first = result.articles[0]
    claim = next(claim for claim in first.claims if claim.checkable)
    return replace(result, articles=(replace(first, suppressed={claim.id: "baseline"}), *result.articles[1:]))


def _render(run_report: RunReport, name: str) -> str:
    out = io.StringIO()
    renderer(name)(run_report, out, BidiMode.logical, False)
    return out.getvalue()


# --- JSON written as it goes, the same bytes as the whole document -------------------------------


def test_streamed_json_is_the_whole_document_dumped_at_once(checked: RunReport) -> None:
    unchecked = run(
        [str(EXAMPLE), "gone.txt"], Options(include_uncheckable=True, quiet=True), verify=False
    )  # fmt: skip
    nothing = RunReport((), "0123456789abcdef", None, (InputFailure("gone.txt", "gone.txt: no such file"),))
    for run_report in (checked, unchecked, nothing):
        text = _render(run_report, "json")
        assert text == dumps(run_report.document()) + "\n"
        document = json.loads(text)
        jsonschema.validate(document, CLAIMS_SCHEMA)
        assert list(document) == [
            "schema_version", "tool", "rules_fingerprint", "corpus", "claims", "inputs", "errors", "summary"
        ]  # fmt: skip
    assert json.loads(_render(nothing, "json"))["claims"] == []
    assert json.loads(_render(checked, "json"))["errors"] == [
        {"input": "missing.txt", "message": "missing.txt: no such file"}
    ]


def test_run_totals_are_the_summary_of_every_claim(checked: RunReport) -> None:
    totals = checked.totals()
    claims = checked.claim_documents()
    assert totals.summary(True) == summarize(claims, checked=True)
    assert totals.summary(True)["suppressed"] == 1
    assert totals.inputs == [report.input_document() for report in checked.articles]
    assert totals.articles == 3 and [f.origin for f in totals.failures] == ["missing.txt"]


@pytest.mark.parametrize(
    "document",
    [
        {"a": 1, "items": STREAMED, "b": {"c": [1, 2]}},
        {"runs": [{"tool": {"x": "عربي"}, "results": STREAMED, "after": [{"y": None}]}]},
        {"items": STREAMED},
    ],
)
@pytest.mark.parametrize("elements", [[], [{"k": "v", "n": [1, {"m": 2}]}], [1, "two", [3], {}]])
def test_json_array_stream_writes_what_json_dumps_writes(
    document: dict[str, object], elements: list[object]
) -> None:
    out = io.StringIO()
    stream_ = JsonArrayStream(out)
    stream_.begin(document)
    for element in elements:
        stream_.add(element)
    stream_.end(document)
    whole = json.loads(json.dumps(document).replace(json.dumps(STREAMED), json.dumps(elements)))
    assert out.getvalue() == dumps(whole) + "\n"


# --- every format: streamed output is the output of the whole run --------------------------------


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_streaming_a_run_writes_what_rendering_it_whole_writes(name: str, drafts: list[str]) -> None:
    options = Options(quiet=True)
    whole = _render(run(drafts, options, verify=False), name)
    reports = stream(drafts, options, verify=False)
    out = io.StringIO()
    writer = stream_renderer(name)(out, BidiMode.logical, False)
    writer.begin(reports.header)
    for report in reports:
        writer.article(report)
    writer.end(reports.totals)
    assert out.getvalue() == whole


def test_markdown_and_rich_give_the_totals_last(checked: RunReport) -> None:
    markdown = _render(checked, "markdown").splitlines()
    assert markdown[0] == "# factcheck report"
    assert markdown[-1].startswith("3 article(s), ") and markdown[-3] == "---"
    assert markdown.index("## Inputs not read") < len(markdown) - 3
    rich = _render(checked, "rich").rstrip("\n").splitlines()
    assert rich[-1].startswith("3 articles, ") and "4/4" not in "".join(rich)  # the failure has no section


# --- one article at a time ---------------------------------------------------------------------


class _Recorded:
    """A source that notes when it is read."""

    def __init__(self, origin: str, text: str, reads: list[str]) -> None:
        self.origin = origin
        self.text = text
        self.reads = reads

    def read(self) -> Article:
        self.reads.append(self.origin)
        return Article(self.origin, self.text)


def test_each_article_is_handed_on_before_the_next_is_read(drafts: list[str], index_dir: Path) -> None:
    reads: list[str] = []
    reports = stream(drafts[:1], Options(corpus=CORPUS, index=index_dir, quiet=True))
    text = EXAMPLE.read_text(encoding="utf-8")
    reports.sources = [_Recorded(f"draft-{n}", text, reads) for n in range(3)]
    seen = []
    for report in reports:
        seen.append(report.article.origin)
        assert reads == seen  # read, extracted and checked, nothing read ahead
    assert reports.totals.articles == 3


def test_nothing_of_an_article_is_kept_once_it_is_handed_on(drafts: list[str], index_dir: Path) -> None:
    reports = stream(drafts, Options(corpus=CORPUS, index=index_dir, quiet=True))
    articles, checked_reports = [], []
    for report in reports:
        gc.collect()
        assert all(ref() is None for ref in articles)  # the articles before this one are gone
        articles.append(weakref.ref(report.article))
        checked_reports.append(weakref.ref(report))
        assert report.verifications is not None
    del report
    gc.collect()
    assert all(ref() is None for ref in (*articles, *checked_reports))
    assert [entry["path"] for entry in reports.totals.inputs] == drafts
    assert all(len(entry["sha256"]) == 64 and entry["characters"] > 0 for entry in reports.totals.inputs)


# --- the command line: a pipeline sees each article as it is checked -----------------------------


def _open_for_writing(fifo: Path, process: subprocess.Popen[bytes], wait: float = 120) -> int:
    """The FIFO's write end once the process has opened it for reading (it blocks until then)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO or process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
            continue
        os.set_blocking(descriptor, True)
        return descriptor


@pytest.mark.parametrize(
    ("command", "output"), [(["claims"], "jsonl"), (["check", "--corpus", str(CORPUS)], "github")]
)
def test_the_first_article_is_on_stdout_before_the_last_is_read(
    command: list[str], output: str, drafts: list[str], tmp_path: Path, clean_env: dict[str, str]
) -> None:
    """The last input is a FIFO, written to only once the first article's output has been read:
    a run that held every article until the end would wait for it forever (here: 120 s)."""
    fifo = tmp_path / "last.txt"
    os.mkfifo(fifo)
    extra = ["--index", str(tmp_path / "ix")] if command[0] == "check" else []
    args = [*factcheck_command(), *command, *extra, drafts[0], drafts[1], str(fifo), "-f", output, "-q"]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env)
    assert process.stdout is not None
    try:
        ready, _, _ = select.select([process.stdout], [], [], 120)
        first = process.stdout.readline() if ready else b""
        descriptor = _open_for_writing(fifo, process)
        with os.fdopen(descriptor, "w", encoding="utf-8") as writer:
            writer.write(EXAMPLE.read_text(encoding="utf-8"))
        rest, errors = process.communicate(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert first, f"nothing on stdout before the last input was written: {errors!r}"
    lines = [first.decode("utf-8"), *rest.decode("utf-8").splitlines()]
    if output == "jsonl":
        assert json.loads(first)["input"] == drafts[0]
        assert json.loads(lines[-1])["input"] == str(fifo)
        assert process.returncode == 0, errors
    else:
        assert lines[0].startswith("::") and "last.txt" not in lines[0]
        assert "last.txt" in lines[-1]  # the FIFO's annotations come last
        assert process.returncode == 1, errors  # contested claims: --fail-on counted as they streamed
