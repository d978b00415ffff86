"""Outreach staff: organisations and invites (/organisation, /staff), the audit trail (/audit),
campaigns (/campaign, /campaigns), figures and export.

Every handler here is guarded by `StaffOnly`; for anyone else nothing matches and the update
falls through to the ordinary "unknown command" reply, with no hint that these exist.
"""

from __future__ import annotations

import datetime as dt
import html

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.config import Settings
from bot.db import Session
from bot.db.codes import deep_link, invite_payload
from bot.db.models import AuditAction, Campaign, User, utcnow
from bot.handlers import show
from bot.handlers.filters import StaffOnly
from bot.handlers.starting import start_flow
from bot.pictures import draw
from bot.runtime.drawing import render
from bot.services import audit, outreach
from bot.services.campaigns.export import contacts_csv, stats_csv
from bot.services.campaigns.roles import Staff
from bot.services.campaigns.stats import FUNNEL, LEVELS, period_start
from bot.telegram.errors import quietly
from bot.ui import staff as staff_ui
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
from bot.ui.paging import clamp


# --- /organisation and /staff (admins) --------------------------------------------------------
async def organisation_command(
    message: Message, command: CommandObject, session: Session, staff: Staff
) -> None:
    made = await outreach.new_organisation(session, staff, name=command.args or "")
    if made is None:
        await message.answer(staff_ui.organisation_help())
        return
    text, markup = staff_ui.organisation_made(made[0], created=made[1])
    await message.answer(text, reply_markup=markup)


async def staff_command(message: Message, session: Session) -> None:
    team = await outreach.team(session)
    text, markup = staff_ui.team(team.organisations, team.members)
    await message.answer(text, reply_markup=markup)


async def team_page_button(query: CallbackQuery, callback_data: TeamPage, session: Session) -> None:
    await quietly(query.answer())
    team = await outreach.team(session)
    text, markup = staff_ui.team(team.organisations, team.members, page=callback_data.page)
    await show_page(query, text, markup)


