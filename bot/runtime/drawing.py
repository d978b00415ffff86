"""Pictures (the ladder, staff charts and QR codes, the campaign poster) are drawn off the
event loop, in one worker thread, one at a time. The owner's PDF report, half a second of
layout, is made in a worker process instead (bot/jobs/documents.py).

Drawing the ladder holds about 8 MB for a moment (a 1080x1350 image and its PNG encoder). In
asyncio's default thread pool, owners who finished at the same moment had theirs drawn at once,
and every worker thread kept its own malloc arena afterwards: six at once left the bot 45 MB
larger for good (`make bench`). One thread draws them in turn, about 30 a second, far more
results than one process produces, and its memory is used again for the next picture.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_DRAWER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tredebot-render")


async def render(draw: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `draw` in the drawing thread, with this task's context (its language)."""
    return await start_rendering(draw, *args, **kwargs)


def start_rendering(draw: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> asyncio.Future[T]:
    """`render`, handed to the drawing thread right now rather than when the caller first
    awaits: the picture is drawn while the caller's own work goes on. Cancelling the future
    drops a drawing that has not started."""
    context = contextvars.copy_context()
    call = functools.partial(context.run, draw, *args, **kwargs)
    return asyncio.get_running_loop().run_in_executor(_DRAWER, call)
