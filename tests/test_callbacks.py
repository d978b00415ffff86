"""Callback data: every button's data is a typed class with bounded fields (bot/ui/callbacks.py)."""

from __future__ import annotations

import pytest
from aiogram.filters.callback_data import CallbackData

from bot.db.models import JobRole, ReminderKind
from bot.i18n import get_i18n
from bot.ui.callbacks import (
    Ans,
    AnsAct,
    AuditPage,
    Camp,
    CampaignAct,
    CampaignsPage,
    Certificate,
    CheckIn,
    Consent,
    ConsentAct,
    ContactsPage,
    FlowKey,
    FollowUp,
    Go,
    GoAct,
    Hired,
    Lang,
    Privacy,
    PrivacyAct,
    ReminderStop,
    ReminderToggle,
    Restart,
    StaffAct,
    StaffActKind,
    Switch,
    TeamPage,
    WhatIf,
    WhatIfAct,
    YesNo,
)
from bot.ui.prompt import prompt_keyboard
from dialogs.engine import Accepted, FlowState, Outcome
from dialogs.flows.scan import SCAN

# Each class with its biggest legal values: packed, it must stay within Telegram's 64 bytes.
BIGGEST = [
    Ans(conv=2**63 - 1, rev=2**31 - 1, act=AnsAct.EDIT_MENU, val="x" * 20),
    Switch(conv=2**63 - 1, flow=FlowKey.CAMPAIGN, subject=2**63 - 1, leave=False),
    WhatIf(result=2**63 - 1, act=WhatIfAct.START),
    Hired(result=2**63 - 1),
    Consent(act=ConsentAct.WITHDRAW, campaign=2**63 - 1),
    CheckIn(reminder=2**63 - 1, answer=YesNo.YES),
    FollowUp(result=2**63 - 1),
    Certificate(year=2100, month=12),
    ReminderToggle(kind=ReminderKind.SCAN, on=True),
    ReminderStop(kind=ReminderKind.SCAN),
    Camp(id=2**63 - 1, act=CampaignAct.EXPORT, days=366),
    StaffAct(act=StaffActKind.REVOKE, user=2**63 - 1),
    StaffAct(
        act=StaffActKind.INVITE_ROLE, user=2**63 - 1, org=2**63 - 1, role=JobRole.EMPLOYER_ADVISER
    ),
    Go(act=GoAct.CONTINUE),
    Lang(code="en"),
    Restart(answer=YesNo.YES),
    Privacy(act=PrivacyAct.EXPORT),
    AuditPage(page=9999),
    CampaignsPage(page=9999),
    TeamPage(page=9999),
    ContactsPage(id=2**63 - 1, page=9999),
]


@pytest.mark.parametrize("data", BIGGEST, ids=lambda data: type(data).__name__)
def test_every_callback_fits_telegrams_64_bytes_and_reads_back(data: CallbackData) -> None:
    packed = data.pack()
    assert len(packed.encode()) <= 64
    assert type(data).unpack(packed) == data


@pytest.mark.parametrize(
    ("kind", "forged"),
    [
        (Ans, "a:1:1:z:"),  # no such act
        (Ans, "a:1:-1:c:bakery"),
        (Ans, "a:0:1:c:bakery"),  # no conversation 0
        (Ans, "a:99999999999999999999999:1:c:bakery"),
        (Ans, "a:1:1:c:<b>"),
        (Ans, "a:1:1:c:" + "x" * 21),
        (Ans, "i:1:c:bakery"),  # a question's button from before conversations had ids
        (Switch, "sw:1:poll:0:1"),  # no such flow
        (WhatIf, "w:99999999999999999999999:p:"),
        (WhatIf, "w:0:p:"),
        (WhatIf, "w:1:k:"),  # "keep in my answers" is gone: a what-if never changes them
        (Hired, "hd:0"),
        (Hired, "hd:<b>"),
        (Consent, "ct:o:99999999999999999999999"),
        (CheckIn, "rma:99999999999999999999999:yes"),
        (CheckIn, "rma:1:maybe"),
        (FollowUp, "rmopt:1e5"),
        (Certificate, "rmc:9999:12"),
        (Certificate, "rmc:2027:13"),
        (ReminderToggle, "rmt:holidays:1"),
        (Camp, "cm:99999999999999999999999:d:0"),
        (Camp, "cm:1:d:100000"),
        (StaffAct, "sf:r:99999999999999999999999"),
        (Lang, "lang:de"),
        (Go, "go:start:extra"),
    ],
)
def test_forged_data_matches_no_button(kind: type[CallbackData], forged: str) -> None:
    # The filter of each handler (CallbackData.filter) treats these errors as "no match", so
    # the fallback answers "this button no longer works" (tests/faults/test_fuzz.py end to end).
    with pytest.raises((TypeError, ValueError)):
        kind.unpack(forged)


def accepted(outcome: Outcome) -> FlowState:
    assert isinstance(outcome, Accepted), outcome
    return outcome.state


def test_every_button_of_a_question_carries_the_revision_within_telegrams_limit() -> None:
    flow = SCAN
    state = flow.start({"today": "2026-12-06"})
    questions_with_options = 0
    with get_i18n().context(), get_i18n().use_locale("nl"):
        for _ in range(10):
            prompt = flow.prompt(state)
            keyboard = prompt_keyboard(prompt, 2**63 - 1, 41, "nl", stop="✖️ Stop")
            buttons = [button for row in keyboard.inline_keyboard for button in row]
            assert buttons
            for button in buttons:
                assert button.callback_data is not None
                assert len(button.callback_data.encode()) <= 64
                assert Ans.unpack(button.callback_data).rev == 41
                assert Ans.unpack(button.callback_data).conv == 2**63 - 1
            chosen = {Ans.unpack(b.callback_data or "").val for b in buttons} & {
                option.value for option in prompt.options
            }
            assert chosen == {option.value for option in prompt.options}
            if prompt.options:
                questions_with_options += 1
                state = accepted(flow.choose(state, prompt.options[0].value))
            else:  # a name, a municipality or a number
                state = accepted(flow.type(state, "Bakkerij 5" if prompt.kind == "text" else "5"))
    assert questions_with_options >= 3
