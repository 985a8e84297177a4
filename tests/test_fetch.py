"""Tests of the fetch stage against a local HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline import fetch
from pipeline.fetch import (
    Source,
    SourcesError,
    fetch_all,
    fetch_main,
    fetch_one,
    find_pdf_links,
    list_pdf_links,
    load_landing_page,
    load_sources,
)

REPO = Path(__file__).resolve().parents[1]

# Enough of a PDF for the fetcher (it checks the signature, not the structure); large enough
# (> several read chunks) that a connection dropped half way really is dropped mid-body.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 1200 + b"\n%%EOF\n"
PDF_SHA256 = hashlib.sha256(PDF_BYTES).hexdigest()
HTML_ERROR = (
    "<!DOCTYPE html><html><head><title>ページが見つかりません</title></head>"
    "<body><h1>404 お探しのページは見つかりませんでした</h1></body></html>"
).encode("utf-8")

# Fast settings: every test finishes in well under a few seconds.
FAST = dict(retries=3, timeout=5, backoff=0.01)

LANDING = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>自治体DX推進参考事例集 - 総務省</title></head>
<body>
<h1>自治体DX推進参考事例集</h1>
<p>各自治体におけるDXの取組事例を取りまとめました。</p>
<h2>自治体DX推進参考事例集【第2.0版】（令和6年4月24日）</h2>
<ul>
  <li><a href="/main_content/000941001.pdf">1. 体制整備（PDF）</a></li>
  <li><a href="/main_content/000941002.pdf">2. 人材確保・育成（PDF）</a>
  <li><a href="../main_content/000941003.pdf#page=1">3. 内部DX（PDF）</a>
  <li><a href="/main_content/000941001.pdf">1. 体制整備（PDF・再掲）</a></li>
  <li><a href="jichitaidx_suishinjirei_v2.html">第2.0版の概要（HTML）</a></li>
</ul>
<h2>関連資料</h2>
<ul>
  <li><a href="/main_content/000900000.pdf">自治体DX推進計画（PDF）</a></li>
  <li>参考：<a href="https://www.example.go.jp/doc/tebiki.pdf">自治体DX推進手順書（PDF）</a></li>
</ul>
<table>
  <tr><td>自治体DX推進参考事例集【第1.0版】（令和5年4月）</td>
      <td><a href="/main_content/000880001.pdf">一括版</a></td></tr>
  <tr><td>自治体DX全体手順書</td><td><a href="/main_content/000880002.pdf">PDF</a></td></tr>
</table>
<p>DX事例集の概要版は<a href="/main_content/000941009.pdf">こちら</a></p>
</body></html>
"""


# --------------------------------------------------------------------------- test server


