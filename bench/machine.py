"""What machine and code a benchmark ran on (shared by the benchmark scripts)."""

from __future__ import annotations

import platform
import subprocess
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return None


REPO = Path(__file__).resolve().parents[1]


def git_output(*args: str) -> str:
    """Read-only git query; empty when git or the repository is missing."""
    try:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return done.stdout.strip()


def rules_fingerprint() -> str:
    from factcheck.rulebook.load import builtin_rules_dir, fingerprint, rule_files

    return fingerprint(rule_files([builtin_rules_dir()]))
