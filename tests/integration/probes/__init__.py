"""Probe scripts the integration tests run in a monkey-patched child process, and the runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def run_probe(script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` from this folder in a child Python at the repo root; it must exit 0."""
    child_env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    child_env.update(env, PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name(script)), *args],
        cwd=REPO_ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done
