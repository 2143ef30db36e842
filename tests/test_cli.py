"""End to end: the installed console script, as users and pipelines run it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO, SEED_ARTICLE, factcheck_command

SCHEMA = json.loads((REPO / "schema" / "claims.schema.json").read_text(encoding="utf-8"))
EXAMPLE = REPO / "examples" / "article.txt"


def run(
    args: list[str], env: dict[str, str], stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*factcheck_command(), *args], input=stdin, capture_output=True, env=env, timeout=120
    )


def test_claims_json_is_pure_and_valid(clean_env: dict[str, str]) -> None:
    result = run(["claims", str(EXAMPLE), "--format", "json"], clean_env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)  # stdout holds nothing but the document
    jsonschema.validate(document, SCHEMA)
    assert document["summary"]["claims"] == len([c for c in document["claims"] if c["checkable"]]) > 5
    text = EXAMPLE.read_text(encoding="utf-8")
    for claim in document["claims"]:
        assert text[claim["span"]["start"] : claim["span"]["end"]] == claim["text"]


def test_json_is_byte_identical_across_runs(clean_env: dict[str, str]) -> None:
    first = run(["claims", str(EXAMPLE), "-f", "json"], clean_env).stdout
    second = run(["claims", str(EXAMPLE), "-f", "json"], clean_env).stdout
    assert first == second and first


def test_stdin_and_file_give_the_same_claims(clean_env: dict[str, str]) -> None:
    from_file = json.loads(run(["claims", str(EXAMPLE), "-f", "json"], clean_env).stdout)
    from_stdin = json.loads(run(["claims", "-", "-f", "json"], clean_env, EXAMPLE.read_bytes()).stdout)
    assert [article["path"] for article in from_stdin["inputs"]] == ["-"]
    assert {claim["input"] for claim in from_stdin["claims"]} == {"-"}
    assert [c["id"] for c in from_stdin["claims"]] == [c["id"] for c in from_file["claims"]]


def test_bare_article_lists_claims_and_says_none_checked(clean_env: dict[str, str]) -> None:
    result = run([str(EXAMPLE), "--format", "json"], clean_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["checked"] is False
    assert b"none of" in result.stderr and b"could be checked" in result.stderr


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="seed article missing")
def test_seed_table_shows_the_named_figures(clean_env: dict[str, str]) -> None:
    result = run(["claims", str(SEED_ARTICLE), "--bidi", "logical"], {**clean_env, "COLUMNS": "200"})
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0
    for figure in ("4 person", "13 person", "> 55 km", "≤ 1200 person", "2 letter"):
        assert figure in out
    assert "انسحبت دولة كندا" in out


def test_visual_mode_reorders_arabic(clean_env: dict[str, str], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("أسفر القصف عن مقتل 4 جنود.", encoding="utf-8")
    logical = run(["claims", str(article), "--bidi", "logical"], clean_env).stdout.decode()
    visual = run(["claims", str(article), "--bidi", "visual"], clean_env).stdout.decode()
    assert "مقتل 4 جنود" in logical
    assert "مقتل 4 جنود" not in visual and "ﺩﻮﻨﺟ" in visual  # shaped glyphs, right to left


def test_all_shows_speculation_marked(clean_env: dict[str, str], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("ربما قُتل عشرات الجنود في الهجوم.", encoding="utf-8")
    plain = json.loads(run(["claims", str(article), "-f", "json"], clean_env).stdout)
    everything = json.loads(run(["claims", str(article), "-f", "json", "--all"], clean_env).stdout)
    assert plain["claims"] == []
    assert everything["claims"] and not everything["claims"][0]["checkable"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claims", "no-such-file.txt"], b"no such file"),
        (["claims", "-f", "xml", "examples/article.txt"], b"unknown format"),
        (["claims", "--rules", "no-such-dir", "examples/article.txt"], b"rules directory not found"),
    ],
)
def test_user_errors_are_one_line_exit_2(args: list[str], message: bytes, clean_env: dict[str, str]) -> None:
    result = subprocess.run(
        [*factcheck_command(), *args], capture_output=True, env=clean_env, cwd=REPO, timeout=60
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert b"Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_binary_input_is_refused(clean_env: dict[str, str], tmp_path: Path) -> None:
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    result = run(["claims", str(binary)], clean_env)
    assert result.returncode == 2 and b"binary" in result.stderr


def test_windows_1256_is_decoded(clean_env: dict[str, str], tmp_path: Path) -> None:
    article = tmp_path / "legacy.txt"
    article.write_bytes("أسفر القصف عن مقتل 4 جنود.".encode("cp1256"))
    document = json.loads(run(["claims", str(article), "-f", "json"], clean_env).stdout)
    assert [c["quantity"]["value"] for c in document["claims"]] == [4]


@pytest.mark.parametrize(("level", "code"), [("contested", 1), ("unverified", 1), ("never", 0), ("bogus", 2)])
def test_fail_on_sets_the_exit_code(level: str, code: int, clean_env: dict[str, str], tmp_path: Path) -> None:
    # examples/corpus holds contested and unverified claims for examples/article.txt.
    args = [
        "check",
        str(EXAMPLE),
        "--corpus",
        str(REPO / "examples" / "corpus"),
        "--index",
        str(tmp_path / "ix"),
    ]
    result = run([*args, "-q", "-f", "json", "--fail-on", level], clean_env)
    assert result.returncode == code, result.stderr
    if code != 2:
        summary = json.loads(result.stdout)["summary"]["verdicts"]
        assert summary["contested"] > 0 and summary["unverified"] > 0


def test_fail_on_without_a_corpus_passes(clean_env: dict[str, str]) -> None:
    assert run(["check", str(EXAMPLE), "-f", "json", "--fail-on", "unverified"], clean_env).returncode == 0


def test_checked_json_is_byte_identical_across_fresh_indexes(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    corpus = str(REPO / "examples" / "corpus")
    args = ["check", str(EXAMPLE), "--corpus", corpus, "-q", "-f", "json", "--fail-on", "never"]
    outputs = [
        run([*args, "--index", str(tmp_path / name)], clean_env).stdout for name in ("first", "second")
    ]
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["summary"]["checked"] is True
