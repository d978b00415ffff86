"""Building blocks of a flow: steps, groups, options, problems. Pure data, no behaviour."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dialogs.messages import GROUP_ADD, GROUP_DONE


class StepKind(StrEnum):
    CHOICE = "choice"
    NUMBER = "number"
    TEXT = "text"
    MONTH = "month"  # typed "3-2024", "maart 2024" …, stored "YYYY-MM" (parsed by `Step.parse`)
    GROUP_OVERVIEW = "group_overview"
    REVIEW = "review"
    DONE = "done"  # the flow is complete (nothing is asked)


@dataclass(frozen=True)
class Problem:
    """Why an input was not accepted. `msgid` is an English N_() string with {placeholders}."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)


UNKNOWN = "unknown"  # the stored answer "not known yet", at every kind of step


class MonthParam(str):
    """A "YYYY-MM" value among a text's parameters: shown as the month's name in the reader's
    language ("december 2026")."""

    __slots__ = ()


class MsgidParam(str):
    """An N_() msgid among a text's parameters: translated before it is filled in."""

    __slots__ = ()


@dataclass(frozen=True)
class Reading:
    """One way to read a doubtful answer ("Yes, 8.5 FTE" / "No, 8.5 hours a week in total").

    Tapping it stores `value` at the step `at` (a top-level step id; None: the doubted step
    itself) after setting the answers in `also` (e.g. {"size_unit": "hours"})."""

    label: str  # msgid, formatted with `params`
    value: Any
    params: Mapping[str, Any] = field(default_factory=dict)
    at: str | None = None
    also: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Doubt:
    """An answer a person would question: asked back ("Is that right?") with its readings as
    buttons, stored only after one is tapped. `msgid` is an N_() string with {placeholders}."""

    msgid: str
    readings: tuple[Reading, ...]
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    """A button. `label` is an N_() msgid, formatted with `params` after translation."""

    value: str  # <= 20 chars of [a-z0-9_]: it travels in Telegram callback_data
    label: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # The stored answer when it differs from `value` (keys of weights.csv can be too long
    # for callback data, e.g. "young_disabled_with_provision").
    stores: str | None = None
    # What the answer reads as under the question's label (the review, the ✅ line after a
    # tap) when the button's words would read oddly there ("I don't know yet" → "not known
    # yet"); "" shows nothing (another step shows the answer, e.g. the month itself). Words
    # that repeat the label read twice ("Started: started 5+ years ago"): leave them out.
    shown: str | None = None
    # What it reads as in a person's one-line summary, where no label names the question
    # ("subsidy still paid"); None: as `shown`.
    summary: str | None = None

    @property
    def key(self) -> str:
        return self.stores if self.stores is not None else self.value


@dataclass(frozen=True)
class Ctx:
    """What a step's callables see: all answers, the campaign context and, inside a group,
    the current item (a person) and its 0-based index."""

    answers: Mapping[str, Any]
    context: Mapping[str, Any] = field(default_factory=dict)
    item: Mapping[str, Any] | None = None
    index: int | None = None


Predicate = Callable[[Ctx], bool]
Check = Callable[[Any, Ctx], Problem | None]  # cross-answer validation of a parsed value
# Typed text read by a step itself: a choice step returns the option value it names, a month
# step the value to store; a Problem re-asks; None: not understood (a choice step then says
# "use the buttons").
Parse = Callable[[str, Ctx], Any]
# An answer that passed validation but that a person would question (see Doubt); None: fine.
Sense = Callable[[Any, Ctx], "Doubt | None"]


@dataclass(frozen=True)
class NumberSpec:
    """Bounds of a number step; `minimum`/`maximum` are inclusive, `positive` means > 0."""

    integer: bool = False
    positive: bool = True
    minimum: float | None = None
    maximum: float | None = None
    too_low: str | None = None  # msgid, params {"value", "min"}
    too_high: str | None = None  # msgid, params {"value", "max"}
    unit: str | None = None  # msgid for review display, e.g. "FTE"
    unit_one: str | None = None  # the unit's msgid for exactly 1 ("person" beside "people")


