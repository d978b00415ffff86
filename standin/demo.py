"""`make demo` (``python -m standin.demo``): the real bot against the local Bot API stand-in,
chatted with in the terminal. It lives beside the stand-in, outside the product package: the bot
itself never imports the stand-in, it only reaches it through ``TELEGRAM_API_URL``.

Each input line is a button number, an exact button label, or text to send. The demo waits for
the bot's whole answer before reading the next line, so a script piped to stdin prints what a
person typing the same lines would see.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import textwrap
import time
from pathlib import Path

from aiogram import Bot
from aiohttp import web

from bot.catalogues import LOCALES, CatalogueError, catalogue_dir
from bot.config import ConfigError, Settings, load_settings
from bot.db.migrate import upgrade_to_head_async
from bot.factory import Storage, create_bot, create_dispatcher, create_storage
from bot.handlers.dashboard import SIGN_IN_PATH
from bot.services import dashboard
from bot.services.campaigns.roles import Role, Staff
from bot.ui.callbacks import Ans, AnsAct
from bot.web.app import start_web
from bot.web.pages import PREFIX
from standin import ChatMessage, Outgoing, StandIn

DEMO_TOKEN = "123456:DEMO-TOKEN-NOT-SECRET"
WIDTH = 78
REPLY_TIMEOUT = 30.0
# Inventory buttons that navigate rather than answer a question.
NAVIGATION = frozenset({AnsAct.BACK, AnsAct.HELP, AnsAct.SKIP, AnsAct.UNKNOWN})


def navigates(callback_data: str) -> bool:
    try:
        return Ans.unpack(callback_data).act in NAVIGATION
    except (TypeError, ValueError):  # another kind of button
        return False


class TerminalChat:
    def __init__(self, standin: StandIn, *, user_id: int, files_dir: Path) -> None:
        self.standin = standin
        self.user_id = user_id
        self.files_dir = files_dir
        self.buttons: list[tuple[int, str]] = []  # (message_id, label) of the newest keyboard
        self.file_count = 0

    def show(self, outgoing: list[Outgoing]) -> None:
        for item in outgoing:
            if item.method in ("sendMessage", "sendPhoto", "sendDocument"):
                self._print_message(item, edited=False)
            elif item.method == "editMessageText":
                self._print_message(item, edited=True)
            elif item.method == "answerCallbackQuery" and item.text:
                print(f"  ({item.text})")
        self._collect_buttons()

    def _print_message(self, item: Outgoing, *, edited: bool) -> None:
        marker = "bot (updated)" if edited else "bot"
        print(f"\n┌─ {marker}")
        if item.file_bytes is not None:
            path = self._save_file(item)
            print(f"│ [{'picture' if item.method == 'sendPhoto' else 'document'}: {path}]")
        for paragraph in item.plain.split("\n"):
            for line in textwrap.wrap(paragraph, WIDTH - 2) or [""]:
                print(f"│ {line}")
        print("└─")

    def _keyboard_message(self) -> ChatMessage | None:
        """The newest bot message that still has buttons: the one a person would tap. A reply
        keyboard is gone once a newer message removed it (inline buttons stay)."""
        removed = False
        for message in reversed(self.standin.chat(self.user_id)):
            if not message.from_bot:
                continue
            markup = message.reply_markup or {}
            if markup.get("remove_keyboard"):
                removed = True
            elif message.buttons and not (removed and "keyboard" in markup):
                return message
        return None

    def _save_file(self, item: Outgoing) -> Path:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self.file_count += 1
        name = item.file_name or f"file-{self.file_count}"
        path = self.files_dir / f"{self.file_count:02d}-{name}"
        path.write_bytes(item.file_bytes or b"")
        return path

    def _collect_buttons(self) -> None:
        message = self._keyboard_message()
        self.buttons = []
        if message is None:
            return
        for row in message.buttons:
            for label in row:
                self.buttons.append((message.message_id, label))
        if self.buttons:
            labels = "  ".join(f"[{n}] {label}" for n, (_, label) in enumerate(self.buttons, 1))
            for line in textwrap.wrap(labels, WIDTH):
                print(f"  {line}")

    async def handle(self, line: str) -> None:
        target = self._button_for(line)
        if target is not None:
            message_id, label = target
            print(f"\n> [{label}]")
            outgoing = await self.standin.tap(self.user_id, label, message_id=message_id)
        else:
            print(f"\n> {line}")
            await self.standin.send_text(self.user_id, line)
            try:
                outgoing = await self.standin.wait_reply(self.user_id, timeout=REPLY_TIMEOUT)
            except TimeoutError:
                print("  (no answer from the bot)")
                return
        self.show(outgoing)

    def _button_for(self, line: str) -> tuple[int, str] | None:
        text = line.strip()
        for message_id, label in self.buttons:
            if label == text:
                return message_id, label
        if text.isdigit() and 1 <= int(text) <= len(self.buttons) and self._offers_choices():
            return self.buttons[int(text) - 1]
        return None

    def _offers_choices(self) -> bool:
        """False when the keyboard only navigates (back, help, skip): then a number is an answer."""
        message = self._keyboard_message()
        markup = (message.reply_markup or {}) if message else {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not navigates(button.get("callback_data", "")):
                    return True
        return False


async def start_dashboard(
    settings: Settings, storage: Storage, bot: Bot, *, user_id: int
) -> web.AppRunner | None:
    """The staff dashboard beside the chat, and a sign-in link for the demo user (an admin)."""
    if not settings.web_enabled:
        return None
    try:
        runner = await start_web(settings, storage.sessionmaker, bot)
    except OSError as error:
        print(f"Dashboard not started ({settings.web_host}:{settings.web_port}: {error.strerror});")
        print("set WEB_PORT to a free port to try it.")
        return None
    async with storage.sessionmaker() as session:
        token = await dashboard.issue_sign_in(
            session, settings, Staff(user_id=user_id, role=Role.ADMIN)
        )
    assert token is not None  # the demo's first link
    print(f"Dashboard for outreach staff: {settings.dashboard_url}{PREFIX}/")
    print(f"Sign in as the demo admin (once, within {settings.web_sign_in_minutes:g} minutes):")
    print(f"  {settings.dashboard_url}{SIGN_IN_PATH}{token}")
    print("A new link at any time: send /dashboard in the chat below.")
    print(f"The scan in a browser, as owners without Telegram do it: {settings.dashboard_url}/scan")
    return runner


async def run_demo(settings: Settings, *, language: str, user_id: int, files_dir: str) -> int:
    await upgrade_to_head_async(settings.database_url)
    # One person types one line at a time: the bot handles updates in order, and the stand-in
    # then knows exactly when an answer is complete (see StandIn.sequential_bot).
    standin = StandIn(first_update_id=int(time.time() * 10), sequential_bot=True)
    await standin.start()
    standin.add_user(user_id, first_name="Ilse", language_code=language)
    # The demo user is an admin, so the staff commands and the dashboard are there to try.
    demo_settings = settings.model_copy(
        update={
            "telegram_api_url": standin.base_url,
            "admin_ids": settings.admin_ids | {user_id},
            "web_cookie_secure": False,  # http://127.0.0.1: a Secure cookie would be dropped
        }
    )
    storage = create_storage(demo_settings)
    bot = create_bot(demo_settings, token=DEMO_TOKEN)
    dispatcher = create_dispatcher(demo_settings, storage)
    web_runner = await start_dashboard(demo_settings, storage, bot, user_id=user_id)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, handle_as_tasks=False)
    )
    chat = TerminalChat(standin, user_id=user_id, files_dir=Path(files_dir))
    print("Tredebot demo: type a message, a button number or its label; Ctrl-D ends.")
    print("Start with /start.")
    try:
        while True:
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                break
            line = line.rstrip("\n")
            if not line.strip():
                continue
            await chat.handle(line)
    finally:
        if web_runner is not None:
            await web_runner.cleanup()
        await dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await bot.session.close()
        await storage.engine.dispose()
        await standin.stop()
    print("\nDemo ended.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m standin.demo",
        description="Chat with Tredebot in the terminal against the local Bot API stand-in; "
        "no token needed.",
    )
    parser.add_argument("--lang", default="nl", help="Telegram language of the demo user (nl, en)")
    parser.add_argument("--user-id", type=int, default=1001, help="Telegram id of the demo user")
    parser.add_argument("--files", default="demo-files", help="folder for pictures and documents")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        catalogue_dir(LOCALES)
    except (ConfigError, CatalogueError) as error:
        print(f"demo: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(
        run_demo(settings, language=args.lang, user_id=args.user_id, files_dir=args.files)
    )


if __name__ == "__main__":
    raise SystemExit(main())
