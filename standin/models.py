"""What the stand-in records: the bot's requests and the state of each chat."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from standin import errors
from standin.html import plain_text


def button_labels(markup: dict[str, Any] | None) -> list[list[str]]:
    """Rows of button labels of an inline or reply keyboard (empty if none)."""
    if not markup:
        return []
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    return [[b["text"] if isinstance(b, dict) else str(b) for b in row] for row in rows]


@dataclass
class Outgoing:
    """One successful bot request that concerns a chat."""

    method: str
    chat_id: int | None
    message_id: int | None = None
    text: str | None = None  # text or caption, as sent (HTML not stripped)
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    file_name: str | None = None
    file_bytes: bytes | None = None
    ts: float = 0.0
    params: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def buttons(self) -> list[list[str]]:
        return button_labels(self.reply_markup)

    @property
    def plain(self) -> str:
        return plain_text(self.text, self.parse_mode)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "text": self.text,
            "plain": self.plain,
            "parse_mode": self.parse_mode,
            "reply_markup": self.reply_markup,
            "buttons": self.buttons,
            "file_name": self.file_name,
            "file_size": None if self.file_bytes is None else len(self.file_bytes),
            "ts": self.ts,
        }


@dataclass
class ChatMessage:
    """The current state of a message in a chat (the bot's or the user's)."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    kind: str = "text"  # text, photo, document, sticker, voice, location, contact, ...
    text: str | None = None  # text or caption, as sent
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list[Any])
    reply_markup: dict[str, Any] | None = None
    file_name: str | None = None
    file_bytes: bytes | None = None
    file_id: str | None = None
    edit_date: int | None = None
    raw: dict[str, Any] | None = field(
        default=None, repr=False
    )  # the user's message as in the update

    @property
    def buttons(self) -> list[list[str]]:
        return button_labels(self.reply_markup)

    @property
    def plain(self) -> str:
        return plain_text(self.text, self.parse_mode)

    @property
    def caption(self) -> str | None:
        return None if self.kind == "text" else self.text

    def to_json(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "chat_id": self.chat_id,
            "from_bot": self.from_bot,
            "kind": self.kind,
            "text": self.text,
            "plain": self.plain,
            "parse_mode": self.parse_mode,
            "reply_markup": self.reply_markup,
            "buttons": self.buttons,
            "file_name": self.file_name,
            "edited": self.edit_date is not None,
        }


_URL_RE = re.compile(r"^(https?|tg)://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def check_reply_markup(markup: dict[str, Any] | None) -> None:
    """Refuse inline keyboards Telegram would refuse (callback_data size, URLs, no action)."""
    if not markup:
        return
    if "inline_keyboard" not in markup:
        if "keyboard" in markup and not isinstance(markup["keyboard"], list):
            raise errors.bad_request("can't parse reply keyboard markup JSON object")
        return
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise errors.bad_request("can't parse inline keyboard markup JSON object")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise errors.bad_request("can't parse inline keyboard button: text is missing")
            if "callback_data" in button:
                data = button["callback_data"]
                if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
                    raise errors.bad_request("BUTTON_DATA_INVALID")
            elif "url" in button:
                if not isinstance(button["url"], str) or not _URL_RE.match(button["url"]):
                    raise errors.from_file("bad-request-button-url-invalid")
            elif len(button) == 1:
                raise errors.bad_request("text buttons are unallowed in the inline keyboard")
