"""The worker's entry points: what the bot's main process asks the drawing worker to make.

Each one imports its drawing library when it first runs, in the worker; the main process only
names these functions (a function travels to the worker by its module and name). Texts are
translated with the same compiled catalogues as aiogram's I18n in the bot, read with the standard
library's `gettext` (the worker has no aiogram context to ask). A stored result travels as its
answers and rules version and is assessed again here: an assessment holds read-only mappings,
which do not travel between processes.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import threading
import time
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from bot.pictures.sheets import BookPart  # plain types: no openpyxl

_catalogues = ""

# The worker yields the CPU to the bot's process: an owner's next question matters more than a
# document being made (a PDF is about 100 ms of fpdf2's layout). On a busy machine the worker
# gets what the bot leaves; on an idle one, all it needs. Raising one's own niceness needs no
# privilege.
NICENESS = 10
PARENT_CHECK_S = 1.0


def prepare(catalogues: str) -> None:
    """The worker's start: the libraries and fonts loaded before the first owner waits."""
    global _catalogues
    _catalogues = catalogues
    os.nice(NICENESS)
    threading.Thread(
        target=_end_with, args=(os.getppid(),), name="end-with-the-bot", daemon=True
    ).start()
    import pso.ladder_image
    import pso.pdf

    pso.pdf.subset_characters()
    for bold in (False, True):
        pso.ladder_image.font_path(bold)
    # The bot's policy: what was loaded is never scanned again, and the young generation is
    # collected less often. A workbook makes hundreds of thousands of short-lived objects;
    # with the defaults, collecting them took about a third of its writing.
    from bot.runtime.gc_policy import freeze_startup_heap

    freeze_startup_heap()


def _end_with(bot: int) -> None:
    """Exit when the bot's process is gone. A bot that stops tells its worker to stop; one that
    is killed (SIGKILL, the OOM killer) cannot, and the pool's worker would wait for work for
    ever, holding its memory."""
    while os.getppid() == bot:
        time.sleep(PARENT_CHECK_S)
    os._exit(0)


def ready() -> int:
    """Nothing to draw: the worker answers once it has started (its process id)."""
    return os.getpid()


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    from bot.catalogues import DOMAIN

    return gettext.translation(DOMAIN, localedir=_catalogues, languages=[locale], fallback=True)


def ladder(answers: Mapping[str, Any], rules_version: str, locale: str) -> bytes:
    """The chat's picture of a stored result (a JPEG)."""
    from pso.assess import assess
    from pso.ladder_image import ladder_jpeg
    from pso.rules import load_rules

    assessment = assess(answers, load_rules(rules_version))
    translations = _translations(locale)
    return ladder_jpeg(
        assessment, gettext=translations.gettext, ngettext=translations.ngettext, locale=locale
    )


def report(
    answers: Mapping[str, Any],
    rules_version: str,
    locale: str,
    generated_at: dt.datetime,
    ladder: bytes | None = None,
) -> bytes:
    """The PDF of a stored result; `ladder`: its picture, when drawn for the chat already."""
    from pso.assess import assess
    from pso.pdf import report_pdf
    from pso.rules import load_rules

    translations = _translations(locale)
    return report_pdf(
        assess(answers, load_rules(rules_version)),
        answers,
        gettext=translations.gettext,
        ngettext=translations.ngettext,
        locale=locale,
        generated_at=generated_at,
        ladder=ladder,
    )


def stats_chart(
    *,
    title: str,
    subtitle: str,
    funnel_heading: str,
    funnel: Sequence[tuple[str, int, str]],
    levels_heading: str,
    levels: Sequence[tuple[str, int, str]],
    footnote: str,
) -> bytes:
    """A campaign's chart for staff (a PNG); its texts come translated from the bot."""
    from bot.pictures.chart import stats_chart_png

    return stats_chart_png(
        title=title,
        subtitle=subtitle,
        funnel_heading=funnel_heading,
        funnel=funnel,
        levels_heading=levels_heading,
        levels=levels,
        footnote=footnote,
    )


def qr_png(link: str) -> bytes:
    from bot.pictures.media import qr_png as draw

    return draw(link)


def qr_svg(link: str) -> bytes:
    from bot.pictures.media import qr_svg as draw

    return draw(link)


def poster(
    *,
    name: str,
    link: str,
    telegram_link: str = "",
    organisation: str = "",
    texts: Sequence[Sequence[str]] = (),
) -> bytes:
    """`link`: the landing page (the QR code's target); `texts`: per language (Dutch first),
    the call to scan and how (in Telegram or in the browser)."""
    from bot.pictures.media import poster_pdf

    return poster_pdf(
        name=name, link=link, telegram_link=telegram_link, organisation=organisation, texts=texts
    )


def workbook(job: BookPart) -> bytes | None:
    """A part of a dashboard workbook (bot/pictures/spreadsheet.py); its bytes with the last."""
    from bot.pictures import spreadsheet

    return spreadsheet.write(job)


def workbook_drop(key: str) -> None:
    from bot.pictures import spreadsheet

    spreadsheet.drop(key)
