"""A page's modules joined into one script, so a phone fetches one file, not 25.

On a 400 ms mobile link a browser's six connections take a page's module graph in waves of
six requests, a round trip each: the participant page's 25 modules cost two seconds before
any byte of code ran. Joined, they are one request. No build step: the server joins the
files it serves, the first time a page asks, and the result is as cacheable as any file.

Each module becomes a function whose result is its exports, evaluated in the order the
browser would evaluate them (depth first, imports before importers); ``import`` lines
become reads of those results. That is ES module semantics for what our modules do
(named and namespace imports, exported functions, classes and constants, no cycles, no
``export let`` reassigned later); anything else (a cycle, a form not recognised) makes
``bundle`` answer ``None`` and the page falls back to its separate modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

# One import statement at the start of a line: named, namespace or default.
_IMPORT = re.compile(
    r"""^import\s+(?:\{(?P<named>[^}]*)\}|\*\s+as\s+(?P<namespace>[\w$]+)|(?P<default>[\w$]+))"""
    r"""\s*from\s*["'](?P<source>\.{1,2}/[^"']+)["'];?[ \t]*$""",
    re.MULTILINE,
)
# ``export function|async function|class|const`` at the start of a line.
_EXPORT_DECLARATION = re.compile(
    r"^export\s+(?P<kind>async\s+function\*?|function\*?|class|const)\s+(?P<name>[\w$]+)",
    re.MULTILINE,
)
# ``export { a as b, c };`` (the vendored client ends with one; no newline needed).
_EXPORT_LIST = re.compile(r"(?:^|(?<=[;}\s]))export\s*\{(?P<names>[^}]*)\}\s*;?", re.MULTILINE)
_ANY_EXPORT = re.compile(r"(?:^|(?<=[;}\s]))export\b")
# Also ``import(...)`` and ``import.meta``: relative to the page's file, not the bundle's.
_ANY_IMPORT = re.compile(r"(?:^|(?<=[;}\s(=,]))import\s*[\w${*'\"(.]")
_NAME = re.compile(r"^[\w$]+$")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)

ReadModule = Callable[[str], str]
Minify = Callable[[str, str], str]  # (module file, its text) -> its text minified


class NotBundled(ValueError):
    """The graph uses a form this joiner does not rewrite: serve the modules separately."""


def _resolve(importer: str, source: str) -> str:
    parts: list[str] = []
    for part in (PurePosixPath(importer).parent / source).as_posix().split("/"):
        if part == "..":
            if not parts:
                raise NotBundled(f"{source} leaves the static folder")
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _pairs(names: str) -> list[tuple[str, str]]:
    """``a, b as c`` -> [(a, a), (b, c)]: (name there, name here)."""
    pairs = []
    for item in names.split(","):
        words = item.split()
        if not words:
            continue
        if len(words) == 1:
            words = [words[0], "as", words[0]]
        if len(words) != 3 or words[1] != "as" or not all(_NAME.match(w) for w in words[::2]):
            raise NotBundled(f"cannot read {item.strip()!r}")
        pairs.append((words[0], words[2]))
    return pairs


class _Joiner:
    def __init__(self, read: ReadModule, minify: Minify) -> None:
        self.read = read
        self.minify = minify
        self.ids: dict[str, str] = {}  # module file -> its variable in the bundle
        self.parts: list[str] = []
        self.visiting: set[str] = set()

    def add(self, name: str) -> str:
        """Add ``name`` after everything it imports; return its variable."""
        if name in self.ids:
            return self.ids[name]
        if name in self.visiting:
            raise NotBundled(f"import cycle through {name}")
        self.visiting.add(name)
        source = self.read(name)
        rewritten = _IMPORT.sub(lambda m: self._import_line(name, m), source)
        exports: list[tuple[str, str]] = []  # (exported name, local name)

        def declaration(match: re.Match[str]) -> str:
            exports.append((match["name"], match["name"]))
            return f"{match['kind']} {match['name']}"

        rewritten = _EXPORT_DECLARATION.sub(declaration, rewritten)

        def export_list(match: re.Match[str]) -> str:
            exports.extend((there, here) for here, there in _pairs(match["names"]))
            return ""

        rewritten = _EXPORT_LIST.sub(export_list, rewritten)
        # Checked without comments: a map's address would not resolve from the bundle.
        body = _SOURCE_MAP.sub("", self.minify(name, rewritten)).strip()
        if _ANY_EXPORT.search(body) or _ANY_IMPORT.search(body):
            raise NotBundled(f"{name}: an import or export form not rewritten")
        variable = f"$m{len(self.ids)}"
        result = ", ".join(f'"{there}": {here}' for there, here in exports)
        self.parts.append(
            f"const {variable} = (() => {{\n{body}\nreturn Object.freeze({{{result}}});\n}})();"
        )
        self.ids[name] = variable
        self.visiting.discard(name)
        return variable

    def _import_line(self, importer: str, match: re.Match[str]) -> str:
        variable = self.add(_resolve(importer, match["source"]))
        if match["namespace"]:
            return f"const {match['namespace']} = {variable};"
        if match["default"]:
            return f'const {match["default"]} = {variable}["default"];'
        fields = ", ".join(f'"{there}": {here}' for there, here in _pairs(match["named"]))
        return f"const {{{fields}}} = {variable};" if fields else ""


def bundle(entry: str, read: ReadModule, minify: Minify) -> str | None:
    """``entry`` and every module it imports as one script, or None if it cannot be
    joined (the page then loads the modules themselves)."""
    joiner = _Joiner(read, minify)
    try:
        joiner.add(entry)
    except NotBundled:
        return None
    return "\n".join(joiner.parts) + "\n"
