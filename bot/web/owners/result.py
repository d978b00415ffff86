"""The result page (GET /scan/result) with everything the chat's result offers: the result and
next steps, the ladder picture (GET /scan/result/picture.jpg), the PDF plan (GET
/scan/result/plan.pdf), the details, the support per person, and the buttons that start the
what-if, "I hired someone" and the consent to be contacted (through the same services as the
chat's buttons; the question page then asks them). When such a flow is done, the owner lands
here with what it produced: the what-if's comparison, the hire recorded with its support, the
consent's confirmation.

The picture and the PDF are made by the drawing worker exactly as for the chat (the PDF is the
chat's document, kept in bot/runtime/documents.py; the picture, once drawn, is handed to it as
the chat's is). Both are for the owner's own results only: another owner's id is a 404.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from aiohttp import web
from markupsafe import Markup

from bot.db.codes import SCAN_PREFIX
from bot.db.models import Result
from bot.pictures import draw
from bot.runtime.documents import DOCUMENTS, documents_now
from bot.runtime.drawing import render
from bot.runtime.fair_share import outside_slot
from bot.services import consent as consent_service
from bot.services import results as results_service
from bot.services import what_if as what_if_service
from bot.services.conversation import Busy, Done, Talk
from bot.services.hired import Recorded
from bot.services.results import Shown
from bot.services.side_flows import open_side_flow
from bot.services.what_if_text import what_if_overview
from bot.ui import consent as consent_ui
from bot.ui import hired as hired_ui
from bot.ui import result as result_ui
from bot.ui import support as support_ui
from bot.web.owners import texts
from bot.web.owners.pages import OwnerPage, owner_page
from bot.web.owners.questions import OVERVIEWS

RESULT = SCAN_PREFIX + "/result"
PICTURE = RESULT + "/picture.jpg"  # the chat's JPEG
PLAN = RESULT + "/plan.pdf"
# A result never changes (a new scan or hire is a new result): its picture may be kept.
PICTURE_CACHE = "private, max-age=86400"


def _html(text: str) -> Markup:
    """The chat's Telegram HTML (<b>, <i>, <a>, entities) is valid HTML: shown as it is."""
    return Markup(text)


def _id_in(query: Any, name: str) -> int | None:
    raw = query.get(name, "")
    return int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) <= 12 else None


async def result_page(
    page: OwnerPage,
    shown: Shown,
    *,
    produced: list[Markup] | None = None,
    done: str = "",
    notice: str | None = None,
    open_flow: bool = False,
) -> web.Response:
    """The result page. `produced`: what a flow just done led to (shown above the result);
    `done`: the flow that ended; `notice`: what the page says first."""
    assessment, answers, locale = shown.assessment, shown.answers, page.locale
    previous = shown.previous
    text = result_ui.result_text(
        assessment,
        answers,
        locale,
        previous=results_service.assess_stored(previous) if previous else None,
        previous_date=result_ui.previous_date(previous, locale) if previous else None,
    )
    support = support_ui.support_messages(
        assessment, answers, locale, contact=shown.contact, today=page.today
    )
    result_id = shown.result.id or 0
    return page.render(
        "owners/result_page.html",
        shown=shown,
        result_html=_html(text),
        next_steps_html=_html(
            result_ui.next_steps_text(assessment, answers, locale, contact=shown.contact)
        ),
        open_flow=open_flow,
        done=done,
        notice=notice,
        produced=produced or [],
        result_id=result_id,
        # The language in the address too: a browser keeps each language's picture apart.
        picture=f"{PICTURE}?r={result_id}&lang={locale}",
        picture_alt=result_ui.picture_alt(assessment, locale),
        plan=f"{PLAN}?r={result_id}",
        plan_name=result_ui.pdf_filename(locale),
        details_html=_html(result_ui.details_text(assessment, answers, locale)),
        support_html=_html("\n".join(support)),
        consent=shown.consent_offer,
    )


async def _what_if_overview(page: OwnerPage, talk: Talk) -> list[str]:
    """The what-if's recomputed result on its question page, as the chat's overview says it."""
    contact = await what_if_service.contact(page.db, talk)
    return what_if_overview(talk, page.locale, contact=contact)


OVERVIEWS["what_if"] = _what_if_overview


async def _own_result(page: OwnerPage) -> Result:
    """The result a picture or PDF link names (?r=), if it is this owner's; else their latest."""
    assert page.owner is not None
    wanted = _id_in(page.request.query, "r")
    if wanted is not None:
        found = await results_service.own_result(page.db, page.owner, wanted)
    else:
        latest = await results_service.latest(page.db, page.owner)
        found = latest.result if latest is not None else None
    if found is None:
        raise web.HTTPNotFound(text="no such result", headers={"Cache-Control": "no-store"})
    return found


