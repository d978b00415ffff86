"""The owners' pages: thin handlers over the services (bot/services/web_owners.py, the
conversation service and the flows' own services) and templates in templates/owners/.

An answer goes through `conversation.step` exactly as a tap or a typed message in the chat:
typed text through the engine's `type` (with the buttons' words, as the chat reads them), a
button through `choose`/`skip`/`unknown`/`back`/`finish`; the form carries the conversation's
id and revision, so a form another tab has passed shows the current question instead."""

from __future__ import annotations

from typing import Any

from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import gettext as _
from aiohttp import web
from markupsafe import Markup

from bot.catalogues import LOCALES
from bot.db.codes import LANDING_PREFIX, SCAN_PREFIX, deep_link
from bot.services import accounts, conversation, web_owners
from bot.services import consent as consent_service
from bot.services import hired as hired_service
from bot.services import results as results_service
from bot.services import scan as scan_service
from bot.services import what_if as what_if_service
from bot.services.completions import completion
from bot.services.conversation import Busy, Done, Moved, Refused, Started, StepResult, Talk
from bot.ui import flows as flows_ui
from bot.ui import start as start_ui
from bot.ui.prompt import label_reader
from bot.web.owners import privacy as owner_privacy
from bot.web.owners import result as owner_result
from bot.web.owners.pages import (
    LANGUAGE_COOKIE,
    LIMITS,
    OWNER_COOKIE,
    OwnerPage,
    client_address,
    forget_owner,
    owner_page,
    remember_owner,
)
from bot.web.owners.questions import MAX_TYPED, OVERVIEWS, question_view, web_tr
from dialogs.engine import REVIEW, Accepted, FlowState, Outcome, StepKind


def _notice(key: str) -> str | None:
    """The short notice a redirect asks for (?n=…)."""
    texts = {
        "stale": _(
            "That page was out of date (another tab or device moved on). Here is the current "
            "question; nothing you answered is lost."
        ),
        "back": flows_ui.back_to_scan(),
        "resumed": _("Welcome back! Here is where you were."),
        "started": _(
            "One question at a time: choose an answer or type it. Under “What does this mean?” "
            "each term is explained. I never ask for names or personal details of your "
            "employees."
        ),
    }
    if key.startswith("busy-") and key[5:] in flows_ui.VIEWS:
        return _(
            "You are in the middle of something else: finish it or stop it first, then try again."
        )
    return texts.get(key)


async def bot_username(page: OwnerPage) -> str | None:
    """The bot's username for the deep link (aiogram asks Telegram once, then keeps it); None
    while Telegram cannot be reached: the landing page then offers the browser only."""
    try:
        me = await page.deps.bot.me()
    except (TelegramAPIError, TimeoutError):  # its network errors are TelegramAPIErrors too
        return None
    return me.username or None


def _text(form: Any, name: str) -> str:
    value = form.get(name) if form is not None else None
    return value if isinstance(value, str) else ""


# --- arriving -----------------------------------------------------------------------------------
@owner_page(owner_required=False)
async def landing(page: OwnerPage) -> web.StreamResponse:
    code = page.request.match_info["code"]
    found = await web_owners.landing(page.db, code)
    if found is None:
        return page.render("owners/not_found.html", status=404)
    campaign = found.campaign
    username = await bot_username(page)
    welcome = start_ui.campaign_welcome(campaign.name, campaign.municipality, campaign.contact)
    return page.render(
        "owners/landing.html",
        campaign=campaign,
        organisation=found.organisation,
        welcome=Markup(welcome),
        telegram=deep_link(username, campaign.code) if username else None,
        action=f"{LANDING_PREFIX}/{campaign.code}",
    )


@owner_page(owner_required=False)
async def landing_start(page: OwnerPage) -> web.StreamResponse:
    code = page.request.match_info["code"]
    if page.owner is not None:  # already doing the scan in this browser: go on there
        await web_owners.came_again(page.db, page.owner, code=code)
        raise page.redirect(SCAN_PREFIX)
    return await _new_owner(page, code)


async def _new_owner(page: OwnerPage, code: str | None) -> web.StreamResponse:
    if not page.request.app[LIMITS].take("web_new_owner", client_address(page.request)):
        response = page.render("owners/slow_down.html", status=429)
        response.headers["Retry-After"] = "60"
        return response
    made = await web_owners.make(page.db, code=code, language=page.locale, today=page.today)
    response = page.redirect(SCAN_PREFIX + "?n=started")
    remember_owner(response, page.settings, made.token)
    raise response


@owner_page(owner_required=False)
async def start(page: OwnerPage) -> web.StreamResponse:
    """ "Start the scan" without a campaign (a new visitor), or the scan again (an owner)."""
    if page.owner is None:
        return await _new_owner(page, None)
    started = await scan_service.begin_or_resume(page.db, page.owner, today=page.today)
    if isinstance(started, Busy):
        raise page.redirect(SCAN_PREFIX + "?n=stale")
    raise page.redirect(SCAN_PREFIX)


