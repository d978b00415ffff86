"""Outreach staff: invites (/staff), campaigns (/campaign, /campaigns), statistics and export.

Every handler here is guarded by `StaffOnly`; for anyone else nothing matches and the update
falls through to the ordinary "unknown command" reply, with no hint that these exist.
"""

from __future__ import annotations

import html
import logging
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.db.models import Campaign, User, utcnow
from bot.runtime.drawing import render
from bot.services.campaigns import consents, store
from bot.services.campaigns.chart import stats_chart_png
from bot.services.campaigns.codes import INVITE_PREFIX, deep_link, invite_payload, is_payload
from bot.services.campaigns.export import contacts_csv, stats_csv
from bot.services.campaigns.roles import (
    InviteOutcome,
    Staff,
    StaffOnly,
    accept_invite,
    create_invite,
    list_staff,
    revoke_staff,
)
from bot.services.campaigns.stats import LEVELS, CampaignStats, campaign_stats, cell, period_start
from bot.telegram.errors import quietly

router = Router(name=__name__)
router.message.filter(F.chat.type == ChatType.PRIVATE)
log = logging.getLogger(__name__)

PERIODS = (7, 30, 90, 0)  # days; 0 = since the start


class Camp(CallbackData, prefix="cm"):
    id: int
    act: str  # d=details c=chart q=link/QR/poster k=contacts e=CSV
    days: int = 0


class StaffAct(CallbackData, prefix="sf"):
    act: str  # i=invite r=revoke
    user: int = 0


async def bot_username(bot: Bot) -> str:
    me = await bot.me()
    return me.username or "tredebot"


# --- arrival through a deep link (called by /start) -------------------------------------------
async def start_payload(
    message: Message, payload: str, *, session: AsyncSession, account: User, settings: Settings
) -> bool:
    """Handle a /start payload. True when it was a staff invite (answered here); campaign codes
    are recorded and the normal greeting follows. Unknown payloads are "no campaign"."""
    if not is_payload(payload):
        return False
    if payload.startswith(INVITE_PREFIX):
        user = message.from_user
        name = user.full_name if user else ""
        if user and user.username:
            name += f" (@{user.username})"
        outcome = await accept_invite(
            session,
            settings,
            token=payload.removeprefix(INVITE_PREFIX),
            user_id=account.id,
            display_name=name,
        )
        await session.commit()
        if outcome == InviteOutcome.INVALID:
            await message.answer(
                _("This invite link has expired or has been used already. Ask for a new one.")
            )
        elif outcome == InviteOutcome.ALREADY:
            await message.answer(
                _("You are already outreach staff. /campaigns shows your campaigns.")
            )
        else:
            log.info("user %s joined as staff", account.id)
            await message.answer(staff_welcome())
        return True
    campaign = await store.by_code(session, code=payload)
    if campaign is not None and await store.record_arrival(
        session, user=account, campaign=campaign
    ):
        log.info("user %s arrived through campaign %s", account.id, campaign.code)
    return False


def staff_welcome() -> str:
    return _(
        "Welcome! You are now outreach staff.\n\n"
        "/campaign new &lt;name&gt; – a campaign with its own link, QR code and poster\n"
        "/campaigns – your campaigns with their figures\n"
        "/campaignexport – a CSV of the figures and consented contacts"
    )


# --- /staff (admins) --------------------------------------------------------------------------
async def staff_overview(session: AsyncSession) -> tuple[str, InlineKeyboardMarkup]:
    members = await list_staff(session)
    lines = [_("<b>Outreach staff</b>")]
    if not members:
        lines.append(_("Nobody yet. Create an invite link and send it to a colleague."))
    builder = InlineKeyboardBuilder()
    for member in members:
        name = member.display_name or str(member.user_id)
        lines.append("• " + html.escape(name) + f" (<code>{member.user_id}</code>)")
        builder.button(
            text=_("✖️ Revoke {name}").format(name=name[:40]),
            callback_data=StaffAct(act="r", user=member.user_id),
        )
    builder.button(text=_("➕ New invite link"), callback_data=StaffAct(act="i"))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


@router.message(Command("staff"), StaffOnly(admin=True))
async def staff_command(message: Message, session: AsyncSession) -> None:
    text, markup = await staff_overview(session)
    await message.answer(text, reply_markup=markup)