def _etag(result: Result, locale: str) -> str:
    digest = hashlib.sha256(
        f"{result.id}\n{result.rules_version}\n{result.answers_json}\n{locale}".encode()
    ).hexdigest()[:32]
    return f'"{digest}"'


@owner_page()
async def picture(page: OwnerPage) -> web.StreamResponse:
    """The ladder with the owner's position: the chat's picture (a JPEG), drawn by the worker;
    once drawn, the PDF is made with it behind the other pictures, as after the chat's result."""
    found = await _own_result(page)
    etag = _etag(found, page.locale)
    headers = {"Cache-Control": PICTURE_CACHE, "ETag": etag, "Vary": "Cookie"}
    if page.request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers=headers)
    answers = json.loads(found.answers_json)
    drawn = await render(draw.ladder, answers, found.rules_version, page.locale)
    DOCUMENTS.prepare(
        results_service.document_source(found),
        locale=page.locale,
        generated_at=documents_now(),
        ladder=drawn,
    )
    headers["Content-Disposition"] = 'inline; filename="pso-ladder.jpg"'
    return web.Response(body=drawn, content_type="image/jpeg", headers=headers)


@owner_page()
async def plan(page: OwnerPage) -> web.StreamResponse:
    """The chat's PDF (answers, assessment, next steps, a draft plan of action), ready or made
    now; the wait holds no update slot, as the chat's does not."""
    found = await _own_result(page)
    document = await outside_slot(
        DOCUMENTS.pdf(
            results_service.document_source(found),
            locale=page.locale,
            generated_at=documents_now(),
        )
    )
    name = result_ui.pdf_filename(page.locale)
    return web.Response(
        body=document,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


# --- the buttons that open a flow ------------------------------------------------------------
async def _start(page: OwnerPage, flow: str, field: str) -> web.StreamResponse:
    """Open the flow through the services the chat's buttons use, then the question page asks
    it. Not theirs (any more): back to the result; another flow with answers open: that one,
    with a notice (finish or stop it first)."""
    assert page.owner is not None
    form = await page.request.post()
    subject = _id_in(form, field)
    started = None
    if subject is not None:
        started = await open_side_flow(
            page.db, page.owner, flow, subject, locale=page.locale, today=page.today
        )
    if started is None:
        raise page.redirect(RESULT)
    if isinstance(started, Busy):
        raise page.redirect(SCAN_PREFIX + "?n=busy-" + flow)
    raise page.redirect(SCAN_PREFIX)


@owner_page()
async def start_what_if(page: OwnerPage) -> web.StreamResponse:
    return await _start(page, "what_if", "result")


@owner_page()
async def start_hired(page: OwnerPage) -> web.StreamResponse:
    return await _start(page, "hired", "result")


@owner_page()
async def start_consent(page: OwnerPage) -> web.StreamResponse:
    return await _start(page, "consent", "campaign")


# --- a flow is done -------------------------------------------------------------------------
async def finished(page: OwnerPage, done: Done) -> web.StreamResponse:
    """What a what-if, a recorded hire or a consent led to, on the result page (rendered in the
    answer's response: a what-if keeps nothing to show again). The consent's staff are told
    as in the chat."""
    assert page.owner is not None
    flow, locale = done.talk.row.flow, page.locale
    produced: list[Markup] = []
    shown: Shown | None = None
    if flow == "what_if":
        contact = await what_if_service.contact(page.db, done.talk)
        produced.append(_html(texts.what_if_kept()))
        produced += [_html(block) for block in what_if_overview(done.talk, locale, contact=contact)]
    elif flow == "hired" and isinstance(done.outcome, Recorded):
        recorded = done.outcome
        shown = recorded.shown
        produced.append(_html(hired_ui.recorded(recorded.people_count, recorded.total_fte, locale)))
        produced.append(
            _html(
                support_ui.recorded_hire_support(
                    recorded.person,
                    locale,
                    today=recorded.today,
                    contact=shown.contact,
                    answers=shown.answers,
                )
            )
        )
    elif flow == "consent":
        given = done.outcome
        if given is None:
            produced.append(_html(consent_ui.nothing_shared()))
        else:
            organisation = given.contacting.organisation if given.contacting else ""
            produced.append(_html(texts.consent_given(organisation)))
            await consent_service.tell_staff(page.deps.bot, given)
    if shown is None:
        shown = await results_service.latest(page.db, page.owner)
        if shown is None:
            raise page.redirect(SCAN_PREFIX)
    return await result_page(
        page, shown, produced=produced, done=flow, open_flow=done.resumed is not None
    )


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get(PICTURE, picture)
    router.add_get(PLAN, plan)
    router.add_post(RESULT + "/what-if", start_what_if)
    router.add_post(RESULT + "/hired", start_hired)
    router.add_post(RESULT + "/consent", start_consent)
