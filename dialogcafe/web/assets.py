"""Static files for slow phones: addresses that change with the content, cached for a
year, sent compressed, and every module of a page asked for at once.

A phone on a 400 ms mobile link pays a round trip per request and per level of
``import``: so the files live under ``/static/<digest>/`` (a hash of every static
file, relative imports keep it) and are cached as immutable; text files go out gzipped
when the browser accepts it (our own scripts minified first); ``page_script`` gives a
page its modules joined into one script (script_bundle.py, at ``bundle/<entry>``), or,
where they cannot be joined, its whole import graph as ``modulepreload`` links, so the
browser fetches it in one wave instead of one per level; ``page_styles`` gives it its
stylesheets joined into one file (``css/joined--app--phone.css``: in the same folder, so
their ``url()``s mean the same, and in the same order, so the cascade is the same).
The plain ``/static/<file>`` address still works, revalidated on every use.

A hall that scans the QR code at once asks for some 35 files per phone: a versioned file's
first answer is kept (``ImmutableCache``) and later ones are sent from memory without
passing through Flask, so a join storm costs a page render per phone, not 35 requests.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import rjsmin
from flask import Flask, Response, request, send_from_directory, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from dialogcafe.adapters import metrics
from dialogcafe.web import script_bundle

IMMUTABLE = "public, max-age=31536000, immutable"
BUNDLE_DIR = "bundle/"  # a page's joined modules: bundle/js/pages/participant.js
# The stylesheets a page may have joined, in the one cascade order they keep: a joined name
# lists some of them in this order, so there are at most 2^4 joined files to keep in memory,
# whatever addresses a client makes up.
JOINABLE_STYLES = ("app", "pages", "phone", "display")
JOINED_STYLES = re.compile(r"css/joined((?:--[a-z]+)+)\.css")
REVALIDATE = "no-cache"
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".map"}
_IMPORT = re.compile(r"""\b(?:from|import)\s*["'](\.{1,2}/[^"']+)["']""")
EXTENSION_KEY = "dialogcafe.web.assets"


def static_digest(root: Path) -> str:
    """A short hash of every file under ``root`` (names and contents): the version in
    the static address, new whenever any file changes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class StaticAssets:
    """The static folder's compressed copies and module graph, built on first use."""

    root: Path
    compressed: dict[str, tuple[float, bytes, str]] = field(default_factory=dict)
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bundles: dict[str, tuple[bytes, bytes] | None] = field(default_factory=dict)
    styles: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)

    def gzipped(self, filename: str, path: Path) -> tuple[bytes, str]:
        """The file (our own scripts minified) gzipped and its ETag, kept until it changes."""
        mtime = path.stat().st_mtime
        kept = self.compressed.get(filename)
        if kept is None or kept[0] != mtime:
            content = path.read_bytes()
            if path.suffix == ".js":
                content = _minified(filename, content.decode("utf-8")).encode("utf-8")
            packed = gzip.compress(content, compresslevel=9, mtime=0)
            kept = (mtime, packed, hashlib.sha256(packed).hexdigest()[:20])
            self.compressed[filename] = kept
        return kept[1], kept[2]

    def bundle(self, entry: str) -> tuple[bytes, bytes] | None:
        """``entry``'s modules joined into one script, plain and gzipped (None where they
        cannot be joined), kept: its address changes with any static file."""
        if entry not in self.bundles:
            text = script_bundle.bundle(
                entry, lambda name: (self.root / name).read_text(encoding="utf-8"), _minified
            )
            content = None if text is None else text.encode("utf-8")
            self.bundles[entry] = (
                None
                if content is None
                else (content, gzip.compress(content, compresslevel=9, mtime=0))
            )
        return self.bundles[entry]

    def joined_styles(self, filename: str) -> tuple[bytes, bytes] | None:
        """``css/joined--a--b.css``: ``css/a.css`` then ``css/b.css``, plain and gzipped,
        kept; None unless the parts are ``JOINABLE_STYLES`` in their order."""
        match = JOINED_STYLES.fullmatch(filename)
        parts = [] if match is None else match.group(1).split("--")[1:]
        if not _in_cascade_order(parts):
            return None
        if filename not in self.styles:
            paths = [self.root / "css" / f"{part}.css" for part in parts]
            content = "\n".join(path.read_text(encoding="utf-8") for path in paths)
            plain = content.encode("utf-8")
            self.styles[filename] = (plain, gzip.compress(plain, compresslevel=9, mtime=0))
        return self.styles[filename]

    def module_graph(self, entry: str) -> list[str]:
        """Every module ``entry`` imports, directly or not, as static file names."""
        seen: list[str] = []
        pending = [entry]
        while pending:
            name = pending.pop()
            for found in self._imports_of(name):
                if found not in seen and found != entry:
                    seen.append(found)
                    pending.append(found)
        return sorted(seen)

    def _imports_of(self, name: str) -> tuple[str, ...]:
        if name not in self.imports:
            source = (self.root / name).read_text(encoding="utf-8")
            base = Path(name).parent
            targets = []
            for match in _IMPORT.finditer(source):
                targets.append(_normalise((base / match.group(1)).as_posix()))
            self.imports[name] = tuple(targets)
        return self.imports[name]