@router.callback_query(StaffAct.filter(), StaffOnly(admin=True))
async def staff_button(
    query: CallbackQuery,
    callback_data: StaffAct,
    session: AsyncSession,
    settings: Settings,
    staff: Staff,
    bot: Bot,
) -> None:
    chat_id = query.from_user.id
    if callback_data.act == "i":
        days = settings.staff_invite_days
        invite = await create_invite(
            session, created_by=staff.user_id, valid_for=timedelta(days=days)
        )
        await session.commit()
        await quietly(query.answer())
        link = deep_link(await bot_username(bot), invite_payload(invite.token))
        await bot.send_message(
            chat_id,
            _(
                "Send this link to your colleague. "
                "It works once and expires in {days} days:\n{link}"
            ).format(days=days, link=html.escape(link)),
        )
        return
    if callback_data.act == "r":
        removed = await revoke_staff(session, user_id=callback_data.user)
        await session.commit()
        await quietly(query.answer(_("Revoked.") if removed else _("Not staff any more.")))
        text, markup = await staff_overview(session)
        if isinstance(query.message, Message):
            await quietly(query.message.edit_text(text, reply_markup=markup))
        return
    await quietly(query.answer())


# --- /campaign new ----------------------------------------------------------------------------
@router.message(Command("campaign", "campagne"), StaffOnly())
async def campaign_command(
    message: Message, command: CommandObject, session: AsyncSession, staff: Staff, bot: Bot
) -> None:
    words = (command.args or "").strip().split(maxsplit=1)
    action = words[0].lower() if words else ""
    if action in {"new", "nieuw"}:
        name = words[1] if len(words) > 1 else ""
        draft = await store.draft_of(session, owner_id=staff.user_id)
        if draft is not None:
            await session.delete(draft)
        campaign = await store.create_campaign(session, owner_id=staff.user_id, name=name)
        await session.commit()
        await ask_next_field(message, campaign)
        return
    if action in {"cancel", "stop"}:
        draft = await store.draft_of(session, owner_id=staff.user_id)
        if draft is not None:
            await session.delete(draft)
            await session.commit()
        await message.answer(_("Fine, no new campaign."))
        return
    await message.answer(
        _(
            "/campaign new &lt;name&gt; – make a campaign, for example "
            "<code>/campaign new Ondernemersavond Twenterand</code>\n"
            "/campaign cancel – stop making one\n"
            "/campaigns – your campaigns"
        )
    )


async def ask_next_field(message: Message, campaign: Campaign) -> None:
    if not campaign.name:
        await message.answer(_("What is the campaign called? For example: Ondernemersavond 2026."))
    else:
        await message.answer(
            _("Which municipality is <b>{name}</b> for? Owners will see this name.").format(
                name=html.escape(campaign.name)
            )
        )


@router.message(F.text & ~F.text.startswith("/"), StaffOnly())
async def campaign_field(message: Message, session: AsyncSession, staff: Staff, bot: Bot) -> object:
    """Typed text while a campaign is being made; anything else goes on to the inventory."""
    draft = await store.draft_of(session, owner_id=staff.user_id)
    if draft is None:
        return UNHANDLED
    if not any(ch.isalnum() for ch in message.text or ""):
        await ask_next_field(message, draft)
        return None
    await store.fill_draft(session, draft, message.text or "")
    session.add(draft)
    await session.commit()
    if draft.is_draft:
        await ask_next_field(message, draft)
        return None
    await send_campaign_kit(bot, message.chat.id, draft, created=True)
    return None


async def send_campaign_kit(bot: Bot, chat_id: int, campaign: Campaign, *, created: bool) -> None:
    """The link, its QR code and a printable poster."""
    link = deep_link(await bot_username(bot), campaign.code)
    heading = _("Campaign <b>{name}</b> is ready.") if created else _("Campaign <b>{name}</b>")
    await bot.send_message(
        chat_id,
        heading.format(name=html.escape(campaign.name))
        + "\n"
        + _("Municipality: {municipality}\nCode: <code>{code}</code>\nLink: {link}").format(
            municipality=html.escape(campaign.municipality),
            code=campaign.code,
            link=html.escape(link),
        ),
    )
    from bot.services.campaigns.media import poster_pdf, qr_png  # fpdf only when a kit is made

    qr = await render(qr_png, link)
    await bot.send_photo(
        chat_id,
        BufferedInputFile(qr, filename=f"qr-{campaign.code}.png"),
        caption=_("QR code for {link}").format(link=html.escape(link)),
    )
    poster = await render(poster_pdf, name=campaign.name, link=link)
    await bot.send_document(
        chat_id,
        BufferedInputFile(poster, filename=f"poster-{campaign.code}.pdf"),
        caption=_("A poster to print (A4)."),
    )


