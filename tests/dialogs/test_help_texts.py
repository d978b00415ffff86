"""Every ℹ️ text of every flow fits a phone: at most 12 lines at about 45 characters a line,
in both languages (issue 27: "ℹ️ texts at most 12 lines")."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import pytest

from bot.i18n import translate
from dialogs.flows import FLOWS
from dialogs.model import Group, Step

PHONE_WIDTH = 45
MAX_LINES = 12


def phone_lines(text: str) -> int:
    return sum(max(1, len(textwrap.wrap(line, PHONE_WIDTH))) for line in text.split("\n"))


def help_texts() -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for flow in FLOWS.values():
        for item in flow.items:
            parts: tuple[Step | Group, ...] = (
                (item, *item.item_steps) if isinstance(item, Group) else (item,)
            )
            for part in parts:
                variants = part.help_variants if isinstance(part, Step) else ()
                for n, text in enumerate((part.help, *(v for _, v in variants))):
                    if text and text not in seen:
                        seen.add(text)
                        yield f"{flow.id}.{part.id}" + (f".{n}" if n else ""), text


HELP = dict(help_texts())


def test_the_flows_have_help_texts() -> None:
    assert {"scan.target_group", "scan.contract", "scan.subsidy_ongoing"} <= set(HELP)


@pytest.mark.parametrize("locale", ["en", "nl"])
@pytest.mark.parametrize("where", sorted(HELP))
def test_an_info_text_fits_a_phone(where: str, locale: str) -> None:
    text = translate(HELP[where], locale)
    assert phone_lines(text) <= MAX_LINES, (where, phone_lines(text), text)