def _minified(filename: str, text: str) -> str:
    """Our own scripts without comments and spaces; a vendored ``.min.js`` as it is."""
    return text if filename.endswith(".min.js") else str(rjsmin.jsmin(text))


def _in_cascade_order(parts: list[str]) -> bool:
    """True for two or more of ``JOINABLE_STYLES``, each once, in that order."""
    positions = [JOINABLE_STYLES.index(p) for p in parts if p in JOINABLE_STYLES]
    return len(positions) == len(parts) >= 2 and positions == sorted(set(positions))


def _normalise(posix: str) -> str:
    """``js/pages/../core/x.js`` -> ``js/core/x.js`` without touching the disk."""
    parts: list[str] = []
    for part in posix.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _send(filename: str, cache_control: str) -> Response:
    """One static file, gzipped where that helps and the browser accepts it."""
    assets: StaticAssets = _assets()
    if filename.startswith(BUNDLE_DIR):
        return _send_bundle(assets, filename.removeprefix(BUNDLE_DIR), cache_control)
    if JOINED_STYLES.fullmatch(filename):
        if (styles := assets.joined_styles(filename)) is None:
            raise NotFound()
        return _send_joined(styles, "text/css", cache_control)
    path_text = safe_join(str(assets.root), filename)
    if path_text is None or not Path(path_text).is_file():
        raise NotFound()
    path = Path(path_text)
    if path.suffix in COMPRESSIBLE and "gzip" in request.headers.get("Accept-Encoding", ""):
        packed, tag = assets.gzipped(filename, path)
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        response = Response(packed, mimetype=kind)
        response.headers["Content-Encoding"] = "gzip"
        response.set_etag(tag)
        response.last_modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        response.make_conditional(request)
    else:
        response = send_from_directory(assets.root, filename)
    response.headers["Cache-Control"] = cache_control
    response.vary.add("Accept-Encoding")
    return response


def _send_bundle(assets: StaticAssets, entry: str, cache_control: str) -> Response:
    """A page's joined modules, built on the first request; 404 for anything else."""
    if not entry.startswith("js/pages/") or safe_join(str(assets.root), entry) is None:
        raise NotFound()
    if not (assets.root / entry).is_file() or (joined := assets.bundle(entry)) is None:
        raise NotFound()
    return _send_joined(joined, "text/javascript", cache_control)


def _send_joined(joined: tuple[bytes, bytes], kind: str, cache_control: str) -> Response:
    """Files joined into one (plain, gzipped), gzipped where the browser accepts it."""
    packed = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(joined[1] if packed else joined[0], mimetype=kind)
    if packed:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:20])
    response.make_conditional(request)
    response.headers["Cache-Control"] = cache_control
    response.vary.add("Accept-Encoding")
    return response


def _assets() -> StaticAssets:
    from flask import current_app

    assets: StaticAssets = current_app.extensions[EXTENSION_KEY]
    return assets


def versioned_static(filename: str) -> Response:
    """``/static/<digest>/<file>``: its address changes with its content."""
    return _send(filename, IMMUTABLE)


