"""The local Bot API stand-in: an aiohttp server speaking Telegram's Bot API on loopback.

The bot talks to it over HTTP exactly as to Telegram (``TELEGRAM_API_URL=standin.base_url``),
or in process: an aiogram session that calls ``StandIn.call`` directly (``standin/inprocess.py``)
with updates handed to a callback (``deliver_to``). Tests, the terminal demo and benchmarks play
the user through the Python API below (same event loop) or through the ``/_standin/...`` HTTP
endpoints (see ``control.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from standin import botapi, errors, spec
from standin.errors import ApiError
from standin.models import ChatMessage, Outgoing, button_labels
from standin.spec import Upload

log = logging.getLogger(__name__)

_TOKEN_RE = re.compile(r"^(\d+):(.+)$")
# Update types Telegram leaves out when allowed_updates is empty
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Requests that count as the bot "answering" for wait_reply (a chat action alone does not)
_NOT_A_REPLY = frozenset({"sendChatAction"})

# Seconds a webhook may take to answer one update before the post counts as failed.
WEBHOOK_TIMEOUT = 60.0

# Takes one update (the JSON Telegram would send) and returns once the bot has handled it.
Deliver = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class StoredFile:
    filename: str
    data: bytes
    unique_id: str
    mime_type: str = "application/octet-stream"


@dataclass
class _FailRule:
    method: str  # "*" for any method
    error: str
    times: int
    retry_after: int | None
    chat_id: int | None


class StandIn:
    """A fake Telegram for one bot, with the user side built in."""

    def __init__(
        self,
        *,
        bot_username: str = "tredebot_demo_bot",
        enforce_rate_limits: bool = False,
        quiet_seconds: float = 0.15,
        first_update_id: int = 1,
        sequential_bot: bool = False,
        private_burst: int = 3,
        global_per_second: int = 30,
    ) -> None:
        self.bot_username = bot_username
        self.bot_id = 42  # replaced by the digits of the token of the first request
        self.enforce_rate_limits = enforce_rate_limits
        self.quiet_seconds = quiet_seconds
        self.private_burst = private_burst
        self.global_per_second = global_per_second

        self.users: dict[int, dict[str, Any]] = {}
        self.blocked: dict[int, str] = {}  # user id -> errors/ stem
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.command_scopes: dict[str, dict[str, Any]] = {}
        self.profile: dict[str, dict[str, str]] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.errors: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        self.webhook_failures: list[dict[str, Any]] = []
        self.allowed_updates: list[str] = []
        self.files: dict[str, StoredFile] = {}

        self._chats: dict[int, dict[int, ChatMessage]] = {}
        self._chat_objects: dict[int, dict[str, Any]] = {}  # chats that are not users
        self._next_message_id: dict[int, int] = {}
        self._outgoing: list[Outgoing] = []
        self._send_times: list[tuple[float, int]] = []  # (monotonic time, chat id) of sends
        self._recent_chat: dict[int, deque[float]] = {}
        self._recent_all: deque[float] = deque()
        self._fail_rules: list[_FailRule] = []
        # (method, chat id) → released when set: such a request waits, unanswered
        self._stalls: dict[tuple[str, int | None], asyncio.Event] = {}
        self.stalled = asyncio.Event()  # set when a request has started waiting on a stall
        self._ids = itertools.count(1)
        # Telegram's update ids never repeat for a bot; a demo restarted on the same database
        # starts past the ids it already handled.
        self._update_ids = itertools.count(first_update_id)
        # A bot that polls with handle_as_tasks=False asks for the next updates only after it
        # has handled the previous ones: confirming an update then means its answer is complete,
        # which makes wait_reply exact instead of waiting for a quiet period.
        self.sequential_bot = sequential_bot
        self._confirmed_below = 0
        self._pending_update: dict[int, int] = {}
        self._dropped: set[int] = set()
        # In-process delivery (deliver_to): updates being handled now, and those handled.
        self._deliver: Deliver | None = None
        self._delivering: set[int] = set()
        self._delivered: set[int] = set()
        self.polls = 0  # getUpdates requests received: a new one shows a bot is up and polling

        self._updates: list[dict[str, Any]] = []
        self._wakeup = asyncio.Event()
        self._poll_generation = 0
        self._polls_waiting = 0
        self._closing = False
        # wait_reply bookkeeping per chat: outgoing index at the last update, last activity,
        # and whether the bot answered since
        self._mark: dict[int, int] = {}
        self._last_activity: dict[int, float] = {}
        self._answered: dict[int, bool] = {}

        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self._client: ClientSession | None = None
        # Webhook delivery, Telegram's way: updates waiting in order, the chats with an update
        # being posted now (the next of a chat waits for its answer), the posts under way.
        self._webhook_queue: deque[dict[str, Any]] = deque()
        self._webhook_chats: set[int] = set()
        self._webhook_posts: set[asyncio.Task[None]] = set()
        self._webhook_in_flight = 0

    # ------------------------------------------------------------------ lifecycle

    def make_app(self) -> web.Application:
        from standin import control

        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        control.add_routes(app, self)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._closing = False
        self._runner = web.AppRunner(
            self.make_app(), handle_signals=False, shutdown_timeout=1, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        real_port = self._runner.addresses[0][1]  # (host, port) of the listening socket
        self._base_url = f"http://{host}:{real_port}"
        self._client = ClientSession(timeout=ClientTimeout(total=10))
        self._start_webhook_posts()
        log.info("Bot API stand-in listening on %s", self._base_url)

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        posts = list(self._webhook_posts)
        for post in posts:
            post.cancel()
        await asyncio.gather(*posts, return_exceptions=True)
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = self._client = None

    async def __aenter__(self) -> StandIn:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("StandIn is not started")
        return self._base_url

    # ------------------------------------------------------------------ HTTP: Bot API

    async def _handle_api(self, request: web.Request) -> web.Response:
        token, name = request.match_info["token"], request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        try:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            elif request.method == "POST":
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        uploads[key] = Upload(value.filename, value.file.read(), value.content_type)
                    else:
                        params[key] = value
        except ValueError:
            payload = errors.bad_request("can't parse request body").payload
            return web.json_response(payload, status=400)
        status, payload = await self.call(token, name, params, uploads)
        return web.json_response(payload, status=status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        parts = request.match_info["path"].split("/")
        stored = self.files.get(parts[1]) if len(parts) >= 2 else None
        if stored is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data, content_type=stored.mime_type)

    async def call(
        self,
        token: str,
        name: str,
        params: dict[str, Any],
        uploads: dict[str, Upload] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Run one Bot API request; return (HTTP status, JSON body)."""
        uploads = uploads or {}
        method = spec.canonical_method(name)
        chat_id: int | None = _int_or_none(params.get("chat_id"))
        try:
            m = _TOKEN_RE.match(token)
            if m is None:
                raise errors.unauthorized()
            self.bot_id = int(m.group(1))
            if method is None:
                raise errors.not_found()
            # a file part may also be sent directly under the parameter's name
            fields = spec.methods()[method]
            for key, upload in uploads.items():
                if key in fields and key not in params:
                    params[key] = upload
            checked = spec.validate(method, params, uploads)
            chat_id = self._chat_of(checked)
            self._check_injected(method, chat_id)
            stall = self._stalls.get((method, chat_id))
            if stall is not None:
                self.stalled.set()
                await stall.wait()
            if method == "getUpdates":
                return 200, {"ok": True, "result": await self._get_updates(checked)}
            if "chat_id" in checked and method not in ("deleteMessage",):
                self.check_chat(checked["chat_id"])
            if self._is_send(method):
                self._check_rate(checked["chat_id"])
            result, out = await self._run(method, checked)
        except ApiError as exc:
            self._refused(method or name, params, exc, chat_id)
            return exc.status, exc.payload
        if out is not None and out.chat_id is not None:
            self._outgoing.append(out)
            self._activity(out.chat_id, answered=out.method not in _NOT_A_REPLY)
        if self._is_send(method) and isinstance(result, dict):
            self._record_send(result["chat"]["id"])
        return 200, {"ok": True, "result": result}

    async def _run(self, method: str, p: dict[str, Any]) -> botapi.Result:
        handler = botapi.HANDLERS.get(method)
        if handler is not None:
            return await handler(self, p)
        if botapi.returns_message(method):
            return await botapi.send_other(self, method, p)
        return True, None

    def _chat_of(self, p: dict[str, Any]) -> int | None:
        chat_id = p.get("chat_id")
        if isinstance(chat_id, int):
            return chat_id
        query = self.callback_queries.get(p.get("callback_query_id", ""))
        return query["chat_id"] if query else None

    def _refused(
        self, method: str, params: dict[str, Any], exc: ApiError, chat_id: int | None
    ) -> None:
        shown = {
            k: (f"<file {v.filename}>" if isinstance(v, Upload) else v) for k, v in params.items()
        }
        entry = {
            "method": method,
            "params": shown,
            "chat_id": chat_id,
            "status": exc.status,
            "description": exc.description,
            "error": exc.payload,
            "ts": time.monotonic(),
        }
        self.errors.append(entry)
        log.info("refused %s: %s", method, exc.description)
        if chat_id is not None:
            # a refused request usually ends the handler, so it counts as the bot's answer
            self._activity(chat_id, answered=True)

    # ------------------------------------------------------------------ checks

    def check_chat(self, chat_id: int | str) -> None:
        """Refuse chats the bot cannot write to: unknown, the bot itself, blocked users."""
        if chat_id == self.bot_id:
            raise errors.from_file("forbidden-bot-cant-send-messages-to-bots")
        if not isinstance(chat_id, int) or chat_id not in self._chats:
            raise errors.from_file("bad-request-chat-not-found")
        if chat_id in self.blocked:
            raise errors.from_file(self.blocked[chat_id])

    @staticmethod
    def _is_send(method: str | None) -> bool:
        return bool(method) and (
            botapi.returns_message(method or "") or method in ("copyMessage", "forwardMessage")
        )

    def _check_injected(self, method: str, chat_id: int | None) -> None:
        for rule in self._fail_rules:
            if rule.method not in ("*", method):
                continue
            if rule.chat_id is not None and rule.chat_id != chat_id:
                continue
            rule.times -= 1
            if rule.times <= 0:
                self._fail_rules.remove(rule)
            raise errors.injected(rule.error, rule.retry_after)

    def _check_rate(self, chat_id: int) -> None:
        if not self.enforce_rate_limits:
            return
        now = time.monotonic()
        recent = self._recent_chat.setdefault(chat_id, deque())
        for window in (recent, self._recent_all):
            while window and now - window[0] >= 1.0:
                window.popleft()
        if len(recent) >= self.private_burst:
            raise errors.too_many_requests(max(1, math.ceil(recent[0] + 1.0 - now)))
        if len(self._recent_all) >= self.global_per_second:
            raise errors.too_many_requests(max(1, math.ceil(self._recent_all[0] + 1.0 - now)))

    def _record_send(self, chat_id: int) -> None:
        now = time.monotonic()
        self._send_times.append((now, chat_id))
        self._recent_chat.setdefault(chat_id, deque()).append(now)
        self._recent_all.append(now)

    def rate_stats(self) -> dict[str, Any]:
        """Sends recorded so far and the most seen within any one second, overall and per chat."""

        def peak(times: list[float]) -> int:
            best, lo = 0, 0
            for hi, t in enumerate(times):
                while t - times[lo] >= 1.0:
                    lo += 1
                best = max(best, hi - lo + 1)
            return best

        per_chat: dict[int, list[float]] = {}
        for t, chat in self._send_times:
            per_chat.setdefault(chat, []).append(t)
        return {
            "total_sends": len(self._send_times),
            "max_per_second": peak([t for t, _ in self._send_times]),
            "max_per_second_by_chat": {c: peak(ts) for c, ts in per_chat.items()},
        }

    # ------------------------------------------------------------------ chat state

    def bot_user(self, *, full: bool = False) -> dict[str, Any]:
        user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Tredebot",
            "username": self.bot_username,
        }
        if full:
            user.update(
                can_join_groups=True,
                can_read_all_group_messages=False,
                supports_inline_queries=False,
                can_connect_to_business=False,
                has_main_web_app=False,
            )
        return user

    def _chat_json(self, chat_id: int) -> dict[str, Any]:
        user = self.users.get(chat_id)
        if user is None:
            return self._chat_objects.get(
                chat_id, {"id": chat_id, "type": "private", "first_name": "?"}
            )
        chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        if "username" in user:
            chat["username"] = user["username"]
        return chat

    def _new_message_id(self, chat_id: int) -> int:
        n = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = n + 1
        return n

    def _store_file(self, name: str, data: bytes, mime: str = "application/octet-stream") -> str:
        n = next(self._ids)
        file_id = f"standin-file-{n}"
        self.files[file_id] = StoredFile(name, data, f"u{n}", mime)
        return file_id

    def store_bot_message(self, chat_id: int, *, kind: str, **fields: Any) -> ChatMessage:
        msg = ChatMessage(
            message_id=self._new_message_id(chat_id),
            chat_id=chat_id,
            from_bot=True,
            date=int(time.time()),
            kind=kind,
            **fields,
        )
        if msg.file_bytes is not None:
            msg.file_id = self._store_file(msg.file_name or kind, msg.file_bytes)
        self._chats.setdefault(chat_id, {})[msg.message_id] = msg
        return msg

    def edit_bot_message(self, msg: ChatMessage, **fields: Any) -> None:
        for key, value in fields.items():
            setattr(msg, key, value)
        msg.edit_date = int(time.time())

    def find_message(self, chat_id: int, message_id: int) -> ChatMessage | None:
        return self._chats.get(chat_id, {}).get(message_id)

    def delete_message(self, msg: ChatMessage) -> None:
        self._chats[msg.chat_id].pop(msg.message_id, None)

    def message_json(self, msg: ChatMessage) -> dict[str, Any]:
        """The Message object Telegram would return for ``msg``."""
        if msg.raw is not None:
            return msg.raw
        data: dict[str, Any] = {
            "message_id": msg.message_id,
            "date": msg.date,
            "chat": self._chat_json(msg.chat_id),
            "from": self.bot_user(),
        }
        if msg.edit_date is not None:
            data["edit_date"] = msg.edit_date
        text_key, entities_key = "caption", "caption_entities"
        if msg.kind == "text":
            text_key, entities_key = "text", "entities"
        elif msg.kind in ("photo", "document"):
            file_id = msg.file_id or "standin-url-file"
            size = len(msg.file_bytes or b"")
            base = {"file_id": file_id, "file_unique_id": f"uq-{file_id}", "file_size": size}
            if msg.kind == "photo":
                data["photo"] = [{**base, "width": 90, "height": 90}]
            else:
                data["document"] = {**base, "file_name": msg.file_name or "file"}
        if msg.text is not None:
            data[text_key] = msg.plain
            if msg.entities:
                data[entities_key] = msg.entities
        if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
            data["reply_markup"] = msg.reply_markup  # only inline keyboards belong to a Message
        return data

    # ------------------------------------------------------------------ updates

    def _notify(self) -> None:
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    def _wanted(self, update: dict[str, Any]) -> bool:
        kind = next((k for k in update if k != "update_id"), "")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _OPT_IN_UPDATES

    def pending_update_count(self) -> int:
        return len(self._updates) + len(self._webhook_queue) + self._webhook_in_flight

    async def _get_updates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise errors.from_file("webhook-is-active")
        if "allowed_updates" in p:
            self.allowed_updates = list(p["allowed_updates"])
        self.polls += 1
        offset = p.get("offset", 0)
        self._confirmed_below = max(self._confirmed_below, offset)
        if offset < 0:
            self._updates = self._updates[offset:]
        elif offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        # a newer long poll terminates an older one, as on Telegram
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        deadline = time.monotonic() + max(0, p.get("timeout", 0))
        limit = min(max(p.get("limit", 100), 1), 100)
        self._polls_waiting += 1
        try:
            return await self._long_poll(generation, deadline, limit)
        finally:
            self._polls_waiting -= 1

    def confirmed(self, update_id: int) -> bool:
        """Whether a bot asked getUpdates for updates past ``update_id``: Telegram then forgets
        it, so a bot process that dies before it has handled the update loses it."""
        return self._confirmed_below > update_id

    @property
    def polls_waiting(self) -> int:
        """getUpdates calls now waiting for an update (a long poll in progress)."""
        return self._polls_waiting

    async def _long_poll(
        self, generation: int, deadline: float, limit: int
    ) -> list[dict[str, Any]]:
        while True:
            unwanted = [u["update_id"] for u in self._updates if not self._wanted(u)]
            if unwanted:
                # Never delivered (not in allowed_updates), so as good as handled.
                self._dropped.update(unwanted)
                self._updates = [u for u in self._updates if self._wanted(u)]
            if self._updates or self._closing:
                return self._updates[:limit]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            wakeup = self._wakeup
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wakeup.wait(), remaining)
            if generation != self._poll_generation:
                raise errors.from_file("conflicted-terminated-by-other-long-poll")

    def set_webhook(
        self,
        url: str | None,
        secret: str | None,
        drop_pending: bool,
        max_connections: int = 40,
    ) -> None:
        if drop_pending:
            self._updates.clear()
            self._webhook_queue.clear()
        if url is None:
            # undelivered webhook updates go back to getUpdates
            self._updates.extend(self._webhook_queue)
            self._webhook_queue.clear()
            self.webhook = None
            return
        self.webhook = {"url": url, "secret_token": secret, "max_connections": max_connections}
        self._webhook_queue.extend(self._updates)
        self._updates.clear()
        self._notify()
        self._start_webhook_posts()

    def _queue_webhook(self, update: dict[str, Any]) -> None:
        self._webhook_queue.append(update)
        self._start_webhook_posts()

    def _start_webhook_posts(self) -> None:
        """Post what may go now, as Telegram's Bot API server does: at most `max_connections`
        updates in flight, and one per chat at a time, the next once the webhook has answered
        the previous one (so one chat's updates arrive in order, and one chat's flood holds one
        connection). Updates without a chat go whenever a connection is free."""
        if self.webhook is None or self._client is None or self._closing:
            return
        limit = int(self.webhook.get("max_connections", 40))
        if self._webhook_in_flight >= limit:
            return
        waiting: deque[dict[str, Any]] = deque()
        while self._webhook_queue and self._webhook_in_flight < limit:
            update = self._webhook_queue.popleft()
            chat_id = _chat_id_of(update)
            if chat_id is not None and chat_id in self._webhook_chats:
                waiting.append(update)
                continue
            if chat_id is not None:
                self._webhook_chats.add(chat_id)
            self._webhook_in_flight += 1
            post = asyncio.create_task(self._post_one(update, chat_id))
            self._webhook_posts.add(post)
            post.add_done_callback(self._webhook_posts.discard)
        waiting.extend(self._webhook_queue)
        self._webhook_queue = waiting

    async def _post_one(self, update: dict[str, Any], chat_id: int | None) -> None:
        try:
            if self.webhook is None:  # deleted meanwhile: back to getUpdates
                self._updates.append(update)
                self._notify()
            else:
                await self._post_webhook(update)
        finally:
            self._webhook_in_flight -= 1
            if chat_id is not None:
                self._webhook_chats.discard(chat_id)
            self._start_webhook_posts()

    async def _post_webhook(self, update: dict[str, Any]) -> None:
        assert self._client is not None and self.webhook is not None
        headers = {}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        for attempt in range(3):
            try:
                # A webhook answers once it has handled the update: under load that takes
                # longer than a Bot API call may.
                async with self._client.post(
                    self.webhook["url"],
                    json=update,
                    headers=headers,
                    timeout=ClientTimeout(total=WEBHOOK_TIMEOUT),
                ) as resp:
                    body = await resp.read()
                    if 200 <= resp.status < 300:
                        await self._webhook_reply(body)
                        return
                    problem = f"HTTP {resp.status}"
            except Exception as exc:
                problem = f"{type(exc).__name__}: {exc}"
            self.webhook_failures.append({"update_id": update["update_id"], "error": problem})
            log.warning("webhook delivery failed (%s), attempt %d", problem, attempt + 1)
            await asyncio.sleep(0.2)

    async def _webhook_reply(self, body: bytes) -> None:
        """A webhook may answer with a method call in its response body; run it."""
        if not body:
            return
        try:
            data = json.loads(body)
        except ValueError:
            return
        if isinstance(data, dict) and isinstance(data.get("method"), str):
            method = data.pop("method")
            await self.call(f"{self.bot_id}:webhook-reply", method, data)

    # ------------------------------------------------------------------ user side

    def add_user(
        self,
        user_id: int,
        *,
        first_name: str = "Ilse",
        language_code: str | None = "nl",
        username: str | None = None,
    ) -> None:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        self._chats.setdefault(user_id, {})

    def _user(self, user_id: int) -> dict[str, Any]:
        if user_id not in self.users:
            self.add_user(user_id)
        return self.users[user_id]

    def _mark_update(self, chat_id: int) -> None:
        self._mark[chat_id] = len(self._outgoing)
        self._answered[chat_id] = False
        self._last_activity[chat_id] = time.monotonic()

    def _activity(self, chat_id: int, *, answered: bool) -> None:
        self._last_activity[chat_id] = time.monotonic()
        if answered:
            self._answered[chat_id] = True

    def deliver_to(self, deliver: Deliver | None) -> Deliver | None:
        """Hand each update sent from now on to ``deliver`` (None: queue them again for
        getUpdates or the webhook); returns the callback it replaces.

        ``send_update`` then awaits ``deliver(update)``, so ``say()``, ``tap()``, ``press()``...
        return once the bot has handled the update, and ``wait_reply`` knows that exactly, as
        for a sequential bot. Updates of a kind not in ``allowed_updates`` are dropped, as
        getUpdates would. Updates queued before stay queued."""
        previous, self._deliver = self._deliver, deliver
        return previous

    async def send_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue (or deliver to the webhook, or to the ``deliver_to`` callback) a raw update; an
        update_id is added if missing."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        chat_id = _chat_id_of(update)
        if chat_id is not None:
            self._chats.setdefault(chat_id, {})
            chat = _chat_object_of(update)
            if chat is not None and chat_id not in self.users:
                self._chat_objects[chat_id] = chat  # e.g. a group from a fuzzing update
            self._mark_update(chat_id)
            self._pending_update[chat_id] = update["update_id"]
        if self._deliver is not None:
            await self._deliver_now(self._deliver, update)
        elif self.webhook is not None:
            self._queue_webhook(update)
        else:
            self._updates.append(update)
            self._notify()
        return update

    async def _deliver_now(self, deliver: Deliver, update: dict[str, Any]) -> None:
        update_id: int = update["update_id"]
        if not self._wanted(update):
            self._dropped.add(update_id)  # never delivered, so as good as handled
            self._delivered.add(update_id)
            return
        self._delivering.add(update_id)
        try:
            await deliver(update)
        finally:
            self._delivering.discard(update_id)
            self._delivered.add(update_id)

    async def _user_message(self, user_id: int, kind: str, **fields: Any) -> dict[str, Any]:
        user = self._user(user_id)
        msg: dict[str, Any] = {
            "message_id": self._new_message_id(user_id),
            "date": int(time.time()),
            "chat": self._chat_json(user_id),
            "from": dict(user),
            **fields,
        }
        stored = ChatMessage(
            message_id=msg["message_id"],
            chat_id=user_id,
            from_bot=False,
            date=msg["date"],
            kind=kind,
            text=fields.get("text", fields.get("caption")),
            raw=msg,
        )
        self._chats[user_id][stored.message_id] = stored
        return await self.send_update({"message": msg})

    async def send_text(self, user_id: int, text: str) -> dict[str, Any]:
        fields: dict[str, Any] = {"text": text}
        m = re.match(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
        if m:
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": m.end()}]
        return await self._user_message(user_id, "text", **fields)

    def _file_fields(self, name: str, data: bytes, mime: str) -> dict[str, Any]:
        file_id = self._store_file(name, data, mime)
        unique = self.files[file_id].unique_id
        return {"file_id": file_id, "file_unique_id": unique, "file_size": len(data)}

    async def send_photo(
        self, user_id: int, data: bytes = b"\x89PNG\r\n\x1a\n", *, caption: str | None = None
    ) -> dict[str, Any]:
        photo = {**self._file_fields("photo.png", data, "image/png"), "width": 90, "height": 90}
        extra = {"caption": caption} if caption else {}
        return await self._user_message(user_id, "photo", photo=[photo], **extra)

    async def send_document(
        self,
        user_id: int,
        data: bytes = b"%PDF-1.4\n",
        *,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> dict[str, Any]:
        doc = {**self._file_fields(file_name, data, mime_type), "file_name": file_name}
        doc["mime_type"] = mime_type
        extra = {"caption": caption} if caption else {}
        return await self._user_message(user_id, "document", document=doc, **extra)

    async def send_voice(
        self, user_id: int, data: bytes = b"OggS", *, duration: int = 3
    ) -> dict[str, Any]:
        voice = {**self._file_fields("voice.ogg", data, "audio/ogg"), "duration": duration}
        voice["mime_type"] = "audio/ogg"
        return await self._user_message(user_id, "voice", voice=voice)

    async def send_sticker(self, user_id: int, *, emoji: str = "👍") -> dict[str, Any]:
        sticker = {
            **self._file_fields("sticker.webp", b"RIFF", "image/webp"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._user_message(user_id, "sticker", sticker=sticker)

    async def send_location(
        self, user_id: int, latitude: float = 52.37, longitude: float = 4.89
    ) -> dict[str, Any]:
        location = {"latitude": latitude, "longitude": longitude}
        return await self._user_message(user_id, "location", location=location)

    async def send_contact(self, user_id: int, phone: str, *, own: bool = True) -> dict[str, Any]:
        user = self._user(user_id)
        contact: dict[str, Any] = {"phone_number": phone, "first_name": user["first_name"]}
        if own:
            contact["user_id"] = user_id
        else:
            contact["first_name"] = "Someone Else"
        return await self._user_message(user_id, "contact", contact=contact)

    async def press(
        self, user_id: int, label: str, *, message_id: int | None = None
    ) -> dict[str, Any]:
        """Press the button labelled ``label``: an inline button on ``message_id`` (or on the
        newest bot message that has it), else a reply-keyboard button (sends its text)."""
        candidates = [
            m
            for m in reversed(self.chat(user_id))
            if m.from_bot and (message_id is None or m.message_id == message_id)
        ]
        for msg in candidates:
            for row in (msg.reply_markup or {}).get("inline_keyboard", []):
                for button in row:
                    if button.get("text") != label:
                        continue
                    if "callback_data" not in button:
                        raise LookupError(f"button {label!r} has no callback_data: {button}")
                    return await self._callback(user_id, msg, button["callback_data"])
        keyboard = next((m.reply_markup for m in candidates if m.reply_markup), None) or {}
        if any(label in row for row in button_labels(keyboard)) and "keyboard" in keyboard:
            return await self.send_text(user_id, label)
        available = next((m.buttons for m in candidates if m.buttons), [])
        raise LookupError(f"no button {label!r} in chat {user_id}; available: {available}")

    async def press_data(self, user_id: int, data: str, *, message_id: int) -> dict[str, Any]:
        """Send a callback query with arbitrary (forged or stale) data from ``message_id``."""
        msg = self.find_message(user_id, message_id)
        if msg is None:
            raise LookupError(f"no message {message_id} in chat {user_id}")
        return await self._callback(user_id, msg, data)

    async def _callback(self, user_id: int, msg: ChatMessage, data: str) -> dict[str, Any]:
        query_id = f"{user_id}{next(self._ids):08d}"
        self.callback_queries[query_id] = {
            "chat_id": msg.chat_id,
            "message_id": msg.message_id,
            "answered": False,
        }
        query = {
            "id": query_id,
            "from": dict(self._user(user_id)),
            "message": self.message_json(msg),
            "chat_instance": str(-msg.chat_id),
            "data": data,
        }
        return await self.send_update({"callback_query": query})

    async def wait_reply(
        self,
        chat_id: int,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 - part of the documented API
        allow_empty: bool = False,
    ) -> list[Outgoing]:
        """Wait until the bot answered the last update sent to ``chat_id`` (any request but a
        successful sendChatAction; refused ones count) and has handled it (a sequential bot,
        or updates delivered in process), else stayed quiet for ``quiet_seconds``; return its
        successful requests for the chat since that update.
        On timeout: raise TimeoutError, or return what there is if ``allow_empty``."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            answered = self._answered.get(chat_id, False)
            if self._knows_when_handled(chat_id):
                # Exact: the bot has finished with the update. A quiet pause proves nothing
                # on a busy machine (a slow commit between two requests).
                if self._handled(chat_id) and (answered or allow_empty):
                    break
            elif answered and now - self._last_activity.get(chat_id, 0.0) >= self.quiet_seconds:
                break
            if now >= deadline:
                if allow_empty:
                    break
                refused = [e["description"] for e in self.errors if e["chat_id"] == chat_id]
                raise TimeoutError(
                    f"bot did not answer chat {chat_id} within {timeout}s; refused: {refused}"
                )
            await asyncio.sleep(0.01)
        start = self._mark.get(chat_id, 0)
        return [o for o in self._outgoing[start:] if o.chat_id == chat_id]

    async def wait_handled(self, update_id: int, *, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """For a sequential bot: wait until it asked for updates past ``update_id``, i.e. it has
        finished handling that update (whatever the update was, even one it ignores). For
        updates delivered in process (``deliver_to``): until the callback has returned."""
        known = update_id in self._delivering or update_id in self._delivered
        if not (self.sequential_bot or known):
            raise RuntimeError("wait_handled needs StandIn(sequential_bot=True) or deliver_to")
        deadline = time.monotonic() + timeout
        while not self._update_handled(update_id):
            if time.monotonic() >= deadline:
                raise TimeoutError(f"update {update_id} not handled within {timeout}s")
            await asyncio.sleep(0.005)

    def _update_handled(self, update_id: int) -> bool:
        if update_id in self._delivered or update_id in self._dropped:
            return True
        return self.sequential_bot and self._confirmed_below > update_id

    def _knows_when_handled(self, chat_id: int) -> bool:
        pending = self._pending_update.get(chat_id)
        if pending is None:
            return False
        return self.sequential_bot or pending in self._delivering or pending in self._delivered

    def _handled(self, chat_id: int) -> bool:
        pending = self._pending_update.get(chat_id)
        return pending is not None and self._update_handled(pending)

    async def say(self, user_id: int, text: str, **kw: Any) -> list[Outgoing]:
        await self.send_text(user_id, text)
        return await self.wait_reply(user_id, **kw)

    async def tap(self, user_id: int, label: str, **kw: Any) -> list[Outgoing]:
        timeout = kw.pop("timeout", 10.0)
        await self.press(user_id, label, **kw)
        return await self.wait_reply(user_id, timeout=timeout)

    def outgoing(self, chat_id: int | None = None) -> list[Outgoing]:
        return [o for o in self._outgoing if chat_id is None or o.chat_id == chat_id]

    def chat(self, chat_id: int) -> list[ChatMessage]:
        return list(self._chats.get(chat_id, {}).values())

    def last_bot_message(self, chat_id: int) -> ChatMessage | None:
        return next((m for m in reversed(self.chat(chat_id)) if m.from_bot), None)

    def block_user(self, user_id: int, *, deactivated: bool = False) -> None:
        self._user(user_id)
        stem = "forbidden-user-is-deactivated" if deactivated else "forbidden-bot-blocked-by-user"
        self.blocked[user_id] = stem

    def unblock_user(self, user_id: int) -> None:
        self.blocked.pop(user_id, None)

    def stall(self, method: str, *, chat_id: int) -> asyncio.Event:
        """Make every ``method`` request for ``chat_id`` wait, unanswered, until the returned
        event is set (to stop a bot process while it waits for Telegram)."""
        canonical = spec.canonical_method(method)
        if canonical is None:
            raise ValueError(f"unknown Bot API method {method!r}")
        self.stalled.clear()
        release = self._stalls[(canonical, chat_id)] = asyncio.Event()
        return release

    def unstall(self, method: str, *, chat_id: int) -> None:
        canonical = spec.canonical_method(method) or method
        release = self._stalls.pop((canonical, chat_id), None)
        if release is not None:
            release.set()

    def fail_next(
        self,
        method: str,
        error: str,
        *,
        times: int = 1,
        retry_after: int | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` ("*" = any) fail with ``error``: an
        errors/ file stem ("too-many-requests", "forbidden-bot-blocked-by-user", ...) or an
        HTTP status ("429", "500", "502"). 429s carry retry_after (default 1)."""
        errors.injected(str(error), retry_after)  # fail fast on an unknown error name
        canonical = "*" if method == "*" else spec.canonical_method(method)
        if canonical is None:
            raise ValueError(f"unknown Bot API method {method!r}")
        self._fail_rules.append(_FailRule(canonical, str(error), times, retry_after, chat_id))


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _chat_object_of(update: dict[str, Any]) -> dict[str, Any] | None:
    for value in update.values():
        if not isinstance(value, dict):
            continue
        chat = value.get("chat") or (value.get("message") or {}).get("chat")
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return chat
    return None


def _chat_id_of(update: dict[str, Any]) -> int | None:
    chat = _chat_object_of(update)
    return None if chat is None else chat["id"]
