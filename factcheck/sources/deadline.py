"""A blocking call with a deadline on the whole of it. Socket timeouts bound each read, and every
byte restarts them: a server that drips a byte at a time, in its headers as well as its body,
outlasts any of them. Only a clock around the whole call bounds it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DeadlinePassed(Exception):
    """The call had not returned when its time was up."""


def within(seconds: float, call: Callable[[], T]) -> T:
    """`call()`'s result or exception, or DeadlinePassed after `seconds`. The call runs in a daemon
    thread: one still running at the deadline is abandoned (the caller's exit never waits for it),
    so the call should give up by itself soon after (web.py's reads check the same clock)."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="factcheck-deadline", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise DeadlinePassed
    if failure:
        raise failure[0]
    return outcome[0]
