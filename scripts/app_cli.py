"""The app's own command line, for the tools that start servers (cluster, screenshots, bench).

They all need a facilitator before the first request, and the documented way to make one
(``flask --app app facilitator create``) also brings the database schema up to date.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def create_facilitator(
    env: Mapping[str, str], email: str, password: str, timeout: float = 120
) -> None:
    """Make a facilitator account with the app's CLI in ``env``; raise if it fails."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "facilitator", "create", email,
         "--password", password],
        cwd=ROOT, env=dict(env), check=True, capture_output=True, timeout=timeout,
    )  # fmt: skip