@dataclass(frozen=True)
class Step:
    """One question. `id` is also the answer key (or the item key inside a group)."""

    id: str
    kind: StepKind
    text: str
    label: str  # short label for the review
    help: str | None = None
    hint: str | None = None
    # Alternative question texts: the first whose predicate holds replaces `text`.
    text_variants: tuple[tuple[Predicate, str], ...] = ()
    # Alternative labels and ℹ️ texts, chosen alike (a label names the question asked; a help
    # text describes only the buttons shown).
    label_variants: tuple[tuple[Predicate, str], ...] = ()
    help_variants: tuple[tuple[Predicate, str], ...] = ()
    text_params: Callable[[Ctx], Mapping[str, Any]] | None = None
    options: tuple[Option, ...] | Callable[[Ctx], tuple[Option, ...]] = ()
    # Maps a pressed option value to the stored value (number steps, suggestions).
    resolve: Callable[[str, Ctx], Any] | None = None
    applies: Predicate | None = None
    number: NumberSpec | None = None
    max_length: int = 100  # text steps
    empty_problem: str | None = None  # text steps
    check: Check | None = None
    can_skip: bool = False
    skip_value: Any = None
    skip_label: str | None = None  # msgid of the skip button when not "Skip" ("Don't share")
    # Telegram's "share my phone number" answers this step (its number is typed in for it).
    takes_contact: bool = False
    can_unknown: bool = False
    unknown_value: Any = UNKNOWN  # stored for "I don't know yet"; shown as "not known yet"
    sense: Sense | None = None  # typed or tapped answers a person would question
    parse: Parse | None = None
    # A choice step: typed text that `parse` does not take chooses this option and answers
    # the step it opens with the same text ("3-2024" typed at "when did they start?").
    typed_option: str | None = None
    # Answers that end the flow at once, without its review ("No, thank you" to "may they
    # contact you?"); the steps after it apply only to the other answers.
    ends_flow: frozenset[str] = frozenset()
    # Month steps: how the month reads under the label, a msgid with {month}; `summary`: in
    # a person's one-line summary (None: as `shown`).
    shown: str | None = None
    summary: str | None = None
    section: Section | None = None  # this step starts a part of the inventory


@dataclass(frozen=True)
class Section:
    """Marks the first item of a part of the inventory; the progress line names the part."""

    label: str  # msgid


@dataclass(frozen=True)
class Alternative:
    """A group's "the same, but another answer" action: its overview offers `label` (a msgid,
    {n} the person compared with) for the last item that is not an alternative itself; tapping
    it starts a new item with that item's `keep` answers copied, which asks only the other
    steps, and marks it with `key`: the 1-based number of the item it is compared with. The
    flow's service decides what an alternative means (the what-if: instead of that person)."""

    label: str
    keep: tuple[str, ...]
    key: str = "instead_of"


@dataclass(frozen=True)
class Group:
    """A repeatable group of sub-steps (one round per item) followed by an overview step
    with add / edit_N / remove_N / done. Stored as a list of dicts under `id`."""

    id: str
    text: str  # overview question
    label: str
    item_steps: tuple[Step, ...]
    help: str | None = None
    hint: str | None = None
    applies: Predicate | None = None
    max_items: Callable[[Ctx], int] | None = None
    too_many: str | None = None  # msgid, params {"max"}
    check: Callable[[Ctx], Problem | None] | None = None  # whole-list validation
    hard_limit: int = 50  # keeps the overview keyboard within Telegram's limits
    section: Section | None = None
    # The overview's buttons: "add" and "done" with these labels (msgids, {n} the count),
    # "another like person N" (`copies`), "edit person N" (`edits`), "remove person N".
    add_label: str = GROUP_ADD
    done_label: str = GROUP_DONE
    copies: bool = True
    edits: bool = True
    alternative: Alternative | None = None


Item = Step | Group
