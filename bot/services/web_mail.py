"""E-mail for owners who do the scan in a browser: their resume link when they ask for it, and
the reminders they said yes to (bot/jobs/reminders.py sends those).

Only with a mail server (SMTP_URL): without one no page offers e-mail and nothing here is called.
Every mail is plain text with an HTML alternative, in the owner's language (the gettext
catalogues, like the chat), and carries a resume link of its own (a new `WebLink`): starting
over or erasing deletes them all. A mail that cannot be sent is never a crash: the page says so,
the reminder job retries. Logs never name the address (aiosmtplib's errors do: they are
turned into a `MailError` that names only the kind of failure and the server's code).
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from enum import StrEnum

import aiosmtplib
from aiogram.utils.i18n import gettext as _

from bot.config import Settings, SmtpServer
from bot.db import Session, transactions
from bot.db.codes import SCAN_PREFIX
from bot.db.models import ReminderKind, User, utcnow
from bot.db.repositories import reminders as stored_reminders
from bot.db.repositories import web_mail as stored
from bot.db.repositories import web_owners as stored_owners
from bot.i18n import N_, get_i18n
from bot.services import web_owners
from bot.services.reminders import events
from bot.ui.prompt import strip_tags

log = logging.getLogger(__name__)

# The longest address SMTP carries (RFC 5321: 64 + 1 + 255, in practice 254).
MAX_ADDRESS = 254
# A mail server that does not answer within this long is "down": the page goes on without it.
SEND_TIMEOUT_SECONDS = 15.0
# Resume links by e-mail: at most this many to one owner, and to one address, per window.
LINK_MAILS_PER_OWNER = 3
LINK_MAILS_PER_ADDRESS = 5
LINK_MAIL_WINDOW = timedelta(hours=1)

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")

SUBJECTS = {
    "link": N_("Your link to the PSO scan"),
    ReminderKind.SCAN: N_("Your PSO scan is waiting for you"),
    ReminderKind.ROADMAP: N_("A check-in on your road to the next step"),
    ReminderKind.TREDE: N_("Your PSO scan: time for the next step"),
}


# Why a web owner's reminder was cancelled: they said no (or removed their address), or it came
# due while they had no address and yes (bot/services/reminders/delivery.py).
NO_REMINDERS = "no reminders by e-mail"
NO_EMAIL = "web owner without reminders by e-mail"


class MailError(Exception):
    """A mail that did not go out. `reason` names the kind of failure and the server's code,
    never the address; `permanent` when trying again will not help (the address refused)."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def check_address(text: str) -> str | None:
    """The address as it will be stored (trimmed, the domain in lower case), or None when it
    cannot be one: a single local part and a domain with a dot, no spaces, no display name."""
    address = text.strip()
    if not address or len(address) > MAX_ADDRESS or address.count("@") != 1:
        return None
    local, domain = address.split("@")
    if not _LOCAL.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        return None
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_domain.rstrip(".").split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():  # an IP address is no place to send an owner's link
        return None
    return f"{local}@{domain.lower().rstrip('.')}"


def resume_url(base_url: str, token: str) -> str:
    """The address of a resume link: "https://host/scan/r/<token>"."""
    return f"{base_url.rstrip('/')}{SCAN_PREFIX}/r/{token}"


