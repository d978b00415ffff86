"""The dashboard's pages: thin handlers that call one service (bot/services/dashboard.py) and
render a template. Every page but sign-in checks the role on the request (`page`); every form
carries the session's CSRF token; a campaign that does not exist, or is still being made in the
chat, is the same "not found" page."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from aiogram.utils.i18n import gettext as _
from aiohttp import web
from babel.dates import format_date, format_datetime
from babel.numbers import format_percent
from markupsafe import Markup

from bot.db.codes import deep_link, invite_payload
from bot.db.models import AuditAction, Campaign, JobRole, as_utc, utcnow
from bot.i18n import N_, get_i18n
from bot.pictures import draw
from bot.runtime.drawing import render
from bot.services import dashboard
from bot.services.campaigns.stats import FUNNEL, LEVELS
from bot.ui.staff import AUDIT_TEXTS, job_role_label, level_label, organisation_of
from bot.web import charts, exports
from bot.web.pages import (
    LANGUAGE_COOKIE,
    PREFIX,
    Page,
    forget_session,
    page,
    remember_session,
    same_origin,
)

NOTICES = {
    "created": N_("The campaign is ready."),
    "renamed": N_("The campaign is renamed."),
    "closed": N_("The campaign is closed: its link still greets owners, but counts no one new."),
    "revoked": N_("Revoked: their sessions have ended."),
    "organisation": N_("The organisation is ready: invite its staff below."),
    "organisation_renamed": N_("The organisation is renamed."),
}


def notice(key: str | None) -> str | None:
    return _(NOTICES[key]) if key in NOTICES else None


async def bot_username(current: Page) -> str:
    me = await current.deps.bot.me()
    return me.username or "tredebot"


def _digits(raw: str) -> int | None:
    """A row id from a URL or form: digits that fit the database, else None."""
    return int(raw) if raw.isdigit() and len(raw) <= 18 else None


async def found_campaign(current: Page) -> Campaign:
    """The campaign of the URL, if this visitor may see it; else the same "not found" as for
    an id that does not exist (another organisation's campaign included)."""
    assert current.visitor is not None
    number = _digits(current.request.match_info.get("id", ""))
    staff = current.visitor.staff
    found = await dashboard.campaign(current.db, staff, number) if number is not None else None
    if found is None:
        raise web.HTTPNotFound(
            text=current.render("not_found.html", status=404).text, content_type="text/html"
        )
    return found


def _form_text(form: object, name: str) -> str:
    value = form.get(name) if hasattr(form, "get") else None
    return value if isinstance(value, str) else ""


# --- signing in and out -----------------------------------------------------------------------
def _sign_in_form(current: Page, token: str) -> web.Response:
    response = current.render("sign_in.html", token=token)
    # Its form's POST must carry this page's origin (checked), which "no-referrer" would hide.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@page(signed_in=False)
async def sign_in_page(current: Page) -> web.StreamResponse:
    """The link from the bot opens this page; only its button spends the link, so a link
    preview or a virus scanner that fetches it spends nothing."""
    return _sign_in_form(current, current.request.match_info["token"])


@page(signed_in=False)
async def sign_in_language(current: Page) -> web.StreamResponse:
    """The sign-in page in another language: the token comes in the body and goes back in the
    form, so no URL but the bot's link ever holds it."""
    chosen = current.request.match_info["locale"]
    token = _form_text(await current.request.post(), "token")
    with get_i18n().use_locale(chosen):
        current.locale = chosen
        response = _sign_in_form(current, token)
    response.set_cookie(LANGUAGE_COOKIE, chosen, path=PREFIX, max_age=365 * 86400, samesite="Lax")
    return response


@page(signed_in=False)
async def sign_in(current: Page) -> web.StreamResponse:
    if not same_origin(current.request, current.settings):
        # Another site's form: it could sign this browser into someone else's account.
        return current.render("refused.html", status=403)
    form = await current.request.post()
    session_token = await dashboard.redeem_sign_in(
        current.db, current.settings, _form_text(form, "token")
    )
    if session_token is None:
        return current.render("link_invalid.html", status=403)
    response = web.HTTPSeeOther(PREFIX + "/")
    remember_session(response, current.settings, session_token)
    raise response


@page()
async def sign_out(current: Page) -> web.StreamResponse:
    await dashboard.sign_out(current.db, current.session_token)
    response = current.render("signed_out.html", signed_out=True)
    forget_session(response, current.settings)
    return response


@page(signed_in=False)
async def language(current: Page) -> web.StreamResponse:
    chosen = current.request.match_info["locale"]
    target = current.request.query.get("next", "")
    parts = urlsplit(target)
    # Only a page of the dashboard itself (no open redirect).
    if parts.scheme or parts.netloc or not target.startswith(PREFIX + "/"):
        target = PREFIX + "/"
    response = web.HTTPSeeOther(target)
    response.set_cookie(LANGUAGE_COOKIE, chosen, path=PREFIX, max_age=365 * 86400, samesite="Lax")
    raise response


# --- campaigns --------------------------------------------------------------------------------
async def _campaigns_page(current: Page, status: int = 200, **values: object) -> web.Response:
    """The list of campaigns; for admins with each one's organisation, and the organisations
    to make a new one for."""
    assert current.visitor is not None
    staff = current.visitor.staff
    rows = await dashboard.funnels(current.db, current.settings, staff)
    organisations = await dashboard.organisation_names(current.db) if staff.is_admin else {}
    return current.render(
        "campaigns.html",
        status=status,
        rows=rows,
        organisations=organisations,
        labels=exports.funnel_labels(),
        date=_date(current),
        **values,
    )


@page()
async def campaign_list(current: Page) -> web.StreamResponse:
    return await _campaigns_page(current)


@page()
async def campaign_create(current: Page) -> web.StreamResponse:
    form = await current.request.post()
    assert current.visitor is not None
    made = await dashboard.create(
        current.db,
        current.visitor.staff,
        name=_form_text(form, "name"),
        municipality=_form_text(form, "municipality"),
        organisation_id=_digits(_form_text(form, "organisation")),
    )
    if made is None:
        admin = current.visitor.staff.is_admin
        return await _campaigns_page(
            current,
            status=400,
            problem=_("Give the campaign a name, a municipality and an organisation.")
            if admin
            else _("Give the campaign a name and a municipality."),
            name=_form_text(form, "name"),
            municipality=_form_text(form, "municipality"),
        )
    raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{made.id}?done=created")


def _date(current: Page):  # type: ignore[no-untyped-def]
    def fmt(moment: object, pattern: str = "d MMM yyyy") -> str:
        if moment is None:
            return ""
        if hasattr(moment, "hour"):
            return format_datetime(
                as_utc(moment),  # type: ignore[arg-type]
                pattern,
                tzinfo=current.settings.tz,
                locale=current.locale,
            )
        return format_date(moment, pattern, locale=current.locale)  # type: ignore[arg-type]

    return fmt


@page()
async def campaign_detail(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    figures = await dashboard.figures(current.db, current.settings, found)
    labels = exports.funnel_labels()
    fmt = _date(current)
    cells = figures.cells
    level_names = {level: level_label(level) for level in LEVELS}
    week_labels = [fmt(week.start, "d MMM") for week in figures.weeks]
    owners = _("owners")
    protected = _("not shown exactly (<5, x, –)")
    colour = charts.COLOURS
    funnel_chart = charts.bars(
        "funnel",
        _("Owners through this campaign, since the start"),
        [charts.Bar(labels[key], cells[key]) for key in FUNNEL],
        axis=owners,
        categories=_("Stage"),
        colours=[colour["owners"]],
    )
    levels_chart = charts.bars(
        "levels",
        _("Indicative level of those who finished"),
        [charts.Bar(level_names[lv], cells[f"level_{lv}"]) for lv in LEVELS],
        axis=owners,
        categories=_("Level"),
        colours=[colour[lv] for lv in LEVELS],
    )
    week_axis = _("week (starting Monday)")
    weekly_chart = charts.weekly(
        "weekly",
        _("Started and finished per week"),
        week_labels,
        [
            (labels["started"], colour["started"], [w.cells["started"] for w in figures.weeks]),
            (labels["finished"], colour["finished"], [w.cells["finished"] for w in figures.weeks]),
        ],
        axis=week_axis,
        y_axis=owners,
        protected_label=protected,
    )
    levels_weekly_chart = charts.weekly(
        "levels-weekly",
        _("Levels per week (of those who finished that week)"),
        week_labels,
        [
            (level_names[lv], colour[lv], [w.cells[f"level_{lv}"] for w in figures.weeks])
            for lv in LEVELS
        ],
        axis=week_axis,
        y_axis=owners,
        protected_label=protected,
        totals=[w.values["finished"] for w in figures.weeks],
        stacked=True,
    )
    started = figures.stats.started
    # The questions where someone stopped (or may have: a protected figure); the table below
    # has every question.
    dropped = [stop for stop in figures.stops if stop.cells["stopped"] != "0"]
    stops_chart = (
        charts.bars(
            "stops",
            _("Share of those who started that stopped at each question"),
            [charts.Bar(_(stop.label), stop.cells["stopped"]) for stop in dropped],
            axis=_("share of those who started"),
            categories=_("Question"),
            colours=[colour["stopped"]],
            percent_of=started or None,
        )
        if dropped
        else None
    )
    shares = {
        stop.question: format_percent(share, locale=current.locale)
        if (share := stop.share(started)) is not None
        else stop.cells["stopped"]
        for stop in figures.stops
    }
    link = deep_link(await bot_username(current), found.code)
    organisations = await dashboard.organisation_names(current.db)
    return current.render(
        "campaign.html",
        campaign=found,
        organisation=organisations.get(found.organisation_id or 0, ""),
        figures=figures,
        cells=cells,
        labels=labels,
        funnel=FUNNEL,
        levels=LEVELS,
        level_names=level_names,
        week_labels=week_labels,
        funnel_chart=funnel_chart,
        levels_chart=levels_chart,
        weekly_chart=weekly_chart,
        levels_weekly_chart=levels_weekly_chart,
        stops_chart=stops_chart,
        shares=shares,
        abandoned_days=current.settings.abandoned_after_days,
        link=link,
        date=fmt,
        notice=notice(current.request.query.get("done")),
    )


@page()
async def campaign_rename(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    form = await current.request.post()
    assert current.visitor is not None
    await dashboard.rename(
        current.db, current.visitor.staff, found.id or 0, name=_form_text(form, "name")
    )
    raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{found.id}?done=renamed")


@page()
async def campaign_close(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    assert current.visitor is not None
    await dashboard.close(current.db, current.visitor.staff, found.id or 0)
    raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{found.id}?done=closed")


def _download(body: bytes, content_type: str, filename: str) -> web.Response:
    return web.Response(
        body=body,
        content_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@page()
async def campaign_qr(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    link = deep_link(await bot_username(current), found.code)
    if current.request.match_info["kind"] == "svg":
        return _download(await render(draw.qr_svg, link), "image/svg+xml", f"qr-{found.code}.svg")
    return _download(await render(draw.qr_png, link), "image/png", f"qr-{found.code}.png")


@page()
async def campaign_poster(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    link = deep_link(await bot_username(current), found.code)
    pdf = await render(draw.poster, name=found.name, link=link)
    return _download(pdf, "application/pdf", f"poster-{found.code}.pdf")


@page()
async def to_campaign(current: Page) -> web.StreamResponse:
    """A GET of what is a POST now (contacts, their CSV: an old bookmark, or a link from
    elsewhere that would write a view into the audit trail in this visitor's name): the
    campaign's page, where the buttons are."""
    found = await found_campaign(current)
    raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{found.id}")


@page()
async def back_to_index(current: Page) -> web.StreamResponse:
    raise web.HTTPSeeOther(PREFIX + "/")


@page()
async def campaign_contacts(current: Page) -> web.StreamResponse:
    """A POST with the CSRF token (`page` checks it): the view is written to the audit trail,
    so no link from elsewhere may cause one."""
    found = await found_campaign(current)
    assert current.visitor is not None
    rows = await dashboard.contacts(current.db, current.visitor.staff, found, exported=False)
    return current.render(
        "contacts.html",
        campaign=found,
        contacts=rows,
        level_label=level_label,
        date=_date(current),
    )


@page()
async def contacts_export(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    assert current.visitor is not None
    rows = await dashboard.contacts(current.db, current.visitor.staff, found, exported=True)
    stamp = utcnow().strftime("%Y%m%d")
    return _download(
        exports.contacts_csv(found, rows),
        "text/csv",
        f"contacts-{found.code}-{stamp}.csv",
    )


@page()
async def figures_export(current: Page) -> web.StreamResponse:
    assert current.visitor is not None
    rows = await dashboard.overview(current.db, current.settings, current.visitor.staff)
    stamp = utcnow().strftime("%Y%m%d")
    return _download(exports.figures_csv(rows), "text/csv", f"campaign-figures-{stamp}.csv")


# --- the team and the audit trail (admins) ----------------------------------------------------
async def _team_page(current: Page, status: int = 200, **values: object) -> web.Response:
    return current.render(
        "team.html",
        status=status,
        team=await dashboard.team(current.db),
        job_roles=[(role.value, job_role_label(role.value)) for role in JobRole],
        job_role_label=job_role_label,
        date=_date(current),
        notice=notice(current.request.query.get("done")),
        **values,
    )


@page(admin=True)
async def team(current: Page) -> web.StreamResponse:
    return await _team_page(current)


@page(admin=True)
async def team_invite(current: Page) -> web.StreamResponse:
    assert current.visitor is not None
    form = await current.request.post()
    organisation_id = _digits(_form_text(form, "organisation"))
    try:
        role = JobRole(_form_text(form, "job_role"))
    except ValueError:
        role = None
    token = (
        await dashboard.invite(
            current.db,
            current.settings,
            current.visitor.staff,
            organisation_id=organisation_id,
            job_role=role,
        )
        if organisation_id is not None and role is not None
        else None
    )
    if token is None:
        return await _team_page(
            current, status=400, problem=_("Choose the organisation and the job role.")
        )
    link = deep_link(await bot_username(current), invite_payload(token))
    return await _team_page(
        current, invite_link=link, invite_days=current.settings.staff_invite_days
    )


@page(admin=True)
async def organisation_create(current: Page) -> web.StreamResponse:
    assert current.visitor is not None
    form = await current.request.post()
    name = _form_text(form, "name")
    if not await dashboard.new_organisation(current.db, current.visitor.staff, name=name):
        return await _organisation_name_refused(current)
    raise web.HTTPSeeOther(f"{PREFIX}/team?done=organisation")


@page(admin=True)
async def organisation_rename(current: Page) -> web.StreamResponse:
    assert current.visitor is not None
    form = await current.request.post()
    number = _digits(current.request.match_info.get("id", ""))
    renamed = number is not None and await dashboard.rename_organisation_to(
        current.db, current.visitor.staff, number, name=_form_text(form, "name")
    )
    if not renamed:
        return await _organisation_name_refused(current)
    raise web.HTTPSeeOther(f"{PREFIX}/team?done=organisation_renamed")


async def _organisation_name_refused(current: Page) -> web.Response:
    problem = _("Give the organisation a name that no other organisation has.")
    return await _team_page(current, status=400, problem=problem)


@page(admin=True)
async def team_revoke(current: Page) -> web.StreamResponse:
    form = await current.request.post()
    raw = _form_text(form, "user_id")
    assert current.visitor is not None
    if raw.isdigit():
        await dashboard.revoke(current.db, current.visitor.staff, user_id=int(raw))
    raise web.HTTPSeeOther(f"{PREFIX}/team?done=revoked")


AUDIT_KINDS = {
    AuditAction.CONTACTS_VIEWED: N_("Contacts viewed"),
    AuditAction.CSV_EXPORTED: N_("CSV exported"),
    AuditAction.INVITE_CREATED: N_("Invite links made"),
    AuditAction.STAFF_JOINED: N_("Staff joined"),
    AuditAction.STAFF_REVOKED: N_("Staff revoked"),
    AuditAction.STAFF_ERASED: N_("Staff deleted their data"),
    AuditAction.CAMPAIGN_CREATED: N_("Campaigns made"),
    AuditAction.CAMPAIGN_RENAMED: N_("Campaigns renamed"),
    AuditAction.CAMPAIGN_CLOSED: N_("Campaigns closed"),
    AuditAction.DASHBOARD_SIGNED_IN: N_("Dashboard sign-ins"),
    AuditAction.ORGANISATION_CREATED: N_("Organisations made"),
    AuditAction.ORGANISATION_RENAMED: N_("Organisations renamed"),
}


@page(admin=True)
async def audit_trail(current: Page) -> web.StreamResponse:
    """The audit trail a page at a time (`?page=` from 1), filtered by kind of event (`?kind=`)
    and by person (`?person=`, as actor or subject); unknown values mean no filter, a page past
    the end is the last."""
    query = current.request.query
    try:
        kind: AuditAction | None = AuditAction(query.get("kind", ""))
    except ValueError:
        kind = None
    person = _digits(query.get("person", ""))
    asked = _digits(query.get("page", "")) or 1
    trail = await dashboard.trail(
        current.db,
        page=min(asked, 10**6) - 1,
        actions=[kind] if kind is not None else [],
        person=person,
    )
    people = await dashboard.trail_people(current.db)
    fmt = _date(current)
    someone = _("someone who deleted their data")

    def person_name(user_id: int | None) -> str:
        if user_id is None:
            return someone
        name = trail.names.get(user_id)
        return f"{name} ({user_id})" if name else str(user_id)

    lines = []
    for event in trail.events:
        try:
            template = AUDIT_TEXTS[AuditAction(event.action)]
        except (ValueError, KeyError):
            continue  # written by a newer version
        campaign = (
            _("all their campaigns")
            if event.campaign_id is None
            else trail.campaigns.get(event.campaign_id, "?")
        )
        what = Markup(_(template)).format(
            actor=person_name(event.actor_id),
            subject=person_name(event.subject_id),
            campaign=campaign,
            organisation=organisation_of(event, trail.organisations, markup=False),
        )
        lines.append((fmt(event.at, "d MMM yyyy HH:mm"), what))
    filters = {"kind": kind.value if kind else "", "person": str(person) if person else ""}

    def page_link(number: int) -> str:
        chosen = {key: value for key, value in filters.items() if value}
        return PREFIX + "/audit?" + urlencode({**chosen, "page": number + 1})

    return current.render(
        "audit.html",
        lines=lines,
        kinds=[(action.value, _(label)) for action, label in AUDIT_KINDS.items()],
        people=sorted(
            (
                (user_id, f"{name} ({user_id})" if name else str(user_id))
                for user_id, name in people.items()
            ),
            key=lambda entry: entry[1].casefold(),
        ),
        chosen=filters,
        filtered=kind is not None or person is not None,
        page=trail.page,
        pages=trail.pages,
        total=trail.total,
        newer=page_link(trail.page - 1) if trail.page > 0 else None,
        older=page_link(trail.page + 1) if trail.page < trail.pages - 1 else None,
    )


def add_routes(router: web.UrlDispatcher) -> None:
    async def to_index(_request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(PREFIX + "/")

    router.add_get(PREFIX, to_index)
    router.add_get(PREFIX + "/signin/{token}", sign_in_page)
    router.add_post(PREFIX + "/signin", sign_in)
    router.add_post(PREFIX + "/language/{locale:nl|en}", sign_in_language)
    router.add_post(PREFIX + "/signout", sign_out)
    router.add_get(PREFIX + "/language/{locale:nl|en}", language)
    router.add_get(PREFIX + "/", campaign_list)
    router.add_post(PREFIX + "/campaigns", campaign_create)
    # Exports and the contacts view (written to the audit trail) are POSTs with the CSRF
    # token; their GETs lead to the page with the buttons.
    router.add_post(PREFIX + "/figures.csv", figures_export)
    router.add_get(PREFIX + "/figures.csv", back_to_index)
    campaign = PREFIX + "/campaigns/{id}"
    router.add_get(campaign, campaign_detail)
    router.add_post(campaign + "/rename", campaign_rename)
    router.add_post(campaign + "/close", campaign_close)
    router.add_get(campaign + "/qr.{kind:png|svg}", campaign_qr)
    router.add_get(campaign + "/poster.pdf", campaign_poster)
    router.add_post(campaign + "/contacts", campaign_contacts)
    router.add_post(campaign + "/contacts.csv", contacts_export)
    router.add_get(campaign + "/contacts", to_campaign)
    router.add_get(campaign + "/contacts.csv", to_campaign)
    router.add_get(PREFIX + "/team", team)
    router.add_post(PREFIX + "/team/invite", team_invite)
    router.add_post(PREFIX + "/team/revoke", team_revoke)
    router.add_post(PREFIX + "/team/organisations", organisation_create)
    router.add_post(PREFIX + "/team/organisations/{id}/rename", organisation_rename)
    router.add_get(PREFIX + "/audit", audit_trail)
