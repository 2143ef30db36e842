"""Known claims: a baseline file lists the findings a team has accepted, so checks fail only on new ones.

The file is JSON (README "Known claims"): claims are matched on their stable id alone, whatever
draft they are in; the input path, line, verdict and text are there for the humans who review it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck import __version__
from factcheck.atomic import write_atomically
from factcheck.errors import FactcheckError

if TYPE_CHECKING:
    from factcheck.report import RunReport

DEFAULT_BASELINE = ".factcheck-baseline.json"
BASELINE_FORMAT = 1
KNOWN_VERDICTS = ("contested", "unverified")  # what any --fail-on level can fail on


def baseline_document(run: RunReport, folder: Path) -> dict[str, Any]:
    """Every checked claim the corpus did not corroborate and no inline marker hides, sorted."""
    claims = []
    for report in run.articles:
        for claim in report.claims:
            verification = report.verification(claim)
            if verification is None or verification.verdict not in KNOWN_VERDICTS:
                continue
            if report.suppressed.get(claim.id) == "inline":
                continue
            claims.append(
                {
                    "id": claim.id,
                    "input": _relative(report.article.origin, folder),
                    "line": claim.span.line,
                    "verdict": verification.verdict,
                    "text": claim.text,
                    "reason": verification.reason,
                }
            )
    claims.sort(key=lambda c: (c["input"], c["line"], c["id"]))
    return {
        "factcheck_baseline": BASELINE_FORMAT,
        "tool": {"name": "factcheck", "version": __version__},
        "corpus": run.corpus,
        "claims": claims,
    }


def _relative(origin: str, folder: Path) -> str:
    """Local inputs relative to the baseline's folder (stable whatever the working directory)."""
    if origin == "-" or "://" in origin:
        return origin
    try:
        return Path(os.path.relpath(Path(origin).absolute(), folder.absolute())).as_posix()
    except ValueError:  # another drive on Windows
        return origin


def write_baseline(run: RunReport, path: Path) -> int:
    """Atomically (a temporary file in the same folder, then a rename); returns the number of claims."""
    document = baseline_document(run, path.parent)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FactcheckError(f"{path}: folder {folder} does not exist")
    write_atomically(path, text)
    return len(document["claims"])


def load_baseline(path: Path) -> frozenset[str]:
    """The known claims' ids; anything but a baseline file is a one-line error (exit 2)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FactcheckError(f"{path}: no such baseline file (write one with `factcheck baseline`)") from None
    except OSError as exc:
        raise FactcheckError(f"{path}: cannot read baseline ({exc.strerror})") from None
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FactcheckError(f"{path}: malformed baseline: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FactcheckError(f"{path}:{exc.lineno}: malformed baseline: {exc.msg}") from None
    if not isinstance(document, dict) or document.get("factcheck_baseline") != BASELINE_FORMAT:
        raise FactcheckError(
            f'{path}: malformed baseline: expected an object with "factcheck_baseline": {BASELINE_FORMAT}'
        )
    claims = document.get("claims")
    if not isinstance(claims, list) or not all(
        isinstance(c, dict) and isinstance(c.get("id"), str) and c["id"] for c in claims
    ):
        raise FactcheckError(f'{path}: malformed baseline: "claims" must be a list of objects with an "id"')
    return frozenset(c["id"] for c in claims)
