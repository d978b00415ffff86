"""What outreach staff see: the team, a campaign's kit, figures, contacts."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_datetime

from bot.db.models import (
    AuditAction,
    AuditEvent,
    Campaign,
    ContactConsent,
    JobRole,
    Organisation,
    StaffMember,
    as_utc,
)
from bot.i18n import N_, translate
from bot.ui import job_roles
from bot.ui.callbacks import (
    AuditPage,
    Camp,
    CampaignAct,
    CampaignsPage,
    ContactsPage,
    StaffAct,
    StaffActKind,
    TeamPage,
)
from bot.ui.paging import LONG_NAME_LENGTH, add_pager, cut, page_of, position
from pso.assess import LEVELS

PERIODS = (7, 30, 90, 0)  # days; 0 = since the start
# Entries to a page of each list (bot/ui/paging.py): with names cut, a page stays far within
# Telegram's 4096 characters whatever staff typed (tests/campaigns/test_paging.py).
CONTACTS_PAGE = 10
CAMPAIGNS_PAGE = 10
TEAM_PAGE = 12
AUDIT_PAGE = 10


SHOWN_ORGANISATIONS = 20  # buttons to choose from; more are reached by /organisation <name>


def _staff_commands() -> list[str]:
    return [
        _("/campaign – a campaign with its own link, QR code and poster"),
        _("/campaigns – your organisation's campaigns with their figures"),
        _("/campaignexport – a CSV of the figures and consented contacts"),
        _("/dashboard – a sign-in link for the dashboard in your browser"),
    ]


def staff_welcome(organisation: str) -> str:
    welcome = _(
        "Welcome! You are now outreach staff of {organisation}. You see its campaigns, and "
        "your colleagues there see yours."
    ).format(organisation=html.escape(organisation))
    return "\n\n".join([welcome, "\n".join(_staff_commands())])


def staff_help(*, admin: bool) -> str:
    """The part of /help that only staff (and admins) see."""
    lines = [_("<b>For outreach staff</b>"), *_staff_commands()]
    if admin:
        lines += [
            "",
            _("<b>For admins</b>"),
            _("/organisation &lt;name&gt; – a municipality or Werkgeversservicepunt"),
            _("/staff – the team: invite or revoke staff"),
            _("/audit – who did what, and when"),
        ]
    return "\n".join(lines)


def job_role_label(value: str) -> str:
    msgid = job_roles.label(value)
    return _(msgid) if msgid else ""


def team(
    organisations: Sequence[Organisation], members: Sequence[StaffMember], *, page: int = 0
) -> tuple[str, InlineKeyboardMarkup]:
    """The team by organisation, a page at a time, with a revoke button per person on it, one
    for a new invite, and the pager."""
    lines = [_("<b>Outreach staff</b>")]
    if not organisations:
        lines.append(no_organisations())
    # One entry per member, or per organisation without members ("nobody yet").
    entries: list[tuple[Organisation, StaffMember | None]] = []
    for organisation in organisations:
        people = [m for m in members if m.organisation_id == organisation.id]
        entries.extend([(organisation, m) for m in people] or [(organisation, None)])
    shown = page_of(entries, page, TEAM_PAGE)
    builder = InlineKeyboardBuilder()
    heading: Organisation | None = None
    for organisation, member in shown.entries:
        if organisation is not heading:  # the organisation above its first member on the page
            heading = organisation
            lines.append("\n<b>" + html.escape(cut(organisation.name)) + "</b>")
        if member is None:
            lines.append(_("Nobody yet. Create an invite link and send it to a colleague."))
            continue
        name = cut(member.display_name or str(member.user_id))
        role = job_role_label(member.job_role)
        lines.append(
            "• "
            + html.escape(name)
            + (f", {html.escape(role.lower())}" if role else "")
            + f" (<code>{member.user_id}</code>)"
        )
        builder.button(
            text=_("✖️ Revoke {name}").format(name=name),
            callback_data=StaffAct(act=StaffActKind.REVOKE, user=member.user_id),
        )
    rows = [1] * len(list(builder.buttons))
    if organisations:
        builder.button(
            text=_("➕ New invite link"), callback_data=StaffAct(act=StaffActKind.INVITE)
        )
        rows.append(1)
    paging = add_pager(builder, shown.number, shown.count, lambda n: TeamPage(page=n))
    builder.adjust(*rows, *([paging] if paging else []))
    lines.append("")
    if shown.count > 1:
        lines.append("<i>" + position(shown.number, shown.count) + "</i>")
    lines.append(
        _(
            "A new organisation: /organisation &lt;name&gt;, for example "
            "<code>/organisation Gemeente Almelo</code>."
        )
    )
    lines.append(_("/audit shows who invited, revoked, viewed contacts or exported, and when."))
    return "\n".join(lines), builder.as_markup()


def no_organisations() -> str:
    return _(
        "There is no organisation yet. Staff belong to one (a municipality or "
        "Werkgeversservicepunt): make it with /organisation &lt;name&gt;, for example "
        "<code>/organisation Gemeente Almelo</code>."
    )


def organisation_made(
    organisation: Organisation, *, created: bool
) -> tuple[str, InlineKeyboardMarkup]:
    text = (
        _("The organisation <b>{name}</b> is ready. Invite its first staff member:")
        if created
        else _("There already is an organisation called <b>{name}</b>. Invite someone into it:")
    )
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("➕ Invite to {name}").format(name=cut(organisation.name)),
        callback_data=StaffAct(act=StaffActKind.INVITE_ORG, org=organisation.id or 0),
    )
    return text.format(name=html.escape(organisation.name)), builder.as_markup()


def organisation_help() -> str:
    return _(
        "Type the name after the command, for example "
        "<code>/organisation Werkgeversservicepunt Twente</code>."
    )


def invite_organisation_question(
    organisations: Sequence[Organisation],
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for organisation in organisations[:SHOWN_ORGANISATIONS]:
        builder.button(
            text=cut(organisation.name, LONG_NAME_LENGTH),
            callback_data=StaffAct(act=StaffActKind.INVITE_ORG, org=organisation.id or 0),
        )
    builder.adjust(1)
    return _("Which organisation will your colleague work for?"), builder.as_markup()


def invite_role_question(organisation: Organisation) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for role in JobRole:
        builder.button(
            text=_(job_roles.LABELS[role]),
            callback_data=StaffAct(
                act=StaffActKind.INVITE_ROLE, org=organisation.id or 0, role=role
            ),
        )
    builder.adjust(1)
    text = _(
        "What does your colleague do at <b>{name}</b>? Owners who agree to be contacted read "
        "this in what they agree to."
    ).format(name=html.escape(organisation.name))
    return text, builder.as_markup()


def invite_link(link: str, days: int, organisation: str, job_role: str) -> str:
    return _(
        "Send this link to your colleague ({role} at {organisation}). It works once and "
        "expires in {days} days:\n{link}"
    ).format(
        days=days,
        link=html.escape(link),
        organisation=html.escape(organisation),
        role=html.escape(job_role_label(job_role).lower()),
    )


def campaign_help() -> str:
    return _(
        "/campaign – make a campaign, step by step; or name it at once, for example "
        "<code>/campaign new Ondernemersavond Twenterand</code>\n"
        "/campaign cancel – stop making one\n"
        "/campaign contact &lt;code&gt; &lt;text&gt; – change whom owners may contact "
        "(<code>-</code> for nobody)\n"
        "/campaigns – your campaigns"
    )


def contact_set(campaign: Campaign) -> str:
    if campaign.contact:
        return _("The contact of <b>{name}</b> is now: {contact}").format(
            name=html.escape(campaign.name), contact=html.escape(campaign.contact)
        )
    return _("<b>{name}</b> has no contact now.").format(name=html.escape(campaign.name))


def contact_not_found(code: str) -> str:
    return _("I don't know a campaign of yours with the code <code>{code}</code>.").format(
        code=html.escape(code)
    )


def kit_text(campaign: Campaign, link: str, web_link: str, *, created: bool) -> str:
    """The campaign's kit: its Telegram deep link (`link`) and its short web address
    (`web_link`, the landing page where owners choose Telegram or the browser)."""
    heading = _("Campaign <b>{name}</b> is ready.") if created else _("Campaign <b>{name}</b>")
    return (
        heading.format(name=html.escape(campaign.name))
        + "\n"
        + _("Municipality: {municipality}\nCode: <code>{code}</code>").format(
            municipality=html.escape(campaign.municipality), code=campaign.code
        )
        + "\n"
        + _(
            "Web address (for everyone: Telegram or the browser): {web_link}\nTelegram link: {link}"
        ).format(web_link=html.escape(web_link), link=html.escape(link))
        + "\n"
        + (
            _("Contact for owners: {contact}").format(contact=html.escape(campaign.contact))
            if campaign.contact
            else _("No contact for owners; add one with /campaign contact {code} …").format(
                code=campaign.code
            )
        )
    )


def qr_caption(link: str) -> str:
    """`link`: the web address the QR code holds (its landing page)."""
    return _(
        "QR code for {link}: it opens a page where owners choose Telegram or their browser."
    ).format(link=html.escape(link))


POSTER_CALL = N_(
    "Is your business on the PSO ladder? Take the free 10-minute scan, in Telegram or in "
    "your browser."
)
POSTER_HOW = N_(
    "Scan the code with your phone's camera and choose: open the scan in Telegram, or do it "
    "in your browser. No app needed."
)


def poster_texts() -> list[tuple[str, str]]:
    """The poster speaks both languages, Dutch first: per language, the call to scan and how
    (the QR code opens a page that offers Telegram or the browser; no app is needed)."""
    return [
        (translate(POSTER_CALL, locale), translate(POSTER_HOW, locale)) for locale in ("nl", "en")
    ]


def poster_caption() -> str:
    return _("A poster to print (A4).")


def no_campaigns() -> str:
    return _("No campaigns yet. Make one with /campaign.")


def small_cells_note() -> str:
    return (
        "<i>"
        + _(
            "Levels: &lt;5 = fewer than five businesses (0 to 4); x = hidden (five or more), so "
            "that small numbers cannot be worked out from the others or from another period; "
            "– = not shown for this period. The other figures are exact."
        )
        + "</i>"
    )


def campaign_list(
    rows: list[tuple[Campaign, Mapping[str, str]]], *, page: int = 0, pages: int = 1
) -> tuple[str, InlineKeyboardMarkup]:
    """`rows`: the campaigns of page `page` (from 0) with their figures as shown (the funnel's
    are exact)."""
    lines = [_("<b>Campaigns</b> (arrived / finished, since the start)")]
    builder = InlineKeyboardBuilder()
    for campaign, cells in rows[:CAMPAIGNS_PAGE]:
        lines.append(
            "• <b>{name}</b> ({place}): {arrived} / {finished}".format(
                name=html.escape(cut(campaign.name)),
                place=html.escape(cut(campaign.municipality)),
                arrived=html.escape(cells["arrived"]),
                finished=html.escape(cells["finished"]),
            )
        )
        builder.button(
            text=cut(campaign.name),
            callback_data=Camp(id=campaign.id or 0, act=CampaignAct.DETAILS),
        )
    paging = add_pager(builder, page, pages, lambda n: CampaignsPage(page=n))
    builder.adjust(*([1] * len(rows[:CAMPAIGNS_PAGE])), *([paging] if paging else []))
    if pages > 1:
        lines.append("<i>" + position(page, pages) + "</i>")
    return "\n".join(lines), builder.as_markup()


def period_label(days: int) -> str:
    if days <= 0:
        return _("since the start")
    return _("last {days} days").format(days=days)


def level_label(level: str) -> str:
    if level == "none":
        return _("No Trede yet")
    return "Trede " + level.removeprefix("trede_")


def stats_text(campaign: Campaign, cells: Mapping[str, str], days: int) -> str:
    """`cells`: the campaign's figures as shown (small ones already "<5", hidden ones "x")."""
    c = {key: html.escape(value) for key, value in cells.items()}  # "<5" is not a tag
    levels = " · ".join(f"{level_label(level)}: {c['level_' + level]}" for level in LEVELS)
    return "\n".join(
        [
            "<b>{name}</b> ({place}), {period}".format(  # noqa: UP032
                name=html.escape(campaign.name),
                place=html.escape(campaign.municipality),
                period=period_label(days),
            ),
            _("Arrived through the link: {n}").format(n=c["arrived"]),
            _("Started the scan: {n}").format(n=c["started"]),
            _("In progress: {n} · finished: {finished} · abandoned: {abandoned}").format(
                n=c["in_progress"], finished=c["finished"], abandoned=c["abandoned"]
            ),
            _(
                "Of these in the browser (not in Telegram): arrived {arrived} · started "
                "{started} · in progress {in_progress} · finished {finished} · abandoned "
                "{abandoned}"
            ).format(
                arrived=c["web_arrived"],
                started=c["web_started"],
                in_progress=c["web_in_progress"],
                finished=c["web_finished"],
                abandoned=c["web_abandoned"],
            ),
            _("Indicative levels: {levels}").format(levels=levels),
            _("Opted in to check-ins: {n}").format(n=c["opted_in"]),
            _("Reminders sent: {n}").format(n=c["reminders_sent"]),
            _("Consented contacts: {n}").format(n=c["consented"]),
            small_cells_note(),
        ]
    )


