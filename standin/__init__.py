"""Local stand-in for Telegram's Bot API, for tests, the terminal demo and benchmarks."""

from standin.html import HtmlParseError, parse_html, plain_text
from standin.models import ChatMessage, Outgoing
from standin.server import StandIn

__all__ = ["ChatMessage", "HtmlParseError", "Outgoing", "StandIn", "parse_html", "plain_text"]
