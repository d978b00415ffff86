"""What the privacy screen says and offers."""

from __future__ import annotations

import html
from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import N_, translate
from bot.ui.callbacks import Privacy, PrivacyAct
from bot.ui.consent import withdraw_button


def _privacy_parts(retention_months: int, *, web: bool) -> list[str]:
    """The privacy screen's paragraphs: what is stored (a Telegram id, or a browser's link)
    and how long (after the last message, or the last visit) per channel, the rest the same."""
    stored = (
        _(
            "<b>What I store:</b> a random code that is your link to the scan (in your "
            "browser's cookie and in the link you keep), your language, the campaign link you "
            "came through, your answers and results, and (only if you give them) your e-mail "
            "address and contact details."
        )
        if web
        else _(
            "<b>What I store:</b> your Telegram id, your language, the campaign link you came "
            "through, your answers and results, and (only if you ask for them) reminders and "
            "contact details."
        )
    )
    how_long = (
        _("<b>How long:</b> until you delete it, or {months} months after your last visit.")
        if web
        else _("<b>How long:</b> until you delete it, or {months} months after your last message.")
    )
    return [
        _("<b>Your data</b>"),
        stored,
        _(
            "<b>Why:</b> so you can continue the scan later on any device and see your result "
            "again."
        ),
        how_long.format(months=retention_months),
        _(
            "<b>Who sees it:</b> nobody reads your answers. Campaign staff only see totals, never "
            "who answered what. Your contact details are shared only with your consent."
        ),
        _(
            "I never ask for names or personal details of your employees: only category, hours "
            "and contract."
        ),
    ]


def privacy_text(retention_months: int) -> str:
    """/privacy in the chat."""
    commands = _("/export – a copy of everything I store about you\n/delete – erase everything")
    return "\n".join(_privacy_parts(retention_months, web=False)) + "\n\n" + commands


def web_privacy_paragraphs(retention_months: int) -> list[str]:
    """The same for an owner in a browser (bot/web/owners), one paragraph each."""
    return _privacy_parts(retention_months, web=True)


def privacy_keyboard(*, has_consent: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📦 Export my data"), callback_data=Privacy(act=PrivacyAct.EXPORT))
    builder.button(text=_("🗑 Delete my data"), callback_data=Privacy(act=PrivacyAct.DELETE))
    if has_consent:
        builder.add(withdraw_button())
    builder.adjust(1)
    return builder.as_markup()


def delete_question() -> str:
    return _(
        "Delete everything I store about you: answers, results, reminders, consents and contact "
        "details? This cannot be undone."
    )


def delete_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes, delete everything"), callback_data=Privacy(act=PrivacyAct.ERASE))
    builder.button(text=_("No, keep my data"), callback_data=Privacy(act=PrivacyAct.KEEP))
    builder.adjust(1)
    return builder.as_markup()


def erased() -> str:
    return _("Done: everything I stored about you has been deleted. Send /start to begin afresh.")


def kept() -> str:
    return _("Fine, nothing was deleted.")


def web_erased() -> str:
    return _(
        "Done: everything I stored about you has been deleted, and your link opens nothing now."
    )


def export_caption() -> str:
    return _("Everything I store about you, as a JSON file.")


# Told to an organisation's staff (or the admins) when a colleague's erasure took a campaign's
# contact for owners with it, in each reader's own language.
CONTACT_CLEARED = N_(
    "ℹ️ A contact for owners was removed: the person who typed it deleted their data. Owners "
    "of these campaigns now see no contact:"
)
CONTACT_AGAIN = N_("Set a new one with /campaign contact &lt;code&gt; &lt;text&gt;.")
CAMPAIGNS_LISTED = 20
NAME_SHOWN = 120  # a message stays far within Telegram's 4096 characters


def contact_cleared(campaigns: Sequence[tuple[str, str]], locale: str) -> str:
    """`campaigns`: (name, code) of each campaign that lost its contact."""
    lines = [
        f"• <b>{html.escape(name[:NAME_SHOWN])}</b> (<code>{html.escape(code)}</code>)"
        for name, code in campaigns[:CAMPAIGNS_LISTED]
    ]
    if len(campaigns) > CAMPAIGNS_LISTED:
        lines.append("• …")
    return "\n".join([translate(CONTACT_CLEARED, locale), *lines, translate(CONTACT_AGAIN, locale)])