@dataclass(frozen=True)
class Mailer:
    """Sends through the configured server (SMTP_URL) as MAIL_FROM; links point at
    `base_url` (the web pages' address, WEB_BASE_URL)."""

    server: SmtpServer
    sender: str
    base_url: str
    timeout: float = SEND_TIMEOUT_SECONDS

    def resume_url(self, token: str) -> str:
        return resume_url(self.base_url, token)

    async def send(self, message: EmailMessage) -> None:
        """Raises MailError (naming no address) when the mail did not go out."""
        if "From" not in message:
            message["From"] = self.sender
        if "Message-ID" not in message:  # under the sender's domain, as mail servers expect
            domain = parseaddr(self.sender)[1].rpartition("@")[2] or "localhost"
            message["Message-ID"] = make_msgid(domain=domain)
        try:
            await aiosmtplib.send(
                message,
                hostname=self.server.host,
                port=self.server.port,
                username=self.server.username or None,
                password=self.server.password or None,
                use_tls=self.server.implicit_tls,
                # STARTTLS: required on 587, used elsewhere when the server offers it (None).
                start_tls=True if self.server.require_starttls else None,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            # The address itself was refused (RCPT): another try will not help when it is 5xx.
            codes = sorted({refused.code for refused in error.recipients})
            permanent = all(500 <= code < 600 for code in codes)
            raise MailError(f"recipient refused {codes}", permanent=permanent) from None
        except aiosmtplib.SMTPRecipientRefused as error:
            permanent = 500 <= error.code < 600
            raise MailError(f"recipient refused [{error.code}]", permanent=permanent) from None
        except aiosmtplib.SMTPResponseException as error:
            # The login, the sender, the server's state: the operator's matter, tried again.
            raise MailError(f"{type(error).__name__} {error.code}") from None
        except (aiosmtplib.SMTPException, OSError) as error:
            # Connection refused, timed out, TLS failed...: the server, not the address.
            raise MailError(type(error).__name__) from None


def mailer_from(settings: Settings) -> Mailer | None:
    server = settings.smtp
    return Mailer(server, settings.sender, settings.dashboard_url) if server is not None else None


# --- the mails --------------------------------------------------------------------------------
def link_mail(*, to: str, link: str, locale: str, reminders: bool) -> EmailMessage:
    """The owner asked for their resume link. Call in the owner's locale (i18n context)."""
    paragraphs = [
        _("Hello,"),
        _(
            "With the link below you continue your PSO scan where you left off, on any "
            "device. Keep it to yourself: whoever has the link sees your answers."
        ),
    ]
    closing = [
        _(
            "You will get reminders about your scan by e-mail. To stop them, open the link "
            "and choose “E-mail me this link, or remind me by e-mail” at the bottom of the "
            "page."
        )
        if reminders
        else _("You will get no reminders: you did not ask for them."),
        _("Did you not ask for this e-mail? Then you can ignore it."),
    ]
    return _compose(to, _(SUBJECTS["link"]), paragraphs, link, closing, locale)


def reminder_mail(*, to: str, kind: str, text: str, link: str, locale: str) -> EmailMessage:
    """A reminder (its text as the chat's, Telegram HTML) with its own resume link."""
    paragraphs = [part for part in text.split("\n\n") if part.strip()]
    closing = [
        _(
            "You get this e-mail because you asked for reminders by e-mail. To stop them, "
            "open the link and choose “E-mail me this link, or remind me by e-mail” at the "
            "bottom of the page."
        ),
    ]
    subject = _(SUBJECTS.get(kind, SUBJECTS[ReminderKind.SCAN]))
    return _compose(to, subject, paragraphs, link, closing, locale)


def _compose(
    to: str, subject: str, paragraphs: list[str], link: str, closing: list[str], locale: str
) -> EmailMessage:
    """Plain text and HTML of the same words. `paragraphs` are Telegram HTML (escaped text
    with <b> and <i>), `closing` plain text."""
    button = _("Continue with your scan")
    plain = [html.unescape(strip_tags(part)) for part in paragraphs]
    plain += [f"{button}:\n{link}", *closing]
    message = EmailMessage()
    message["To"] = Address(addr_spec=to)
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n\n".join(plain) + "\n")
    href = html.escape(link)
    body = "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs)
    body += f'<p><a href="{href}">{html.escape(button)}</a></p>'
    body += f'<p style="font-size:90%">{html.escape(link)}</p>'
    body += "".join(f'<p style="color:#555;font-size:90%">{html.escape(c)}</p>' for c in closing)
    message.add_alternative(
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head>"
        f'<body style="font-family:sans-serif;line-height:1.5;max-width:36em">{body}</body></html>',
        subtype="html",
    )
    message["Content-Language"] = locale  # after the parts: Content-* headers move into them
    return message


# --- sending, with a resume link of its own -----------------------------------------------------
async def send_reminder(
    session: Session, mailer: Mailer, *, user: User, to: str, kind: str, text: str, locale: str
) -> None:
    """A reminder to a web owner who said yes to them by e-mail: a new resume link, then the
    mail. Raises MailError when it did not go out (the reminder job retries)."""
    token = await web_owners.issue_link(session, user)
    i18n = get_i18n()
    with i18n.context(), i18n.use_locale(locale):
        message = reminder_mail(
            to=to, kind=kind, text=text, link=mailer.resume_url(token), locale=locale
        )
    await mailer.send(message)


# --- the owner's choices (the page /scan/email) -------------------------------------------------
@dataclass(frozen=True)
class Choice:
    """What the owner chose: their address (None: none given) and whether they want reminders."""

    email: str | None
    reminders: bool


class LinkMail(StrEnum):
    SENT = "sent"
    FAILED = "failed"  # the mail server did not take it: the page says so, nothing is lost
    LIMITED = "limited"  # enough links went to this owner or address lately


async def choice(session: Session, user: User) -> Choice:
    async with transactions.read(session):
        owner = await stored_owners.web_owner(session, user_id=user.id)
    if owner is None or not owner.email:
        return Choice(None, False)
    return Choice(owner.email, owner.email_reminders)


async def choose(session: Session, user: User, *, address: str, reminders: bool) -> None:
    """Store the address (already checked by `check_address`) and the yes or no to reminders.
    Yes plans again what the owner's reminders had planned (a reminder that came due while they
    had no address was cancelled); no cancels what is planned."""
    now = utcnow()
    async with transactions.write(session):
        await stored.set_email(session, user_id=user.id, email=address, reminders=reminders)
        if reminders:
            prefs = await stored_reminders.prefs_of(session, user_id=user.id)
            for kind in ReminderKind:
                if events.kind_enabled(prefs, kind):
                    await events.switch(session, user_id=user.id, kind=kind, on=True, now=now)
            # A nudge about the unfinished scan that came due while they had said no (or had
            # no address) was cancelled: it comes back, and goes out after a quiet day as ever.
            await stored.revive(
                session,
                user_id=user.id,
                kind=ReminderKind.SCAN,
                reasons=[NO_REMINDERS, NO_EMAIL],
                due=now,
            )
        else:
            await stored_reminders.cancel(session, user_id=user.id, reason=NO_REMINDERS)


async def forget(session: Session, user: User) -> None:
    """Remove the address: no more e-mail, no reminders (none can reach them)."""
    async with transactions.write(session):
        await stored.set_email(session, user_id=user.id, email=None, reminders=False)
        await stored_reminders.cancel(session, user_id=user.id, reason=NO_REMINDERS)


async def send_link(
    session: Session, mailer: Mailer, user: User, *, address: str, reminders: bool, locale: str
) -> LinkMail:
    """A mail with a new resume link of its own to the owner's address. Never raises for the
    mail server: a failure is logged (without the address) and returned."""
    since = utcnow() - LINK_MAIL_WINDOW
    async with transactions.read(session):
        mine = await stored.links_since(session, user_id=user.id, since=since)
        theirs = await stored.links_to_address_since(session, email=address, since=since)
    # The page's own link counts too (it is one of the owner's links).
    if mine > LINK_MAILS_PER_OWNER or theirs > LINK_MAILS_PER_ADDRESS:
        log.info("resume link by e-mail refused: enough sent lately")
        return LinkMail.LIMITED
    token = await web_owners.issue_link(session, user)
    i18n = get_i18n()
    with i18n.context(), i18n.use_locale(locale):
        message = link_mail(
            to=address, link=mailer.resume_url(token), locale=locale, reminders=reminders
        )
    try:
        await mailer.send(message)
    except MailError as error:
        log.warning("resume link by e-mail not sent: %s", error.reason)
        return LinkMail.FAILED
    return LinkMail.SENT