def details_keyboard(campaign_id: int, days: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for option in PERIODS:
        label = _("All") if option == 0 else _("{days} d").format(days=option)
        if option == days:
            label = "• " + label
        builder.button(
            text=label, callback_data=Camp(id=campaign_id, act=CampaignAct.DETAILS, days=option)
        )
    for text, act, period in (
        (_("📊 Chart"), CampaignAct.CHART, days),
        (_("🔗 Link, QR, poster"), CampaignAct.KIT, 0),
        (_("👥 Contacts"), CampaignAct.CONTACTS, 0),
        (_("⬇️ CSV"), CampaignAct.EXPORT, days),
    ):
        builder.button(text=text, callback_data=Camp(id=campaign_id, act=act, days=period))
    builder.adjust(len(PERIODS), 2, 2)
    return builder.as_markup()


def chart_labels() -> dict[str, str]:
    return {
        "arrived": _("Arrived"),
        "started": _("Started"),
        "in_progress": _("In progress"),
        "finished": _("Finished"),
        "abandoned": _("Abandoned"),
        "funnel": _("Funnel"),
        "levels": _("Indicative level"),
        "footnote": _("<5 = fewer than five businesses · x = hidden, for privacy · – = not shown"),
    }


def contacts_text(
    campaign: Campaign, rows: Sequence[tuple[Campaign, ContactConsent]], *, page: int = 0
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the campaign's consented contacts (the CSV has them whole), with the pager."""
    if not rows:
        return _("No consented contacts yet."), None
    not_shared = _("not shared")
    shown = page_of(rows, page, CONTACTS_PAGE)
    blocks = [_("<b>Consented contacts</b> – {name}").format(name=html.escape(cut(campaign.name)))]
    for _campaign, consent in shown.entries:
        blocks.append(
            "• <b>{org}</b>\n  {name} · {phone}\n  {level} · <i>{when}</i>".format(
                org=html.escape(cut(consent.org_name or not_shared, LONG_NAME_LENGTH)),
                name=html.escape(cut(consent.contact_name or not_shared, LONG_NAME_LENGTH)),
                phone=html.escape(cut(consent.phone or not_shared)),
                level=level_label(consent.level) if consent.level else not_shared,
                when=consent.given_at.strftime("%d-%m-%Y") if consent.given_at else "",
            )
        )
    if shown.count > 1:
        blocks.append("<i>" + position(shown.number, shown.count) + "</i>")
        blocks.append(_("All of them in one CSV: /campaignexport"))
    builder = InlineKeyboardBuilder()
    add_pager(
        builder,
        shown.number,
        shown.count,
        lambda n: ContactsPage(id=campaign.id or 0, page=n),
    )
    return "\n".join(blocks), builder.as_markup() if list(builder.buttons) else None


def figures_caption(days: int) -> str:
    return _(
        "Figures per campaign ({period}); &lt;5 = fewer than five businesses, "
        "x = hidden so that small numbers cannot be worked out."
    ).format(period=period_label(days))


def contacts_caption() -> str:
    return _("Consented contacts: only what each business chose to share.")


def not_available() -> str:
    return _("This campaign is not available.")


def not_staff_any_more() -> str:
    return _("Not staff any more.")


def revoke_question(
    member: StaffMember, organisation: str, *, days: int
) -> tuple[str, InlineKeyboardMarkup]:
    """Revoking a colleague asks first, saying who, where and what follows, and that it can
    be undone."""
    who = html.escape(person(member.display_name, member.user_id))
    where = html.escape(organisation)
    role = job_role_label(member.job_role).lower() or "–"
    lines = [
        "<b>" + _("Revoke {person}?").format(person=who) + "</b>",
        _("{person} is {role} at {organisation}.").format(
            person=who, role=html.escape(role), organisation=where
        ),
        _("They lose the staff commands and the dashboard at once; their sessions end."),
        _("Their campaigns stay with {organisation}.").format(organisation=where),
        _("Within {days} days you can reinstate them as they were.").format(days=days),
    ]
    name = cut(person(member.display_name, member.user_id))
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✖️ Yes, revoke {person}").format(person=name),
        callback_data=StaffAct(act=StaffActKind.REVOKE_YES, user=member.user_id),
    )
    builder.button(
        text=_("No, keep {person}").format(person=name),
        callback_data=StaffAct(act=StaffActKind.KEEP, user=member.user_id),
    )
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def revoked_notice(
    display_name: str, user_id: int, *, days: int
) -> tuple[str, InlineKeyboardMarkup]:
    """Who was revoked, what it means, and the undo (for `days`)."""
    who = person(display_name, user_id)
    text = _(
        "{person} is revoked: they can no longer use the staff commands or the dashboard, "
        "and their sessions have ended."
    ).format(person=html.escape(who))
    text += "\n" + _("Within {days} days you can reinstate them as they were.").format(days=days)
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("↩️ Reinstate {person}").format(person=cut(who)),
        callback_data=StaffAct(act=StaffActKind.REINSTATE, user=user_id),
    )
    return text, builder.as_markup()


