"""The `tredebot` command: run, demo, migrate, score."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.config import ConfigError, load_settings


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tredebot", description="Tredebot, the PSO pre-scan bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (polling, or a webhook when WEBHOOK_URL is set)")
    demo = commands.add_parser("demo", help="chat with the bot in the terminal; no token needed")
    demo.add_argument("--lang", default="nl", help="Telegram language of the demo user (nl, en)")
    demo.add_argument("--user-id", type=int, default=1001, help="Telegram id of the demo user")
    demo.add_argument("--files", default="demo-files", help="folder for pictures and documents")
    commands.add_parser("migrate", help="apply database migrations")
    score = commands.add_parser("score", help="score a JSON answer set (see README)")
    score.add_argument("file", help="JSON file, or - for stdin")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "score":
        from pso.cli import score_main

        return score_main([args.file])
    try:
        settings = load_settings()
        if args.command == "run":
            settings.require_token()
            settings.require_webhook_secret()
    except ConfigError as error:
        print(f"tredebot: {error}", file=sys.stderr)
        return 2
    _configure_logging(settings.log_level if args.command != "demo" else "WARNING")
    if args.command == "migrate":
        from bot.db.migrate import upgrade_to_head

        upgrade_to_head(settings.database_url)
        print("tredebot: database is up to date")
        return 0
    if args.command == "run":
        from bot.app import run

        asyncio.run(run(settings))
        return 0
    from bot.demo import run_demo

    return asyncio.run(
        run_demo(settings, language=args.lang, user_id=args.user_id, files_dir=args.files)
    )


if __name__ == "__main__":
    raise SystemExit(main())
