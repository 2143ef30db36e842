"""Bad rule files are reported as file:line (library and CLI); good user rules extend the rulebook.

Each tests/data/bad_rules/<case>/ folder holds one faulty rule file, loaded as a user rules directory
on top of the built-in rules."""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

from factcheck.errors import RuleFileError
from factcheck.rulebook.load import load_rulebook
from tests.conftest import DATA, factcheck_command

BAD_RULES = DATA / "bad_rules"


class Case(NamedTuple):
    name: str  # folder under tests/data/bad_rules
    file: str  # the faulty file in it
    line: int  # the line of the fault (0: the loader may not know it)
    fault: str  # text on that line (guards the table against edits of the data files)
    message: str  # text the error message must contain


CASES = [
    Case("invalid_yaml", "widgets.yaml", 5, "[قطعة, قطع", "invalid YAML"),
    Case("duplicate_key", "widgets.yaml", 7, "singular: [وحدة]", "duplicate key 'singular'"),
    Case("unknown_type", "misc.yaml", 3, "type: widgets", "unknown type 'widgets'"),
    Case("predicate_without_negative", "kidnapping.yaml", 4, "id: user.kidnapped", "negative example"),
    Case("unknown_field", "widgets.yaml", 7, "colour: red", "colour"),
    Case("wrong_kind", "kidnapping.yaml", 5, "kind: abduction", "kind"),
    Case("unknown_unit", "kidnapping.yaml", 8, "units: [hostage]", "hostage"),
    Case("bad_hedge_regex", "my_hedges.yaml", 7, 'next_pattern: "^[يتن"', "next_pattern"),
    Case("unknown_part_of", "my_places.yaml", 8, "part_of: atlantis", "atlantis"),
    Case("unknown_members", "my_groups.yaml", 8, "members: pirates", "group pirates is not defined"),
]
# canada is defined by the built-in entities/countries.yaml and again by the user's file.
TWICE = Case("entity_defined_twice", "my_countries.yaml", 4, "id: canada", "'canada' defined twice")
ALL_CASES = [*CASES, TWICE]
BY_NAME = {case.name: case for case in ALL_CASES}
# Faults the loader already locates: the CLI must print them as file:line.
LOCATED = [BY_NAME["duplicate_key"], BY_NAME["wrong_kind"], BY_NAME["unknown_type"]]


def _ids(cases: list[Case]) -> list[str]:
    return [case.name for case in cases]


@pytest.mark.parametrize("case", ALL_CASES, ids=_ids(ALL_CASES))
def test_case_data(case: Case) -> None:
    """Each case folder holds exactly its one faulty file, and the table points at the faulty line."""
    folder = BAD_RULES / case.name
    assert sorted(p.name for p in folder.iterdir()) == [case.file]
    lines = (folder / case.file).read_text(encoding="utf-8").splitlines()
    assert case.fault in lines[case.line - 1]


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_bad_rule_file_reports_file_and_line(case: Case) -> None:
    with pytest.raises(RuleFileError) as caught:
        load_rulebook([BAD_RULES / case.name])
    error = caught.value
    assert case.message in str(error)
    assert error.file.endswith(case.file), f"error names {error.file!r}, not the faulty file"
    assert error.line == case.line
    assert str(error).startswith(f"{error.file}:{case.line}: ")


def test_entity_defined_twice_across_files() -> None:
    with pytest.raises(RuleFileError) as caught:
        load_rulebook([BAD_RULES / TWICE.name])
    error = caught.value
    assert error.file.endswith(TWICE.file)
    assert error.line in (0, TWICE.line)
    assert TWICE.message in error.message


def test_bad_rules_do_not_break_the_builtin_rulebook() -> None:
    assert load_rulebook().predicate_rules


# The command line ----------------------------------------------------------------------------------
def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*factcheck_command(), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize("case", ALL_CASES, ids=_ids(ALL_CASES))
def test_cli_validate_reports_one_line(case: Case, clean_env: dict[str, str], tmp_path: Path) -> None:
    """The CLI prints the loader's error as one line (where it points is tested above)."""
    folder = BAD_RULES / case.name
    with pytest.raises(RuleFileError) as caught:
        load_rulebook([folder.resolve()])
    result = _run(["rules", "validate", "--rules", str(folder.resolve())], clean_env, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"factcheck: error: {caught.value}"]
    assert case.message in result.stderr


@pytest.mark.parametrize("case", LOCATED, ids=_ids(LOCATED))
def test_cli_validate_names_file_and_line(case: Case, clean_env: dict[str, str], tmp_path: Path) -> None:
    result = _run(["rules", "validate", "--rules", str(BAD_RULES / case.name)], clean_env, tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{case.file}:{case.line}: " in lines[0]
    assert result.stdout == ""


def test_cli_validate_accepts_builtin_rules(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = _run(["rules", "validate"], clean_env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"\d+ rule files valid", result.stdout)


def test_cli_rules_test_passes(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = _run(["rules", "test"], clean_env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    found = re.search(r"^(\d+) passed, 0 failed$", result.stdout, re.MULTILINE)
    assert found, result.stdout
    assert int(found.group(1)) > 50


USER_PREDICATE = textwrap.dedent(
    """\
    type: predicates
    predicates:
      - id: user.kidnapped
        kind: count
        predicate: kidnapped
        triggers: [اختطاف, اختطف, خطف]
        units: [person]
        examples:
          - text: "أعلنت الشرطة اختطاف 7 أشخاص في المدينة"
            expect: {value: 7, unit: person}
          - text: "ناقش البرلمان الموازنة العامة"
            expect: none
    """
)
ARTICLE = "أعلنت الشرطة اختطاف 7 أشخاص في المدينة.\nوناقش البرلمان الموازنة العامة.\n"


@pytest.fixture
def user_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "my_rules" / "predicates"
    folder.mkdir(parents=True)
    (folder / "kidnapping.yaml").write_text(USER_PREDICATE, encoding="utf-8")
    return tmp_path / "my_rules"


def _claims(args: list[str], env: dict[str, str], cwd: Path) -> list[dict]:
    result = _run(["claims", *args, "--format", "json"], env, cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["claims"]


def test_user_predicate_adds_claims(user_rules: Path, clean_env: dict[str, str], tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    without = _claims([str(article)], clean_env, tmp_path)
    assert "kidnapped" not in {claim["predicate"] for claim in without}

    claims = _claims([str(article), "--rules", str(user_rules)], clean_env, tmp_path)
    kidnapped = [claim for claim in claims if claim["predicate"] == "kidnapped"]
    assert len(kidnapped) == 1, claims
    claim = kidnapped[0]
    assert claim["rule"] == "user.kidnapped"
    assert claim["kind"] == "count"
    assert claim["quantity"]["value"] == 7
    assert claim["quantity"]["unit"] == "person"
    assert claim["span"]["line"] == 1


def test_user_predicate_examples_run(user_rules: Path, clean_env: dict[str, str], tmp_path: Path) -> None:
    builtin = re.search(r"^(\d+) passed", _run(["rules", "test"], clean_env, tmp_path).stdout, re.MULTILINE)
    result = _run(["rules", "test", "--rules", str(user_rules)], clean_env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    extended = re.search(r"^(\d+) passed, 0 failed$", result.stdout, re.MULTILINE)
    assert builtin and extended, result.stdout
    assert int(extended.group(1)) == int(builtin.group(1)) + 2
