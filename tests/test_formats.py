"""Output formats: jsonl, markdown, github, sarif (and rich, json) over runs of several articles."""

from __future__ import annotations

import io
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from factcheck.app import Options, extract_article, run
from factcheck.formats import FORMAT_NAMES, renderer
from factcheck.formats.display import BidiMode
from factcheck.formats.findings import artifact_path, artifact_uri
from factcheck.formats.github_format import command, escape_data, escape_property
from factcheck.formats.markdown_format import code, escape
from factcheck.report import InputFailure, RunReport
from factcheck.rulebook.compile import Rulebook
from factcheck.sources.base import Article, OffsetMap
from tests.conftest import DATA, REPO, factcheck_command

EXAMPLE = REPO / "examples" / "article.txt"
CORPUS = REPO / "examples" / "corpus"
CLAIMS_SCHEMA = json.loads((REPO / "schema" / "claims.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# A claim line is `#/$defs/claim_line` of the project schema.
LINE_SCHEMA = {key: CLAIMS_SCHEMA[key] for key in ("$schema", "$id", "$defs")} | {
    "$ref": "#/$defs/claim_line"
}

GITHUB_LINE = re.compile(r"^::(error|warning|notice)( [^:]*)?::(.*)$")


def render(run_report: RunReport, name: str, color: bool = False) -> str:
    out = io.StringIO()
    renderer(name)(run_report, out, BidiMode.logical, color)
    return out.getvalue()


def sarif_errors(log: object) -> list[str]:
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    return [error.message for error in validator.iter_errors(log)]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """examples/article.txt and a second draft (two of its paragraphs), relative to the repository."""
    folder = tmp_path_factory.mktemp("drafts")
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    second = folder / "second draft.txt"
    second.write_text("\n".join(lines[2:5]) + "\n", encoding="utf-8")
    return [str(EXAMPLE), str(second)]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index") / "ix"


def _checked(drafts: list[str], index_dir: Path) -> RunReport:
    result = run(drafts, Options(output="json", corpus=CORPUS, index=index_dir, quiet=True))
    first = result.articles[0]
    checkable = [claim.id for claim in first.claims if claim.checkable]
    # Suppression is decided upstream (baseline file, `factcheck: ignore`); formats only show it.
    first = replace(first, suppressed={checkable[0]: "baseline", checkable[1]: "inline"})
    return replace(result, articles=(first, *result.articles[1:]))


@pytest.fixture(scope="module")
def checked(drafts: list[str], index_dir: Path) -> RunReport:
    return _checked(drafts, index_dir)


@pytest.fixture(scope="module")
def unchecked(drafts: list[str]) -> RunReport:
    return run(drafts, Options(output="json"), verify=False)


def checkable_claims(run_report: RunReport) -> list[tuple[str, str, str | None]]:
    """(origin, claim id, suppression) of every checkable claim, in order."""
    return [
        (report.article.origin, claim.id, report.suppressed.get(claim.id))
        for report in run_report.articles
        for claim in report.claims
        if claim.checkable
    ]


# --- registry ---------------------------------------------------------------------------------


def test_every_format_is_registered_and_unknown_names_are_refused() -> None:
    assert FORMAT_NAMES == ("rich", "json", "jsonl", "markdown", "github", "sarif")
    for name in FORMAT_NAMES:
        assert callable(renderer(name))
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        renderer("yaml")


@pytest.fixture(scope="module")
def reruns(drafts: list[str], index_dir: Path) -> tuple[RunReport, RunReport]:
    """Second, independent runs over the same inputs (and index)."""
    return _checked(drafts, index_dir), run(drafts, Options(output="json"), verify=False)


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_every_format_is_deterministic(
    name: str, checked: RunReport, unchecked: RunReport, reruns: tuple[RunReport, RunReport]
) -> None:
    assert render(checked, name) == render(reruns[0], name)
    assert render(unchecked, name) == render(reruns[1], name)
    assert render(checked, name).strip()


def test_json_of_several_inputs_is_valid(checked: RunReport) -> None:
    document = json.loads(render(checked, "json"))
    jsonschema.validate(document, CLAIMS_SCHEMA)
    assert [item["path"] for item in document["inputs"]] == [r.article.origin for r in checked.articles]
    assert document["summary"]["suppressed"] == 2


# --- jsonl ------------------------------------------------------------------------------------


def test_jsonl_is_one_self_contained_claim_per_line(checked: RunReport) -> None:
    text = render(checked, "jsonl")
    lines = text.splitlines()
    assert text.endswith("\n") and all(lines)
    documents = checked.claim_documents()
    assert len(lines) == len(documents)  # no summary line: `jq -s` gives one
    for line, document in zip(lines, documents, strict=True):
        record = json.loads(line)
        jsonschema.validate(record, LINE_SCHEMA)
        assert list(record)[:3] == ["schema_version", "input", "corpus"]
        assert record["schema_version"] == "2.3" and record["corpus"] == checked.corpus
        rest = {k: v for k, v in record.items() if k not in ("schema_version", "corpus")}
        assert rest == json.loads(json.dumps(document))
    assert "\\u06" not in text and "مسلحا" in text  # Arabic as it is, not \u escapes
    # `jq -s '[.[] | del(.schema_version, .corpus)]'` rebuilds the JSON document's claims.
    claims = json.loads(render(checked, "json"))["claims"]
    assert [json.loads(line)["id"] for line in lines] == [claim["id"] for claim in claims]


def test_jsonl_line_schema_rejects_what_a_claim_lacks(checked: RunReport) -> None:
    record = json.loads(render(checked, "jsonl").splitlines()[0])
    for broken in ({**record, "extra": 1}, {k: v for k, v in record.items() if k != "schema_version"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, LINE_SCHEMA)


# --- markdown ---------------------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_markdown_has_a_section_table_and_evidence_per_article(checked: RunReport) -> None:
    text = render(checked, "markdown")
    assert text.startswith("# factcheck report\n")
    for report in checked.articles:
        assert f"## `{report.article.origin}`" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| #")]
    assert len(rows) == sum(len(report.claims) for report in checked.articles)
    assert all(len(_cells(row)) == 7 for row in rows)
    assert "*known (baseline)*" in text and "*known (inline)*" in text
    assert "**contested**" in text and "  - ✘ contradicts: " in text and "  - ✔ supports: " in text
    summary = checked.document()["summary"]["verdicts"]
    assert f"{summary['contested']} contested" in text
    assert "سبعة مدنيين" in text  # logical order: viewers do bidi


def test_markdown_escapes_table_breakers(checked: RunReport) -> None:
    report = checked.articles[1]
    claim = report.claims[0]
    odd = replace(claim, context="قتل | 5\nمدنيين *اليوم* `x` <b>")
    run_report = replace(checked, articles=(replace(report, claims=[odd]),))
    row = next(line for line in render(run_report, "markdown").splitlines() if line.startswith("| 1 "))
    assert len(_cells(row)) == 7
    assert "قتل \\| 5<br>مدنيين \\*اليوم\\* \\`x\\` \\<b\\>" in row
    assert escape("a|b\r\nc") == "a\\|b<br>c"
    assert code("a`b") == "``a`b``"


def test_markdown_without_corpus_says_not_checked(unchecked: RunReport) -> None:
    text = render(unchecked, "markdown")
    assert "not checked (no corpus)" in text and "Evidence" not in text


# --- github -----------------------------------------------------------------------------------


def _github(text: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in text.splitlines():
        match = GITHUB_LINE.match(line)
        assert match, line
        properties = dict(item.split("=", 1) for item in (match.group(2) or "").strip().split(",") if item)
        parsed.append((match.group(1), properties, match.group(3)))
    return parsed


def test_github_annotates_each_unsuppressed_claim_at_its_line(checked: RunReport) -> None:
    annotations = _github(render(checked, "github"))
    claims = [(origin, cid) for origin, cid, why in checkable_claims(checked) if why is None]
    assert len(annotations) == len(claims)  # suppressed claims emit nothing
    verdicts = [
        report.verification(claim).verdict  # type: ignore[union-attr]
        for report in checked.articles
        for claim in report.claims
        if claim.checkable and claim.id not in report.suppressed
    ]
    level = {"contested": "error", "unverified": "warning", "corroborated": "notice"}
    assert [name for name, _, _ in annotations] == [level[verdict] for verdict in verdicts]
    assert {"error", "warning", "notice"} <= {name for name, _, _ in annotations}
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for (_, properties, message), (origin, _) in zip(annotations, claims, strict=True):
        assert properties["file"] == escape_property(artifact_path(origin))
        assert properties["title"].startswith("factcheck%3A ")
        assert "\n" not in message and "%0Aclaim: " in message
        if origin == str(EXAMPLE):
            line, column = int(properties["line"]), int(properties["col"])
            assert line <= len(lines) and column >= 1
            if "endColumn" in properties:
                end = int(properties["endColumn"])
                assert lines[line - 1][column - 1 : end]  # inclusive end, on the same line


def test_github_escaping_follows_the_runner() -> None:
    assert escape_data("50% of\r\nthem") == "50%25 of%0D%0Athem"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = command("error", {"file": "x,y.txt", "line": 3, "title": "t: 1"}, "two\nlines: a, b")
    assert line == "::error file=x%2Cy.txt,line=3,title=t%3A 1::two%0Alines: a, b"


def test_github_without_corpus_gives_a_notice_per_claim(unchecked: RunReport) -> None:
    annotations = _github(render(unchecked, "github"))
    assert len(annotations) == len(checkable_claims(unchecked)) > 0
    assert {name for name, _, _ in annotations} == {"notice"}
    assert all("not checked" in props["title"] for _, props, _ in annotations)


def test_github_reports_unreadable_inputs(unchecked: RunReport) -> None:
    failing = replace(unchecked, failures=(InputFailure("gone.txt", "gone.txt: no such file"),))
    assert render(failing, "github").splitlines()[-1] == (
        "::error title=factcheck%3A input not read::gone.txt: no such file"
    )


# --- sarif ------------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_official_schema(checked: RunReport, unchecked: RunReport) -> None:
    for run_report in (checked, unchecked):
        assert sarif_errors(json.loads(render(run_report, "sarif"))) == []


def test_sarif_schema_catches_a_broken_log(checked: RunReport) -> None:
    """Control: the schema is strict enough that the test above means something."""
    log = json.loads(render(checked, "sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(sarif_errors(log)) >= 2


def test_sarif_results_levels_fingerprints_and_suppressions(checked: RunReport) -> None:
    (sarif_run,) = json.loads(render(checked, "sarif"))["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "factcheck" and driver["informationUri"].startswith("https://")
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == [
        "factcheck/contested",
        "factcheck/unverified",
        "factcheck/corroborated",
        "factcheck/unchecked",
    ]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    results = sarif_run["results"]
    claims = checkable_claims(checked)
    assert len(results) == len(claims)  # suppressed claims stay, marked
    level = {"contested": "error", "unverified": "warning", "corroborated": "note"}
    for result, (origin, claim_id, why) in zip(results, claims, strict=True):
        verdict = result["ruleId"].removeprefix("factcheck/")
        assert result["level"] == level[verdict] and rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["partialFingerprints"] == {"claimId/v1": claim_id}
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == artifact_uri(origin)
        assert 0 <= result["properties"]["confidence"] <= 1
        assert result["message"]["text"]
        expected = {"baseline": "external", "inline": "inSource", None: None}[why]
        assert (result.get("suppressions") or [{"kind": None}])[0]["kind"] == expected
    assert {result["level"] for result in results} == {"error", "warning", "note"}


def test_sarif_regions_point_at_the_claim(checked: RunReport) -> None:
    (sarif_run,) = json.loads(render(checked, "sarif"))["runs"]
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    example_results = [
        r
        for r in sarif_run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == artifact_uri(str(EXAMPLE))
    ]
    assert example_results
    for result in example_results:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == region["endLine"]  # claims of this article sit on one line
        line = lines[region["startLine"] - 1]
        # 1-based code-point columns, end exclusive: the slice is the claim's text.
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == region["snippet"]["text"]


def test_sarif_without_corpus_has_a_note_per_claim(unchecked: RunReport) -> None:
    results = json.loads(render(unchecked, "sarif"))["runs"][0]["results"]
    assert len(results) == len(checkable_claims(unchecked)) > 0
    assert {(r["ruleId"], r["level"]) for r in results} == {("factcheck/unchecked", "note")}


def test_sarif_reports_unreadable_inputs(unchecked: RunReport) -> None:
    failing = replace(unchecked, failures=(InputFailure("gone.txt", "gone.txt: no such file"),))
    log = json.loads(render(failing, "sarif"))
    assert sarif_errors(log) == []
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "gone.txt: no such file"


def test_artifact_locations(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert artifact_uri("-") == "stdin"
    assert artifact_uri("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert artifact_uri("drafts/مسودة 1.md") == "drafts/%D9%85%D8%B3%D9%88%D8%AF%D8%A9%201.md"
    assert artifact_path(str(tmp_path / "news" / "a.txt")) == "news/a.txt"
    assert artifact_uri("/elsewhere/a b.txt") == "file:///elsewhere/a%20b.txt"


# --- rich -------------------------------------------------------------------------------------


def test_rich_separates_articles_and_shows_suppressed_claims(
    checked: RunReport, unchecked: RunReport
) -> None:
    text = render(checked, "rich")
    for number, report in enumerate(checked.articles, start=1):
        assert f"{number}/2  {report.article.origin}" in text
    assert "known claim (baseline), not reported" in text and "known claim (inline)" in text
    assert "2 articles" in text and "─" in text
    assert f"1/2  {unchecked.articles[0].article.origin}" in render(unchecked, "rich")


def test_rich_dims_suppressed_claims_in_the_claims_table(unchecked: RunReport) -> None:
    first = unchecked.articles[0]
    claim = next(c for c in first.claims if c.checkable)
    quiet = replace(unchecked, articles=(replace(first, suppressed={claim.id: "baseline"}),))
    out = io.StringIO()
    from rich.console import Console

    from factcheck.formats.rich_format import _render_claims

    console = Console(file=out, force_terminal=True, color_system="standard", width=200)
    _render_claims(quiet.articles[0], console, BidiMode.logical)
    row = next(line for line in out.getvalue().splitlines() if "known: baseline" in line)
    assert "\x1b[2m" in row  # dim


# --- end to end -------------------------------------------------------------------------------


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*factcheck_command(), *args], capture_output=True, env=env, timeout=180)


def _check_args(drafts: list[str], index_dir: Path) -> list[str]:
    return ["check", *drafts, "--corpus", str(CORPUS), "--index", str(index_dir)]


def _parse(name: str, stdout: bytes) -> None:
    """Fails unless stdout is nothing but a valid document of the format."""
    text = stdout.decode("utf-8")
    if name == "json":
        jsonschema.validate(json.loads(text), CLAIMS_SCHEMA)
    elif name == "jsonl":
        for line in text.splitlines():
            jsonschema.validate(json.loads(line), LINE_SCHEMA)
    elif name == "sarif":
        assert sarif_errors(json.loads(text)) == []
    elif name == "github":
        assert _github(text)
    elif name == "markdown":
        assert text.startswith("# factcheck report\n") and text.count("\n## ") == 2
    else:
        assert "2 articles" in text


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_cli_checks_two_drafts_in_every_format(
    name: str, drafts: list[str], index_dir: Path, clean_env: dict[str, str]
) -> None:
    result = _cli([*_check_args(drafts, index_dir), "--format", name], clean_env)
    assert result.returncode == 1, result.stderr  # examples/article.txt has contested claims
    _parse(name, result.stdout)


def test_cli_fail_on_never_exits_0(drafts: list[str], index_dir: Path, clean_env: dict[str, str]) -> None:
    result = _cli([*_check_args(drafts, index_dir), "-q", "-f", "github", "--fail-on", "never"], clean_env)
    assert result.returncode == 0, result.stderr
    assert {name for name, _, _ in _github(result.stdout.decode("utf-8"))} == {"error", "warning", "notice"}


def test_cli_claims_of_two_drafts_without_corpus(drafts: list[str], clean_env: dict[str, str]) -> None:
    result = _cli(["claims", *drafts, "--format", "sarif"], clean_env)
    assert result.returncode == 0, result.stderr
    _parse("sarif", result.stdout)
    levels = {r["level"] for r in json.loads(result.stdout)["runs"][0]["results"]}
    assert levels == {"note"}


def test_cli_unknown_format_exits_2(drafts: list[str], clean_env: dict[str, str]) -> None:
    result = _cli(["claims", *drafts, "--format", "yaml"], clean_env)
    assert result.returncode == 2 and result.stdout == b""
    assert b"unknown format 'yaml'" in result.stderr and b"sarif" in result.stderr


def test_regions_of_a_draft_with_a_source_map_are_the_drafts_own(book: Rulebook) -> None:
    """Markdown/HTML drafts: annotations land on the file's lines, not on those of its text."""
    text = EXAMPLE.read_text(encoding="utf-8")
    front = "---\ntitle: مسودة\n---\n"
    draft = front + text
    article = Article("drafts/article.md", text, source_map=OffsetMap(draft, (0,), (len(front),)))
    report = extract_article(article, book, Options())
    run_report = RunReport((report,), book.fingerprint)
    draft_lines = draft.splitlines()
    results = json.loads(render(run_report, "sarif"))["runs"][0]["results"]
    assert results
    for result in results:
        region = result["locations"][0]["physicalLocation"]["region"]
        line = draft_lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == region["snippet"]["text"]
    first = _github(render(run_report, "github"))[0][1]
    assert (
        int(first["line"]) == report.claims[0].span.line > text[: report.claims[0].span.start].count("\n") + 1
    )
