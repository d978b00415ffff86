"""SMTP_URL and MAIL_FROM, the address check, and a mail through the local SMTP stand-in."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import pytest

from bot.config import ConfigError, load_settings
from bot.i18n import get_i18n
from bot.services import web_mail
from bot.services.web_mail import Mailer, MailError, check_address, link_mail
from tests.mail.smtp import PASSWORD, USER, Inbox, body, free_port


def test_smtp_url_taken_apart_and_its_password_never_shown() -> None:
    settings = load_settings(
        SMTP_URL="smtp://scan%40example.nl:s3cr%3At@mail.example.nl:587", MAIL_FROM=""
    )
    server = settings.smtp
    assert server is not None
    assert (server.host, server.port, server.username, server.password) == (
        "mail.example.nl",
        587,
        "scan@example.nl",
        "s3cr:t",
    )
    assert server.require_starttls and not server.implicit_tls
    assert "s3cr" not in repr(settings) and "s3cr" not in repr(server)
    assert settings.sender == "scan@example.nl"  # the user is an address: it is the sender


def test_smtps_is_tls_from_the_start_on_465() -> None:
    server = load_settings(SMTP_URL="smtps://u:p@mail.example.nl").smtp
    assert server is not None and server.implicit_tls and server.port == 465
    assert not server.require_starttls


def test_without_smtp_url_there_is_no_mail() -> None:
    settings = load_settings(SMTP_URL="")
    assert settings.smtp is None and web_mail.mailer_from(settings) is None


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://mail.example.nl", "smtp://"),
        ("smtp://user:hunter2@", "no host"),
        ("smtp://user:hunter2@mail.example.nl:99999", "expected a URL"),
        ("smtp://user:hunter2@mail.example.nl/inbox", "nothing after the port"),
    ],
)
def test_a_bad_smtp_url_is_named_without_its_password(url: str, says: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(SMTP_URL=url)
    message = str(raised.value)
    assert message.startswith("SMTP_URL is malformed") and says in message
    assert "hunter2" not in message


def test_mail_from_checked_and_required_when_the_user_is_no_address() -> None:
    with pytest.raises(ConfigError, match="MAIL_FROM"):
        load_settings(MAIL_FROM="not an address")
    named = load_settings(SMTP_URL="smtp://u:p@h:25", MAIL_FROM="Tredebot <scan@example.nl>")
    named.require_mail_sender()
    assert named.sender == "Tredebot <scan@example.nl>"
    with pytest.raises(ConfigError, match="MAIL_FROM is not set"):
        load_settings(SMTP_URL="smtp://u:p@h:25", MAIL_FROM="").require_mail_sender()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  ilse@Bakkerij-Ilse.NL ", "ilse@bakkerij-ilse.nl"),
        ("a.b+scan@mail.example.co.uk", "a.b+scan@mail.example.co.uk"),
        ("jan@café.nl", "jan@café.nl"),
    ],
)
def test_good_addresses(typed: str, stored: str) -> None:
    assert check_address(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ilse",
        "ilse@",
        "@example.nl",
        "ilse@localhost",
        "ilse@@example.nl",
        "il se@example.nl",
        "ilse@example..nl",
        ".ilse@example.nl",
        "ilse@-example.nl",
        "ilse@10.0.0.1",
        "Ilse <ilse@example.nl>",
        "ilse@example.nl, jan@example.nl",
        "x" * 250 + "@example.nl",
    ],
)
def test_bad_addresses(typed: str) -> None:
    assert check_address(typed) is None


def a_link_mail(to: str, locale: str = "en", link: str = "http://h/scan/r/t") -> EmailMessage:
    i18n = get_i18n()
    with i18n.context(), i18n.use_locale(locale):
        return link_mail(to=to, link=link, locale=locale, reminders=False)


def mailer(inbox: Inbox) -> Mailer:
    settings = load_settings(SMTP_URL=inbox.url, MAIL_FROM="Tredebot <scan@example.nl>")
    found = web_mail.mailer_from(settings)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("locale", "subject", "words"),
    [
        ("nl", "Je link naar de PSO-scan", "Ga verder met je scan"),
        ("en", "Your link to the PSO scan", "Continue with your scan"),
    ],
)
async def test_the_link_mail_arrives_in_the_owners_language(
    inbox: Inbox, locale: str, subject: str, words: str
) -> None:
    link = "http://127.0.0.1:1/scan/r/abc"
    await mailer(inbox).send(a_link_mail("ilse@example.nl", locale, link))
    [received] = inbox.to("ilse@example.nl")
    assert inbox.logged_in == [True], "with SMTP_URL's user and password"
    assert received["Subject"] == subject
    assert received["From"] == "Tredebot <scan@example.nl>"
    assert received["Message-ID"].endswith("@example.nl>")
    assert words in body(received) and link in body(received)
    html = body(received, "html")
    assert f'href="{link}"' in html and f'lang="{locale}"' in html


async def test_the_stand_in_checks_the_login(inbox: Inbox) -> None:
    """The user and password of SMTP_URL are what the server is given (percent-decoded)."""
    assert (USER, PASSWORD) == ("scan@example.nl", "p@ss word")
    wrong = load_settings(SMTP_URL=inbox.url.replace("p%40ss", "nope"), MAIL_FROM="a@example.nl")
    found = web_mail.mailer_from(wrong)
    assert found is not None
    with pytest.raises(MailError):
        await found.send(a_link_mail("x@example.nl"))
    assert not inbox.messages


async def test_a_server_that_is_down_is_a_mail_error_naming_no_address(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = load_settings(SMTP_URL=f"smtp://127.0.0.1:{free_port()}", MAIL_FROM="a@example.nl")
    down = web_mail.mailer_from(settings)
    assert down is not None
    caplog.set_level(logging.DEBUG)
    with pytest.raises(MailError) as raised:
        await down.send(a_link_mail("ilse@example.nl"))
    assert not raised.value.permanent
    assert "ilse" not in raised.value.reason and "ilse" not in caplog.text
