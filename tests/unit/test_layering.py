"""The domain is plain Python: importing any domain module must not load Flask."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOMAIN_MODULES = (
    "codes",
    "rotation",
    "sessions",
    "participants",
    "posting",
    "summaries",
    "exports",
    "errors",
    "models",
    "database",
    "accounts",
    "payloads",
    "config",
    "clock",
    "likes",
    "voting",
    "wordcloud",
    "reactions",
    "projector",
    "moving",
    "hosting",
    "hosting_snapshots",
    "timer",
    "broadcast",
    "presence",
    "erasure",
    "snapshots",
    "throttle",
)


def _probe(module: str) -> subprocess.Popen[str]:
    """Start a fresh interpreter that imports ``module`` and says whether Flask got loaded."""
    return subprocess.Popen(
        [sys.executable, "-c", f"import sys, {module}; print('flask' in sys.modules)"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def flask_loaded() -> dict[str, str]:
    """Probe every module in its own process, all at once (a process each keeps them apart)."""
    modules = [f"dialogcafe.{name}" for name in DOMAIN_MODULES] + ["dialogcafe.web.edge"]
    probes = {module: _probe(module) for module in modules}
    results = {}
    for module, process in probes.items():
        out, err = process.communicate(timeout=60)
        results[module] = out.strip() if process.returncode == 0 else f"failed: {err}"
    return results


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_domain_module_does_not_import_flask(module: str, flask_loaded: dict[str, str]) -> None:
    assert flask_loaded[f"dialogcafe.{module}"] == "False", f"dialogcafe.{module} loads flask"


def test_the_probe_can_detect_flask(flask_loaded: dict[str, str]) -> None:
    """Guard against a probe that always says False: an edge module does load Flask."""
    assert flask_loaded["dialogcafe.web.edge"] == "True"


def test_unit_tests_import_no_flask() -> None:
    """The unit test files themselves stay off the web layer."""
    for path in Path(__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for line in source.splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                words = stripped.replace(",", " ").split()
                assert "flask" not in words, f"{path.name}: {stripped}"
                assert not any(w.startswith(("flask.", "flask_")) for w in words), path.name
                assert "dialogcafe.web" not in stripped, f"{path.name}: {stripped}"
