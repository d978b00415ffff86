"""The inventory's buttons: the fast packing gives aiogram's callback data, limits included."""

from __future__ import annotations

import pytest

from bot.i18n import get_i18n
from bot.ui.prompt import Ans, prompt_keyboard
from dialogs.inventory import INVENTORY


@pytest.mark.parametrize(
    ("rev", "act", "val"),
    [(0, "c", "bakery"), (17, "u", ""), (123456, "e", "employees_total"), (3, "c", "ja-nee_ü")],
)
def test_packed_is_what_aiogram_packs(rev: int, act: str, val: str) -> None:
    data = Ans.packed(rev, act, val)
    assert data == Ans(rev=rev, act=act, val=val).pack()
    assert Ans.unpack(data) == Ans(rev=rev, act=act, val=val)


def test_packed_refuses_what_aiogram_refuses() -> None:
    with pytest.raises(ValueError, match="Separator"):
        Ans.packed(1, "c", "a:b")
    with pytest.raises(ValueError, match="too long"):
        Ans.packed(1, "c", "x" * 60)


def test_every_button_of_a_question_carries_the_revision_within_telegrams_limit() -> None:
    flow = INVENTORY
    state = flow.start({})
    questions_with_options = 0
    with get_i18n().context(), get_i18n().use_locale("nl"):
        for _ in range(10):
            prompt = flow.prompt(state)
            keyboard = prompt_keyboard(prompt, 41, "nl")
            buttons = [button for row in keyboard.inline_keyboard for button in row]
            assert buttons
            for button in buttons:
                assert button.callback_data is not None
                assert len(button.callback_data.encode()) <= 64
                assert Ans.unpack(button.callback_data).rev == 41
            chosen = {Ans.unpack(b.callback_data or "").val for b in buttons} & {
                option.value for option in prompt.options
            }
            assert chosen == {option.value for option in prompt.options}
            if prompt.options:
                questions_with_options += 1
                state = flow.choose(state, prompt.options[0].value).state
            else:  # a name, a municipality or a number
                state = flow.type(state, "Bakkerij 5" if prompt.kind == "text" else "5").state
    assert questions_with_options >= 3
