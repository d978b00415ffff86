"""/scan/email: an owner's e-mail address, for their resume link and, if they say yes, for
reminders (bot/services/web_mail.py sends; the reminder job sends the reminders). Offered only
with a mail server (SMTP_URL): without one the page is not found and every page's resume box
says that no reminders are sent.

    GET  /scan/email          the address, "send me my link", "remind me by e-mail" (yes/no)
    POST /scan/email          store them (a bad address is asked again beside the field) and
                              send the link when asked; back here with what happened
    POST /scan/email/remove   stop the reminders and remove the address
"""

from __future__ import annotations

import aiohttp_jinja2
from aiogram.utils.i18n import gettext as _
from aiohttp import web
from babel.dates import format_timedelta, get_day_names

from bot.config import Settings, parse_days, parse_hours
from bot.db.codes import SCAN_PREFIX
from bot.services import web_mail
from bot.services.reminders import events
from bot.services.web_mail import LinkMail, Mailer
from bot.web.owners.pages import OwnerPage, owner_page

EMAIL_PATH = SCAN_PREFIX + "/email"
# The field's longest accepted input; longer is no address (web_mail.MAX_ADDRESS).
MAX_TYPED = 320


def _notice(key: str) -> str | None:
    texts = {
        "sent": _("Done: the e-mail with your link is on its way. Check your inbox."),
        "saved": _("Saved."),
        "failed": _(
            "Your choice is saved, but the e-mail could not be sent just now. Try again "
            "later; your link is also at the bottom of this page."
        ),
        "limited": _(
            "Your choice is saved, but several e-mails with a link went out lately, so no new "
            "one is sent now. Try again in an hour."
        ),
        "removed": _("Your e-mail address is removed. You get no more e-mail from us."),
    }
    return texts.get(key)


def when_reminders_come(settings: Settings, locale: str) -> list[str]:
    """How often and when reminders come, as the chat explains them: the same rules."""
    start, end = parse_hours(settings.reminder_hours)
    names = get_day_names("wide", locale=locale)
    days = sorted(parse_days(settings.reminder_days))
    if days == [0, 1, 2, 3, 4]:
        day_words = _("on weekdays")
    elif len(days) == 7:
        day_words = _("every day")
    else:
        day_words = _("on {days}").format(days=", ".join(names[day] for day in days))
    window = _("They come {days} between {start} and {end}").format(
        days=day_words, start=start.strftime("%H:%M"), end=end.strftime("%H:%M")
    )
    if settings.reminder_holidays.strip().lower() != "none":
        window += _(", never on a public holiday")
    return [
        _(
            "While your scan is unfinished: one e-mail {first} after your last answer, and a "
            "last one {second} after that. None once your scan is done."
        ).format(
            first=format_timedelta(events.SCAN_FIRST, locale=locale),
            second=format_timedelta(events.SCAN_SECOND, locale=locale),
        ),
        _("Check-ins on the road to the next step: only if you ask for them with your result."),
        window + ".",
        _("Each e-mail has its own link to continue and says how to stop."),
    ]


def _mailer(page: OwnerPage) -> Mailer:
    mailer = web_mail.mailer_from(page.settings)
    if mailer is None:  # no mail server: nothing is offered, and this address is no page
        raise web.HTTPNotFound(
            text=page.render("owners/email_off.html").text, content_type="text/html"
        )
    return mailer


async def _render(
    page: OwnerPage,
    *,
    typed: str | None = None,
    problem: str | None = None,
    send_link: bool = False,
    reminders: bool | None = None,
    status: int = 200,
) -> web.Response:
    assert page.owner is not None
    chosen = await web_mail.choice(page.db, page.owner)
    return page.render(
        "owners/email.html",
        status=status,
        notice=_notice(page.request.query.get("n", "")),
        stored=chosen,
        typed=(chosen.email or "") if typed is None else typed,
        problem=problem,
        send_link=send_link,
        reminders=chosen.reminders if reminders is None else reminders,
        when=when_reminders_come(page.settings, page.locale),
    )


@owner_page()
async def email_page(page: OwnerPage) -> web.StreamResponse:
    _mailer(page)
    return await _render(page)


@owner_page()
async def save(page: OwnerPage) -> web.StreamResponse:
    assert page.owner is not None
    mailer = _mailer(page)
    form = await page.request.post()
    raw = form.get("email")
    typed = raw[:MAX_TYPED] if isinstance(raw, str) else ""
    send_link = form.get("send_link") == "yes"
    reminders = form.get("reminders") == "yes"
    address = web_mail.check_address(typed)
    problem = None
    if address is None:
        problem = _(
            "That does not look like an e-mail address. Type it like name@example.nl, "
            "without spaces."
        )
    elif not send_link and not reminders:
        problem = _("Choose what the address is for: your link, reminders by e-mail, or both.")
    if problem is not None or address is None:
        return await _render(
            page,
            typed=typed,
            problem=problem,
            send_link=send_link,
            reminders=reminders,
            status=400,
        )
    await web_mail.choose(page.db, page.owner, address=address, reminders=reminders)
    outcome = "saved"
    if send_link:
        sent = await web_mail.send_link(
            page.db, mailer, page.owner, address=address, reminders=reminders, locale=page.locale
        )
        outcome = {LinkMail.SENT: "sent", LinkMail.FAILED: "failed"}.get(sent, "limited")
    raise page.redirect(f"{EMAIL_PATH}?n={outcome}")


@owner_page()
async def remove(page: OwnerPage) -> web.StreamResponse:
    assert page.owner is not None
    _mailer(page)
    await web_mail.forget(page.db, page.owner)
    raise page.redirect(f"{EMAIL_PATH}?n=removed")


def setup(app: web.Application, settings: Settings) -> None:
    """The routes, and whether every page's resume box offers e-mail (`email_offered`)."""
    aiohttp_jinja2.get_env(app).globals["email_offered"] = settings.smtp is not None
    app.router.add_get(EMAIL_PATH, email_page)
    app.router.add_post(EMAIL_PATH, save)
    app.router.add_post(EMAIL_PATH + "/remove", remove)
