"""The PDF report is made in a worker process, one at a time.

A report takes about half a second of pure-Python layout (fpdf2 breaks every line itself). In a
thread of the bot's process it held the interpreter lock for that long in small slices, and
every update in flight waited behind it: at an outreach event, with many owners asking for their
PDF within seconds, the questions' p99 rose to hundreds of milliseconds, and results queued
behind the PDFs in the drawing thread. A worker process uses the machine's other core, and the
bot's loop and its drawing thread stay free. The worker starts at the first request (most bot
processes never make a PDF, and it holds fpdf2 and the fonts, about 40 MB) and stays until the
process exits (``concurrent.futures`` joins it then).

The worker translates with the same compiled catalogues as aiogram's I18n in the bot, read with
the standard library's ``gettext`` (it has no aiogram context to ask).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gettext
import multiprocessing
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

from bot.catalogues import DOMAIN, LOCALES, catalogue_dir
from pso.assess import assess
from pso.rules import load_rules

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            catalogues = catalogue_dir(LOCALES)  # compiled already: the bot started with them
            # "spawn": a fresh interpreter; forking a process with a running loop and threads
            # would copy their locks in whatever state they were.
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_prepare,
                initargs=(str(catalogues),),
            )
        return _pool


async def report_pdf(
    answers: Mapping[str, Any],
    *,
    rules_version: str,
    locale: str,
    generated_at: dt.datetime,
) -> bytes:
    """The PDF of a stored result (its answers, assessed with the rules version it was made
    with) in ``locale``, made in the worker process. The worker assesses the answers itself:
    an assessment holds read-only mappings, which do not travel between processes."""
    loop = asyncio.get_running_loop()
    pool = _executor()
    return await loop.run_in_executor(
        pool, _make, dict(answers), rules_version, locale, generated_at
    )


# --- in the worker ----------------------------------------------------------------------------
_catalogues = ""


def _prepare(catalogues: str) -> None:
    global _catalogues
    _catalogues = catalogues
    import pso.pdf  # noqa: F401 - fpdf2 and the fonts, before the first owner waits


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=_catalogues, languages=[locale], fallback=True)


def _make(
    answers: dict[str, Any], rules_version: str, locale: str, generated_at: dt.datetime
) -> bytes:
    from pso.pdf import report_pdf as draw

    translations = _translations(locale)
    return draw(
        assess(answers, load_rules(rules_version)),
        answers,
        gettext=translations.gettext,
        ngettext=translations.ngettext,
        locale=locale,
        generated_at=generated_at,
    )
