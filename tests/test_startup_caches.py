"""The start-up caches (camel-tools charsets, compiled rulebooks) change nothing but time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

_PROBE = """
import json, sys
from factcheck.text.segment import segment
from factcheck.text.normalize import normalize_text
text = "قُتل ٤ جنود، وأصيب 13 آخرون… «بحسب المرصد» 😀 (1,200) كم!"
tokens = [[t.text for t in s.tokens] for s in segment(text)]
import camel_tools.utils.charsets as charsets  # after factcheck loaded it, as in a real run
print(json.dumps({
    "tokens": tokens,
    "normal": normalize_text(text),
    "cached": "start-up cache" in (charsets.__doc__ or ""),
    "letters": len(charsets.UNICODE_LETTER_CHARSET),
}, ensure_ascii=False))
"""


def _probe(cache: Path, **extra: str) -> dict[str, object]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), **extra}
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, check=True, cwd=REPO)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_charset_cache_gives_the_same_tokens_and_normal_forms(tmp_path: Path) -> None:
    real = _probe(tmp_path / "none", FACTCHECK_NO_CHARSET_CACHE="1")
    first = _probe(tmp_path)  # builds the cache from the real module
    second = _probe(tmp_path)  # reads it
    assert real["cached"] is False and first["cached"] is False and second["cached"] is True
    assert real["tokens"] == first["tokens"] == second["tokens"]
    assert real["normal"] == second["normal"]
    # Sets left out of the file are still there when asked for, from the real module.
    assert second["letters"] == real["letters"] and int(str(real["letters"])) > 100_000


def test_a_damaged_charset_cache_falls_back_to_the_real_module(tmp_path: Path) -> None:
    _probe(tmp_path)
    (cached,) = (tmp_path / "factcheck").glob("camel-charsets-*")
    cached.write_bytes(b"\x00garbage")
    result = _probe(tmp_path)
    assert result["cached"] is False and result["tokens"]
    assert _probe(tmp_path)["cached"] is True  # rebuilt by the fallback


_BOOK = """
import sys
from pathlib import Path
from factcheck.rulebook.load import load_rulebook
extra = [Path(p) for p in sys.argv[1:]]
book = load_rulebook(extra)
examples = sum(len(rule.examples) for rule in [*book.predicate_rules, *book.hedge_rules])
print(book.fingerprint, len(book.files), examples, "pydantic" in sys.modules)
"""


def _book(cache: Path, *extra: Path) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _BOOK, *map(str, extra)], env=env, capture_output=True, check=True, cwd=REPO
    )
    return done.stdout.decode().strip()


def test_rulebook_cache_follows_the_rule_files(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    user_rules = tmp_path / "rules"
    user_rules.mkdir()
    rule = user_rules / "hedges.yaml"
    rule.write_text(
        "type: hedges\nhedges:\n  - id: user_maybe\n    category: speculation\n    phrases: [على الأغلب]\n"
        "    examples:\n      - {text: على الأغلب قتل 3 جنود, hedged: true}\n"
        "      - {text: قتل 3 جنود, hedged: false}\n",
        encoding="utf-8",
    )
    first = _book(cache, user_rules)
    assert list((cache / "factcheck" / "rulebooks").iterdir()), "the compiled rulebook was not stored"
    assert _book(cache, user_rules).split()[:3] == first.split()[:3]  # from the cache
    rule.write_text(rule.read_text(encoding="utf-8").replace("على الأغلب", "في الأغلب"), encoding="utf-8")
    changed = _book(cache, user_rules)
    assert changed.split()[0] != first.split()[0]  # an edited rule is compiled afresh


def test_an_unusable_rulebook_cache_is_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("not a directory", encoding="utf-8")  # the cache folder cannot be created
    assert _book(blocked).split()[0]


def test_a_cached_rulebook_loads_without_pydantic(tmp_path: Path) -> None:
    """Validation needs pydantic; a rulebook from the cache must not (0.2 s of every check)."""
    cache = tmp_path / "cache"
    fingerprint, files, examples, pydantic_loaded = _book(cache).split()
    assert pydantic_loaded == "True"  # compiled: the rule files were validated
    assert int(examples) > 50  # the rules' own examples survive the cache
    assert _book(cache).split() == [fingerprint, files, examples, "False"]


_CHECK = """
import contextlib, io, runpy, sys
sys.argv = ["factcheck", "check", sys.argv[1], "--corpus", sys.argv[2], "--index", sys.argv[3], "-q"]
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    runpy.run_module("factcheck", run_name="__main__")
print(sorted(name for name in ("pydantic", "requests", "trafilatura", "torch") if name in sys.modules))
"""


def test_a_repeated_check_imports_no_heavy_library(tmp_path: Path) -> None:
    """Once the caches are warm, `factcheck check` needs neither pydantic (rule validation, and typer
    0.29's parameter coercion) nor the URL and model libraries."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    article = REPO / "examples" / "article.txt"
    corpus, index = REPO / "examples" / "corpus", tmp_path / "index"
    command = [sys.executable, "-c", _CHECK, str(article), str(corpus), str(index)]
    first = subprocess.run(command, env=env, capture_output=True, check=True, cwd=REPO)
    assert "pydantic" in first.stdout.decode()  # the rules were compiled: the probe can see imports
    again = subprocess.run(command, env=env, capture_output=True, check=True, cwd=REPO)
    assert json.loads(again.stdout) == []
