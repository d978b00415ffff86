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


# --- every flow's questions (the scan, what-if, a hire, the consent, a campaign) -------------
class AnsAct(StrEnum):
    CHOOSE = "c"
    BACK = "b"
    SKIP = "s"
    UNKNOWN = "u"
    HELP = "h"
    EDIT = "e"  # review: change this answer
    EDIT_MENU = "m"  # review: show the answers to change
    OVERVIEW = "v"  # review: back from that menu
    FINISH = "r"  # review: that's right (show my result, add this person, share this)
    STOP = "x"  # leave the flow, nothing stored (not the scan: /restart is its way out)


class Ans(CallbackData, prefix="a"):
    """A button of the open conversation's question. `conv` and `rev` are the conversation
    and its revision when the button was drawn, so a tap on an old or another flow's message,
    or a doubled tap, is recognised."""

    conv: RowId
    rev: Revision
    act: AnsAct
    val: Annotated[str, Field(max_length=20, pattern=r"^[a-z0-9_]*$")] = ""


class FlowKey(StrEnum):
    """The flows a button can start (dialogs/flows)."""

    SCAN = "scan"
    WHAT_IF = "what_if"
    HIRED = "hired"
    CONSENT = "consent"
    CAMPAIGN = "campaign"


class Switch(CallbackData, prefix="sw"):
    """ "Leave what you are doing for this?": `leave` the open conversation `conv` and start
    `flow` (about `subject`: a result or a campaign), or stay."""

    conv: RowId
    flow: FlowKey
    subject: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    leave: bool


# --- the result and what-if -------------------------------------------------------------------
class WhatIfAct(StrEnum):
    START = "s"
    PDF = "p"
    DETAILS = "d"  # the result's details and costs, one tap away
    SUPPORT = "u"  # the support that may apply to each counted person, one tap away


class WhatIf(CallbackData, prefix="w"):
    """The result's PDF and the start of a what-if (its questions are `Ans` buttons)."""

    result: RowId
    act: WhatIfAct


class Hired(CallbackData, prefix="hd"):
    """ "I hired someone": starts recording a real hire on the result the button was drawn
    under, if it is still the latest (its questions are `Ans` buttons)."""

    result: RowId


# --- consent to be contacted ------------------------------------------------------------------
class ConsentAct(StrEnum):
    OFFER = "o"
    BEGIN = "y"  # starts choosing what to share (its questions are `Ans` buttons)
    DECLINE = "n"
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


class Camp(CallbackData, prefix="cm"):
    id: RowId
    act: CampaignAct
    days: Annotated[int, Field(ge=0, le=366)] = 0  # a period of the statistics; 0 = all


class StaffActKind(StrEnum):
    INVITE = "i"  # a new invite: which organisation?
    INVITE_ORG = "o"  # into `org`: which job role?
    INVITE_ROLE = "j"  # into `org` as `role`: the link
    REVOKE = "r"  # the list's button: asks first
    REVOKE_YES = "y"  # the question's yes
    KEEP = "k"  # the question's no
    REINSTATE = "u"  # undo a revoke


class StaffAct(CallbackData, prefix="sf"):
    act: StaffActKind
    user: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    org: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    role: JobRole | None = None


# --- pages of the staff's lists (bot/ui/paging.py) --------------------------------------------
PageNumber = Annotated[int, Field(ge=0, le=9999)]  # clamped to the last page when shown


class AuditPage(CallbackData, prefix="au"):
    page: PageNumber


class CampaignsPage(CallbackData, prefix="cl"):
    page: PageNumber


class TeamPage(CallbackData, prefix="tm"):
    page: PageNumber


class ContactsPage(CallbackData, prefix="ck"):
    id: RowId  # the campaign
    page: PageNumber