@owner_page(owner_required=False)
async def resume(page: OwnerPage) -> web.StreamResponse:
    """A resume link, on any device: the cookie is set to it and the owner goes on."""
    token = page.request.match_info["token"]
    owner = await web_owners.by_token(page.db, token)
    if owner is None:
        response = page.render("owners/link_invalid.html", status=404)
        if page.owner is None and page.request.cookies.get(OWNER_COOKIE):
            forget_owner(response, page.settings)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    response = page.redirect(SCAN_PREFIX + "?n=resumed")
    response.headers["Referrer-Policy"] = "no-referrer"
    remember_owner(response, page.settings, token)
    raise response


# --- the current page -------------------------------------------------------------------------
@owner_page(owner_required=False)
async def current(page: OwnerPage) -> web.StreamResponse:
    """The open flow's question; the result when none is open; a start page otherwise."""
    notice = _notice(page.request.query.get("n", ""))
    if page.owner is None:
        return page.render("owners/start.html", greeting=Markup(_web_greeting()))
    talk = await conversation.current(page.db, page.owner, page.today)
    if talk is None:
        if await results_service.has_result(page.db, page.owner):
            raise page.redirect(SCAN_PREFIX + "/result")
        return page.render("owners/start.html", greeting=Markup(_web_greeting()), notice=notice)
    return await question_page(page, talk, notice=notice)


def _web_greeting() -> str:
    return _(
        "In about ten minutes you'll see where your business stands on the PSO ladder "
        "(Prestatieladder Socialer Ondernemen) and what it takes to reach the next step.\n\n"
        "The result is <b>indicative</b>, not a certificate: the official scan is MijnPSO.\n"
        "I store your answers and your language, under a link only you have, so you can "
        "continue later on any device. I never ask for names of employees."
    )


async def question_page(
    page: OwnerPage,
    talk: Talk,
    *,
    notice: str | None = None,
    problem: str | None = None,
    typed: str = "",
    status: int = 200,
) -> web.Response:
    view = question_view(talk, page.locale)
    if problem is None and view.problem is not None and view.typed:
        # A stored answer that must change (after an edit elsewhere): said beside its field.
        problem, view.problem = str(view.problem), None
    overview = OVERVIEWS.get(talk.row.flow)
    if overview is not None and talk.prompt.kind == StepKind.GROUP_OVERVIEW:
        view.blocks = [Markup(block) for block in await overview(page, talk)]
        view.stop = ""  # its own "✖️ Stop" ends it, as in the chat: not a second one
    return page.render(
        "owners/question.html",
        q=view,
        notice=notice,
        problem=Markup(problem) if problem else None,
        typed=typed[:MAX_TYPED],
        status=status,
    )


# --- an answer ----------------------------------------------------------------------------------
def _number(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) <= 12 else None


@owner_page()
async def answer(page: OwnerPage) -> web.StreamResponse:
    assert page.owner is not None
    form = await page.request.post()
    talk = await conversation.current(page.db, page.owner, page.today)
    if talk is None:
        raise page.redirect(SCAN_PREFIX)
    conv, rev = _number(_text(form, "conv")), _number(_text(form, "rev"))
    if (conv, rev) != (talk.id, talk.revision):
        return await question_page(page, talk, notice=_notice("stale"), status=409)
    act = _text(form, "act")
    chosen = _text(form, "choose")
    edit = _text(form, "edit")
    text = _text(form, "text")
    if act == "stop":
        left = await conversation.leave(page.db, page.owner, talk)
        if left is None:
            return await question_page(page, talk, notice=_notice("stale"), status=409)
        if left.resumed is not None:
            raise page.redirect(SCAN_PREFIX + "?n=back")
        raise page.redirect(SCAN_PREFIX + "/result?done=" + left.flow + "-stopped")
    flow = talk.flow
    decide: Any
    if chosen:
        decide = lambda state: flow.choose(state, chosen)  # noqa: E731
    elif edit:  # a review line's "change": only ever at the review
        decide = lambda state: flow.choose(state, edit, at=REVIEW)  # noqa: E731
    elif act == "skip":
        decide = flow.skip
    elif act == "unknown":
        decide = flow.unknown
    elif act == "finish":
        decide = flow.finish
    elif act == "back":
        decide = lambda state: Accepted(flow.back(state))  # noqa: E731
    elif act == "type":
        if not text.strip():
            problem = _("Please type your answer, or choose one of the buttons.")
            return await question_page(page, talk, problem=problem, status=422)
        typed = text[:MAX_TYPED]
        labels = label_reader(talk.prompt, page.locale)

        def decide(state: FlowState) -> Outcome:
            return flow.type(state, typed, labels=labels)
    else:
        return await question_page(page, talk, status=400)
    outcome = await conversation.step(
        page.db,
        page.owner,
        talk,
        decide,
        complete=completion(talk.row.flow, settings=page.settings),
        conversation_id=conv,
        revision=rev,
    )
    return await after_step(page, outcome, typed=text if act == "type" else "")