def kept(display_name: str, user_id: int) -> str:
    return _("Fine, {person} stays staff.").format(
        person=html.escape(person(display_name, user_id))
    )


def reinstated(display_name: str, user_id: int) -> str:
    return _(
        "{person} is staff again, as before the revoke. They sign in again with /dashboard."
    ).format(person=html.escape(person(display_name, user_id)))


def not_reinstated(*, days: int) -> str:
    return _(
        "Nothing to undo: they are staff again already, the revoke is more than {days} days "
        "ago, or their organisation is gone."
    ).format(days=days)


def person(display_name: str, user_id: int) -> str:
    """A staff member as the chat names them: their Telegram name, else their id."""
    return display_name or str(user_id)


def no_new_campaign() -> str:
    return _("Fine, no new campaign.")


# --- /audit (admins) --------------------------------------------------------------------------
AUDIT_TEXTS = {
    AuditAction.INVITE_CREATED: N_("{actor} made an invite link for {organisation}"),
    AuditAction.STAFF_JOINED: N_("{subject} joined {organisation} as staff (invited by {actor})"),
    AuditAction.STAFF_REVOKED: N_("{actor} revoked {subject}"),
    AuditAction.CONTACTS_VIEWED: N_("{actor} viewed the contacts of {campaign}"),
    AuditAction.CSV_EXPORTED: N_("{actor} exported a CSV of {campaign}"),
    AuditAction.FIGURES_EXPORTED: N_("{actor} downloaded the figures of {campaign}"),
    AuditAction.CONTACTS_XLSX: N_("{actor} downloaded the contacts of {campaign} for Excel"),
    AuditAction.CAMPAIGN_CREATED: N_("{actor} made the campaign {campaign}"),
    AuditAction.STAFF_ERASED: N_("A staff member deleted their data"),
    AuditAction.CAMPAIGN_RENAMED: N_("{actor} renamed the campaign {campaign}"),
    AuditAction.CAMPAIGN_CLOSED: N_("{actor} closed the campaign {campaign}"),
    AuditAction.DASHBOARD_SIGNED_IN: N_("{actor} signed in to the dashboard"),
    AuditAction.ORGANISATION_CREATED: N_("{actor} made the organisation {organisation}"),
    AuditAction.ORGANISATION_RENAMED: N_("{actor} renamed the organisation {organisation}"),
    AuditAction.CAMPAIGN_REOPENED: N_("{actor} reopened the campaign {campaign}"),
    AuditAction.STAFF_REINSTATED: N_("{actor} reinstated {subject} at {organisation}"),
    AuditAction.INVITE_WITHDRAWN: N_("{actor} withdrew an invite link for {organisation}"),
    AuditAction.AUDIT_EXPORTED: N_("{actor} downloaded the audit trail"),
}


