"""Read a landing page and list the PDF links that belong to the case collection, to help
add a new edition to the sources file."""
from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from .failures import _Fatal
from .transfer import USER_AGENT, _describe_network_error, _Redirects

# Words that identify the case collection in a link or the text around it.
COLLECTION_KEYWORDS = ("事例集", "参考事例")
MAX_LANDING_PAGE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class PdfLink:
    url: str  # absolute when a base URL was known
    text: str  # the link text (or its title attribute), whitespace-normalised
    context: str  # headings above the link and the text of its list item / paragraph / row


_WS_RE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


class _LinkParser(HTMLParser):
    """Collects ``<a href>`` with their text, the heading chain above them and the text of
    the nearest enclosing list item / paragraph / table row / definition."""

    _NEAR = {"li", "p", "dt", "dd", "tr", "caption"}
    _CONTAINERS = {"ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "div", "section",
                   "article", "main", "body", "td", "th", "nav", "aside", "header", "footer"}
    _HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    # Start tags that implicitly close an open element of the listed kinds.
    _IMPLICIT_CLOSE = {
        "li": {"li"}, "p": {"p"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
        "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base_href: str | None = None
        self.links: list[dict[str, Any]] = []
        self._stack: list[dict[str, Any]] = []  # open block elements: {"tag", "parts"}
        self._headings: dict[int, str] = {}
        self._heading: dict[str, Any] | None = None  # heading being read
        self._anchor: dict[str, Any] | None = None
        self._recent = ""  # last text seen, for links outside any block
        self._last_dt = ""

    # -- helpers
    def _close_to(self, index: int) -> None:
        while len(self._stack) > index:
            element = self._stack.pop()
            if element["tag"] == "dt":
                self._last_dt = _norm("".join(element["parts"]))

    def _close_heading(self) -> None:
        if self._heading is None:
            return
        level = self._heading["level"]
        for lvl in list(self._headings):
            if lvl >= level:
                del self._headings[lvl]
        self._headings[level] = _norm("".join(self._heading["parts"]))
        self._heading = None

    def _finish_anchor(self) -> None:
        if self._anchor is not None:
            self.links.append(self._anchor)
            self._anchor = None

    # -- HTMLParser hooks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: (v or "") for k, v in attrs}
        if tag == "base" and attributes.get("href") and self.base_href is None:
            self.base_href = attributes["href"].strip()
            return
        if tag in self._HEADINGS:
            self._finish_anchor()
            self._close_heading()
            self._heading = {"level": int(tag[1]), "parts": []}
            self._recent = ""
            return
        if tag in ("br", "hr") or tag in self._NEAR or tag in self._CONTAINERS:
            self._recent = ""  # loose text before a link stops at the previous break
        if tag in self._IMPLICIT_CLOSE:
            closes = self._IMPLICIT_CLOSE[tag]
            for i in range(len(self._stack) - 1, -1, -1):
                open_tag = self._stack[i]["tag"]
                if open_tag in closes:
                    self._close_to(i)
                    break
                if open_tag in ("ul", "ol", "dl", "table", "tbody", "thead", "tfoot"):
                    break
        if tag in self._NEAR or tag in self._CONTAINERS:
            self._stack.append({"tag": tag, "parts": []})
            if tag == "dl":
                self._last_dt = ""
            return
        if tag == "a" and attributes.get("href"):
            self._finish_anchor()
            near = next((e for e in reversed(self._stack) if e["tag"] in self._NEAR), None)
            self._anchor = {
                "href": attributes["href"].strip(),
                "title": attributes.get("title", ""),
                "parts": [],
                "block": near,
                "dt": self._last_dt if near is not None and near["tag"] == "dd" else "",
                "headings": " › ".join(self._headings[k] for k in sorted(self._headings)),
                "heading": self._headings[max(self._headings)] if self._headings else "",
                "before": self._recent,
            }

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._finish_anchor()
            return
        if tag in self._HEADINGS:
            self._finish_anchor()
            self._close_heading()
            self._recent = ""
            return
        if tag in self._NEAR or tag in self._CONTAINERS:
            self._recent = ""
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i]["tag"] == tag:
                self._close_to(i)
                break

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading["parts"].append(data)
        if self._anchor is not None:
            self._anchor["parts"].append(data)
        for element in self._stack:
            element["parts"].append(data)
        self._recent = (self._recent + data)[-200:]

    def close(self) -> None:
        super().close()
        self._finish_anchor()
        self._close_heading()


def _decode_html(raw: bytes, charset: str | None) -> str:
    candidates = []
    if charset:
        candidates.append(charset)
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", raw[:4096], re.I)
    if m:
        candidates.append(m.group(1).decode("ascii"))
    candidates += ["utf-8", "cp932"]
    for enc in candidates:
        try:
            return raw.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace")


def _get_page(url: str, timeout: float) -> tuple[str, str]:
    """Download an HTML page; returns (text, final URL after redirects)."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.8"}
    )
    try:
        with urllib.request.build_opener(_Redirects()).open(request, timeout=timeout) as response:
            raw = response.read(MAX_LANDING_PAGE_BYTES)
            charset = response.headers.get_content_charset()
            final_url = response.geturl() or url
    except _Fatal as exc:  # a refused redirect
        raise OSError(f"{url}: {exc}") from None
    except urllib.error.HTTPError as exc:
        exc.close()
        raise OSError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise OSError(f"{url}: {_describe_network_error(exc.reason, url, timeout)}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise OSError(f"{url}: {_describe_network_error(exc, url, timeout)}") from None
    return _decode_html(raw, charset), final_url


def find_pdf_links(
    landing_url_or_html: str,
    *,
    base_url: str | None = None,
    timeout: float = 30,
    keywords: tuple[str, ...] = COLLECTION_KEYWORDS,
) -> list[PdfLink]:
    """Like :func:`list_pdf_links`, with the context each link was matched on."""
    source = landing_url_or_html.strip()
    if re.fullmatch(r"https?://\S+", source):
        page, fetched_url = _get_page(source, timeout)
        base = base_url or fetched_url
    else:
        page, base = landing_url_or_html, base_url or ""

    parser = _LinkParser()
    parser.feed(page)
    parser.close()
    if parser.base_href:
        base = urllib.parse.urljoin(base, parser.base_href) if base else parser.base_href

    links: list[PdfLink] = []
    seen: set[str] = set()
    for anchor in parser.links:
        href = anchor["href"]
        if href.lower().startswith(("javascript:", "mailto:", "#")):
            continue
        url = urllib.parse.urljoin(base, href) if base else href
        url, _ = urllib.parse.urldefrag(url)
        if not urllib.parse.urlsplit(url).path.lower().endswith(".pdf"):
            continue
        text = _norm("".join(anchor["parts"])) or _norm(anchor["title"])
        block = anchor["block"]
        if block is not None:
            near = _norm(" ".join(filter(None, [anchor["dt"], "".join(block["parts"])])))
        else:
            near = _norm(anchor["before"])[-100:]
        context = " | ".join(filter(None, [anchor["headings"], near]))
        # Matched on the link itself, its block and the nearest heading above it (not the
        # whole heading chain: a page titled after the collection also lists other PDFs).
        haystack = " ".join([text, _norm(anchor["title"]), near, anchor["heading"]])
        if not any(k in haystack for k in keywords):
            continue
        if url in seen:
            continue
        seen.add(url)
        links.append(PdfLink(url=url, text=text, context=context))
    return links


def list_pdf_links(
    landing_url_or_html: str, *, base_url: str | None = None, timeout: float = 30
) -> list[tuple[str, str]]:
    """PDF links of the case collection on a landing page, as ``(url, link text)``.

    ``landing_url_or_html`` is either an http(s) URL (the page is downloaded) or the HTML
    itself (pass ``base_url`` to resolve relative links). A link is kept when its path ends
    in ``.pdf`` and its text, its title, the headings above it or the text of its list item /
    paragraph / table row or the nearest heading above it name the collection
    (事例集 / 参考事例). URLs are made absolute
    (``<base href>`` honoured), fragments dropped, duplicates removed, page order kept.
    Raises OSError with the URL in the message when the page cannot be downloaded.
    """
    return [
        (link.url, link.text)
        for link in find_pdf_links(landing_url_or_html, base_url=base_url, timeout=timeout)
    ]