async def after_step(page: OwnerPage, outcome: StepResult, *, typed: str) -> web.StreamResponse:
    if isinstance(outcome, Moved):
        raise page.redirect(SCAN_PREFIX)
    if isinstance(outcome, Done):
        if outcome.talk.row.flow == "scan":
            raise page.redirect(SCAN_PREFIX + "/result")
        return await owner_result.finished(page, outcome)  # what it produced, on the result
    if isinstance(outcome, Refused):
        problem = web_tr(outcome.problem.msgid, outcome.problem.params, page.locale)
        return await question_page(page, outcome.talk, problem=problem, typed=typed, status=422)
    # Stale or Unseen: another tab or device moved it meanwhile.
    if outcome.talk is None:
        raise page.redirect(SCAN_PREFIX)
    return await question_page(page, outcome.talk, notice=_notice("stale"), status=409)


# --- starting another flow (the result page's buttons, by other modules) ------------------------
async def start_flow(
    page: OwnerPage, flow: str, subject: int, *, leave_others: bool = False
) -> web.StreamResponse:
    """Open `flow` (about `subject`: the result of a what-if or a hire, the campaign of a
    consent) for the owner, as the chat's bot/handlers/starting.py does through the services,
    and go to the question page. A flow with answers open is not left unless `leave_others`:
    the owner sees it with a notice instead. None from a service (the result or campaign is
    not theirs any more): back to the result."""
    assert page.owner is not None
    owner, db, today = page.owner, page.db, page.today
    started: Started | Busy | None
    if flow == "scan":
        started = await scan_service.begin_or_resume(db, owner, today=today)
        if leave_others and isinstance(started, Busy):
            started = await scan_service.begin_leaving_others(db, owner, today=today)
    elif flow == "what_if":
        started = await what_if_service.start(
            db, owner, subject, today=today, leave_others=leave_others
        )
    elif flow == "hired":
        started = await hired_service.start(
            db, owner, subject, today=today, leave_others=leave_others
        )
    elif flow == "consent":
        started = await consent_service.begin(
            db,
            owner,
            subject,
            locale=page.locale,
            telegram_name="",
            today=today,
            leave_others=leave_others,
        )
    else:
        raise web.HTTPNotFound()
    if started is None:
        raise page.redirect(SCAN_PREFIX + "/result")
    if isinstance(started, Busy):
        raise page.redirect(SCAN_PREFIX + "?n=busy-" + flow)
    raise page.redirect(SCAN_PREFIX)


# --- the result ---------------------------------------------------------------------------------
@owner_page()
async def result(page: OwnerPage) -> web.StreamResponse:
    assert page.owner is not None
    shown = await results_service.latest(page.db, page.owner)
    if shown is None:
        raise page.redirect(SCAN_PREFIX)
    talk = await conversation.current(page.db, page.owner, page.today)
    done = page.request.query.get("done", "")
    return await owner_result.result_page(
        page, shown, done=done, notice=_stopped_notice(done), open_flow=talk is not None
    )


def _stopped_notice(done: str) -> str | None:
    """What is said after a flow's way out (the chat's words, without its commands)."""
    flow = done.removesuffix("-stopped")
    if flow == done or flow not in flows_ui.VIEWS:
        return None
    if flow == "consent":
        return flows_ui.stopped_text(flow)
    return _("Fine, your saved answers are unchanged.")


# --- starting over, the language ----------------------------------------------------------------
@owner_page()
async def restart_page(page: OwnerPage) -> web.StreamResponse:
    return page.render("owners/restart.html")


@owner_page()
async def restart(page: OwnerPage) -> web.StreamResponse:
    assert page.owner is not None
    form = await page.request.post()
    if _text(form, "confirm") != "yes":
        raise page.redirect(SCAN_PREFIX)
    token = await web_owners.start_over(page.db, page.owner, today=page.today)
    response = page.redirect(SCAN_PREFIX + "?n=started")
    remember_owner(response, page.settings, token)
    raise response


@owner_page(owner_required=False)
async def language(page: OwnerPage) -> web.StreamResponse:
    form = await page.request.post()
    chosen = _text(form, "language")
    back = _text(form, "next")
    if not back.startswith("/") or back.startswith("//"):
        back = SCAN_PREFIX
    response = page.redirect(back)
    if chosen in LOCALES:
        if page.owner is not None:
            await accounts.set_language(page.db, page.owner, chosen)
        response.set_cookie(
            LANGUAGE_COOKIE, chosen, path="/", max_age=365 * 86400, samesite="Lax", httponly=True
        )
    raise response


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get(LANDING_PREFIX + "/{code}", landing)
    router.add_post(LANDING_PREFIX + "/{code}", landing_start)
    router.add_get(SCAN_PREFIX, current)
    router.add_post(SCAN_PREFIX + "/start", start)
    router.add_post(SCAN_PREFIX + "/answer", answer)
    router.add_get(SCAN_PREFIX + "/result", result)
    router.add_get(SCAN_PREFIX + "/r/{token}", resume)
    router.add_get(SCAN_PREFIX + "/restart", restart_page)
    router.add_post(SCAN_PREFIX + "/restart", restart)
    router.add_post(SCAN_PREFIX + "/language", language)
    owner_result.add_routes(router)
    owner_privacy.add_routes(router)
