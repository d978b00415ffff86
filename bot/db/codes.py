"""Deep-link payloads: campaign codes and staff invite tokens, the keys campaigns and invites
are stored and found by (the campaigns repository makes a code no other campaign has)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

# Telegram's deep-link payload: up to 64 characters of A-Z, a-z, 0-9, _ and -.
PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
INVITE_PREFIX = "staff-"
# No 0/o, 1/l/i: the suffix is read off posters.
_SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_SLUG_MAX = 24


def is_payload(text: str) -> bool:
    return bool(PAYLOAD.match(text))


def slug(name: str) -> str:
    """'Ondernemersavond Twenterand 2026' -> 'ondernemersavond-twenter' (ASCII, readable)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    text = "-".join(words)[:_SLUG_MAX].strip("-")
    return text or "campagne"


def campaign_code(name: str) -> str:
    """A readable code with a short random tail, so two campaigns with one name differ."""
    tail = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(4))
    code = f"{slug(name)}-{tail}"
    if code.startswith(INVITE_PREFIX.rstrip("-")):
        code = "c-" + code  # never mistaken for an invite
    assert is_payload(code)
    return code


def invite_token() -> str:
    """22 URL-safe characters (128 bits); with the prefix well within 64."""
    return secrets.token_urlsafe(16)


def token_digest(token: str) -> str:
    """What is stored of a one-time secret (an invite's token): its SHA-256, so a copy of the
    database or an export holds nothing that can be used."""
    return hashlib.sha256(token.encode()).hexdigest()


def form_token(secret: str, purpose: str) -> str:
    """A form's CSRF token, derived from a cookie's secret (a dashboard session, an owner's
    resume token): one per cookie, and unlike for each `purpose`."""
    return hashlib.sha256(f"{purpose}:{secret}".encode()).hexdigest()


def form_token_ok(secret: str, purpose: str, given: object) -> bool:
    return isinstance(given, str) and hmac.compare_digest(
        form_token(secret, purpose).encode(), given.encode()
    )


def invite_payload(token: str) -> str:
    return INVITE_PREFIX + token


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


# The owners' web pages (bot/web/owners): a campaign's landing page, offering Telegram and the
# browser, is its short web address; the scan itself is under SCAN_PREFIX.
LANDING_PREFIX = "/c"
SCAN_PREFIX = "/scan"


def landing_link(base_url: str, code: str) -> str:
    """A campaign's short web address (its QR code's target): "https://host/c/<code>"."""
    return f"{base_url.rstrip('/')}{LANDING_PREFIX}/{code}"
