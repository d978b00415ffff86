"""The `tredebot` command: run, migrate, score, support."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime

from bot.catalogues import LOCALES, CatalogueError, catalogue_dir
from bot.config import ConfigError, load_settings
from pso.support import SupportDataError, load_support
from pso.support_texts import check_sayable


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tredebot", description="Tredebot, the PSO pre-scan bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (polling, or a webhook when WEBHOOK_URL is set)")
    commands.add_parser("migrate", help="apply database migrations")
    score = commands.add_parser("score", help="score a JSON answer set (see README)")
    score.add_argument("file", help="JSON file, or - for stdin")
    support = commands.add_parser(
        "support", help="the support that may apply per employee and for a hire (see README)"
    )
    support.add_argument("file", help="JSON file, or - for stdin")
    return parser


# The terminal demo wires the bot to the Bot API stand-in, a test double that is not part of the
# installed bot; it runs from a checkout.
DEMO_MOVED = "tredebot: the demo runs from a checkout of the repository: use `make demo`"


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["demo"]:
        print(DEMO_MOVED, file=sys.stderr)
        return 2
    args = build_parser().parse_args(arguments)
    try:
        settings = load_settings()
        if args.command == "run":
            settings.require_token()
            settings.require_webhook_secret()
            settings.require_mail_sender()
            catalogue_dir(LOCALES)  # compiled if needed, before anything connects or migrates
            check_sayable(load_support())  # the support data, read and checked whole
    except (ConfigError, CatalogueError) as error:
        print(f"tredebot: {error}", file=sys.stderr)
        return 2
    except SupportDataError as error:
        print(f"tredebot: support data (pso/data/support.toml): {error}", file=sys.stderr)
        return 2
    if args.command == "score":
        from pso.cli import score_main

        # Without an as_of in the answers: today where the bot's owners are (TZ_NAME).
        return score_main([args.file], today=datetime.now(settings.tz).date())
    if args.command == "support":
        from pso.cli import support_main

        return support_main([args.file], today=datetime.now(settings.tz).date())
    _configure_logging(settings.log_level)
    from bot.db.migrate import DatabaseUnavailable, upgrade_or_explain
    from bot.runtime.servers import CannotListen

    try:
        if args.command == "migrate":
            upgrade_or_explain(settings.database_url)
            print("tredebot: database is up to date")
            return 0
        import uvloop

        from bot.app import run

        # libuv's event loop (aiogram's "fast" extra): the same asyncio API, with less CPU per
        # update than the standard library's (docs/running-at-scale.md).
        uvloop.run(run(settings))
    except CannotListen as error:  # a port taken: one line, no traceback
        print(f"tredebot: {error}", file=sys.stderr)
        return 1
    except DatabaseUnavailable as error:
        if not error.told:  # the migration's child process may have said it already
            print(f"tredebot: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
