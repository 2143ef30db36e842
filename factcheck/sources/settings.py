"""How inputs are read: size limits, and how URLs are fetched and cached. Every field has a default."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factcheck import __version__
from factcheck.user_cache import cache_dir

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def default_http_cache_dir() -> Path:
    """$XDG_CACHE_HOME/factcheck/http, else ~/.cache/factcheck/http (beside the corpus indexes)."""
    return cache_dir("http")


@dataclass(frozen=True)
class InputSettings:
    """Limits and network behaviour for reading articles (files, standard input, http(s) URLs)."""

    # Refuse the network: a URL is served from the cache when it holds a copy, otherwise refused.
    offline: bool = False
    # Largest article accepted, in bytes, for files, standard input and downloaded pages alike;
    # a file is refused from its size before it is read, a download stops past the limit.
    max_bytes: int = DEFAULT_MAX_BYTES
    # Seconds to wait for a connection, and for each read from it (requests' connect/read timeouts).
    timeout: float = 10.0
    # Seconds a whole download may take, redirects included (a server that trickles bytes never
    # hits the read timeout); see total_timeout_for.
    total_timeout: float = 60.0
    max_redirects: int = 5
    # Fetch URLs (and follow redirects) to loopback, private, link-local and other non-public
    # addresses: off by default, so a CI job checking a draft that names a URL cannot be made to
    # reach the runner's internal services.
    allow_private_urls: bool = False
    cache_dir: Path | None = None  # None: default_http_cache_dir()
    use_cache: bool = True  # False: neither read nor write the HTTP cache
    # A cached page is reused for this many seconds before it is fetched again (offline: any age).
    cache_ttl: float = 24 * 3600
    user_agent: str = f"factcheck/{__version__}"

    def http_cache_dir(self) -> Path:
        return self.cache_dir if self.cache_dir is not None else default_http_cache_dir()


def total_timeout_for(timeout: float) -> float:
    """The limit on a whole download for a given connect/read timeout: 60 s, or 6 reads' worth
    when the timeout is long (a slow network needs more time for everything)."""
    return max(60.0, 6 * timeout)
