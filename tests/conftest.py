"""Shared fixtures: the built-in rulebook is loaded once per session (it is immutable)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from factcheck.rulebook.compile import Rulebook
from factcheck.rulebook.load import load_rulebook

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = REPO.parent / "shared"
SEED_ARTICLE = SHARED / "seed" / "article.txt"


@pytest.fixture(scope="session")
def book() -> Rulebook:
    return load_rulebook()


def factcheck_command() -> list[str]:
    """The installed console script (end-to-end tests run what users run)."""
    script = Path(sys.executable).parent / "factcheck"
    found = str(script) if script.exists() else shutil.which("factcheck")
    assert found, "the factcheck console script is not installed"
    return [found]


@pytest.fixture
def clean_env() -> dict[str, str]:
    """Environment for subprocesses: no colour, no bidi override, no user corpus."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["NO_COLOR"] = "1"
    return env
