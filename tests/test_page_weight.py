"""A typical page is under 100 KB transferred, before fonts (DESIGN.md section 6).

Weighs the HTML of a directory search and of a service page, plus every stylesheet,
script (and the modules a script imports) and image the page itself references, each
gzipped at level 6 as a server would send it. Images and fonts that only a stylesheet
mentions are not counted. Static files are read from static/dist, built by `make assets`.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from flask.testing import FlaskClient

BUDGET_BYTES = 100_000  # 100 KB
GZIP_LEVEL = 6
DIST = Path(__file__).resolve().parent.parent / "static" / "dist"

# Static `import ... from "x"`, `export ... from "x"`, bare `import "x"` and `import("x")`.
_MODULE_IMPORT = re.compile(
    r"""(?:\bimport|\bexport)\s*[^;'"()]*?\bfrom\s*["']([^"']+)["']"""
    r"""|\bimport\s*\(?\s*["']([^"']+)["']"""
)


class _Resources(HTMLParser):
    """The URLs a browser fetches for a page, before it applies any stylesheet."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[tuple[str, bool]] = []  # (url, is a module)
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        rel = set(attributes.get("rel", "").lower().split())
        if tag == "link" and attributes.get("href"):
            if "stylesheet" in rel:
                self.stylesheets.append(attributes["href"])
            elif "modulepreload" in rel:
                self.scripts.append((attributes["href"], True))
            elif "preload" in rel and attributes.get("as") == "script":
                self.scripts.append((attributes["href"], False))
            elif rel & {"icon", "apple-touch-icon"} or (
                "preload" in rel and attributes.get("as") == "image"
            ):
                self.images.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.scripts.append((attributes["src"], attributes.get("type") == "module"))
        elif tag in {"img", "input"} and attributes.get("src"):
            self.images.append(attributes["src"])


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def _static_file(client: FlaskClient, url: str) -> bytes:
    """The bytes behind a same-site static URL, read from static/dist."""
    parts = urlsplit(url)
    assert not parts.netloc, f"{url} is on another site: the page must only load its own files"
    prefix = (client.application.static_url_path or "/static") + "/"
    if parts.path.startswith(prefix):
        path = DIST / parts.path.removeprefix(prefix)
        assert path.is_file(), f"the page references {url}, but {path} does not exist"
        return path.read_bytes()
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.get_data()


def weigh_page(client: FlaskClient, url: str) -> tuple[list[tuple[str, int, int]], str]:
    """[(what, bytes, gzipped bytes)] for the page and everything it loads; and its HTML."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    html = response.get_data()
    rows = [(f"{url} (HTML)", len(html), gzipped_size(html))]

    found = _Resources()
    found.feed(html.decode("utf-8"))
    seen: set[str] = set()
    queue = [(urljoin(url, href), False) for href in found.stylesheets]
    queue += [(urljoin(url, src), is_module) for src, is_module in found.scripts]
    queue += [(urljoin(url, src), False) for src in found.images if not src.startswith("data:")]
    while queue:
        resource, is_module = queue.pop(0)
        resource = resource.split("#")[0].split("?")[0]
        if resource in seen:
            continue  # a browser fetches a URL once per page
        seen.add(resource)
        data = _static_file(client, resource)
        rows.append((resource, len(data), gzipped_size(data)))
        if is_module:
            source = data.decode("utf-8")
            for match in _MODULE_IMPORT.finditer(source):
                queue.append((urljoin(resource, match.group(1) or match.group(2)), True))
    return rows, html.decode("utf-8")


def _table(rows: list[tuple[str, int, int]]) -> str:
    lines = [f"{'resource':<48}{'bytes':>10}{'gzip -6':>10}"]
    lines += [f"{name:<48}{raw:>10,}{packed:>10,}" for name, raw, packed in rows]
    raw_total = sum(row[1] for row in rows)
    packed_total = sum(row[2] for row in rows)
    lines.append(f"{'total':<48}{raw_total:>10,}{packed_total:>10,}")
    lines.append(f"{'budget':<48}{'':>10}{BUDGET_BYTES:>10,}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def built_assets() -> None:
    if not (DIST / "app.css").is_file():
        pytest.fail(
            f"{DIST} has no built assets, so the page weight cannot be measured. "
            "Build them first with `make assets` (node static/build.mjs).",
            pytrace=False,
        )


def _first_service_link(html: str) -> str:
    match = re.search(r'href="(/services/\d+)"', html)
    assert match, "the search for swimming lists at least one service"
    return match.group(1)


@pytest.mark.usefixtures("built_assets")
def test_a_directory_search_page_is_under_100_kb(client: FlaskClient) -> None:
    rows, _html = weigh_page(client, "/services?q=swimming")
    total = sum(row[2] for row in rows)
    print("\n" + _table(rows))
    assert any(name.endswith(".css") for name, _raw, _packed in rows), "the page has its styles"
    assert total < BUDGET_BYTES, "the search page is too heavy:\n" + _table(rows)


@pytest.mark.usefixtures("built_assets")
def test_a_service_page_is_under_100_kb(client: FlaskClient) -> None:
    search = client.get("/services?q=swimming").get_data(as_text=True)
    rows, html = weigh_page(client, _first_service_link(search))
    total = sum(row[2] for row in rows)
    print("\n" + _table(rows))
    assert "<h1" in html
    assert total < BUDGET_BYTES, "the service page is too heavy:\n" + _table(rows)


def test_module_imports_are_followed() -> None:
    source = 'import { initAll } from "./govuk-frontend.min.js";\nimport "./x.js";import("./y.js")'
    found = [m.group(1) or m.group(2) for m in _MODULE_IMPORT.finditer(source)]
    assert found == ["./govuk-frontend.min.js", "./x.js", "./y.js"]
