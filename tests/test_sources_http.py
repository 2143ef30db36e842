"""URL inputs against a server the tests start on 127.0.0.1 (no other network)."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from factcheck import __version__
from factcheck.errors import InputError
from factcheck.sources import addresses
from factcheck.sources.resolve import InputSettings, sources_for
from factcheck.sources.web import UrlSource, redact
from tests.conftest import factcheck_command

KILLED = "قالت قيادة العمليات المشتركة إن الغارات أسفرت عن مقتل 27 مسلحا وتدمير ثلاث آليات مفخخة."
FILLER = (
    "وأضاف البيان أن العمليات العسكرية ستتواصل خلال الأيام المقبلة في المناطق المحيطة بالمدينة، "
    "مشيرا إلى أن القوات الأمنية تعمل على تأمين الطرق الرئيسية وإعادة الخدمات إلى الأحياء السكنية."
)
PAGE = f"""<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8">
<title>غارات على الرمادي | الموقع</title>
<meta property="og:title" content="غارات على الرمادي">
<meta property="og:site_name" content="وكالة المثال">
<meta property="article:published_time" content="2015-12-08T09:00:00+03:00">
</head><body>
<nav><a href="/">اتصل بنا</a> <a href="/sport">قسم الرياضة</a></nav>
<article><h1>غارات على الرمادي</h1>
<p>{KILLED}</p><p>{FILLER}</p><p>{FILLER}</p>
</article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>
"""


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int]
    user_agents: list[str]
    authorizations: list[str]

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, content_type: str | None, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def drip(self, headers: bool) -> None:
        """One byte every 0.1 s, for at most 8 s: each byte resets a client's read timeout. With
        `headers`, the header block itself drips (it never ends); else the body does."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
        drip = b"X-Drip: " + b"a" * 80 if headers else b"\r\n" + KILLED.encode()[:80]
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(head)
            self.wfile.flush()
            for byte in drip:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send(status, b"", "text/plain", Location=location)

    def do_GET(self) -> None:
        path = self.path
        self.hits[path] = self.hits.get(path, 0) + 1
        self.user_agents.append(self.headers.get("User-Agent", ""))
        self.authorizations.append(self.headers.get("Authorization", ""))
        if path == "/story.html":
            self.send(200, PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/plain.txt":
            self.send(200, KILLED.encode(), "text/plain; charset=utf-8")
        elif path == "/cp1256.txt":
            self.send(200, KILLED.encode("cp1256"), "text/plain; charset=windows-1256")
        elif path == "/draft.md":
            body = f"---\ndate: 2015-12-08\n---\n# عنوان\n\n**{KILLED}**\n"
            self.send(200, body.encode(), "text/markdown")
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/report.pdf":
            self.send(200, b"%PDF-1.4", "application/pdf")
        elif path == "/missing":
            self.send(404, b"not here", "text/html")
        elif path == "/broken":
            self.send(500, b"oops", "text/html")
        elif path == "/moved":
            self.redirect("/hop2", 301)
        elif path == "/hop2":
            self.redirect(f"http://127.0.0.1:{self.server.server_address[1]}/plain.txt")
        elif path == "/loop":
            self.redirect("/loop2")
        elif path == "/loop2":
            self.redirect("/loop")
        elif path.startswith("/chain/"):
            self.redirect(f"/chain/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/to-file":
            self.redirect("file:///etc/passwd")
        elif path == "/to-ftp":
            self.redirect("ftp://127.0.0.1/story.txt")
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif path == "/big-streamed":  # no Content-Length: the client must count
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(("ا" * 8192).encode())
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/slow":
            time.sleep(1.5)
            # The client gave up before this (the timeout under test): nobody is left to read it.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send(200, KILLED.encode(), "text/plain")
        elif path in ("/drip", "/drip-headers"):
            self.drip(headers=path == "/drip-headers")
        elif path == "/nothing.html":
            self.send(200, b"<html><body><script>x()</script></body></html>", "text/html")
        else:
            self.send(404, b"", "text/plain")


@pytest.fixture
def server() -> Iterator[tuple[str, Handler]]:
    handler = type("H", (Handler,), {"hits": {}, "user_agents": [], "authorizations": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler  # type: ignore[misc]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def settings(tmp_path: Path) -> InputSettings:
    # The server is on 127.0.0.1: these tests allow private addresses (a test below checks the default).
    return InputSettings(cache_dir=tmp_path / "http", timeout=2.0, allow_private_urls=True)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def read(url: str, settings: InputSettings):  # type: ignore[no-untyped-def]
    (source,) = sources_for([url], settings)
    return source.read()


def error(url: str, settings: InputSettings) -> str:
    with pytest.raises(InputError) as raised:
        read(url, settings)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_html_page_article_and_metadata_by_trafilatura(server, settings):
    base, handler = server
    article = read(f"{base}/story.html", settings)
    assert article.origin == f"{base}/story.html"
    assert KILLED in article.text
    assert "قسم الرياضة" not in article.text and "جميع الحقوق" not in article.text  # boilerplate gone
    assert article.date == dt.date(2015, 12, 8)
    assert article.title and "غارات على الرمادي" in article.title
    assert article.source == "وكالة المثال"
    assert handler.user_agents == [f"factcheck/{__version__}"]


def test_plain_text_and_markdown_urls(server, settings):
    base, _ = server
    assert read(f"{base}/plain.txt", settings).text == KILLED
    assert read(f"{base}/cp1256.txt", settings).text == KILLED
    draft = read(f"{base}/draft.md", settings)
    assert draft.date == dt.date(2015, 12, 8) and "**" not in draft.text
    assert draft.locate(draft.text.index("قالت")) == (6, 3)


def test_second_read_comes_from_the_cache_without_network(server, settings):
    base, handler = server
    url = f"{base}/story.html"
    first = read(url, settings)
    assert handler.hits["/story.html"] == 1
    second = read(url, settings)
    assert handler.hits["/story.html"] == 1
    assert second == first
    assert not any((settings.cache_dir or Path()).rglob("*127.0.0.1*"))


def test_cache_survives_the_server_and_serves_offline(server, settings, tmp_path):
    base, _ = server
    url = f"{base}/plain.txt"
    read(url, settings)
    port = int(base.rsplit(":", 1)[1])
    offline = InputSettings(cache_dir=settings.cache_dir, allow_private_urls=True, offline=True)
    assert read(url, offline).text == KILLED  # offline: a cached copy is served, whatever its age
    stale = InputSettings(cache_dir=settings.cache_dir, allow_private_urls=True, cache_ttl=0, offline=True)
    assert read(url, stale).text == KILLED
    missing = f"http://127.0.0.1:{port}/missing-from-cache"
    assert error(missing, offline) == f"{missing}: offline: not fetching it, and the cache holds no copy"


def test_offline_does_not_touch_the_network(server, settings):
    base, handler = server
    offline = InputSettings(cache_dir=settings.cache_dir, allow_private_urls=True, offline=True)
    assert "offline" in error(f"{base}/plain.txt", offline)
    assert handler.hits == {}


def test_only_200_responses_are_cached(server, settings):
    base, handler = server
    error(f"{base}/missing", settings)
    error(f"{base}/missing", settings)
    assert handler.hits["/missing"] == 2
    error(f"{base}/image.png", settings)
    offline = InputSettings(cache_dir=settings.cache_dir, allow_private_urls=True, offline=True)
    assert "offline" in error(f"{base}/image.png", offline)


def test_no_cache_when_disabled(server, settings):
    base, handler = server
    uncached = InputSettings(cache_dir=settings.cache_dir, allow_private_urls=True, use_cache=False)
    read(f"{base}/plain.txt", uncached)
    read(f"{base}/plain.txt", uncached)
    assert handler.hits["/plain.txt"] == 2


@pytest.mark.parametrize(
    ("path", "cause"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/broken", "HTTP 500 Internal Server Error"),
        ("/image.png", "not text (image/png); only HTML, plain text and Markdown are read"),
        ("/report.pdf", "not text (application/pdf); only HTML, plain text and Markdown are read"),
        ("/loop", "redirect loop (back to {base}/loop)"),
        ("/to-file", "redirect to file:///etc/passwd refused (only http and https)"),
        ("/to-ftp", "redirect to ftp://127.0.0.1/story.txt refused (only http and https)"),
        ("/chain/0", "too many redirects (more than 5)"),
        ("/big-declared", "too large (1000000000 bytes; the limit is 20971520 bytes)"),
        ("/nothing.html", "no article text found in the page"),
    ],
)
def test_failures_are_one_line_naming_url_and_cause(server, settings, path, cause):
    base, _ = server
    assert error(base + path, settings) == f"{base}{path}: {cause.format(base=base)}"


def test_redirects_are_followed_within_the_limit(server, settings):
    base, handler = server
    assert read(f"{base}/moved", settings).text == KILLED
    assert handler.hits == {"/moved": 1, "/hop2": 1, "/plain.txt": 1}
    assert "too many redirects (more than 1)" in error(
        f"{base}/moved",
        InputSettings(
            cache_dir=settings.cache_dir, allow_private_urls=True, max_redirects=1, use_cache=False
        ),
    )


def test_streamed_body_stops_past_the_limit(server, settings):
    base, _ = server
    small = InputSettings(cache_dir=settings.cache_dir, allow_private_urls=True, max_bytes=100_000)
    assert error(f"{base}/big-streamed", small) == f"{base}/big-streamed: too large (more than 100000 bytes)"


def test_read_timeout(server, settings):
    base, _ = server
    quick = InputSettings(cache_dir=settings.cache_dir, allow_private_urls=True, timeout=0.3)
    started = time.monotonic()
    assert error(f"{base}/slow", quick) == f"{base}/slow: timed out reading (after 0.3 s)"
    assert time.monotonic() - started < 1.4


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_a_slow_drip_cannot_outlast_the_total_timeout(server, settings, path):
    """Each byte came before the read timeout, and the total was only checked after a whole 64 KiB
    chunk: the download lasted as long as the server dripped."""
    base, _ = server
    quick = replace(settings, timeout=0.5, total_timeout=1.0)
    started = time.monotonic()
    assert error(base + path, quick) == f"{base}{path}: timed out downloading (after 1 s)"
    assert time.monotonic() - started < 3.0  # the server drips for 8 s


def test_connection_refused(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a.html"
    assert error(url, settings) == f"{url}: connection refused"


def test_credentials_never_appear_in_messages_or_origins(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://editor:s3cret@127.0.0.1:{port}/a.html"
    (source,) = sources_for([url], settings)
    assert source.origin == f"http://127.0.0.1:{port}/a.html"
    message = error(url, settings)
    assert "s3cret" not in message and "editor" not in message
    assert redact("https://u:p@host/x?q=1") == "https://host/x?q=1"
    assert redact("ftp://user@host/x") == "ftp://host/x"


def test_credentials_reach_the_server_but_not_the_report(server, settings):
    base, handler = server
    url = base.replace("http://", "http://editor:s3cret@") + "/plain.txt"
    article = read(url, settings)
    assert handler.authorizations == ["Basic " + base64.b64encode(b"editor:s3cret").decode()]
    assert article.origin == f"{base}/plain.txt" and article.text == KILLED
    cached = [path.read_bytes() for path in settings.http_cache_dir().rglob("*") if path.is_file()]
    assert cached and not any(b"s3cret" in data for data in cached)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/story.txt", "file:///etc/passwd", "javascript:alert(1)", "data:text/plain,hello"],
)
def test_other_schemes_are_refused(url, settings):
    (source,) = sources_for([url], settings)
    scheme = url.split(":", 1)[0]
    assert error(url, settings).endswith(f": unsupported URL scheme {scheme}: (only http and https)")
    assert not isinstance(source, UrlSource)


def test_a_file_that_looks_like_a_url_is_a_file(tmp_path, monkeypatch, settings):
    monkeypatch.chdir(tmp_path)
    Path("data:2015.txt").write_text(KILLED, encoding="utf-8")
    assert read("data:2015.txt", settings).text == KILLED


def test_cli_reads_a_url_and_reports_a_failed_one(server, tmp_path, clean_env):
    base, _ = server
    env = {**clean_env, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_PROXY": "127.0.0.1,localhost"}
    env = {k: v for k, v in env.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    result = subprocess.run(
        [
            *factcheck_command(),
            "claims",
            f"{base}/story.html",
            f"{base}/missing",
            "-f",
            "json",
            "--allow-private-urls",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    document = json.loads(result.stdout)
    assert [item["path"] for item in document["inputs"]] == [f"{base}/story.html"]
    assert document["inputs"][0]["date"] == "2015-12-08"
    assert any("27" in claim["text"] for claim in document["claims"])
    assert f"factcheck: error: {base}/missing: HTTP 404 Not Found" in result.stderr
    assert (tmp_path / "cache" / "factcheck" / "http").is_dir()


# --- local and private addresses (issue 19) ------------------------------------------------------


def test_private_addresses_are_not_fetched_unless_allowed(server, settings):
    base, handler = server
    default = InputSettings(cache_dir=settings.cache_dir)
    for url in (f"{base}/plain.txt", base.replace("127.0.0.1", "localhost") + "/plain.txt"):
        message = error(url, default)
        assert message.startswith(f"{url}: ") and "is a local or private address (127.0.0.1" in message
        assert message.endswith("not fetched without --allow-private-urls")
    assert handler.hits == {}  # refused before any request
    assert read(f"{base}/plain.txt", settings).text == KILLED  # allowed: fetched


def test_a_redirect_to_a_private_address_is_refused(server, settings, monkeypatch):
    base, handler = server
    # "localhost" made to look public, so only the redirect (to 127.0.0.1) is private.
    real = addresses.host_addresses
    monkeypatch.setattr(
        addresses,
        "host_addresses",
        lambda host, port: ["93.184.216.34"] if host == "localhost" else real(host, port),
    )
    url = base.replace("127.0.0.1", "localhost") + "/moved"
    message = error(url, InputSettings(cache_dir=settings.cache_dir, use_cache=False))
    assert message == (
        f"{url}: 127.0.0.1 is a local or private address (127.0.0.1) (redirected there); "
        "not fetched without --allow-private-urls"
    )
    assert handler.hits == {"/moved": 1, "/hop2": 1}  # /plain.txt, on 127.0.0.1, never asked for


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("::1", False),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("172.16.0.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::ffff:127.0.0.1", False),
        ("fe80::1%eth0", False),
        ("224.0.0.1", False),
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert addresses.is_public(address) is public


def test_the_allowance_is_a_config_key_and_an_environment_variable(tmp_path, monkeypatch):
    from factcheck.app import options_from
    from factcheck.config import resolve

    assert options_from(resolve({}, tmp_path)).inputs.allow_private_urls is False
    (tmp_path / ".factcheck.toml").write_text("allow-private-urls = true\n", encoding="utf-8")
    assert options_from(resolve({}, tmp_path)).inputs.allow_private_urls is True
    assert options_from(resolve({"allow-private-urls": False}, tmp_path)).inputs.allow_private_urls is False
    (tmp_path / ".factcheck.toml").unlink()
    monkeypatch.setenv("FACTCHECK_ALLOW_PRIVATE_URLS", "1")
    assert options_from(resolve({}, tmp_path)).inputs.allow_private_urls is True