# --- /campaigns and details -------------------------------------------------------------------
def period_label(days: int) -> str:
    if days <= 0:
        return _("since the start")
    return _("last {days} days").format(days=days)


@router.message(Command("campaigns", "campagnes"), StaffOnly())
async def campaigns_command(
    message: Message, session: AsyncSession, staff: Staff, settings: Settings
) -> None:
    campaigns = await store.visible_campaigns(
        session, user_id=staff.user_id, is_admin=staff.is_admin
    )
    if not campaigns:
        await message.answer(_("No campaigns yet. Make one with /campaign new &lt;name&gt;."))
        return
    lines = [_("<b>Campaigns</b> (arrived / finished, since the start)")]
    builder = InlineKeyboardBuilder()
    for campaign in campaigns[:30]:
        stats = await _stats(session, campaign, 0, settings)
        lines.append(
            "• <b>{name}</b> ({place}): {arrived} / {finished}".format(  # noqa: UP032
                name=html.escape(campaign.name),
                place=html.escape(campaign.municipality),
                arrived=html.escape(cell(stats.arrived)),
                finished=html.escape(cell(stats.finished)),
            )
        )
        builder.button(text=campaign.name[:60], callback_data=Camp(id=campaign.id or 0, act="d"))
    builder.adjust(1)
    lines.append("<i>" + _("&lt;5 = fewer than five businesses") + "</i>")
    await message.answer("\n".join(lines), reply_markup=builder.as_markup())


async def _stats(
    session: AsyncSession, campaign: Campaign, days: int, settings: Settings
) -> CampaignStats:
    return await campaign_stats(
        session,
        campaign=campaign,
        since=period_start(days),
        abandoned_after=timedelta(days=settings.abandoned_after_days),
    )


def level_label(level: str) -> str:
    if level == "none":
        return _("No step yet")
    return "Trede " + level.removeprefix("trede_")


def stats_text(campaign: Campaign, stats: CampaignStats, days: int) -> str:
    c = {key: html.escape(value) for key, value in stats.cells().items()}  # "<5" is not a tag
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
            _("Indicative levels: {levels}").format(levels=levels),
            _("Opted in to check-ins: {n}").format(n=c["opted_in"]),
            _("Reminders sent: {n}").format(n=c["reminders_sent"]),
            _("Consented contacts: {n}").format(n=c["consented"]),
            "<i>" + _("&lt;5 = fewer than five businesses") + "</i>",
        ]
    )


