"""The HTML parser on its own, including a property test against aiogram's own escaping."""

from __future__ import annotations

from aiogram.utils.text_decorations import html_decoration
from hypothesis import given
from hypothesis import strategies as st

from standin import parse_html, plain_text


@given(st.text())
def test_escaped_text_round_trips(text: str) -> None:
    plain, entities = parse_html(f"<b>{html_decoration.quote(text)}</b>")
    assert plain == text
    assert entities == (
        [{"type": "bold", "offset": 0, "length": len(text.encode("utf-16-le")) // 2}]
        if text
        else []
    )


def test_entities_use_utf16_offsets() -> None:
    plain, entities = parse_html("😀 <i>x</i>")
    assert plain == "😀 x" and entities == [{"type": "italic", "offset": 3, "length": 1}]


def test_error_offsets_are_in_bytes() -> None:
    try:
        parse_html("één <p>")
    except ValueError as exc:
        assert str(exc) == 'Unsupported start tag "p" at byte offset 6'
    else:
        raise AssertionError("expected a parse error")


def test_plain_text_is_lenient() -> None:
    assert plain_text("<b>a</b> &amp; b") == "a & b"
    assert plain_text("<b>a</b>", None) == "<b>a</b>"
    assert plain_text("broken <p>x") == "broken x"
