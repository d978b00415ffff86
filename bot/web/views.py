"""The dashboard's pages: thin handlers that call one service (bot/services/dashboard.py) and
render a template. Every page but sign-in checks the role on the request (`page`); every form
carries the session's CSRF token; a campaign that does not exist, or is still being made in the
chat, is the same "not found" page."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiogram.utils.i18n import gettext as _
from aiohttp import web
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from bot.db.codes import deep_link, invite_payload, landing_link
from bot.db.models import AuditAction, Campaign, JobRole, as_utc, utcnow
from bot.i18n import N_, get_i18n
from bot.pictures import draw
from bot.runtime.drawing import render
from bot.services import campaign_list, dashboard, downloads
from bot.services.audit import Trail
from bot.services.campaigns.stats import FUNNEL, LEVELS, web_key
from bot.services.consent import consent_language
from bot.services.outreach import REINSTATE_DAYS
from bot.ui.staff import (
    AUDIT_TEXTS,
    job_role_label,
    level_label,
    organisation_of,
    poster_texts,
)
from bot.web import charts, exports, workbook
from bot.web.audit_csv import AuditLine, audit_csv
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
    "renamed": N_("The campaign is renamed: it is now called “{campaign}”."),
    "closed": N_("You closed “{campaign}”: its link still greets owners, but counts no one new."),
    "reopened": N_(
        "You reopened “{campaign}”: owners who use its link from now on are counted again."
    ),
    "revoked": N_(
        "{person} is revoked: they can no longer use the staff commands or the dashboard, "
        "and their sessions have ended."
    ),
    "reinstated": N_(
        "{person} is staff again, as before the revoke. They sign in again with /dashboard."
    ),
    "withdrawn": N_(
        "The invite link for {organisation} ({role}) is withdrawn: it no longer works."
    ),
    "organisation": N_("{organisation} is ready: invite its staff below."),
    "organisation_renamed": N_("The organisation is renamed: it is now called {organisation}."),
}


def notice(key: str | None, **values: str) -> str | None:
    """The notice a redirect after a form asks for (`?done=`), naming who and what."""
    if key not in NOTICES:
        return None
    text = _(NOTICES[key])
    try:
        return text.format(**values)
    except KeyError:  # a notice whose subject is gone (reloaded later): without the name
        return None


def tel_target(phone: str) -> str:
    """A typed phone number as a tel: link's target: its digits, with a leading +."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" if phone.strip().startswith("+") else "") + digits


def person_label(name: str, user_id: int) -> str:
    """How the dashboard names someone: their Telegram name with the id, else the id."""
    return f"{name} ({user_id})" if name else str(user_id)


async def bot_username(current: Page) -> str:
    me = await current.deps.bot.me()
    return me.username or "tredebot"


def web_link(current: Page, found: Campaign) -> str:
    """The campaign's short web address: its landing page, where owners choose Telegram or
    the browser (the QR code's target)."""
    return landing_link(current.settings.dashboard_url, found.code)


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
LIST_COLUMNS = (
    ("name", N_("Campaign"), False),
    ("municipality", N_("Municipality"), False),
    ("organisation", N_("Organisation"), False),  # admins only
    ("arrived", N_("Arrived through the link"), True),
    ("started", N_("Started the scan"), True),
    ("finished", N_("Finished"), True),
    ("created", N_("Created"), False),
)