def details_keyboard(campaign_id: int, days: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for option in PERIODS:
        label = _("All") if option == 0 else _("{days} d").format(days=option)
        if option == days:
            label = "• " + label
        builder.button(text=label, callback_data=Camp(id=campaign_id, act="d", days=option))
    builder.button(text=_("📊 Chart"), callback_data=Camp(id=campaign_id, act="c", days=days))
    builder.button(text=_("🔗 Link, QR, poster"), callback_data=Camp(id=campaign_id, act="q"))
    builder.button(text=_("👥 Contacts"), callback_data=Camp(id=campaign_id, act="k"))
    builder.button(text=_("⬇️ CSV"), callback_data=Camp(id=campaign_id, act="e", days=days))
    builder.adjust(len(PERIODS), 2, 2)
    return builder.as_markup()


@router.callback_query(Camp.filter(), StaffOnly())
async def campaign_button(
    query: CallbackQuery,
    callback_data: Camp,
    session: AsyncSession,
    staff: Staff,
    settings: Settings,
    bot: Bot,
) -> None:
    campaign = await session.get(Campaign, callback_data.id)
    if campaign is None or campaign.is_draft or not staff.may_see(campaign):
        # Someone else's campaign (or forged data): the same answer as a deleted one.
        await quietly(query.answer(_("This campaign is not available."), show_alert=True))
        return
    await quietly(query.answer())
    chat_id = query.from_user.id
    days = callback_data.days if callback_data.days in PERIODS else 0
    act = callback_data.act
    if act == "d":
        stats = await _stats(session, campaign, days, settings)
        await bot.send_message(
            chat_id,
            stats_text(campaign, stats, days),
            reply_markup=details_keyboard(campaign.id or 0, days),
        )
    elif act == "c":
        stats = await _stats(session, campaign, days, settings)
        await send_chart(bot, chat_id, campaign, stats, days)
    elif act == "q":
        await send_campaign_kit(bot, chat_id, campaign, created=False)
    elif act == "k":
        await send_contacts(bot, chat_id, session, campaign)
    elif act == "e":
        await send_export(bot, chat_id, session, settings, [campaign], days)


async def send_chart(
    bot: Bot, chat_id: int, campaign: Campaign, stats: CampaignStats, days: int
) -> None:
    funnel = [
        (_("Arrived"), stats.arrived),
        (_("Started"), stats.started),
        (_("In progress"), stats.in_progress),
        (_("Finished"), stats.finished),
        (_("Abandoned"), stats.abandoned),
    ]
    png = await render(
        stats_chart_png,
        title=campaign.name,
        subtitle=f"{campaign.municipality} · {period_label(days)}",
        funnel_heading=_("Funnel"),
        funnel=funnel,
        levels_heading=_("Indicative level"),
        levels=[(level_label(level), stats.levels[level]) for level in LEVELS],
        footnote=_("<5 = fewer than five businesses (not shown, for privacy)"),
    )
    await bot.send_photo(
        chat_id,
        BufferedInputFile(png, filename=f"campaign-{campaign.code}.png"),
        caption=html.escape(campaign.name),
    )


async def send_contacts(bot: Bot, chat_id: int, session: AsyncSession, campaign: Campaign) -> None:
    rows = await consents.contacts(session, campaign_ids=[campaign.id or 0])
    if not rows:
        await bot.send_message(chat_id, _("No consented contacts yet."))
        return
    not_shared = _("not shared")
    blocks = [_("<b>Consented contacts</b> – {name}").format(name=html.escape(campaign.name))]
    for _campaign, consent in rows[:50]:
        blocks.append(
            "• <b>{org}</b>\n  {name} · {phone}\n  {level} · <i>{when}</i>".format(
                org=html.escape(consent.org_name or not_shared),
                name=html.escape(consent.contact_name or not_shared),
                phone=html.escape(consent.phone or not_shared),
                level=level_label(consent.level) if consent.level else not_shared,
                when=consent.given_at.strftime("%d-%m-%Y") if consent.given_at else "",
            )
        )
    if len(rows) > 50:
        blocks.append(_("… and more in the CSV (/campaignexport)."))
    await bot.send_message(chat_id, "\n".join(blocks))


# --- export -----------------------------------------------------------------------------------
@router.message(Command("campaignexport", "campagne_export"), StaffOnly())
async def export_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    staff: Staff,
    settings: Settings,
    bot: Bot,
) -> None:
    arg = (command.args or "").strip()
    days = int(arg) if arg.isdigit() and int(arg) in PERIODS else 0
    campaigns = await store.visible_campaigns(
        session, user_id=staff.user_id, is_admin=staff.is_admin
    )
    if not campaigns:
        await message.answer(_("No campaigns yet. Make one with /campaign new &lt;name&gt;."))
        return
    await send_export(bot, message.chat.id, session, settings, campaigns, days)


async def send_export(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    settings: Settings,
    campaigns: list[Campaign],
    days: int,
) -> None:
    now = utcnow()
    since = period_start(days, now=now)
    rows = [(campaign, await _stats(session, campaign, days, settings)) for campaign in campaigns]
    stamp = now.strftime("%Y%m%d")
    await bot.send_document(
        chat_id,
        BufferedInputFile(
            stats_csv(rows, since=since, until=now), filename=f"campaign-figures-{stamp}.csv"
        ),
        caption=_("Figures per campaign ({period}); &lt;5 = fewer than five businesses.").format(
            period=period_label(days)
        ),
    )
    contacts = await consents.contacts(session, campaign_ids=[c.id or 0 for c in campaigns])
    await bot.send_document(
        chat_id,
        BufferedInputFile(contacts_csv(contacts), filename=f"campaign-contacts-{stamp}.csv"),
        caption=_("Consented contacts: only what each business chose to share."),
    )
