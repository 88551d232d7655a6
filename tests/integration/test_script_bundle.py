"""Joining a page's modules into one script (web/script_bundle.py): the order the browser
evaluates them in, their imports and exports, and a fallback for what it cannot join."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dialogcafe.web.script_bundle import bundle

STATIC = Path(__file__).resolve().parents[2] / "static"
PAGES = sorted(p.relative_to(STATIC).as_posix() for p in (STATIC / "js" / "pages").glob("*.js"))


def _unchanged(_name: str, text: str) -> str:
    return text


def _joined(modules: dict[str, str], entry: str = "pages/main.js") -> str | None:
    return bundle(entry, modules.__getitem__, _unchanged)


def _run(script: str) -> str:
    """The output of ``script`` run as an ES module by Node (on the machine: the benchmark
    runs its socket.io baseline with it too)."""
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout


def test_modules_run_in_the_browsers_order_with_their_imports() -> None:
    modules = {
        "pages/main.js": 'import { greet, NAME as who } from "../core/a.js";\n'
        'import * as b from "../core/b.js";\n'
        'console.log("main", greet(who), b.twice(2), b.Box.name);\n',
        "core/a.js": 'import { twice } from "./b.js";\nconsole.log("a");\n'
        "export const NAME = `n${twice(1)}`;\nexport function greet(x) { return `hi ${x}`; }\n",
        "core/b.js": 'console.log("b");\nexport function twice(x) { return 2 * x; }\n'
        "class Box {}\nexport { Box };\n",
    }
    script = _joined(modules)
    assert script is not None
    assert _run(script).split("\n")[:3] == ["b", "a", "main hi n2 4 Box"]


def test_a_cycle_or_an_unknown_form_is_not_joined() -> None:
    cycle = {
        "pages/main.js": 'import { a } from "../core/a.js";\n',
        "core/a.js": 'import { main } from "../pages/main.js";\nexport const a = 1;\n',
    }
    assert _joined(cycle) is None
    assert _joined({"pages/main.js": "export let counter = 0;\n"}) is None
    assert _joined({"pages/main.js": 'import("./lazy.js");\n'}) is None


@pytest.mark.parametrize("entry", PAGES)
def test_every_page_of_ours_is_joined_into_valid_script(entry: str, tmp_path: Path) -> None:
    script = bundle(entry, lambda name: (STATIC / name).read_text(encoding="utf-8"), _unchanged)
    assert script is not None, entry
    path = tmp_path / "joined.mjs"
    path.write_text(script, encoding="utf-8")
    subprocess.run(["node", "--check", str(path)], check=True, timeout=30)
