"""Configuration, exit codes, stderr discipline, known claims and the CI integrations (README
"Configuration", "Known claims", "CI and pre-commit")."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from factcheck.app import Options, extract_article, findings, options_from, suppress
from factcheck.config import find_config, resolve
from factcheck.errors import FactcheckError
from factcheck.report import ClaimsReport, RunReport
from factcheck.rulebook.compile import Rulebook
from factcheck.sources.base import Article
from tests.conftest import REPO, factcheck_command

EXAMPLE = REPO / "examples" / "article.txt"
CORPUS = REPO / "examples" / "corpus"
ANSI = re.compile(rb"\x1b\[")
LINES = EXAMPLE.read_text(encoding="utf-8").split("\n")
# examples/article.txt against examples/corpus: contested claims on lines 5, 7 and 11 (ضحايا،
# جثث سبعة مدنيين، برسالتين). Without line 11 the draft still has contested claims.
DRAFT_WITHOUT_11 = "\n".join(LINES[:10] + [""] * 2 + LINES[12:])


def run(
    args: list[str], env: dict[str, str], cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*factcheck_command(), *args], input=stdin, capture_output=True, env=env, cwd=cwd, timeout=180
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository (its root bounds the upward search) with a draft two folders down."""
    (tmp_path / ".git").mkdir()
    drafts = tmp_path / "news" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "a.txt").write_text("أسفر القصف عن مقتل 4 جنود.", encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index") / "ix"  # one index of examples/corpus for the module


def settings(result: subprocess.CompletedProcess[bytes]) -> dict[str, dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["settings"]


# --- configuration ---------------------------------------------------------------------------------


def test_config_is_found_upwards_from_the_first_input(project: Path, clean_env: dict[str, str]) -> None:
    config = project / ".factcheck.toml"
    config.write_text('fail-on = "unverified"\nrules = ["my-rules"]\ncorpus = "archive"\n', encoding="utf-8")
    result = run(["config", "news/drafts/a.txt", "--format", "json"], clean_env, cwd=project)
    document = json.loads(result.stdout)
    assert document["config_file"] == str(config)
    found = document["settings"]
    assert found["fail-on"] == {"value": "unverified", "source": "file", "origin": str(config)}
    # relative paths are resolved against the config file's folder, not the working directory
    assert found["rules"]["value"] == [str(project / "my-rules")]
    assert found["corpus"]["value"] == str(project / "archive")
    assert found["window"] == {"value": 30, "source": "default", "origin": None}


def test_pyproject_tool_table_and_nearest_wins(project: Path) -> None:
    (project / ".factcheck.toml").write_text("window = 3\n", encoding="utf-8")
    news = project / "news"
    (news / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")  # no settings: skipped
    assert find_config(news / "drafts") == (project / ".factcheck.toml", {"window": 3})
    (news / "pyproject.toml").write_text("[tool.factcheck]\nwindow = 7\n", encoding="utf-8")
    assert find_config(news / "drafts") == (news / "pyproject.toml", {"window": 7})


def test_search_stops_at_the_repository_root(project: Path) -> None:
    (project.parent / ".factcheck.toml").write_text("window = 3\n", encoding="utf-8")
    try:
        assert find_config(project / "news" / "drafts") is None
    finally:
        (project.parent / ".factcheck.toml").unlink()


def test_precedence_flag_env_file_default(project: Path, clean_env: dict[str, str]) -> None:
    config = project / ".factcheck.toml"
    config.write_text(
        'bidi = "logical"\nfail-on = "unverified"\nwindow = 5\nquiet = true\n', encoding="utf-8"
    )
    env = {k: v for k, v in clean_env.items() if k != "NO_COLOR"}
    env |= {"FACTCHECK_BIDI": "visual", "FACTCHECK_FAIL_ON": "never"}
    found = settings(run(["config", "-f", "json", "--bidi", "auto", "--no-quiet"], env, cwd=project))
    assert found["bidi"] == {"value": "auto", "source": "flag", "origin": "--bidi"}  # flag > env > file
    assert found["quiet"] == {"value": False, "source": "flag", "origin": "--no-quiet"}  # flag > file
    env_wins = {"value": "never", "source": "env", "origin": "FACTCHECK_FAIL_ON"}
    assert found["fail-on"] == env_wins  # env > file
    assert found["window"] == {"value": 5, "source": "file", "origin": str(config)}  # file > default
    assert found["format"] == {"value": "rich", "source": "default", "origin": None}
    assert found["color"]["value"] is True
    assert settings(run(["config", "-f", "json"], {**env, "NO_COLOR": "1"}, cwd=project))["color"] == {
        "value": False,
        "source": "env",
        "origin": "NO_COLOR",
    }
    text = run(["config"], env, cwd=project).stdout.decode()
    assert "window = 5" in text and f"# file {config}" in text and "# env FACTCHECK_FAIL_ON" in text


@pytest.mark.parametrize(("timeout", "total"), [(3, 60.0), (10, 60.0), (30, 180.0)])
def test_timeout_sets_the_limit_on_a_whole_download(timeout: int, total: float, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    inputs = options_from(resolve({"timeout": timeout}, tmp_path, environ={})).inputs
    assert (inputs.timeout, inputs.total_timeout) == (timeout, total)


def test_resolve_unit_none_means_not_given(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".factcheck.toml").write_text('format = "json"\n[fields]\ntext = "body"\n', encoding="utf-8")
    config = resolve({"format": None, "fields": None, "window": 9}, tmp_path, environ={})
    assert config["format"] == "json" and config["fields"] == {"text": "body"} and config["window"] == 9
    assert resolve({"fields": ["text=content"]}, tmp_path, environ={})["fields"] == {"text": "content"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour = false\n", "unknown key 'colour'"),
        ("fail_on = 'never'\n", "unknown key 'fail_on' (did you mean 'fail-on'?)"),
        ('window = "30"\n', "'window' must be an integer ≥ 0, got str '30'"),
        ("rules = 'my-rules'\n", "'rules' must be a list of paths"),
        ("quiet = 1\n", "'quiet' must be true or false"),
        ('fail-on = "sometimes"\n', "expected one of contested, unverified, never, got 'sometimes'"),
        ('stance = "bert"\n', "expected one of model, rules, got 'bert'"),
        ("window = \n", "invalid TOML"),
    ],
)
def test_bad_config_is_one_line_exit_2_naming_the_file(
    content: str, message: str, project: Path, clean_env: dict[str, str]
) -> None:
    config = project / ".factcheck.toml"
    config.write_text(content, encoding="utf-8")
    result = run(["claims", "news/drafts/a.txt"], clean_env, cwd=project)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.startswith(f"factcheck: error: {config}") and message in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1


def test_bad_environment_value_is_exit_2(project: Path, clean_env: dict[str, str]) -> None:
    result = run(["config"], {**clean_env, "FACTCHECK_OFFLINE": "perhaps"}, cwd=project)
    assert result.returncode == 2 and b"FACTCHECK_OFFLINE must be a boolean" in result.stderr


def test_config_supplies_format(project: Path, clean_env: dict[str, str]) -> None:
    (project / "pyproject.toml").write_text('[tool.factcheck]\nformat = "json"\n', encoding="utf-8")
    result = run(["claims", "news/drafts/a.txt"], clean_env, cwd=project)
    assert result.returncode == 0, result.stderr
    assert [c["quantity"]["value"] for c in json.loads(result.stdout)["claims"]] == [4]


# --- exit codes, stderr ----------------------------------------------------------------------------


def test_exit_codes_0_1_2_and_2_wins(tmp_path: Path, index_dir: Path, clean_env: dict[str, str]) -> None:
    checked = ["check", str(EXAMPLE), "--corpus", str(CORPUS), "--index", str(index_dir), "-q", "-f", "json"]
    assert run(checked, clean_env).returncode == 1  # contested claims, default --fail-on contested
    assert run([*checked, "--fail-on", "never"], clean_env).returncode == 0
    assert run(["check", str(EXAMPLE), "-q"], clean_env).returncode == 0  # nothing checked
    missing = run([*checked, str(tmp_path / "missing.txt")], clean_env)
    assert missing.returncode == 2  # an unreadable input outranks the findings of the others
    assert json.loads(missing.stdout)["summary"]["verdicts"]["contested"] > 0
    assert b"missing.txt: no such file" in missing.stderr


def test_quiet_prints_nothing_on_stderr(index_dir: Path, clean_env: dict[str, str]) -> None:
    args = ["check", str(EXAMPLE), "--corpus", str(CORPUS), "--index", str(index_dir), "--fail-on", "never"]
    indexing = ["index", str(CORPUS), "--index", str(index_dir)]
    for command in (["claims", str(EXAMPLE)], ["check", str(EXAMPLE)], args, indexing):
        result = run([*command, "-q"], clean_env)
        assert result.returncode == 0, result.stderr
        assert result.stderr == b"", (command, result.stderr)
    assert b"could be checked" in run(["check", str(EXAMPLE)], clean_env).stderr  # the note, without -q


def test_quiet_from_config_and_verbose(project: Path, clean_env: dict[str, str]) -> None:
    (project / ".factcheck.toml").write_text("quiet = true\n", encoding="utf-8")
    assert run(["check", "news/drafts/a.txt"], clean_env, cwd=project).stderr == b""
    verbose = run(["check", "news/drafts/a.txt", "-v"], clean_env, cwd=project).stderr.decode()
    assert f"configuration file: {project / '.factcheck.toml'}" in verbose
    assert "1 input(s)" in verbose and " s" in verbose and "could be checked" in verbose
    both = run(["check", "news/drafts/a.txt", "-q", "-v"], clean_env, cwd=project)
    assert both.returncode == 2 and b"cannot be combined" in both.stderr


def test_no_color_and_NO_COLOR_give_no_escapes(clean_env: dict[str, str]) -> None:
    env = {k: v for k, v in clean_env.items() if k != "NO_COLOR"} | {"FORCE_COLOR": "1", "COLUMNS": "150"}
    args = ["claims", str(EXAMPLE), "--bidi", "logical"]
    assert ANSI.search(run(args, env).stdout)  # forced colour: escapes (so the checks below mean something)
    assert not ANSI.search(run([*args, "--no-color"], env).stdout)
    assert not ANSI.search(run(args, {**env, "NO_COLOR": "1"}).stdout)
    assert ANSI.search(run([*args, "--color"], {**env, "NO_COLOR": "1"}).stdout)  # the flag wins


# --- known claims ----------------------------------------------------------------------------------


def test_baseline_round_trip(tmp_path: Path, index_dir: Path, clean_env: dict[str, str]) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT_WITHOUT_11, encoding="utf-8")
    base = ["--corpus", str(CORPUS), "--index", str(index_dir), "-q"]
    check = ["check", str(draft), *base, "-f", "json"]
    assert run(check, clean_env).returncode == 1

    written = run(["baseline", str(draft), *base, "-o", str(tmp_path / "known.json")], clean_env)
    assert written.returncode == 0, written.stderr
    document = json.loads((tmp_path / "known.json").read_text(encoding="utf-8"))
    assert document["factcheck_baseline"] == 1
    assert {c["verdict"] for c in document["claims"]} == {"contested", "unverified"}
    assert {c["input"] for c in document["claims"]} == {"draft.txt"}  # relative to the baseline's folder
    assert all(c["id"] and c["text"] and c["line"] for c in document["claims"])
    assert not list(tmp_path.glob("*.tmp"))  # the temporary file was renamed into place

    passed = run([*check, "--baseline", str(tmp_path / "known.json"), "--fail-on", "unverified"], clean_env)
    assert passed.returncode == 0, passed.stderr
    claims = json.loads(passed.stdout)["claims"]
    assert {c["suppressed"] for c in claims if c["verdict"] != "corroborated"} == {"baseline"}

    draft.write_text("\n".join(LINES), encoding="utf-8")  # a new contested claim on line 11
    again = run([*check, "--baseline", str(tmp_path / "known.json")], clean_env)
    assert again.returncode == 1
    claims = json.loads(again.stdout)["claims"]
    failing = [c for c in claims if c["verdict"] == "contested" and not c["suppressed"]]
    assert [c["span"]["line"] for c in failing] == [11]


def test_baseline_from_config_file(tmp_path: Path, index_dir: Path, clean_env: dict[str, str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(DRAFT_WITHOUT_11, encoding="utf-8")
    (tmp_path / ".factcheck.toml").write_text(
        f'corpus = "{CORPUS}"\nindex = "{index_dir}"\nbaseline = "known.json"\nquiet = true\n',
        encoding="utf-8",
    )
    assert run(["baseline", "drafts/a.txt"], clean_env, cwd=tmp_path).returncode == 0
    assert (tmp_path / "known.json").is_file()  # the configured baseline, next to the config file
    assert run(["check", "drafts/a.txt"], clean_env, cwd=tmp_path).returncode == 0


def test_inline_ignore_markers_suppress_end_to_end(
    tmp_path: Path, index_dir: Path, clean_env: dict[str, str]
) -> None:
    lines = list(LINES)
    for blank in (3, 5, 9):  # the empty lines before the contested lines 5, 7 and 11
        assert not lines[blank]
        lines[blank] = "factcheck: ignore-next-line"
    draft = tmp_path / "draft.txt"
    draft.write_text("\n".join(lines), encoding="utf-8")
    args = ["check", str(draft), "--corpus", str(CORPUS), "--index", str(index_dir), "-q", "-f", "json"]
    result = run(args, clean_env)
    assert result.returncode == 0, result.stderr
    contested = [c for c in json.loads(result.stdout)["claims"] if c["verdict"] == "contested"]
    assert contested and {c["suppressed"] for c in contested} == {"inline"}


def test_offline_flag_and_config_reach_the_url_source(project: Path, clean_env: dict[str, str]) -> None:
    env = {**clean_env, "XDG_CACHE_HOME": str(project / "cache")}  # an empty HTTP cache
    url = "http://127.0.0.1:9/article.txt"  # never contacted: offline refuses before the network
    flagged = run(["claims", url, "--offline"], env, cwd=project)
    assert flagged.returncode == 2 and b"offline" in flagged.stderr, flagged.stderr
    (project / ".factcheck.toml").write_text("offline = true\n", encoding="utf-8")
    assert run(["claims", url], env, cwd=project).stderr == flagged.stderr


def test_article_notes_are_hidden_by_quiet(tmp_path: Path, clean_env: dict[str, str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert b"empty.txt: empty article" in run(["claims", str(empty)], clean_env).stderr
    assert run(["claims", str(empty), "-q"], clean_env).stderr == b""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "malformed baseline"),
        ('{"claims": []}', "malformed baseline"),
        ('{"factcheck_baseline": 1, "claims": [{"text": "x"}]}', "malformed baseline"),
    ],
)
def test_malformed_baseline_is_one_line_exit_2(
    content: str, message: str, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    known = tmp_path / "known.json"
    known.write_text(content, encoding="utf-8")
    result = run(["check", str(EXAMPLE), "--baseline", str(known)], clean_env)
    assert result.returncode == 2
    assert message.encode() in result.stderr and str(known).encode() in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    missing = run(["check", str(EXAMPLE), "--baseline", str(tmp_path / "none.json")], clean_env)
    assert missing.returncode == 2 and b"no such baseline file" in missing.stderr


def test_baseline_needs_a_corpus(tmp_path: Path, clean_env: dict[str, str]) -> None:
    result = run(["baseline", str(EXAMPLE), "-o", str(tmp_path / "b.json")], clean_env)
    assert result.returncode == 2 and b"needs a corpus" in result.stderr
    assert not (tmp_path / "b.json").exists()


def test_inline_and_baseline_suppression(book: Rulebook) -> None:
    text = "\n".join(LINES)
    article = Article("draft.md", text, ignored_lines=frozenset({5}))
    report = extract_article(article, book, Options())
    by_line: dict[int, list[str]] = {}
    for claim in report.claims:
        by_line.setdefault(claim.span.line, []).append(claim.id)
    assert by_line[5] and by_line[7]
    known = frozenset([by_line[7][0], by_line[5][0]])  # line 5 is ignored inline as well: inline wins
    marked = suppress(report, known).suppressed
    assert {marked[i] for i in by_line[5]} == {"inline"}
    assert marked[by_line[7][0]] == "baseline"
    assert set(marked) == {*by_line[5], by_line[7][0]}

    # suppressed claims never count for --fail-on
    contested = SimpleNamespace(verdict="contested")
    checked = ClaimsReport(article, report.claims, "f", "c", {c.id: contested for c in report.claims})  # type: ignore[misc]
    total = len({c.id for c in report.claims})
    assert findings(RunReport((checked,), "f", "c"), "contested") == total
    assert findings(RunReport((suppress(checked, known),), "f", "c"), "contested") == total - len(marked)


# --- integrations ----------------------------------------------------------------------------------


def test_pre_commit_hook_names_a_real_console_script() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "factcheck" and hook["language"] == "python" and hook["pass_filenames"] is True
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    command, subcommand = hook["entry"].split()
    assert command in scripts and subcommand == "check"
    files = re.compile(hook["files"])
    assert all(files.search(name) for name in ("a.md", "b.markdown", "c.txt", "d.html", "e.htm"))
    assert not any(files.search(name) for name in ("f.py", "g.json", "md.csv"))


def test_bad_flag_value_is_exit_2(clean_env: dict[str, str]) -> None:
    result = run(["check", str(EXAMPLE), "--fail-on", "bogus"], clean_env)
    assert result.returncode == 2 and b"--fail-on: expected one of" in result.stderr
    with pytest.raises(FactcheckError, match="unknown format"):
        resolve({"format": "xml"}, REPO, environ={})


def test_stance_setting_reaches_the_run_options(clean_env: dict[str, str], project: Path) -> None:
    found = settings(run(["config", "-f", "json"], {**clean_env, "FACTCHECK_STANCE": "rules"}, cwd=project))
    assert found["stance"] == {"value": "rules", "source": "env", "origin": "FACTCHECK_STANCE"}
    from factcheck.app import options_from
    from factcheck.config import resolve

    assert options_from(resolve({}, project, {"FACTCHECK_STANCE": "rules"})).stance == "rules"
    assert (
        options_from(resolve({"stance": "model"}, project, {"FACTCHECK_STANCE": "rules"})).stance == "model"
    )


@pytest.mark.parametrize("mode", ["model", "rules"])
def test_the_stance_setting_decides_the_checkers_model(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import factcheck.verify.check as check_module
    from factcheck.app import Options, check
    from tests.verify_helpers import write_report

    write_report(tmp_path / "corpus", "a", "قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور.", "وكالة")
    given: list[object] = []
    real_init = check_module.Checker.__init__

    def recording_init(self: object, *args: object, **kwargs: object) -> None:
        given.append(args[6] if len(args) > 6 else kwargs.get("stance_model"))
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module.Checker, "__init__", recording_init)
    article = tmp_path / "article.txt"
    article.write_text("قتل 4 جنود سوريين في غارة قرب بلدة عياش بدير الزور.", encoding="utf-8")
    check(str(article), Options(corpus=tmp_path / "corpus", index=tmp_path / "ix", quiet=True, stance=mode))
    assert given and all((model is None) == (mode == "rules") for model in given)
