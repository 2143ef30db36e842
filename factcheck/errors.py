"""Errors a user can cause, each with the exit code the CLI documents."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class FactcheckError(Exception):
    """An error reported to the user as one line on stderr, never a traceback."""

    exit_code = EXIT_USAGE


class InputError(FactcheckError):
    """An article or corpus file that cannot be read or decoded."""


class RuleFileError(FactcheckError):
    """A rule file that does not validate; carries the file and line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