class Site:
    """What the test server serves, and a log of what it was asked."""

    def __init__(self) -> None:
        self.routes: dict[str, dict] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()

    def add(self, path: str, body: bytes, *, content_type: str = "application/pdf",
            fail_first: int = 0, drop_first: int = 0, honour_range: bool = True,
            status: int = 200, etag: str | None = '"v1"', range_etag: str | None = None,
            endless: bool = False, drip: float = 0.0, location: str | None = None) -> None:
        """range_etag: the ETag sent with a 206 (another version of the file); endless: a
        body that never ends; drip: seconds between single bytes; location: a redirect."""
        self.routes[path] = dict(body=body, content_type=content_type, fail_first=fail_first,
                                 drop_first=drop_first, honour_range=honour_range,
                                 status=status, etag=etag, range_etag=range_etag,
                                 endless=endless, drip=drip, location=location)

    def hits(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for p, headers in self.requests if p == path]


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # one request per connection: simple to drop

        def log_message(self, *args) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0]
            with site.lock:
                site.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(path)
                if route is None:
                    action = "404"
                elif route["fail_first"] > 0:
                    route["fail_first"] -= 1
                    action = "503"
                elif route["drop_first"] > 0:
                    route["drop_first"] -= 1
                    action = "drop"
                else:
                    action = "serve"
            if action in ("404", "503"):
                code = int(action)
                body = HTML_ERROR
                self.send_response(code)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return

            body: bytes = route["body"]
            if route["location"]:
                self.send_response(302)
                self.send_header("Location", route["location"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route["endless"] or route["drip"]:
                self.send_response(200)
                self.send_header("Content-Type", route["content_type"])
                self.end_headers()
                try:
                    self.wfile.write(body)
                    while True:
                        if route["drip"]:
                            time.sleep(route["drip"])
                            self.wfile.write(b" ")
                        else:
                            self.wfile.write(b"\0" * 65536)
                        self.wfile.flush()
                except OSError:  # the client hung up
                    return
            if route["status"] != 200:
                self.send_response(route["status"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if action == "drop":
                # Promise the whole body, send half of it, hang up.
                self.send_response(200)
                self.send_header("Content-Type", route["content_type"])
                self.send_header("Content-Length", str(len(body)))
                if route["etag"]:
                    self.send_header("ETag", route["etag"])
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return

            range_header = self.headers.get("Range")
            if range_header and route["honour_range"]:
                start = int(range_header.removeprefix("bytes=").split("-", 1)[0])
                if start >= len(body):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(body)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                chunk = body[start:]
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                chunk = body
                self.send_response(200)
            self.send_header("Content-Type", route["content_type"])
            self.send_header("Content-Length", str(len(chunk)))
            etag = route["range_etag"] if range_header and route["range_etag"] else route["etag"]
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(chunk)

    return Handler


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch):
    """urllib honours *_proxy variables: make sure requests go straight to 127.0.0.1."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.fixture
def server():
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def snapshot(directory: Path) -> dict[str, bytes | None]:
    """Every path under ``directory`` (hidden ones too) with file contents."""
    return {
        str(p.relative_to(directory)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(directory.rglob("*"))
    }


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- sources file


def test_repo_sources_file_lists_the_three_volumes():
    path = REPO / "raw" / "sources.toml"
    sources = load_sources(path)
    assert [s.file for s in sources] == [
        "jichitai_dx_jirei_v2_1_taisei.pdf",
        "jichitai_dx_jirei_v2_2_jinzai.pdf",
        "jichitai_dx_jirei_v2_3_naibu.pdf",
    ]
    assert all(s.url.startswith("https://www.soumu.go.jp/main_content/") for s in sources)
    assert all(s.title and "第2.0版" in s.title for s in sources)
    # The sample corpus in raw/ is not the published PDFs: no checksums may be pinned yet.
    assert all(s.sha256 is None for s in sources)
    assert load_landing_page(path) == (
        "https://www.soumu.go.jp/denshijiti/jichitaidx_suishinjirei.html"
    )


@pytest.mark.parametrize(
    "volume, message",
    [
        ('url = "https://x.example/a.pdf"\nfile = "../a.pdf"', "plain file name"),
        ('url = "https://x.example/a.pdf"\nfile = "a.html"', "ending in .pdf"),
        ('url = "ftp://x.example/a.pdf"\nfile = "a.pdf"', "http(s) URL"),
        ('url = "https://x.example/a.pdf"\nfile = "a.pdf"\nsha256 = "abc"', "64 hex"),
        ('file = "a.pdf"', "missing url"),
    ],
)
def test_load_sources_rejects_bad_entries(tmp_path, volume, message):
    path = tmp_path / "sources.toml"
    path.write_text(f"[[volume]]\n{volume}\n", encoding="utf-8")
    with pytest.raises(SourcesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_sources(path)


def test_load_sources_normalises_sha256(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[[volume]]\nurl = "https://x.example/a.pdf"\nfile = "a.pdf"\n'
        f'sha256 = "{PDF_SHA256.upper()}"\ntitle = "t"\n',
        encoding="utf-8",
    )
    assert load_sources(path) == [
        Source(url="https://x.example/a.pdf", file="a.pdf", sha256=PDF_SHA256, title="t")
    ]


# --------------------------------------------------------------------------- fetching


def test_fetch_ok_with_checksum(server, tmp_path):
    server.add("/main_content/vol1.pdf", PDF_BYTES)
    src = Source(url=server.base + "/main_content/vol1.pdf", file="vol1.pdf", sha256=PDF_SHA256)
    [result] = fetch_all([src], tmp_path, **FAST)
    assert result.status == "fetched", result.reason
    assert result.ok and result.attempts == 1
    assert result.sha256 == PDF_SHA256 and result.size == len(PDF_BYTES)
    assert (tmp_path / "vol1.pdf").read_bytes() == PDF_BYTES
    assert snapshot(tmp_path).keys() == {"vol1.pdf"}  # no .partial left behind
    assert len(server.hits("/main_content/vol1.pdf")) == 1


def test_checksum_mismatch_fails_and_leaves_nothing(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES)
    src = Source(url=server.base + "/vol1.pdf", file="vol1.pdf", sha256="0" * 64)
    result = fetch_one(src, tmp_path, **FAST)
    assert result.status == "failed"
    assert "sha256 mismatch" in result.reason and PDF_SHA256 in result.reason
    assert snapshot(tmp_path) == {}


def test_html_served_as_pdf_is_rejected(server, tmp_path):
    server.add("/main_content/000941001.pdf", HTML_ERROR, content_type="text/html")
    url = server.base + "/main_content/000941001.pdf"
    result = fetch_one(Source(url=url, file="vol1.pdf"), tmp_path, **FAST)
    assert result.status == "failed"
    assert "not a PDF" in result.reason and "HTML page" in result.reason
    assert url in result.reason
    assert snapshot(tmp_path) == {}


def test_retry_after_503s_succeeds(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES, fail_first=2)
    src = Source(url=server.base + "/vol1.pdf", file="vol1.pdf", sha256=PDF_SHA256)
    result = fetch_one(src, tmp_path, **FAST)
    assert result.status == "fetched", result.reason
    assert result.attempts == 3
    assert len(server.hits("/vol1.pdf")) == 3
    assert (tmp_path / "vol1.pdf").read_bytes() == PDF_BYTES


def test_persistent_503_gives_up(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES, fail_first=100)
    src = Source(url=server.base + "/vol1.pdf", file="vol1.pdf")
    result = fetch_one(src, tmp_path, retries=2, timeout=5, backoff=0.01)
    assert result.status == "failed"
    assert "HTTP 503" in result.reason and "gave up after 3 attempts" in result.reason
    assert len(server.hits("/vol1.pdf")) == 3
    assert snapshot(tmp_path) == {}


def test_404_fails_without_retrying(server, tmp_path):
    src = Source(url=server.base + "/missing.pdf", file="vol1.pdf")
    result = fetch_one(src, tmp_path, **FAST)
    assert result.status == "failed" and "HTTP 404" in result.reason
    assert result.attempts == 1 and len(server.hits("/missing.pdf")) == 1
    assert snapshot(tmp_path) == {}


def test_resume_after_dropped_connection(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES, drop_first=1)
    src = Source(url=server.base + "/vol1.pdf", file="vol1.pdf", sha256=PDF_SHA256)
    result = fetch_one(src, tmp_path, **FAST)
    assert result.status == "fetched", result.reason
    first, second = server.hits("/vol1.pdf")
    assert "range" not in first
    assert second["range"] == f"bytes={len(PDF_BYTES) // 2}-"
    assert second.get("if-range") == '"v1"'
    assert (tmp_path / "vol1.pdf").read_bytes() == PDF_BYTES
    assert snapshot(tmp_path).keys() == {"vol1.pdf"}


def test_resume_across_runs(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES, drop_first=1)
    src = Source(url=server.base + "/vol1.pdf", file="vol1.pdf", sha256=PDF_SHA256)
    first = fetch_one(src, tmp_path, retries=0, timeout=5, backoff=0.01)
    assert first.status == "failed"
    assert "connection closed after" in first.reason and "partial download kept" in first.reason
    # The half-done download lives in .partial/, never in dest itself.
    assert not (tmp_path / "vol1.pdf").exists()
    assert (tmp_path / ".partial" / "vol1.pdf.part").stat().st_size == len(PDF_BYTES) // 2

    second = fetch_one(src, tmp_path, retries=0, timeout=5, backoff=0.01)
    assert second.status == "fetched", second.reason
    assert server.hits("/vol1.pdf")[-1]["range"] == f"bytes={len(PDF_BYTES) // 2}-"
    assert (tmp_path / "vol1.pdf").read_bytes() == PDF_BYTES
    assert snapshot(tmp_path).keys() == {"vol1.pdf"}


def test_server_ignoring_range_restarts_download(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES, drop_first=1, honour_range=False)
    src = Source(url=server.base + "/vol1.pdf", file="vol1.pdf", sha256=PDF_SHA256)
    result = fetch_one(src, tmp_path, **FAST)
    assert result.status == "fetched", result.reason
    assert "range" in server.hits("/vol1.pdf")[1]  # asked to resume, got the whole file
    assert (tmp_path / "vol1.pdf").read_bytes() == PDF_BYTES


def test_partial_from_another_url_is_not_resumed(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES)
    partial = tmp_path / ".partial"
    partial.mkdir()
    (partial / "vol1.pdf.part").write_bytes(b"%PDF-1.4 old edition bytes")
    (partial / "vol1.pdf.part.json").write_text(json.dumps({"url": server.base + "/old.pdf"}))
    src = Source(url=server.base + "/vol1.pdf", file="vol1.pdf", sha256=PDF_SHA256)
    result = fetch_one(src, tmp_path, **FAST)
    assert result.status == "fetched", result.reason
    assert "range" not in server.hits("/vol1.pdf")[0]
    assert snapshot(tmp_path).keys() == {"vol1.pdf"}


def test_complete_partial_answered_416_is_used(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES)
    url = server.base + "/vol1.pdf"
    partial = tmp_path / ".partial"
    partial.mkdir()
    (partial / "vol1.pdf.part").write_bytes(PDF_BYTES)
    (partial / "vol1.pdf.part.json").write_text(json.dumps({"url": url, "etag": '"v1"'}))
    result = fetch_one(Source(url=url, file="vol1.pdf", sha256=PDF_SHA256), tmp_path, **FAST)
    assert result.status == "fetched", result.reason
    assert server.hits("/vol1.pdf")[0]["range"] == f"bytes={len(PDF_BYTES)}-"
    assert (tmp_path / "vol1.pdf").read_bytes() == PDF_BYTES


@pytest.mark.parametrize("sha256", [PDF_SHA256, None], ids=["checksum", "no-checksum"])
def test_present_file_is_skipped_without_a_request(server, tmp_path, sha256):
    server.add("/vol1.pdf", PDF_BYTES)
    (tmp_path / "vol1.pdf").write_bytes(PDF_BYTES)
    before = snapshot(tmp_path)
    result = fetch_one(Source(url=server.base + "/vol1.pdf", file="vol1.pdf", sha256=sha256),
                       tmp_path, **FAST)
    assert result.status == "skipped" and result.ok
    assert result.attempts == 0 and server.requests == []
    assert snapshot(tmp_path) == before


def test_present_file_with_wrong_checksum_is_replaced(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES)
    (tmp_path / "vol1.pdf").write_bytes(b"%PDF-1.4 an older download")
    result = fetch_one(Source(url=server.base + "/vol1.pdf", file="vol1.pdf",
                              sha256=PDF_SHA256), tmp_path, **FAST)
    assert result.status == "fetched" and "replaced" in result.reason
    assert (tmp_path / "vol1.pdf").read_bytes() == PDF_BYTES


def test_failed_replacement_keeps_the_present_file(server, tmp_path):
    (tmp_path / "vol1.pdf").write_bytes(b"<html>saved error page</html>")
    before = snapshot(tmp_path)
    result = fetch_one(Source(url=server.base + "/missing.pdf", file="vol1.pdf"),
                       tmp_path, **FAST)
    assert result.status == "failed" and "HTTP 404" in result.reason
    assert "the file present is not a PDF" in result.reason
    assert snapshot(tmp_path) == before


def test_unreachable_server_fails_clearly_and_leaves_dest_unchanged(tmp_path):
    (tmp_path / "CORPUS.md").write_text("untouched\n", encoding="utf-8")
    (tmp_path / "other.pdf").write_bytes(PDF_BYTES)
    before = snapshot(tmp_path)
    url = f"http://127.0.0.1:{closed_port()}/main_content/vol1.pdf"
    started = time.monotonic()
    [result] = fetch_all([Source(url=url, file="vol1.pdf")], tmp_path,
                         retries=2, timeout=2, backoff=0.01)
    assert time.monotonic() - started < 5
    assert result.status == "failed" and not result.ok
    assert url in result.reason
    assert "connection refused" in result.reason
    assert "gave up after 3 attempts" in result.reason
    assert snapshot(tmp_path) == before  # no .partial/, no stray files


def test_dns_failure_names_the_url(monkeypatch, tmp_path):
    # Resolution is stubbed to fail, as on a machine without network: nothing leaves the host.
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    url = "http://www.soumu.go.jp.invalid/main_content/vol1.pdf"
    before = snapshot(tmp_path)
    result = fetch_one(Source(url=url, file="vol1.pdf"), tmp_path, retries=1, timeout=2,
                       backoff=0.01)
    assert result.status == "failed"
    assert url in result.reason
    assert "cannot resolve host 'www.soumu.go.jp.invalid'" in result.reason
    assert "no network?" in result.reason
    assert snapshot(tmp_path) == before


def test_placeholder_url_fails_without_network(tmp_path):
    src = Source(url=f"https://www.soumu.go.jp/main_content/{fetch.PLACEHOLDER_MARKER}_v1.pdf",
                 file="vol1.pdf")
    result = fetch_one(src, tmp_path, **FAST)
    assert result.status == "failed" and "placeholder" in result.reason
    assert snapshot(tmp_path) == {}


# --------------------------------------------------------------------------- landing page


EXPECTED_LINKS = [
    ("/main_content/000941001.pdf", "1. 体制整備（PDF）"),
    ("/main_content/000941002.pdf", "2. 人材確保・育成（PDF）"),
    ("/main_content/000941003.pdf", "3. 内部DX（PDF）"),
    ("/main_content/000880001.pdf", "一括版"),
    ("/main_content/000941009.pdf", "こちら"),
]


def test_list_pdf_links_from_url(server):
    server.add("/denshijiti/jichitaidx_suishinjirei.html", LANDING.encode("utf-8"),
               content_type="text/html; charset=utf-8")
    links = list_pdf_links(server.base + "/denshijiti/jichitaidx_suishinjirei.html", timeout=5)
    assert links == [(server.base + path, text) for path, text in EXPECTED_LINKS]


def test_list_pdf_links_from_html_with_base_url():
    base = "https://www.soumu.go.jp/denshijiti/jichitaidx_suishinjirei.html"
    links = list_pdf_links(LANDING, base_url=base)
    assert links == [("https://www.soumu.go.jp" + path, text) for path, text in EXPECTED_LINKS]
    by_url = {link.url: link for link in find_pdf_links(LANDING, base_url=base)}
    assert "第2.0版" in by_url["https://www.soumu.go.jp/main_content/000941002.pdf"].context
    assert "第1.0版" in by_url["https://www.soumu.go.jp/main_content/000880001.pdf"].context


def test_list_pdf_links_honours_base_href_and_shift_jis(server):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
            '<base href="https://www.soumu.go.jp/main_content/"></head><body>'
            '<h3>参考事例</h3><a href="000941001.pdf">第1分冊</a>'
            '<h3>その他</h3><a href="000999999.pdf">無関係</a></body></html>')
    server.add("/landing.html", page.encode("shift_jis"), content_type="text/html")
    assert list_pdf_links(server.base + "/landing.html", timeout=5) == [
        ("https://www.soumu.go.jp/main_content/000941001.pdf", "第1分冊")
    ]


def test_list_pdf_links_unreachable_names_the_url():
    url = f"http://127.0.0.1:{closed_port()}/landing.html"
    with pytest.raises(OSError, match="connection refused") as info:
        list_pdf_links(url, timeout=2)
    assert url in str(info.value)


# --------------------------------------------------------------------------- CLI seam


def write_sources(path: Path, entries: list[dict]) -> Path:
    lines = []
    for entry in entries:
        lines.append("[[volume]]")
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in entry.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_fetch_main_fetches_then_skips(server, tmp_path, capsys):
    server.add("/a.pdf", PDF_BYTES)
    server.add("/b.pdf", PDF_BYTES)
    dest = tmp_path / "raw"
    dest.mkdir()
    sources = write_sources(tmp_path / "sources.toml", [
        {"url": server.base + "/a.pdf", "file": "a.pdf", "sha256": PDF_SHA256, "title": "A"},
        {"url": server.base + "/b.pdf", "file": "b.pdf"},
    ])
    argv = ["--sources", str(sources), "--dest", str(dest), "--timeout", "5", "--backoff", "0.01"]
    assert fetch_main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in out] == [["fetched", "a.pdf:"], ["fetched", "b.pdf:"]]

    n_requests = len(server.requests)
    assert fetch_main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in out] == [["skipped", "a.pdf:"], ["skipped", "b.pdf:"]]
    assert len(server.requests) == n_requests


def test_fetch_main_reports_failures(server, tmp_path, capsys):
    server.add("/a.pdf", PDF_BYTES)
    server.add("/page.pdf", HTML_ERROR, content_type="text/html")
    dest = tmp_path / "raw"
    dest.mkdir()
    sources = write_sources(tmp_path / "sources.toml", [
        {"url": server.base + "/a.pdf", "file": "a.pdf"},
        {"url": server.base + "/page.pdf", "file": "b.pdf"},
    ])
    code = fetch_main(["--sources", str(sources), "--dest", str(dest), "--timeout", "5",
                       "--backoff", "0.01"])
    assert code == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith("fetched  a.pdf:")
    assert lines[1].startswith("failed   b.pdf:") and "not a PDF" in lines[1]
    assert "1 of 2" in captured.err
    assert sorted(p.name for p in dest.iterdir()) == ["a.pdf"]


def test_fetch_main_bad_sources_file(tmp_path, capsys):
    assert fetch_main(["--sources", str(tmp_path / "nope.toml"), "--dest", str(tmp_path)]) == 2
    assert "not found" in capsys.readouterr().err


def test_fetch_main_list_links(server, tmp_path, capsys):
    server.add("/landing.html", LANDING.encode("utf-8"), content_type="text/html; charset=utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'landing_page = "{server.base}/landing.html"\n', encoding="utf-8")
    assert fetch_main(["--sources", str(sources), "--list-links", "--timeout", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in out] == [server.base + p for p, _ in EXPECTED_LINKS]
    assert fetch_main(["--list-links", server.base + "/landing.html", "--timeout", "5"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(EXPECTED_LINKS)


# --------------------------------------------------------------------------- limits and links (issue 17)


def test_an_endless_body_is_cut_at_the_size_cap(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES, endless=True)
    start = time.monotonic()
    result = fetch_one(Source(url=server.base + "/vol1.pdf", file="vol1.pdf"), tmp_path,
                       **FAST, max_bytes=2_000_000)
    assert result.status == "failed" and "--max-bytes" in result.reason, result.reason
    assert len(server.hits("/vol1.pdf")) == 1  # not retried
    assert snapshot(tmp_path) == {}  # nothing kept for a resume
    assert time.monotonic() - start < 20


def test_a_body_announced_beyond_the_cap_is_not_downloaded(server, tmp_path):
    server.add("/vol1.pdf", PDF_BYTES)
    result = fetch_one(Source(url=server.base + "/vol1.pdf", file="vol1.pdf"), tmp_path,
                       **FAST, max_bytes=len(PDF_BYTES) - 1)
    assert result.status == "failed" and f"{len(PDF_BYTES):,} bytes" in result.reason
    assert snapshot(tmp_path) == {}


def test_a_dripping_server_hits_the_total_time_limit(server, tmp_path):
    """A byte every 0.2 s: each read returns well within the 1 s timeout, forever."""
    server.add("/vol1.pdf", PDF_BYTES[:100], drip=0.2)
    start = time.monotonic()
    result = fetch_one(Source(url=server.base + "/vol1.pdf", file="vol1.pdf"), tmp_path,
                       retries=3, timeout=1, backoff=0.01, max_seconds=2)
    took = time.monotonic() - start
    assert result.status == "failed" and "--max-seconds" in result.reason, result.reason
    assert took < 2 + 1 + 1  # the limit, one read timeout, slack
    assert snapshot(tmp_path) == {}


def test_no_resume_without_a_validator(server, tmp_path):
    """A server without ETag or Last-Modified: a partial cannot be vouched for, so the
    download restarts instead of appending whatever a 206 brings."""
    server.add("/vol1.pdf", PDF_BYTES, drop_first=1, etag=None)
    src = Source(url=server.base + "/vol1.pdf", file="vol1.pdf")
    first = fetch_one(src, tmp_path, retries=0, timeout=5, backoff=0.01)
    assert first.status == "failed" and (tmp_path / ".partial" / "vol1.pdf.part").exists()
    second = fetch_one(src, tmp_path, **FAST)
    assert second.status == "fetched", second.reason
    assert "range" not in server.hits("/vol1.pdf")[-1]
    assert (tmp_path / "vol1.pdf").read_bytes() == PDF_BYTES


def test_a_206_of_another_version_is_discarded(server, tmp_path):
    """If-Range sent with "v1"; the server answers 206 with "v2" bytes: restart."""
    other = PDF_BYTES.replace(b"%PDF-1.4", b"%PDF-1.7")
    server.add("/vol1.pdf", other, range_etag='"v2"')
    url = server.base + "/vol1.pdf"
    partial = tmp_path / ".partial"
    partial.mkdir()
    (partial / "vol1.pdf.part").write_bytes(PDF_BYTES[:1000])
    (partial / "vol1.pdf.part.json").write_text(json.dumps({"url": url, "etag": '"v1"'}))
    result = fetch_one(Source(url=url, file="vol1.pdf"), tmp_path, **FAST)
    assert result.status == "fetched", result.reason
    first, second = server.hits("/vol1.pdf")
    assert first["if-range"] == '"v1"' and "range" not in second
    assert (tmp_path / "vol1.pdf").read_bytes() == other  # not v1's head with v2's tail


@pytest.mark.parametrize("planted", ["part", "partial folder"])
def test_a_link_planted_in_dest_is_not_followed(server, tmp_path, planted):
    server.add("/vol1.pdf", PDF_BYTES)
    dest, outside = tmp_path / "dest", tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("keep me")
    if planted == "part":
        (dest / ".partial").mkdir()
        (dest / ".partial" / "vol1.pdf.part").symlink_to(victim)
        (dest / ".partial" / "vol1.pdf.part.json").write_text(json.dumps({"url": server.base + "/vol1.pdf"}))
    else:
        (dest / ".partial").symlink_to(outside)
    result = fetch_one(Source(url=server.base + "/vol1.pdf", file="vol1.pdf"), dest, **FAST)
    assert result.status == "failed" and "symbolic link" in result.reason, result.reason
    assert victim.read_text() == "keep me" and sorted(p.name for p in outside.iterdir()) == ["victim.txt"]
    assert not (dest / "vol1.pdf").exists()


def test_a_redirect_to_ftp_is_refused(server, tmp_path):
    server.add("/vol1.pdf", b"", location="ftp://127.0.0.1/vol1.pdf")
    result = fetch_one(Source(url=server.base + "/vol1.pdf", file="vol1.pdf"), tmp_path, **FAST)
    assert result.status == "failed" and "refused a redirect" in result.reason and "ftp" in result.reason
    assert result.attempts == 1 and snapshot(tmp_path) == {}


def test_the_landing_page_refuses_a_redirect_to_ftp(server):
    server.add("/landing.html", b"", location="ftp://127.0.0.1/landing.html")
    with pytest.raises(OSError, match="refused a redirect"):
        find_pdf_links(server.base + "/landing.html", timeout=5)


def test_a_redirect_to_another_host_is_reported(server, tmp_path):
    port = server.base.rsplit(":", 1)[1]
    server.add("/old.pdf", b"", location=f"http://localhost:{port}/vol1.pdf")
    server.add("/vol1.pdf", PDF_BYTES)
    result = fetch_one(Source(url=server.base + "/old.pdf", file="vol1.pdf"), tmp_path, **FAST)
    assert result.status == "fetched", result.reason
    assert result.final_url == f"http://localhost:{port}/vol1.pdf"
    assert f"redirected to http://localhost:{port}/vol1.pdf, another host" in result.reason


def test_a_redirect_from_https_to_http_is_refused():
    """No TLS server here: the redirect handler is asked directly, as urllib would."""
    import urllib.request

    from pipeline.fetch.failures import _Fatal
    from pipeline.fetch.transfer import _Redirects

    handler = _Redirects()
    req = urllib.request.Request("https://www.soumu.go.jp/main_content/vol1.pdf")
    with pytest.raises(_Fatal, match="https to http downgrade"):
        handler.redirect_request(req, None, 302, "Found", {}, "http://www.soumu.go.jp/main_content/vol1.pdf")
    assert handler.redirect_request(req, None, 302, "Found", {}, "https://cdn.example.jp/vol1.pdf") is not None
    assert handler.hops == ["https://cdn.example.jp/vol1.pdf"]


@pytest.mark.parametrize("bad", ["vol\\u0000.pdf", "vol\\n1.pdf"])
def test_control_characters_in_file_are_rejected(tmp_path, bad):
    path = tmp_path / "sources.toml"
    path.write_text(f'[[volume]]\nurl = "https://example.go.jp/a.pdf"\nfile = "{bad}"\n', encoding="utf-8")
    with pytest.raises(SourcesError, match="control character"):
        load_sources(path)


def test_module_has_no_third_party_imports():
    import ast

    files = sorted(Path(fetch.__file__).parent.glob("*.py"))
    assert len(files) > 1, files  # the package, not one stray module
    modules = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for f in files
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8")))
        if isinstance(node, (ast.Import, ast.ImportFrom)) and not (isinstance(node, ast.ImportFrom) and node.level)
        for alias in node.names
    }
    import sys

    assert modules <= set(sys.stdlib_module_names) | {"__future__"}, modules
