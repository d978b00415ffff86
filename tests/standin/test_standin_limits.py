"""Telegram's limits, enforced through real aiogram calls."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from standin import StandIn
from tests.standin.standin_support import USER


def keyboard(**button: str) -> InlineKeyboardMarkup:
    markup = [[InlineKeyboardButton.model_validate({"text": "Go", **button})]]
    return InlineKeyboardMarkup(inline_keyboard=markup)


async def test_text_length_counts_after_html_parsing(bot: Bot, standin: StandIn) -> None:
    await bot.send_message(USER, "x" * 4096)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "x" * 4097)
    # tags and entities do not count: 4096 visible characters
    msg = await bot.send_message(
        USER, "<b>" + "&amp;" * 4000 + "</b>" + "y" * 96, parse_mode="HTML"
    )
    assert msg.text == "&" * 4000 + "y" * 96
    assert msg.entities and msg.entities[0].type == "bold"
    assert standin.errors[-1]["description"] == "Bad Request: message is too long"


async def test_empty_text_is_refused(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")


async def test_caption_limit(bot: Bot) -> None:
    from aiogram.types import BufferedInputFile

    photo = BufferedInputFile(b"png", "p.png")
    await bot.send_photo(USER, photo, caption="c" * 1024)
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(USER, photo, caption="c" * 1025)


async def test_callback_data_is_limited_to_64_bytes(bot: Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard(callback_data="é" * 32))  # 64 bytes
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "no", reply_markup=keyboard(callback_data="é" * 32 + "x"))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "no", reply_markup=keyboard(callback_data="a" * 65))


async def test_button_url_must_look_like_a_url(bot: Bot) -> None:
    await bot.send_message(USER, "ok", reply_markup=keyboard(url="https://example.org/x"))
    with pytest.raises(TelegramBadRequest, match="BUTTON_URL_INVALID"):
        await bot.send_message(USER, "no", reply_markup=keyboard(url="not a url"))


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("Tom & Jerry", "Character '&' is reserved"),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_invalid_html_is_refused(bot: Bot, html: str, detail: str) -> None:
    with pytest.raises(TelegramBadRequest) as info:
        await bot.send_message(USER, html, parse_mode="HTML")
    assert info.value.message.startswith("Bad Request: can't parse entities: ")
    assert detail in info.value.message


async def test_valid_html_is_accepted(bot: Bot) -> None:
    html = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><del>d</del>"
        '<span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler>'
        '<a href="https://example.org/?a=1&amp;b=2">link</a><code>c</code>'
        '<pre><code class="language-python">x = 1</code></pre>'
        "<blockquote expandable>quote</blockquote> &lt;&gt;&quot;&#233;&#x1F600;"
    )
    msg = await bot.send_message(USER, html, parse_mode="HTML")
    assert msg.text is not None and msg.text.endswith(' <>"é😀')


async def test_message_not_modified(bot: Bot) -> None:
    msg = await bot.send_message(USER, "same", reply_markup=keyboard(callback_data="a"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            text="same",
            chat_id=USER,
            message_id=msg.message_id,
            reply_markup=keyboard(callback_data="a"),
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=USER, message_id=msg.message_id, reply_markup=keyboard(callback_data="a")
        )
    # without reply_markup the keyboard goes away, which is a modification
    edited = await bot.edit_message_text(text="same", chat_id=USER, message_id=msg.message_id)
    assert not isinstance(edited, bool) and edited.reply_markup is None


async def test_edit_and_delete_missing_messages(bot: Bot, standin: StandIn) -> None:
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="x", chat_id=USER, message_id=999)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, 999)
    msg = await bot.send_message(USER, "bye")
    assert await bot.delete_message(USER, msg.message_id)
    assert standin.chat(USER) == []


async def test_unknown_chat(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(777, "hello stranger")


async def test_answer_callback_limits(bot: Bot, standin: StandIn) -> None:
    msg = await bot.send_message(USER, "pick", reply_markup=keyboard(callback_data="go"))
    update = await standin.press(USER, "Go", message_id=msg.message_id)
    query_id = update["callback_query"]["id"]
    with pytest.raises(TelegramBadRequest):
        await bot.answer_callback_query(query_id, text="t" * 201)
    assert await bot.answer_callback_query(query_id, text="done")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)
    assert standin.callback_answers == [{"callback_query_id": query_id, "text": "done"}]


async def test_chat_action_must_be_known(bot: Bot) -> None:
    assert await bot.send_chat_action(USER, "typing")
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(USER, "dancing")