def organisation_of(event: AuditEvent, names: Mapping[int, str], *, markup: bool) -> str:
    """The organisation an event names, for its sentence ("their organisation" for an event
    from before organisations, or one deleted since)."""
    name = names.get(event.organisation_id or 0)
    if name is None:
        return _("their organisation")
    return "<b>" + html.escape(name) + "</b>" if markup else name


def _person(user_id: int | None, names: Mapping[int, str]) -> str:
    if user_id is None:
        return "<i>" + _("someone who deleted their data") + "</i>"
    name = names.get(user_id)
    code = f"<code>{user_id}</code>"
    return f"{html.escape(cut(name))} ({code})" if name else code


def audit_text(
    events: Sequence[AuditEvent],
    names: Mapping[int, str],
    campaigns: Mapping[int, str],
    organisations: Mapping[int, str],
    *,
    tz: ZoneInfo,
    locale: str,
    page: int = 0,
    pages: int = 1,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of events (page 0 the newest), newest first; people by name where they are
    staff, else by id; with the pager."""
    if not events:
        return _("Nothing in the audit trail yet."), None
    lines = ["<b>" + _("Audit trail") + "</b> " + _("(latest {n})").format(n=len(events))]
    if pages > 1:
        lines[0] = "<b>" + _("Audit trail") + "</b> <i>" + position(page, pages) + "</i>"
    short = {key: cut(name) for key, name in organisations.items()}
    for event in events:
        if event.campaign_id is None:
            campaign = _("all their campaigns")
        else:
            campaign = "<b>" + html.escape(cut(campaigns.get(event.campaign_id, "?"))) + "</b>"
        try:
            template = AUDIT_TEXTS[AuditAction(event.action)]
        except ValueError:
            continue  # an event written by a newer version
        what = _(template).format(
            actor=_person(event.actor_id, names),
            subject=_person(event.subject_id, names),
            campaign=campaign,
            organisation=organisation_of(event, short, markup=True),
        )
        when = format_datetime(as_utc(event.at), "dd-MM-yyyy HH:mm", tzinfo=tz, locale=locale)
        lines.append(f"• <i>{when}</i> {what}")
    builder = InlineKeyboardBuilder()
    add_pager(builder, page, pages, lambda n: AuditPage(page=n))
    return "\n".join(lines), builder.as_markup() if list(builder.buttons) else None
