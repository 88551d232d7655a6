"""A short run of the benchmark (``make bench``), so that it cannot rot unnoticed.

A few phones post for a few seconds, and a dozen arrive as in a join storm, against the real
app (``python app.py``, eventlet,
SQLite) and against the bare python-socketio baseline, through the same load generator
and report as the full benchmark. Only correctness is asserted — every phone joined and
every post reached every other phone at its table, the facilitator and the projector,
exactly once — never speed: timings on a shared machine are not a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--scenarios",
            "smoke,storm-smoke",
            "--out",
            str(out),
            "--label",
            "smoke",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((out / "smoke.json").read_text(encoding="utf-8"))
    report["_out"] = out
    report["_stdout"] = result.stdout
    return report


@pytest.mark.parametrize("target", ["app-eventlet", "bare-eventlet"])
def test_every_post_reaches_every_recipient_once(smoke: dict, target: str) -> None:
    runs = [r for r in smoke["runs"] if r["target"] == target and r["scenario"] == "smoke"]
    assert runs, f"{target} did not run:\n{smoke['_stdout'][-2000:]}"
    m = runs[0]["measure"]
    assert m["connected"] == m["phones"] > 0
    assert m["posts"] > 0 and m["acked"] == m["posts"] and m["failed"] == 0
    assert m["expected"] > 0 and m["delivered"] == m["expected"]
    assert (m["lost"], m["duplicates"], m["stray"], m["disconnects"]) == (0, 0, 0, 0)


def test_the_report_has_the_tables_and_a_plot(smoke: dict) -> None:
    out: Path = smoke["_out"]
    text = (out / "smoke.md").read_text(encoding="utf-8")
    assert "| smoke | app-eventlet |" in text and "| smoke | bare-eventlet |" in text
    assert "p99 fan-out ratio" in text
    assert (out / "smoke-smoke.png").stat().st_size > 0
    server = smoke["runs"][0]["server"]
    assert server["rss_mib"] and server["rss_mib"] > 0


@pytest.mark.parametrize("target", ["app-eventlet", "bare-eventlet"])
def test_every_phone_of_a_join_storm_gets_in(smoke: dict, target: str) -> None:
    """Scan, page and files, join form, socket, ``state``: each step timed for every phone."""
    runs = [r for r in smoke["runs"] if r["target"] == target and r["scenario"] == "storm"]
    assert runs, f"{target} did not run:\n{smoke['_stdout'][-2000:]}"
    m = runs[0]["measure"]
    assert m["connected"] == m["phones"] == 12 and m["failed"] == 0 and m["errors"] == 0
    steps = ("page", "join") if target == "app-eventlet" else ()
    for step in (*steps, "connect", "state"):
        assert m["steps"][step]["n"] == 12, step
    assert m["total"]["n"] == 12 and m["all_in_s"]
    text = (smoke["_out"] / "smoke.md").read_text(encoding="utf-8")
    assert "## Join storm" in text and "storm: p99 scan → state" in text
    assert (smoke["_out"] / "smoke-storm.png").stat().st_size > 0
