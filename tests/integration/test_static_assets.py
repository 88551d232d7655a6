"""Static files for slow phones: versioned addresses cached for a year, gzip, and a
page's whole module graph asked for at once (web/assets.py)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

from dialogcafe.web.assets import IMMUTABLE, REVALIDATE


def _phone_page(client: Any, cafe: dict[str, Any]) -> str:
    code = cafe["join_code"]
    joined = client.post(f"/j/{code}", data={"nickname": "", "table": "1"})
    assert joined.status_code in (302, 303), joined.get_data(as_text=True)
    page = client.get(f"/j/{code}")
    assert page.status_code == 200
    return str(page.get_data(as_text=True))


def test_the_phone_page_loads_its_modules_as_one_script(client: Any, cafe: dict[str, Any]) -> None:
    """One request instead of a wave per six modules on a slow link (script_bundle.py)."""
    page = _phone_page(client, cafe)
    scripts = re.findall(r'<script type="module" src="([^"]+)"></script>', page)
    assert len(scripts) == 1 and "modulepreload" not in page
    assert re.fullmatch(r"/static/[0-9a-f]{12}/bundle/js/pages/participant\.js", scripts[0])
    with client.get(scripts[0], headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert response.mimetype == "text/javascript"
        joined = gzip.decompress(response.get_data()).decode()
    # direct and indirect imports, the vendored Socket.IO client among them, no imports left
    assert joined.count("= (() => {") >= 20 and "Manager" in joined
    assert not re.search(r"^\s*(import|export)\b", joined, re.MULTILINE)


def test_only_a_page_script_can_be_joined(client: Any) -> None:
    for path in (
        "/static/bundle/js/core/outbox.js",
        "/static/bundle/js/pages/nothing.js",
        "/static/bundle/../app.py",
    ):
        with client.get(path) as response:
            assert response.status_code == 404


STYLES = ("app", "pages", "phone", "display")  # the phone pages' stylesheets, in order


def test_the_phone_page_loads_its_stylesheets_as_one_file(
    client: Any, cafe: dict[str, Any]
) -> None:
    """Three requests fewer on a slow link: the files joined in the page's cascade order,
    in their own folder (their relative url()s mean the same)."""
    page = _phone_page(client, cafe)
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page)
    assert len(links) == 1
    assert re.fullmatch(
        r"/static/[0-9a-f]{12}/css/joined--app--pages--phone--display\.css", links[0]
    )
    with client.get(links[0], headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert response.mimetype == "text/css"
        joined = gzip.decompress(response.get_data()).decode()
    folder = Path(client.application.static_folder) / "css"
    parts = [(folder / f"{name}.css").read_text(encoding="utf-8") for name in STYLES]
    assert joined == "\n".join(parts)
    assert 'url("../img/speaker.svg")' in joined


def test_only_stylesheets_of_the_folder_can_be_joined(client: Any) -> None:
    for path in (
        "/static/css/joined--app--nothing.css",
        "/static/css/joined--.css",
        "/static/css/joined--..--app.css",
        "/static/css/joined--app.js",
        # Only in the cascade order, each once: a bounded number of joined files in memory.
        "/static/css/joined--phone--app.css",
        "/static/css/joined--app--app.css",
        "/static/css/joined--app--phone--phone.css",
        "/static/css/joined--app--cockpit.css",
    ):
        with client.get(path) as response:
            assert response.status_code == 404


def test_versioned_files_are_immutable_and_gzipped(client: Any, cafe: dict[str, Any]) -> None:
    page = _phone_page(client, cafe)
    digest = re.search(r'"/static/([0-9a-f]{12})/', page)
    assert digest
    stylesheet = f"/static/{digest.group(1)}/css/phone.css"
    with client.get(stylesheet) as plain:
        assert plain.headers["Cache-Control"] == IMMUTABLE
        assert "Content-Encoding" not in plain.headers
        original = plain.get_data()
    packed = client.get(stylesheet, headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == original
    assert int(packed.headers["Content-Length"]) == len(packed.get_data()) < len(original)
    again = client.get(
        stylesheet,
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304


def test_plain_addresses_still_work_and_are_revalidated(client: Any) -> None:
    with client.get("/static/css/phone.css") as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == REVALIDATE


def test_no_file_outside_the_static_folder(client: Any) -> None:
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/nothing.css"):
        with client.get(path) as response:
            assert response.status_code == 404


def test_our_scripts_are_minified_when_gzipped(client: Any) -> None:
    """The source keeps its comments; the phone gets the code without them."""
    with client.get("/static/js/core/outbox.js") as plain:
        source = plain.get_data()
    with client.get("/static/js/core/outbox.js", headers={"Accept-Encoding": "gzip"}) as packed:
        served = gzip.decompress(packed.get_data())
    assert b"// The phone's outbox" in source
    assert b"//" not in served.replace(b"://", b"") and len(served) < len(source) * 0.8


def test_a_versioned_file_is_answered_from_memory_after_the_first_time(
    client: Any, cafe: dict[str, Any]
) -> None:
    """A hall loading the page at once: later answers skip Flask, the login cookie stays out."""
    page = _phone_page(client, cafe)  # this client now holds a participant's cookie
    url = re.search(r'href="(/static/[0-9a-f]{12}/css/joined[a-z-]+\.css)"', page)
    assert url
    first = client.get(url.group(1), headers={"Accept-Encoding": "gzip"})
    kept = client.application.wsgi_app
    while not hasattr(kept, "kept"):  # the cache sits under any later middleware
        kept = kept.app
    assert (url.group(1), True, "http") in kept.kept
    again = client.get(url.group(1), headers={"Accept-Encoding": "gzip"})
    assert again.status_code == 200 and again.get_data() == first.get_data()
    assert "Set-Cookie" not in again.headers
    assert again.headers["Cache-Control"] == IMMUTABLE
    assert again.headers["X-Content-Type-Options"] == "nosniff"


def test_answers_from_memory_are_counted_in_the_metrics(build_app: Any) -> None:
    """GET /metrics counts every response, the kept ones too."""
    client = build_app(METRICS=True).test_client()
    url = client.application.url_map  # the versioned rule, as the metrics label it
    rule = next(r.rule for r in url.iter_rules() if r.endpoint == "static")
    for _ in range(3):
        with client.get(rule.replace("<path:filename>", "css/phone.css")) as response:
            assert response.status_code == 200
    scraped = client.get("/metrics").get_data(as_text=True)
    line = f'method="GET",route="{rule}",status_class="2xx"}} 3.0'
    assert line in scraped, [x for x in scraped.splitlines() if "static" in x]