async def _campaigns_page(current: Page, status: int = 200, **values: object) -> web.Response:
    """The list of campaigns (`?q=` searched, `?sort=` any column, `?order=asc|desc`, `?page=`
    from 1), the new-campaign form above it; for admins with each one's organisation, and the
    organisations to make a new one for."""
    assert current.visitor is not None
    staff = current.visitor.staff
    query = current.request.query
    search = " ".join(query.get("q", "").split())[: campaign_list.SEARCH_MAX]
    sort = query.get("sort", "")
    if sort not in campaign_list.SORTS or (sort == "organisation" and not staff.is_admin):
        sort = campaign_list.DEFAULT_SORT
    order = query.get("order", "")
    descending = (
        order == "desc" if order in ("asc", "desc") else sort in campaign_list.FIRST_DESCENDING
    )
    organisations = await dashboard.organisation_names(current.db) if staff.is_admin else {}
    listed = await campaign_list.listing(
        current.db,
        current.settings,
        staff,
        search=search,
        sort=sort,
        descending=descending,
        page=min(_digits(query.get("page", "")) or 1, 10**6) - 1,
        organisations=organisations,
    )

    def link(
        *, key: str = sort, down: bool = descending, number: int = listed.page, q: str = search
    ) -> str:
        chosen: dict[str, str | int] = {"q": q} if q else {}
        if (key, down) != (campaign_list.DEFAULT_SORT, True):
            chosen.update(sort=key, order="desc" if down else "asc")
        if number > 0:
            chosen["page"] = number + 1
        return PREFIX + "/" + ("?" + urlencode(chosen) if chosen else "")

    columns = []
    for key, label, numeric in LIST_COLUMNS:
        if key == "organisation" and not staff.is_admin:
            continue
        first_down = key in campaign_list.FIRST_DESCENDING
        columns.append(
            {
                "key": key,
                "label": _(label),
                "numeric": numeric,
                "href": link(key=key, down=not descending if key == sort else first_down, number=0),
                "sorted": ("descending" if descending else "ascending") if key == sort else None,
            }
        )
    return current.render(
        "campaigns.html",
        status=status,
        listed=listed,
        rows=listed.rows,
        columns=columns,
        search=search,
        sort=sort,
        order="desc" if descending else "asc",
        newer=link(number=listed.page - 1) if listed.page > 0 else None,
        older=link(number=listed.page + 1) if listed.page < listed.pages - 1 else None,
        clear=link(number=0, q="") if search else None,
        organisations=organisations,
        labels=exports.funnel_labels(),
        number=lambda value: format_decimal(int(value), locale=current.locale),
        date=_date(current),
        **values,
    )


@page()
async def campaign_list_page(current: Page) -> web.StreamResponse:
    return await _campaigns_page(current)


@page()
async def campaign_create(current: Page) -> web.StreamResponse:
    form = await current.request.post()
    assert current.visitor is not None
    name, municipality = _form_text(form, "name"), _form_text(form, "municipality")
    organisation_id = _digits(_form_text(form, "organisation"))
    made = await dashboard.create(
        current.db,
        current.visitor.staff,
        name=name,
        municipality=municipality,
        organisation_id=organisation_id,
    )
    if made is None:
        lacking = campaign_list.missing(name=name, municipality=municipality)
        problems = {key: _(FORM_PROBLEMS[key]) for key in lacking}
        if not problems:  # an admin's organisation that is not (or no longer) there
            problems["organisation"] = _(FORM_PROBLEMS["organisation"])
        return await _campaigns_page(
            current,
            status=400,
            problem=_("The campaign was not made: what is missing is marked below."),
            problems=problems,
            name=name,
            municipality=municipality,
            organisation_id=organisation_id,
        )
    raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{made.id}?done=created")


FORM_PROBLEMS = {
    "name": N_("Give the campaign a name."),
    "municipality": N_("Give the municipality where the campaign runs."),
    "organisation": N_("Choose the organisation the campaign is for."),
}


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
        web_link=web_link(current, found),
        web_key=web_key,
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
        notice=notice(current.request.query.get("done"), campaign=found.name),
        notice_undo=_campaign_undo(current, found),
        problem=_problem(current.request.query.get("problem")),
    )


# A form's problem after a redirect (`?problem=`), shown beside that form.
PROBLEMS = {
    "blank_name": N_("Give the campaign a name: spaces alone are not a name."),
}


def _problem(key: str | None) -> str | None:
    return _(PROBLEMS[key]) if key in PROBLEMS else None


