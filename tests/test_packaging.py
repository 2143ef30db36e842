"""Packaging: a wheel built offline ships the rules and a non-editable install finds them; the CLI's
--help path does not import camel-tools."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

RULE_FILES = (
    "factcheck/builtin_rules/numbers.yaml",
    "factcheck/builtin_rules/predicates/casualties.yaml",
    "factcheck/builtin_rules/entities/countries.yaml",
)


def _env() -> dict[str, str]:
    """No PYTHONPATH (the subprocess must not see the checkout through it) and no pip network."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env["PIP_NO_INDEX"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.fail(
            "hatchling is not installed in this environment: the offline wheel build "
            "(pip wheel --no-build-isolation) needs it; install the test extra: pip install -e '.[test]'"
        )
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=out,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(out.glob("factcheck-*.whl"))
    assert len(wheels) == 1, list(out.iterdir())
    return wheels[0]


def test_wheel_ships_rules(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in RULE_FILES:
        assert name in names, f"{name} missing from {wheel.name}"
    rules = {name for name in names if name.startswith("factcheck/builtin_rules/")}
    shipped = {
        "factcheck/builtin_rules/" + path.relative_to(REPO / "rules").as_posix()
        for path in (REPO / "rules").rglob("*.yaml")
    }
    assert shipped <= rules


def test_wheel_ships_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "factcheck/__init__.py" in names
    assert "factcheck/cli.py" in names
    assert "factcheck/rulebook/load.py" in names
    assert not any(name.startswith("tests/") for name in names)


def test_unpacked_wheel_finds_its_rules(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(site)!r})
        import factcheck
        from factcheck.rulebook.load import builtin_rules_dir, load_rulebook
        assert factcheck.__file__.startswith({str(site)!r}), factcheck.__file__
        d = builtin_rules_dir()
        assert 'builtin_rules' in str(d), d
        assert str(d).startswith({str(site)!r}), d
        book = load_rulebook()
        assert book.predicate_rules and book.entity_by_id
        assert all(str(f).startswith({str(site)!r}) for f in book.files), book.files
        print(len(book.files))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=elsewhere,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= len(RULE_FILES)


def _imported_modules(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        timeout=300,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    return result, modules


def _camel(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] == "camel_tools"}


def test_help_does_not_import_camel_tools() -> None:
    result, modules = _imported_modules("-m", "factcheck", "--help")
    assert result.returncode == 0, result.stderr
    assert "claims" in result.stdout
    assert "factcheck.cli" in modules  # the measurement saw the CLI being imported
    assert not _camel(modules), sorted(_camel(modules))


def test_importing_the_cli_does_not_import_camel_tools() -> None:
    result, modules = _imported_modules("-c", "import factcheck.cli")
    assert result.returncode == 0, result.stderr
    assert "factcheck.cli" in modules
    assert not _camel(modules), sorted(_camel(modules))


def test_importtime_detects_camel_tools() -> None:
    """Control: the check above would see camel-tools if it were imported."""
    result, modules = _imported_modules(
        "-c", "from factcheck.text.normalize import normalize; normalize('قتل')"
    )
    assert result.returncode == 0, result.stderr
    assert "camel_tools.utils.dediac" in _camel(modules)


# Heavy libraries that only commands need: start-up must not pay for them.
_HEAVY = ("camel_tools", "pydantic", "tantivy", "torch", "trafilatura", "diskcache")


def test_help_imports_no_heavy_library() -> None:
    result, modules = _imported_modules("-m", "factcheck", "--help")
    assert result.returncode == 0, result.stderr
    heavy = sorted({name.split(".")[0] for name in modules} & set(_HEAVY))
    assert heavy == []


def test_importtime_detects_pydantic() -> None:
    """Control: loading the rules does import pydantic, and the check above would see it."""
    result, modules = _imported_modules("-c", "import factcheck.rulebook.schema")
    assert result.returncode == 0, result.stderr
    assert "pydantic" in {name.split(".")[0] for name in modules}


def test_no_committed_merge_conflict_markers() -> None:
    """A merge once left `<<<<<<<` markers in bench/README.md; git does not refuse to commit them."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.fail(f"git ls-files failed in {REPO}: {listed.stderr.decode(errors='replace')}")
    markers = ("<<<<<<< ", ">>>>>>> ")
    text_suffixes = {".md", ".py", ".yaml", ".toml", ".json", ".txt"}
    offenders = []
    for name in listed.stdout.decode().split("\0"):
        path = REPO / name
        if not name or path.suffix not in text_suffixes or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if line.startswith(markers) or line == "=======":
                offenders.append(f"{name}:{number}")
    assert offenders == []
