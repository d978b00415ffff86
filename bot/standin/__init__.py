"""Local stand-in for Telegram's Bot API, for tests, the terminal demo and benchmarks."""

from bot.standin.html import HtmlParseError, parse_html, plain_text
from bot.standin.models import ChatMessage, Outgoing
from bot.standin.server import StandIn

__all__ = ["ChatMessage", "HtmlParseError", "Outgoing", "StandIn", "parse_html", "plain_text"]
