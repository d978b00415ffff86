"""Every button's callback data: typed `CallbackData` classes with bounded fields.

Telegram sends a button's data back as the user taps it, and anyone can send any data, so each
field is bounded: numbers to what the database can hold (or a tighter range), words to a fixed
set, free values to a short pattern. Data that does not unpack into one of these classes matches
no handler and gets the fallback's "this button no longer works" (bot/handlers/fallback.py).
Packed, each stays well within Telegram's 64 bytes (tests/test_callbacks.py).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.db.models import JobRole, ReminderKind

RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a row's id in the database
UserId = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a Telegram user id
Revision = Annotated[int, Field(ge=0, le=2**31 - 1)]
Key = Annotated[str, Field(max_length=32, pattern=r"^[a-z0-9_]*$")]  # an option's or step's key


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"


# --- start, language, help --------------------------------------------------------------------
class GoAct(StrEnum):
    START = "start"
    CONTINUE = "continue"
    RESTART = "restart"
    HELP = "help"


class Go(CallbackData, prefix="go"):
    """The greeting's and the reminders' ways into the scan."""

    act: GoAct


class Lang(CallbackData, prefix="lang"):
    code: Literal["nl", "en"]


class Restart(CallbackData, prefix="rs"):
    """The answer to "start the scan again from the beginning?"."""

    answer: YesNo


# --- the inventory ----------------------------------------------------------------------------
class AnsAct(StrEnum):
    CHOOSE = "c"
    BACK = "b"
    SKIP = "s"
    UNKNOWN = "u"
    HELP = "h"
    EDIT = "e"  # review: change this answer
    EDIT_MENU = "m"  # review: show the answers to change
    OVERVIEW = "v"  # review: back from that menu
    RESULT = "r"  # review: show my result


class Ans(CallbackData, prefix="i"):
    """An inventory button. `rev` is the scan's revision when the button was drawn, so an old
    or doubled tap is recognised."""

    rev: Revision
    act: AnsAct
    val: Key = ""


# --- the result and what-if -------------------------------------------------------------------
class WhatIfAct(StrEnum):
    START = "s"
    GROUP = "g"
    CONTRACT = "c"
    BACK = "b"
    STOP = "x"
    PDF = "p"


class WhatIf(CallbackData, prefix="w"):
    """The result's PDF and the what-if explorer (imagined people; never stored as answers)."""

    result: RowId
    act: WhatIfAct
    val: Key = ""


class HiredAct(StrEnum):
    START = "s"
    GROUP = "g"
    CONTRACT = "c"
    MONTH = "m"  # val: "this" or "last" (other months are typed)
    SAVE = "ok"
    BACK = "b"
    STOP = "x"


class Hired(CallbackData, prefix="hd"):
    """ "I hired this person": a real hire, added to the latest result's answers. `result` is the
    result the button was drawn under (the hire always goes onto the latest one)."""

    result: RowId
    act: HiredAct
    val: Key = ""


# --- consent to be contacted ------------------------------------------------------------------
class ConsentAct(StrEnum):
    OFFER = "o"
    BEGIN = "y"
    DECLINE = "n"
    USE_ORG_NAME = "org"
    USE_MY_NAME = "me"
    DONT_SHARE = "skip"
    SHARE_LEVEL = "lvy"
    KEEP_LEVEL = "lvn"
    CONFIRM = "ok"
    CANCEL = "x"
    WITHDRAW = "w"


class Consent(CallbackData, prefix="ct"):
    act: ConsentAct
    campaign: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0


# --- privacy ----------------------------------------------------------------------------------
class PrivacyAct(StrEnum):
    EXPORT = "export"
    DELETE = "delete"  # asks first
    ERASE = "erase"  # yes, delete everything
    KEEP = "keep"


class Privacy(CallbackData, prefix="pv"):
    act: PrivacyAct


# --- reminders --------------------------------------------------------------------------------
class ReminderToggle(CallbackData, prefix="rmt"):
    """/reminders: switch a kind on or off."""

    kind: ReminderKind
    on: bool


class ReminderStop(CallbackData, prefix="rmoff"):
    """The stop button under every reminder."""

    kind: ReminderKind


class CheckIn(CallbackData, prefix="rma"):
    """A check-in's answer."""

    reminder: RowId
    answer: YesNo


class FollowUp(CallbackData, prefix="rmopt"):
    """The result's "remind me along the way"."""

    result: RowId


class Certificate(CallbackData, prefix="rmc"):
    """The certificate's expiry: no year yet (0) asks the year, no month (0) the month."""

    year: Annotated[int, Field(ge=0, le=2100)] = 0
    month: Annotated[int, Field(ge=0, le=12)] = 0


# --- staff ------------------------------------------------------------------------------------
class CampaignAct(StrEnum):
    DETAILS = "d"
    CHART = "c"
    KIT = "q"  # link, QR code and poster
    CONTACTS = "k"
    EXPORT = "e"
    SKIP_CONTACT = "s"  # while a campaign is being made: no contact for owners


class Camp(CallbackData, prefix="cm"):
    id: RowId
    act: CampaignAct
    days: Annotated[int, Field(ge=0, le=366)] = 0  # a period of the statistics; 0 = all


class CampOrg(CallbackData, prefix="co"):
    """An admin's campaign being made: the organisation it is for."""

    draft: RowId
    org: RowId


class StaffActKind(StrEnum):
    INVITE = "i"  # a new invite: which organisation?
    INVITE_ORG = "o"  # into `org`: which job role?
    INVITE_ROLE = "j"  # into `org` as `role`: the link
    REVOKE = "r"


class StaffAct(CallbackData, prefix="sf"):
    act: StaffActKind
    user: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    org: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    role: JobRole | None = None