async def show_page(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Another page of a list: in place of the one tapped, or as a new message when that one
    can no longer be edited (too old, or not there)."""
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as problem:
            if "not modified" in problem.message:
                return  # the same page (a doubled tap, or the last one clamped)
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


REVOKING = (StaffActKind.REVOKE, StaffActKind.REVOKE_YES, StaffActKind.KEEP, StaffActKind.REINSTATE)


async def _revoking(
    query: CallbackQuery, callback_data: StaffAct, session: Session, staff: Staff, bot: Bot
) -> None:
    """Revoking a colleague: the list's button asks first (who, where, what follows); yes
    revokes and offers the undo for REINSTATE_DAYS; the undo reinstates them as they were.
    The question and the notice are one message, edited as it goes."""
    act, user_id = callback_data.act, callback_data.user
    days = outreach.REINSTATE_DAYS
    here = query.message if isinstance(query.message, Message) else None
    if act == StaffActKind.REVOKE:
        team = await outreach.team(session)
        member = next((m for m in team.members if m.user_id == user_id), None)
        if member is None:
            await quietly(query.answer(staff_ui.not_staff_any_more()))
            return
        await quietly(query.answer())
        organisation = next(
            (o.name for o in team.organisations if o.id == member.organisation_id), ""
        )
        question, buttons = staff_ui.revoke_question(member, organisation, days=days)
        await bot.send_message(query.from_user.id, question, reply_markup=buttons)
        return
    await quietly(query.answer())
    markup: InlineKeyboardMarkup | None
    if act == StaffActKind.REVOKE_YES:
        removed = await outreach.revoke(session, staff, user_id=user_id)
        if removed is None:
            text, markup = staff_ui.not_staff_any_more(), None
        else:
            text, markup = staff_ui.revoked_notice(removed.display_name, user_id, days=days)
    elif act == StaffActKind.KEEP:
        team = await outreach.team(session)
        member = next((m for m in team.members if m.user_id == user_id), None)
        if member is None:  # revoked meanwhile (the dashboard, another admin)
            text, markup = staff_ui.not_staff_any_more(), None
        else:
            text, markup = staff_ui.kept(member.display_name, user_id), None
    else:
        back = await outreach.reinstate(session, staff, user_id=user_id)
        if back is None:
            text, markup = staff_ui.not_reinstated(days=days), None
        else:
            text, markup = staff_ui.reinstated(back.display_name, user_id), None
    if here is not None:
        await quietly(here.edit_text(text, reply_markup=markup))
    else:
        await bot.send_message(query.from_user.id, text, reply_markup=markup)


async def staff_button(
    query: CallbackQuery,
    callback_data: StaffAct,
    session: Session,
    settings: Settings,
    staff: Staff,
    bot: Bot,
) -> None:
    """An invite in three taps (organisation, job role, link), or a revoke."""
    chat_id, act = query.from_user.id, callback_data.act
    if act in REVOKING:
        await _revoking(query, callback_data, session, staff, bot)
        return
    await quietly(query.answer())
    chosen = query.message
    if act != StaffActKind.INVITE and isinstance(chosen, Message) and chosen.reply_markup:
        # A choice made: its buttons go, so a second tap makes no second link.
        await quietly(chosen.edit_reply_markup(reply_markup=None))
    team = await outreach.team(session)
    if act == StaffActKind.INVITE and len(team.organisations) != 1:
        if not team.organisations:
            await bot.send_message(chat_id, staff_ui.no_organisations())
            return
        text, markup = staff_ui.invite_organisation_question(team.organisations)
        await bot.send_message(chat_id, text, reply_markup=markup)
        return
    org_id = team.organisations[0].id if act == StaffActKind.INVITE else callback_data.org
    organisation = next((o for o in team.organisations if o.id == org_id), None)
    if organisation is None:
        await bot.send_message(chat_id, staff_ui.no_organisations())
        return
    if act != StaffActKind.INVITE_ROLE or callback_data.role is None:
        text, markup = staff_ui.invite_role_question(organisation)
        await bot.send_message(chat_id, text, reply_markup=markup)
        return
    days = settings.staff_invite_days
    made = await outreach.invite(
        session,
        staff,
        organisation_id=organisation.id or 0,
        job_role=callback_data.role,
        valid_days=days,
    )
    if made is None:
        await bot.send_message(chat_id, staff_ui.no_organisations())
        return
    link = deep_link(await show.bot_username(bot), invite_payload(made[0]))
    await bot.send_message(
        chat_id, staff_ui.invite_link(link, days, made[1].name, callback_data.role)
    )


async def audit_command(
    message: Message, session: Session, settings: Settings, locale: str
) -> None:
    text, markup = await audit_page(session, settings, locale, 0)
    await message.answer(text, reply_markup=markup)


async def audit_page_button(
    query: CallbackQuery,
    callback_data: AuditPage,
    session: Session,
    settings: Settings,
    locale: str,
) -> None:
    await quietly(query.answer())
    await show_page(query, *await audit_page(session, settings, locale, callback_data.page))


async def audit_page(
    session: Session, settings: Settings, locale: str, number: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    trail = await audit.page(session, number=number, size=staff_ui.AUDIT_PAGE)
    return staff_ui.audit_text(
        trail.events,
        trail.names,
        trail.campaigns,
        trail.organisations,
        tz=settings.tz,
        locale=locale,
        page=trail.page,
        pages=trail.pages,
    )


# --- /campaign new ----------------------------------------------------------------------------
async def campaign_command(
    message: Message,
    command: CommandObject,
    session: Session,
    account: User,
    locale: str,
    bot: Bot,
    settings: Settings,
    today: dt.date,
    staff: Staff,
) -> None:
    words = (command.args or "").strip().split(maxsplit=1)
    action = words[0].lower() if words else ""
    if action in {"", "new", "nieuw"}:  # the name is asked when not given
        await start_flow(
            bot,
            message.chat.id,
            session=session,
            account=account,
            flow="campaign",
            subject=0,
            locale=locale,
            settings=settings,
            today=today,
            name=words[1] if len(words) > 1 else "",
        )
    elif action in {"cancel", "stop"}:
        await outreach.stop_making_campaign(session, account)
        await message.answer(staff_ui.no_new_campaign())
    elif action == "contact" and len(words) > 1 and len(words[1].split(maxsplit=1)) == 2:
        code, text = words[1].split(maxsplit=1)
        changed = await outreach.set_contact(session, staff, code, text)
        await message.answer(
            staff_ui.contact_set(changed) if changed else staff_ui.contact_not_found(code)
        )
    else:
        await message.answer(staff_ui.campaign_help())


# --- /campaigns and details -------------------------------------------------------------------
async def campaigns_command(
    message: Message, session: Session, staff: Staff, settings: Settings
) -> None:
    shown = await campaigns_page(session, staff, settings, 0)
    if shown is None:
        await message.answer(staff_ui.no_campaigns())
        return
    await message.answer(shown[0], reply_markup=shown[1])


async def campaigns_page_button(
    query: CallbackQuery,
    callback_data: CampaignsPage,
    session: Session,
    staff: Staff,
    settings: Settings,
) -> None:
    await quietly(query.answer())
    shown = await campaigns_page(session, staff, settings, callback_data.page)
    await show_page(query, *(shown or (staff_ui.no_campaigns(), None)))


async def campaigns_page(
    session: Session, staff: Staff, settings: Settings, number: int
) -> tuple[str, InlineKeyboardMarkup] | None:
    """A page of the campaigns this person sees, with their figures (None: there are none)."""
    campaigns = await outreach.visible(session, staff)
    if not campaigns:
        return None
    number, pages = clamp(number, len(campaigns), staff_ui.CAMPAIGNS_PAGE)
    size = staff_ui.CAMPAIGNS_PAGE
    rows = await outreach.funnels(session, settings, campaigns[number * size : (number + 1) * size])
    return staff_ui.campaign_list(
        [(c, stats.funnel_cells()) for c, stats in rows], page=number, pages=pages
    )


async def campaign_button(
    query: CallbackQuery,
    callback_data: Camp,
    session: Session,
    staff: Staff,
    settings: Settings,
    bot: Bot,
) -> None:
    campaign = await outreach.campaign_for(session, staff, callback_data.id)
    if campaign is None:
        # Someone else's campaign (or forged data): the same answer as a deleted one.
        await quietly(query.answer(staff_ui.not_available(), show_alert=True))
        return
    await quietly(query.answer())
    chat_id = query.from_user.id
    days = callback_data.days if callback_data.days in staff_ui.PERIODS else 0
    act = callback_data.act
    if act == CampaignAct.DETAILS:
        stats = (await outreach.figures(session, settings, [campaign], days=days))[0][1]
        await bot.send_message(
            chat_id,
            staff_ui.stats_text(campaign, stats.cells(), days),
            reply_markup=staff_ui.details_keyboard(campaign.id or 0, days),
        )
    elif act == CampaignAct.CHART:
        await send_chart(bot, chat_id, session, settings, campaign, days)
    elif act == CampaignAct.KIT:
        organisation = await outreach.organisation_name(session, campaign)
        await show.campaign_kit(
            bot,
            chat_id,
            campaign,
            created=False,
            organisation=organisation,
            web_base=settings.dashboard_url,
        )
    elif act == CampaignAct.CONTACTS:
        rows = await outreach.contacts(
            session, staff, [campaign], action=AuditAction.CONTACTS_VIEWED
        )
        text, markup = staff_ui.contacts_text(campaign, rows)
        await bot.send_message(chat_id, text, reply_markup=markup)
    else:
        await send_export(bot, chat_id, session, settings, staff, [campaign], days)


async def contacts_page_button(
    query: CallbackQuery, callback_data: ContactsPage, session: Session, staff: Staff
) -> None:
    campaign = await outreach.campaign_for(session, staff, callback_data.id)
    if campaign is None:
        await quietly(query.answer(staff_ui.not_available(), show_alert=True))
        return
    await quietly(query.answer())
    rows = await outreach.contacts(session, staff, [campaign], action=AuditAction.CONTACTS_VIEWED)
    await show_page(query, *staff_ui.contacts_text(campaign, rows, page=callback_data.page))


async def send_chart(
    bot: Bot,
    chat_id: int,
    session: Session,
    settings: Settings,
    campaign: Campaign,
    days: int,
) -> None:
    stats = (await outreach.figures(session, settings, [campaign], days=days))[0][1]
    cells = stats.cells()
    labels = staff_ui.chart_labels()
    funnel = [(labels[key], getattr(stats, key), cells[key]) for key in FUNNEL]
    png = await render(
        draw.stats_chart,
        title=campaign.name,
        subtitle=f"{campaign.municipality} · {staff_ui.period_label(days)}",
        funnel_heading=labels["funnel"],
        funnel=funnel,
        levels_heading=labels["levels"],
        levels=[
            (staff_ui.level_label(level), stats.levels[level], cells[f"level_{level}"])
            for level in LEVELS
        ],
        footnote=labels["footnote"],
    )
    await bot.send_photo(
        chat_id,
        BufferedInputFile(png, filename=f"campaign-{campaign.code}.png"),
        caption=html.escape(campaign.name),
    )


# --- export -----------------------------------------------------------------------------------
async def export_command(
    message: Message,
    command: CommandObject,
    session: Session,
    staff: Staff,
    settings: Settings,
    bot: Bot,
) -> None:
    arg = (command.args or "").strip()
    days = int(arg) if arg.isdigit() and int(arg) in staff_ui.PERIODS else 0
    campaigns = await outreach.visible(session, staff)
    if not campaigns:
        await message.answer(staff_ui.no_campaigns())
        return
    await send_export(bot, message.chat.id, session, settings, staff, campaigns, days)


async def send_export(
    bot: Bot,
    chat_id: int,
    session: Session,
    settings: Settings,
    staff: Staff,
    campaigns: list[Campaign],
    days: int,
) -> None:
    now = utcnow()
    rows = await outreach.figures(session, settings, campaigns, days=days, now=now)
    stamp = now.strftime("%Y%m%d")
    figures = stats_csv(rows, since=period_start(days, now=now), until=now)
    await bot.send_document(
        chat_id,
        BufferedInputFile(figures, filename=f"campaign-figures-{stamp}.csv"),
        caption=staff_ui.figures_caption(days),
    )
    contacts = await outreach.contacts(session, staff, campaigns, action=AuditAction.CSV_EXPORTED)
    await bot.send_document(
        chat_id,
        BufferedInputFile(contacts_csv(contacts), filename=f"campaign-contacts-{stamp}.csv"),
        caption=staff_ui.contacts_caption(),
    )


def build_router() -> Router:
    router = Router(name=__name__)
    admin, staff = StaffOnly(admin=True), StaffOnly()
    router.message.register(organisation_command, Command("organisation", "organisatie"), admin)
    router.message.register(staff_command, Command("staff"), admin)
    router.callback_query.register(staff_button, StaffAct.filter(), admin)
    router.callback_query.register(team_page_button, TeamPage.filter(), admin)
    router.message.register(audit_command, Command("audit"), admin)
    router.callback_query.register(audit_page_button, AuditPage.filter(), admin)
    router.message.register(campaign_command, Command("campaign", "campagne"), staff)
    router.message.register(campaigns_command, Command("campaigns", "campagnes"), staff)
    router.message.register(export_command, Command("campaignexport", "campagne_export"), staff)
    router.callback_query.register(campaign_button, Camp.filter(), staff)
    router.callback_query.register(campaigns_page_button, CampaignsPage.filter(), staff)
    router.callback_query.register(contacts_page_button, ContactsPage.filter(), staff)
    return router
