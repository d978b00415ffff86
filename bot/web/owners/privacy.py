"""The owners' /privacy in a browser (GET /scan/privacy): the chat's privacy texts, a copy of
everything stored as a download (POST /scan/privacy/export: the chat's /export document), the
consent withdrawn (POST /scan/privacy/withdraw), and erasing everything after a page that asks
first (GET, then POST /scan/privacy/erase: the chat's /delete, bot/services/privacy.py): the
owner, their links, answers, results, reminders and consents go, the cookie is cleared, and
their resume links open nothing any more."""

from __future__ import annotations

import logging

from aiohttp import web
from markupsafe import Markup

from bot.db.codes import SCAN_PREFIX
from bot.db.models import utcnow
from bot.logging_policy import who
from bot.services import consent as consent_service
from bot.services import privacy as privacy_service
from bot.ui import consent as consent_ui
from bot.ui import privacy as privacy_ui
from bot.web.owners.pages import OwnerPage, forget_owner, owner_page

log = logging.getLogger(__name__)

PRIVACY = SCAN_PREFIX + "/privacy"
EXPORT_NAME = "tredebot-export.json"


async def privacy_page(page: OwnerPage, *, notice: str = "", status: int = 200) -> web.Response:
    assert page.owner is not None
    consented = await consent_service.has_given(page.db, page.owner)
    paragraphs = privacy_ui.web_privacy_paragraphs(page.settings.retention_months)
    return page.render(
        "owners/privacy.html",
        status=status,
        paragraphs=[Markup(p) for p in paragraphs],  # the chat's HTML, valid as it is
        consented=consented,
        notice=notice or None,
    )


@owner_page()
async def privacy(page: OwnerPage) -> web.StreamResponse:
    kept = page.request.query.get("kept") == "1"
    return await privacy_page(page, notice=privacy_ui.kept() if kept else "")


@owner_page()
async def export(page: OwnerPage) -> web.StreamResponse:
    assert page.owner is not None
    document = await privacy_service.export(page.db, user_id=page.owner.id, now=utcnow())
    log.info("user %s exported their data", who(page.owner.id))
    return web.Response(
        body=document,
        content_type="application/json",
        charset="utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{EXPORT_NAME}"',
            "Cache-Control": "no-store",
        },
    )


@owner_page()
async def withdraw(page: OwnerPage) -> web.StreamResponse:
    assert page.owner is not None
    count = await consent_service.withdraw(page.db, page.owner)
    return await privacy_page(page, notice=consent_ui.withdrawn(count))


@owner_page()
async def erase_page(page: OwnerPage) -> web.StreamResponse:
    return page.render("owners/erase.html", question=privacy_ui.delete_question())


@owner_page()
async def erase(page: OwnerPage) -> web.StreamResponse:
    assert page.owner is not None
    erasure = await privacy_service.erase(
        page.db, user_id=page.owner.id, admin_ids=page.settings.admin_ids
    )
    await privacy_service.tell_contacts_cleared(page.deps.bot, erasure)
    page.owner, page.token = None, ""  # nothing of theirs on the page that says so
    response = page.render("owners/erased.html", erased=privacy_ui.web_erased())
    forget_owner(response, page.settings)
    return response


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get(PRIVACY, privacy)
    router.add_post(PRIVACY + "/export", export)
    router.add_post(PRIVACY + "/withdraw", withdraw)
    router.add_get(PRIVACY + "/erase", erase_page)
    router.add_post(PRIVACY + "/erase", erase)
