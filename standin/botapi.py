"""Handlers of the Bot API methods the stand-in implements beyond ``{"ok": true}``.

Each handler gets the StandIn and the validated parameters and returns the ``result`` plus,
for requests that concern a chat, the ``Outgoing`` record to keep.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from standin import errors
from standin.html import HtmlParseError, parse_html
from standin.models import ChatMessage, Outgoing, check_reply_markup
from standin.spec import Upload

if TYPE_CHECKING:
    from standin.server import StandIn

Result = tuple[Any, Outgoing | None]
Handler = Callable[["StandIn", dict[str, Any]], Awaitable[Result]]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_TEXT_LIMIT = 200
DOCUMENT_LIMIT = 50 * 1024 * 1024
PHOTO_LIMIT = 10 * 1024 * 1024
CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)
# send* methods that do not return a Message
_NOT_MESSAGE_SENDS = frozenset(
    {"sendChatAction", "sendGift", "sendMediaGroup", "sendMessageDraft", "sendRichMessageDraft"}
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")

HANDLERS: dict[str, Handler] = {}


def handler(*names: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = fn
        return fn

    return register


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Text after entity parsing, as Telegram counts and shows it."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            return parse_html(text)
        except HtmlParseError as exc:
            raise errors.bad_request(f"can't parse entities: {exc}") from None
    if mode in ("", "markdown", "markdownv2"):
        return text, []  # Markdown is not parsed here; the bot uses HTML
    raise errors.bad_request("unsupported parse_mode")


def checked_text(p: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    plain, entities = parse_text(p.get("text", ""), p.get("parse_mode"))
    if not plain.strip():
        raise errors.from_file("bad-request-message-text-is-empty")
    if len(plain) > TEXT_LIMIT:
        raise errors.bad_request("message is too long")
    return plain, entities or p.get("entities") or []


def checked_caption(p: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    plain, entities = parse_text(p.get("caption", ""), p.get("parse_mode"))
    if len(plain) > CAPTION_LIMIT:
        raise errors.bad_request("message caption is too long")
    return plain, entities or p.get("caption_entities") or []


def _outgoing(method: str, p: dict[str, Any], msg: ChatMessage | None, **kw: Any) -> Outgoing:
    chat_id = msg.chat_id if msg else p.get("chat_id")
    return Outgoing(
        method=method,
        chat_id=chat_id if isinstance(chat_id, int) else None,
        message_id=msg.message_id if msg else p.get("message_id"),
        text=p.get("text", p.get("caption")),
        parse_mode=p.get("parse_mode"),
        reply_markup=p.get("reply_markup"),
        ts=time.monotonic(),
        params={k: v for k, v in p.items() if not isinstance(v, Upload)},
        **kw,
    )


@handler("getMe")
async def get_me(s: StandIn, p: dict[str, Any]) -> Result:
    return s.bot_user(full=True), None


@handler("logOut", "close")
async def log_out(s: StandIn, p: dict[str, Any]) -> Result:
    return True, None


@handler("sendMessage")
async def send_message(s: StandIn, p: dict[str, Any]) -> Result:
    _, entities = checked_text(p)
    check_reply_markup(p.get("reply_markup"))
    msg = s.store_bot_message(
        p["chat_id"],
        kind="text",
        text=p["text"],
        parse_mode=p.get("parse_mode"),
        entities=entities,
        reply_markup=p.get("reply_markup"),
    )
    return s.message_json(msg), _outgoing("sendMessage", p, msg)


def _file_param(s: StandIn, p: dict[str, Any], name: str, limit: int) -> tuple[str, bytes | None]:
    """(file name, bytes) of an uploaded file, a known file_id or a URL."""
    value = p[name]
    if isinstance(value, Upload):
        if len(value.data) > limit:
            raise errors.from_file("bad-request-file-too-big")
        return value.filename, value.data
    if value in s.files:
        stored = s.files[value]
        return stored.filename, stored.data
    if re.match(r"^https?://", value):
        return value.rsplit("/", 1)[-1] or name, None
    raise errors.from_file("bad-request-invalid-file-id")


@handler("sendPhoto", "sendDocument")
async def send_file(s: StandIn, p: dict[str, Any]) -> Result:
    kind = "photo" if "photo" in p else "document"
    _, entities = checked_caption(p)
    check_reply_markup(p.get("reply_markup"))
    limit = PHOTO_LIMIT if kind == "photo" else DOCUMENT_LIMIT
    name, data = _file_param(s, p, kind, limit)
    msg = s.store_bot_message(
        p["chat_id"],
        kind=kind,
        text=p.get("caption"),
        parse_mode=p.get("parse_mode"),
        entities=entities,
        reply_markup=p.get("reply_markup"),
        file_name=name,
        file_bytes=data,
    )
    method = "sendPhoto" if kind == "photo" else "sendDocument"
    return s.message_json(msg), _outgoing(method, p, msg, file_name=name, file_bytes=data)


async def send_other(s: StandIn, method: str, p: dict[str, Any]) -> Result:
    """Any other send* method that returns a Message: record it with its caption."""
    _, entities = checked_caption(p)
    check_reply_markup(p.get("reply_markup"))
    msg = s.store_bot_message(
        p["chat_id"],
        kind=method.removeprefix("send").lower(),
        text=p.get("caption"),
        parse_mode=p.get("parse_mode"),
        entities=entities,
        reply_markup=p.get("reply_markup"),
    )
    return s.message_json(msg), _outgoing(method, p, msg)


def returns_message(method: str) -> bool:
    return method.startswith("send") and method not in _NOT_MESSAGE_SENDS


@handler("sendChatAction")
async def send_chat_action(s: StandIn, p: dict[str, Any]) -> Result:
    if p["action"] not in CHAT_ACTIONS:
        raise errors.from_file("bad-request-wrong-parameter-action-in-request")
    return True, _outgoing("sendChatAction", p, None)


def _target(s: StandIn, p: dict[str, Any], missing: str) -> ChatMessage:
    if "inline_message_id" in p:
        raise errors.from_file(missing)  # the bot makes no inline messages here
    if "chat_id" not in p or "message_id" not in p:
        raise errors.bad_request("message identifier is not specified")
    s.check_chat(p["chat_id"])
    msg = s.find_message(p["chat_id"], p["message_id"])
    if msg is None:
        raise errors.from_file(missing)
    return msg


def _same_markup(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    def norm(m: dict[str, Any] | None) -> Any:
        return None if not m or m.get("inline_keyboard") == [] else m

    return bool(norm(a) == norm(b))


@handler("editMessageText")
async def edit_message_text(s: StandIn, p: dict[str, Any]) -> Result:
    msg = _target(s, p, "bad-request-message-to-edit-not-found")
    if not msg.from_bot:
        raise errors.from_file("bad-request-message-cant-be-edited")
    if msg.kind != "text":
        raise errors.bad_request("there is no text in the message to edit")
    plain, entities = checked_text(p)
    check_reply_markup(p.get("reply_markup"))
    markup = p.get("reply_markup")
    if (plain, entities, True) == (msg.plain, msg.entities, _same_markup(msg.reply_markup, markup)):
        raise errors.from_file("bad-request-message-not-modified")
    s.edit_bot_message(msg, text=p["text"], parse_mode=p.get("parse_mode"), entities=entities)
    msg.reply_markup = markup  # no reply_markup removes the inline keyboard, like Telegram
    return s.message_json(msg), _outgoing("editMessageText", p, msg)


@handler("editMessageCaption")
async def edit_message_caption(s: StandIn, p: dict[str, Any]) -> Result:
    msg = _target(s, p, "bad-request-message-to-edit-not-found")
    if not msg.from_bot or msg.kind == "text":
        raise errors.from_file("bad-request-message-cant-be-edited")
    plain, entities = checked_caption(p)
    check_reply_markup(p.get("reply_markup"))
    markup = p.get("reply_markup")
    if (plain, entities) == (msg.plain, msg.entities) and _same_markup(msg.reply_markup, markup):
        raise errors.from_file("bad-request-message-not-modified")
    s.edit_bot_message(
        msg, text=p.get("caption"), parse_mode=p.get("parse_mode"), entities=entities
    )
    msg.reply_markup = markup
    return s.message_json(msg), _outgoing("editMessageCaption", p, msg)


@handler("editMessageReplyMarkup")
async def edit_message_reply_markup(s: StandIn, p: dict[str, Any]) -> Result:
    msg = _target(s, p, "bad-request-message-to-edit-not-found")
    if not msg.from_bot:
        raise errors.from_file("bad-request-message-cant-be-edited")
    markup = p.get("reply_markup")
    check_reply_markup(markup)
    if _same_markup(msg.reply_markup, markup):
        raise errors.from_file("bad-request-message-not-modified")
    s.edit_bot_message(msg, text=msg.text, parse_mode=msg.parse_mode, entities=msg.entities)
    msg.reply_markup = markup
    out = _outgoing("editMessageReplyMarkup", p, msg)
    out.text, out.parse_mode = msg.text, msg.parse_mode
    return s.message_json(msg), out


@handler("deleteMessage")
async def delete_message(s: StandIn, p: dict[str, Any]) -> Result:
    msg = s.find_message(p["chat_id"], p["message_id"])
    if msg is None:
        raise errors.from_file("bad-request-message-to-delete-not-found")
    s.delete_message(msg)
    return True, _outgoing("deleteMessage", p, msg)


@handler("answerCallbackQuery")
async def answer_callback_query(s: StandIn, p: dict[str, Any]) -> Result:
    query = s.callback_queries.get(p["callback_query_id"])
    if query is None or query["answered"]:
        raise errors.bad_request(
            "query is too old and response timeout expired or query ID is invalid"
        )
    if len(p.get("text", "")) > CALLBACK_TEXT_LIMIT:
        raise errors.bad_request("MESSAGE_TOO_LONG")
    query["answered"] = True
    s.callback_answers.append(dict(p))
    out = _outgoing("answerCallbackQuery", p, None)
    out.chat_id, out.message_id = query["chat_id"], query["message_id"]
    return True, out


def _commands_key(p: dict[str, Any]) -> str:
    return str(p.get("language_code", ""))


@handler("setMyCommands")
async def set_my_commands(s: StandIn, p: dict[str, Any]) -> Result:
    commands = p["commands"]
    if len(commands) > 100:
        raise errors.bad_request("too many commands")
    for c in commands:
        if not isinstance(c, dict) or not _COMMAND_RE.match(str(c.get("command", ""))):
            raise errors.bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(c.get("description", ""))) <= 256:
            raise errors.bad_request("command description must be non-empty")
    s.commands[_commands_key(p)] = [dict(c) for c in commands]
    s.command_scopes[_commands_key(p)] = p.get("scope") or {"type": "default"}
    return True, None


@handler("getMyCommands")
async def get_my_commands(s: StandIn, p: dict[str, Any]) -> Result:
    return s.commands.get(_commands_key(p), []), None


@handler("deleteMyCommands")
async def delete_my_commands(s: StandIn, p: dict[str, Any]) -> Result:
    s.commands.pop(_commands_key(p), None)
    return True, None


def _profile_text(field: str, limit: int) -> tuple[Handler, Handler]:
    async def setter(s: StandIn, p: dict[str, Any]) -> Result:
        value = p.get(field, "")
        if len(value) > limit:
            raise errors.bad_request(f"{field} is too long")
        s.profile.setdefault(field, {})[p.get("language_code", "")] = value
        return True, None

    async def getter(s: StandIn, p: dict[str, Any]) -> Result:
        texts = s.profile.get(field, {})
        return {field: texts.get(p.get("language_code", ""), texts.get("", ""))}, None

    return setter, getter


for _field, _limit, _suffix in (
    ("description", 512, "Description"),
    ("short_description", 120, "ShortDescription"),
    ("name", 64, "Name"),
):
    _set, _get = _profile_text(_field, _limit)
    HANDLERS[f"setMy{_suffix}"], HANDLERS[f"getMy{_suffix}"] = _set, _get


@handler("setWebhook")
async def set_webhook(s: StandIn, p: dict[str, Any]) -> Result:
    url = p["url"]
    if url and not re.match(r"^https?://", url):
        raise errors.bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    s.set_webhook(
        url or None,
        p.get("secret_token"),
        p.get("drop_pending_updates", False),
        int(p.get("max_connections", 40)),
    )
    if "allowed_updates" in p:
        s.allowed_updates = p["allowed_updates"]
    return True, None


@handler("deleteWebhook")
async def delete_webhook(s: StandIn, p: dict[str, Any]) -> Result:
    s.set_webhook(None, None, p.get("drop_pending_updates", False))
    return True, None


@handler("getWebhookInfo")
async def get_webhook_info(s: StandIn, p: dict[str, Any]) -> Result:
    info: dict[str, Any] = {
        "url": s.webhook["url"] if s.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": s.pending_update_count(),
    }
    if s.webhook:
        info["max_connections"] = s.webhook.get("max_connections", 40)
    if s.allowed_updates:
        info["allowed_updates"] = s.allowed_updates
    return info, None


@handler("getFile")
async def get_file(s: StandIn, p: dict[str, Any]) -> Result:
    stored = s.files.get(p["file_id"])
    if stored is None:
        raise errors.from_file("bad-request-invalid-file-id")
    return {
        "file_id": p["file_id"],
        "file_unique_id": stored.unique_id,
        "file_size": len(stored.data),
        "file_path": f"files/{p['file_id']}/{stored.filename}",
    }, None