def _campaign_undo(current: Page, found: Campaign) -> dict[str, str] | None:
    """The notice after closing carries its undo: reopen, at one click."""
    if current.request.query.get("done") != "closed" or found.closed_at is None:
        return None
    return {
        "action": f"{PREFIX}/campaigns/{found.id}/reopen",
        "label": _("Undo: reopen “{campaign}”").format(campaign=found.name),
    }


@page()
async def campaign_rename(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    form = await current.request.post()
    assert current.visitor is not None
    if not await dashboard.rename(
        current.db, current.visitor.staff, found.id or 0, name=_form_text(form, "name")
    ):
        raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{found.id}?problem=blank_name#manage")
    raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{found.id}?done=renamed")


@page()
async def campaign_close_confirm(current: Page) -> web.StreamResponse:
    """Closing asks first, on a page of its own (no script needed)."""
    found = await found_campaign(current)
    if found.closed_at is not None:
        raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{found.id}")
    return current.render(
        "confirm.html",
        title=_("Close “{campaign}”?").format(campaign=found.name),
        back=(f"{PREFIX}/campaigns/{found.id}", found.name),
        points=[
            _("Owners who use its link or QR code from now on are greeted, but not counted."),
            _("Its figures and consented contacts stay as they are."),
            _("You can reopen it at any time; owners who came while it was closed stay uncounted."),
        ],
        action=f"{PREFIX}/campaigns/{found.id}/close",
        fields={},
        confirm=_("Yes, close the campaign"),
        cancel=_("No, keep it open"),
    )


@page()
async def campaign_close(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    assert current.visitor is not None
    await dashboard.close(current.db, current.visitor.staff, found.id or 0)
    raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{found.id}?done=closed")


@page()
async def campaign_reopen(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    assert current.visitor is not None
    await dashboard.reopen(current.db, current.visitor.staff, found.id or 0)
    raise web.HTTPSeeOther(f"{PREFIX}/campaigns/{found.id}?done=reopened")


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
    link = web_link(current, found)  # the landing page: Telegram or the browser
    if current.request.match_info["kind"] == "svg":
        return _download(await render(draw.qr_svg, link), "image/svg+xml", f"qr-{found.code}.svg")
    return _download(await render(draw.qr_png, link), "image/png", f"qr-{found.code}.png")


@page()
async def campaign_poster(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    organisations = await dashboard.organisation_names(current.db)
    pdf = await render(
        draw.poster,
        name=found.name,
        link=web_link(current, found),
        telegram_link=deep_link(await bot_username(current), found.code),
        organisation=organisations.get(found.organisation_id or 0, ""),
        texts=poster_texts(),
    )
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


@page(admin=True)
async def to_audit(current: Page) -> web.StreamResponse:
    """A GET of the trail's CSV (a POST: it is written to the trail): the trail's page."""
    raise web.HTTPSeeOther(PREFIX + "/audit")


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
        consent_language=consent_language,
        tel=tel_target,
        date=_date(current),
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today(current: Page) -> date:
    return utcnow().astimezone(current.settings.tz).date()


@page()
async def contacts_export(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    assert current.visitor is not None
    rows = await dashboard.contacts(current.db, current.visitor.staff, found, exported=True)
    body = exports.contacts_csv(found, rows, zone=current.settings.tz_name, locale=current.locale)
    name = exports.filename("contacts", found, _today(current), "csv")
    return _download(body, "text/csv", name)


@page()
async def contacts_workbook(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    assert current.visitor is not None
    rows = await downloads.contacts_for_excel(current.db, current.visitor.staff, found)
    body = await workbook.contacts_xlsx(
        found, rows, zone=current.settings.tz_name, locale=current.locale
    )
    return _download(body, XLSX, exports.filename("contacts", found, _today(current), "xlsx"))


async def _figures_download(current: Page, found: Campaign | None, kind: str) -> web.Response:
    """The figures of `found` (None: of every campaign this person sees) as CSV or Excel;
    the download is written to the audit trail."""
    assert current.visitor is not None
    staff = current.visitor.staff
    organisations = await dashboard.organisation_names(current.db)
    name = exports.filename("figures", found, _today(current), kind)
    links = exports.Links(current.settings.dashboard_url, await bot_username(current))
    if kind == "csv":
        rows = await downloads.figures_table(current.db, current.settings, staff, found)
        body = exports.figures_csv(
            rows,
            organisations=organisations,
            tz=current.settings.tz,
            locale=current.locale,
            links=links,
        )
        return _download(body, "text/csv", name)
    campaigns = await downloads.campaigns_of(current.db, staff, found)
    figures = downloads.figures_in_parts(
        current.db, current.settings, staff, found, campaigns, workbook.part_sizes(len(campaigns))
    )
    title = (
        _("Figures of {campaign}").format(campaign=found.name)
        if found is not None
        else _("Figures of all campaigns")
    )
    body = await workbook.figures_xlsx(
        campaigns,
        figures,
        organisations=organisations,
        zone=current.settings.tz_name,
        made=utcnow(),
        locale=current.locale,
        title=title,
        links=links,
    )
    return _download(body, XLSX, name)


@page()
async def figures_export(current: Page) -> web.StreamResponse:
    """Every campaign this person sees: `figures.csv` or `figures.xlsx`."""
    return await _figures_download(current, None, current.request.match_info["kind"])


@page()
async def campaign_figures_export(current: Page) -> web.StreamResponse:
    found = await found_campaign(current)
    return await _figures_download(current, found, current.request.match_info["kind"])


# --- the team and the audit trail (admins) ----------------------------------------------------
async def _team_page(current: Page, status: int = 200, **values: object) -> web.Response:
    team = await dashboard.team(current.db)
    members = {member.user_id: member for member in team.members}
    names = {o.id or 0: o.name for o in team.organisations}
    # Revoked lately and not staff again since: they can be reinstated.
    revoked = [r for r in await dashboard.revoked(current.db) if r.user_id not in members]
    query = current.request.query
    done, who = query.get("done"), _digits(query.get("who", "")) or 0
    subject: dict[str, str] = {}
    undo = None
    if done == "revoked":
        gone = next((r for r in revoked if r.user_id == who), None)
        if gone is not None:
            subject["person"] = person_label(gone.display_name, gone.user_id)
            undo = {
                "action": f"{PREFIX}/team/reinstate",
                "label": _("Undo: reinstate {person}").format(person=subject["person"]),
                "user_id": str(gone.user_id),
            }
    elif done == "reinstated" and who in members:
        subject["person"] = person_label(members[who].display_name, who)
    elif done in ("organisation", "organisation_renamed", "withdrawn"):
        subject["organisation"] = names.get(_digits(query.get("organisation", "")) or 0, "")
        subject["role"] = job_role_label(query.get("role", ""))
        if not subject["organisation"]:
            subject.clear()
    admins = await dashboard.admins(current.db, current.settings)
    return current.render(
        "team.html",
        status=status,
        team=team,
        organisation_names=names,
        admins=[person_label(name, user_id) for user_id, name in admins.items()],
        admin_names={user_id: person_label(name, user_id) for user_id, name in admins.items()},
        revoked=revoked,
        invites=await dashboard.pending_invites(current.db),
        reinstate_days=REINSTATE_DAYS,
        job_roles=[(role.value, job_role_label(role.value)) for role in JobRole],
        job_role_label=job_role_label,
        person_label=person_label,
        date=_date(current),
        notice=notice(done, **subject) if subject or done not in NEEDS_SUBJECT else None,
        notice_undo=undo,
        **values,
    )


NEEDS_SUBJECT = {"revoked", "reinstated", "organisation", "organisation_renamed", "withdrawn"}


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
    if token is None or role is None:
        return await _team_page(
            current,
            status=400,
            problem=_("Choose the organisation and the job role."),
            problem_for="invite",
        )
    link = deep_link(await bot_username(current), invite_payload(token))
    names = await dashboard.organisation_names(current.db)
    return await _team_page(
        current,
        invite_link=link,
        invite_organisation=names.get(organisation_id or 0, ""),
        invite_role=job_role_label(role.value),
        invite_days=current.settings.staff_invite_days,
    )


@page(admin=True)
async def invite_withdraw(current: Page) -> web.StreamResponse:
    assert current.visitor is not None
    form = await current.request.post()
    gone = await dashboard.withdraw_invite(
        current.db, current.visitor.staff, token_hash=_form_text(form, "invite")[:64]
    )
    if gone is None:  # used or expired meanwhile: the list shows how things are now
        raise web.HTTPSeeOther(f"{PREFIX}/team")
    query = urlencode(
        {"done": "withdrawn", "organisation": gone.organisation_id, "role": gone.job_role}
    )
    raise web.HTTPSeeOther(f"{PREFIX}/team?{query}")


ORGANISATION_PROBLEMS = {
    "blank": N_("Give the organisation a name: spaces alone are not a name."),
    "taken": N_("Another organisation is called that already: choose another name."),
    "unknown": N_("That organisation is no longer there."),
}


@page(admin=True)
async def organisation_create(current: Page) -> web.StreamResponse:
    assert current.visitor is not None
    form = await current.request.post()
    name = _form_text(form, "name")
    outcome, made = await dashboard.new_organisation(current.db, current.visitor.staff, name=name)
    if made is None:
        return await _organisation_name_refused(current, outcome, "organisation-new", name)
    raise web.HTTPSeeOther(f"{PREFIX}/team?done=organisation&organisation={made}")


@page(admin=True)
async def organisation_rename(current: Page) -> web.StreamResponse:
    assert current.visitor is not None
    form = await current.request.post()
    number = _digits(current.request.match_info.get("id", ""))
    name = _form_text(form, "name")
    outcome = (
        await dashboard.rename_organisation_to(current.db, current.visitor.staff, number, name=name)
        if number is not None
        else "unknown"
    )
    if outcome != "renamed":
        return await _organisation_name_refused(current, outcome, f"organisation-{number}", name)
    raise web.HTTPSeeOther(f"{PREFIX}/team?done=organisation_renamed&organisation={number}")


async def _organisation_name_refused(
    current: Page, outcome: str, form: str, name: str
) -> web.Response:
    problem = _(ORGANISATION_PROBLEMS.get(outcome, ORGANISATION_PROBLEMS["unknown"]))
    return await _team_page(current, status=400, problem=problem, problem_for=form, typed_name=name)


@page(admin=True)
async def team_revoke_confirm(current: Page) -> web.StreamResponse:
    """Revoking asks first, on a page of its own (no script needed), naming who."""
    number = _digits(current.request.query.get("user_id", ""))
    team = await dashboard.team(current.db)
    member = next((m for m in team.members if m.user_id == number), None)
    if member is None:
        raise web.HTTPSeeOther(f"{PREFIX}/team")
    organisation = next((o.name for o in team.organisations if o.id == member.organisation_id), "")
    who = person_label(member.display_name, member.user_id)
    role = job_role_label(member.job_role)
    return current.render(
        "confirm.html",
        title=_("Revoke {person}?").format(person=who),
        back=(f"{PREFIX}/team", _("Team")),
        points=[
            _("{person} is {role} at {organisation}.").format(
                person=who, role=role or "–", organisation=organisation
            ),
            _("They lose the staff commands and the dashboard at once; their sessions end."),
            _("Their campaigns stay with {organisation}.").format(organisation=organisation),
            _("Within {days} days you can reinstate them as they were, from the team page.").format(
                days=REINSTATE_DAYS
            ),
        ],
        action=f"{PREFIX}/team/revoke",
        fields={"user_id": str(member.user_id)},
        confirm=_("Yes, revoke {person}").format(person=who),
        cancel=_("No, keep them"),
    )


async def _on_colleague(current: Page, act: Any, done: str) -> web.StreamResponse:
    """Revoke or reinstate the form's colleague, then the team page with a notice naming them
    (without one when nothing changed)."""
    form = await current.request.post()
    number = _digits(_form_text(form, "user_id"))
    assert current.visitor is not None
    if number is None or not await act(current.db, current.visitor.staff, user_id=number):
        raise web.HTTPSeeOther(f"{PREFIX}/team")
    raise web.HTTPSeeOther(f"{PREFIX}/team?done={done}&who={number}")


@page(admin=True)
async def team_revoke(current: Page) -> web.StreamResponse:
    return await _on_colleague(current, dashboard.revoke, "revoked")


@page(admin=True)
async def team_reinstate(current: Page) -> web.StreamResponse:
    return await _on_colleague(current, dashboard.reinstate, "reinstated")


AUDIT_KINDS = {
    AuditAction.CONTACTS_VIEWED: N_("Contacts viewed"),
    AuditAction.CSV_EXPORTED: N_("CSV exported"),
    AuditAction.FIGURES_EXPORTED: N_("Figures downloaded"),
    AuditAction.CONTACTS_XLSX: N_("Contacts downloaded for Excel"),
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
    AuditAction.CAMPAIGN_REOPENED: N_("Campaigns reopened"),
    AuditAction.STAFF_REINSTATED: N_("Staff reinstated"),
    AuditAction.INVITE_WITHDRAWN: N_("Invite links withdrawn"),
    AuditAction.AUDIT_EXPORTED: N_("Audit trail downloaded"),
}


def _audit_filters(values: object) -> tuple[AuditAction | None, int | None]:
    """The kind of event and the person asked for (query or form); unknown values: none."""
    try:
        kind: AuditAction | None = AuditAction(_form_text(values, "kind"))
    except ValueError:
        kind = None
    return kind, _digits(_form_text(values, "person"))


def _audit_lines(current: Page, trail: Trail) -> list[AuditLine]:
    """Each event the trail can word, as a line: when, its kind, who, whom, and the sentence."""
    someone = _("someone who deleted their data")

    def person_name(user_id: int | None) -> str:
        if user_id is None:
            return someone
        return person_label(trail.names.get(user_id, ""), user_id)

    lines = []
    for event in trail.events:
        try:
            action = AuditAction(event.action)
            template = AUDIT_TEXTS[action]
        except (ValueError, KeyError):
            continue  # written by a newer version
        campaign = (
            _("all their campaigns")
            if event.campaign_id is None
            else trail.campaigns.get(event.campaign_id, "?")
        )
        organisation = organisation_of(event, trail.organisations, markup=False)
        what = Markup(_(template)).format(
            actor=person_name(event.actor_id),
            subject=person_name(event.subject_id),
            campaign=campaign,
            organisation=organisation,
        )
        lines.append(
            AuditLine(
                at=as_utc(event.at),
                kind=_(AUDIT_KINDS.get(action, "")),
                actor=person_name(event.actor_id) if event.actor_id or event.subject_id else "",
                subject=person_name(event.subject_id) if event.subject_id else "",
                campaign=trail.campaigns.get(event.campaign_id or 0, ""),
                organisation=trail.organisations.get(event.organisation_id or 0, ""),
                what=what,
            )
        )
    return lines


@page(admin=True)
async def audit_trail(current: Page) -> web.StreamResponse:
    """The audit trail a page at a time (`?page=` from 1), filtered by kind of event (`?kind=`)
    and by person (`?person=`, as actor or subject); unknown values mean no filter, a page past
    the end is the last."""
    query = current.request.query
    kind, person = _audit_filters(query)
    asked = _digits(query.get("page", "")) or 1
    trail = await dashboard.trail(
        current.db,
        page=min(asked, 10**6) - 1,
        actions=[kind] if kind is not None else [],
        person=person,
    )
    people = await dashboard.trail_people(current.db)
    fmt = _date(current)
    lines = [(fmt(line.at, "d MMM yyyy HH:mm"), line.what) for line in _audit_lines(current, trail)]
    filters = {"kind": kind.value if kind else "", "person": str(person) if person else ""}

    def page_link(number: int) -> str:
        chosen = {key: value for key, value in filters.items() if value}
        return PREFIX + "/audit?" + urlencode({**chosen, "page": number + 1})

    return current.render(
        "audit.html",
        lines=lines,
        kinds=[(action.value, _(label)) for action, label in AUDIT_KINDS.items()],
        people=sorted(
            ((user_id, person_label(name, user_id)) for user_id, name in people.items()),
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


@page(admin=True)
async def audit_export(current: Page) -> web.StreamResponse:
    """The trail as CSV, with the page's filters: every matching event, not one page. A POST
    with the CSRF token, written to the trail itself."""
    assert current.visitor is not None
    kind, person = _audit_filters(await current.request.post())
    trail = await dashboard.export_trail(
        current.db,
        current.visitor.staff,
        actions=[kind] if kind is not None else [],
        person=person,
    )
    body = audit_csv(_audit_lines(current, trail), locale=current.locale, tz=current.settings.tz)
    stamp = utcnow().strftime("%Y%m%d")
    name = _("audit-trail")  # the file's name in the reader's language
    return _download(body, "text/csv", f"{name}-{stamp}.csv")


def add_routes(router: web.UrlDispatcher) -> None:
    async def to_index(_request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(PREFIX + "/")

    router.add_get(PREFIX, to_index)
    router.add_get(PREFIX + "/signin/{token}", sign_in_page)
    router.add_post(PREFIX + "/signin", sign_in)
    router.add_post(PREFIX + "/language/{locale:nl|en}", sign_in_language)
    router.add_post(PREFIX + "/signout", sign_out)
    router.add_get(PREFIX + "/language/{locale:nl|en}", language)
    router.add_get(PREFIX + "/", campaign_list_page)
    router.add_post(PREFIX + "/campaigns", campaign_create)
    # The address a failed new campaign's page has (its language switch, a reload): the list.
    router.add_get(PREFIX + "/campaigns", back_to_index)
    # Exports and the contacts view (written to the audit trail) are POSTs with the CSRF
    # token; their GETs lead to the page with the buttons.
    router.add_post(PREFIX + "/figures.{kind:csv|xlsx}", figures_export)
    router.add_get(PREFIX + "/figures.{kind:csv|xlsx}", back_to_index)
    campaign = PREFIX + "/campaigns/{id}"
    router.add_get(campaign, campaign_detail)
    router.add_post(campaign + "/rename", campaign_rename)
    router.add_post(campaign + "/close", campaign_close)
    router.add_get(campaign + "/qr.{kind:png|svg}", campaign_qr)
    router.add_get(campaign + "/poster.pdf", campaign_poster)
    router.add_post(campaign + "/contacts", campaign_contacts)
    router.add_post(campaign + "/contacts.csv", contacts_export)
    router.add_post(campaign + "/contacts.xlsx", contacts_workbook)
    router.add_post(campaign + "/figures.{kind:csv|xlsx}", campaign_figures_export)
    router.add_get(campaign + "/contacts", to_campaign)
    router.add_get(campaign + "/contacts.{kind:csv|xlsx}", to_campaign)
    router.add_get(campaign + "/figures.{kind:csv|xlsx}", to_campaign)
    router.add_get(PREFIX + "/team", team)
    router.add_post(PREFIX + "/team/invite", team_invite)
    router.add_post(PREFIX + "/team/revoke", team_revoke)
    router.add_post(PREFIX + "/team/organisations", organisation_create)
    router.add_post(PREFIX + "/team/organisations/{id}/rename", organisation_rename)
    router.add_get(PREFIX + "/audit", audit_trail)
    router.add_post(PREFIX + "/audit.csv", audit_export)
    router.add_get(PREFIX + "/audit.csv", to_audit)
    router.add_get(campaign + "/close", campaign_close_confirm)
    router.add_post(campaign + "/reopen", campaign_reopen)
    router.add_get(campaign + "/reopen", to_campaign)
    router.add_get(PREFIX + "/team/revoke", team_revoke_confirm)
    router.add_post(PREFIX + "/team/reinstate", team_reinstate)
    router.add_post(PREFIX + "/team/invites/withdraw", invite_withdraw)
