"""Short full garbage collections while thousands of phones stay connected.

Every open connection holds some 160 objects the cyclic collector tracks (the socket, its
green threads, queues, timers); at 2,000 phones a full collection scanned 350,000 of them
and stopped every connection for 250-380 ms, every 15-20 s under load (bench/README.md,
scenario d). Right after a full collection nothing tracked is garbage any more, and what
lives on is mostly the connections: everything is then moved out of the collector's sight
(``gc.freeze``), so the next full collection scans only what is newer. A cycle frozen
while in use that becomes garbage later (a closed connection's) waits for the next thaw:
every ``THAW_SECONDS`` everything is handed back (``gc.unfreeze``) and the next full
collection frees it, then freezes again: one long pause in ten minutes, not one in 20 s.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

THAW_SECONDS = 600.0
OLDEST = 2  # the generation of a full collection


def _freeze_after_full_collection(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info.get("generation") == OLDEST:
        gc.freeze()


def keep_collections_short(
    start_background_task: Callable[..., Any], sleep: Callable[[float], None]
) -> None:
    """Freeze after every full collection; thaw on the async mode's background task."""
    if _freeze_after_full_collection not in gc.callbacks:
        gc.callbacks.append(_freeze_after_full_collection)

    def thaw_now_and_then() -> None:
        while True:
            sleep(THAW_SECONDS)
            gc.unfreeze()

    start_background_task(thaw_now_and_then)