def plain_static(filename: str) -> Response:
    """``/static/<file>``: older links and tools, checked with the server each time."""
    return _send(filename, REVALIDATE)


def page_script(entry: str) -> Markup:
    """A page's module script: its modules joined into one, or where they cannot be, the
    entry with ``modulepreload`` links for its whole import graph."""
    assets = _assets()
    if assets.bundle(entry) is not None:
        joined = escape(url_for("static", filename=BUNDLE_DIR + entry))
        return Markup(f'<script type="module" src="{joined}"></script>')
    links = [
        f'<link rel="modulepreload" href="{escape(url_for("static", filename=name))}">'
        for name in assets.module_graph(entry)
    ]
    script = f'<script type="module" src="{escape(url_for("static", filename=entry))}"></script>'
    return Markup("\n".join([*links, script]))


def page_styles(*stylesheets: str) -> Markup:
    """A page's stylesheets (``css/…`` files, in cascade order) as one link: a phone on a
    slow link, or a hall arriving at once, asks for one file instead of several."""
    if len(stylesheets) == 1:
        filename = stylesheets[0]
    else:
        stems = [name.removeprefix("css/").removesuffix(".css") for name in stylesheets]
        if not _in_cascade_order(stems):
            raise ValueError(f"only {JOINABLE_STYLES} can be joined, in that order: {stems}")
        filename = "css/joined--" + "--".join(stems) + ".css"
    return Markup(f'<link rel="stylesheet" href="{escape(url_for("static", filename=filename))}">')


# A kept answer leaves out the login cookie Flask refreshes on every answer (a static file
# never changes it) and is not kept if its connection was to close.
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ImmutableCache:
    """WSGI middleware: the versioned files' answers, kept after the first and replayed.

    Only a plain GET of a ``/static/<digest>/`` address that Flask answered 200 is kept
    (one per file, encoding and scheme: the security headers differ over https), so the
    memory it holds is bounded by the static folder; anything else goes to Flask.
    """

    def __init__(self, app: WSGIApp, prefix: str, counted: metrics.Metrics) -> None:
        self.app = app
        self.prefix = prefix
        self.counted = counted  # a kept answer is a response too (GET /metrics)
        self.rule = prefix + "<path:filename>"
        self.kept: dict[tuple[str, bool, str], tuple[str, list[tuple[str, str]], bytes]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or not path.startswith(self.prefix)
            or environ.get("QUERY_STRING")
            or "HTTP_IF_NONE_MATCH" in environ
            or "HTTP_IF_MODIFIED_SINCE" in environ
        ):
            return self.app(environ, start_response)
        gzip_ok = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        key = (path, gzip_ok, environ.get("wsgi.url_scheme", "http"))
        if (kept := self.kept.get(key)) is not None:
            self.counted.responded("GET", self.rule, 200)
            start_response(kept[0], list(kept[1]))
            return [kept[2]]
        status, headers, body = self._first(environ)
        names = {name.lower() for name, _ in headers}
        if status.startswith("200 ") and "connection" not in names:
            shared = [(name, value) for name, value in headers if name.lower() != "set-cookie"]
            self.kept[key] = (status, shared, body)
        start_response(status, headers)
        return [body]

    def _first(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        """Flask's own answer, read whole (static files are small)."""
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            answer.update(status=status, headers=headers)

        chunks = self.app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return answer["status"], answer["headers"], body


def init_app(app: Flask, root: Path) -> None:
    """Serve the static folder through the views above and offer ``page_script``."""
    app.extensions[EXTENSION_KEY] = StaticAssets(root)
    prefix = (app.static_url_path or "/static").rstrip("/") + "/"
    counted = app.extensions.get(metrics.EXTENSION_KEY, metrics.NOOP)
    app.wsgi_app = ImmutableCache(app.wsgi_app, prefix, counted)  # type: ignore[method-assign]
    app.view_functions["static"] = versioned_static
    app.add_url_rule("/static/<path:filename>", "plain_static", plain_static)
    app.jinja_env.globals["page_script"] = page_script
    app.jinja_env.globals["page_styles"] = page_styles
