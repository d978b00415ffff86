"""A small, pure dialog engine: every question-by-question flow is data on it (the scan, the
what-if, a recorded hire, the consent to be contacted, a campaign's creation: `dialogs/flows/`);
no aiogram, no database.

Positions (the serialisable cursor):
    "<step_id>"                  a top-level step
    "<group_id>.<n>.<step_id>"   sub-step of item n (1-based) of a repeatable group
    "<group_id>"                 the group's overview (add / edit_N / remove_N / done)
    "review"                     the review of all answers (flows with `review=True`)
    "done"                       the flow is complete: its service stores the outcome

A flow ends at "done": from the review with `finish`, or, without a review, right after its
last answer. What a flow's answers lead to (a result, a recorded hire, a consent, a campaign) is
written by the bot's service for that flow when it reaches "done", never earlier.

Navigation is computed from the answers on every call (`_sequence`), so branches, added
persons and edits from the review never leave a stale path behind, and a position that no
longer exists (e.g. after an update of the inventory) is repaired by `resume`.

Unknown stays unknown: "I don't know yet" (the button, or typed as "weet ik niet", "geen
idee", "dunno" …) stores `Step.unknown_value` ("unknown"), shown as "not known yet"; it is
never stored as a name, a place or a default number. An answer a person would question
(`Step.sense`, or a parse hook returning a `Doubt`) is asked back with its readings as buttons
and kept under `DOUBT_KEY` in the answers (persisted, never assessed) until one is tapped.

Progress is the part of the inventory (`Section`) and, in a group, the person: it only moves
forward, however many persons are added.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from dialogs import messages as m
from dialogs.model import (
    Ctx,
    Doubt,
    Group,
    Item,
    Option,
    Predicate,
    Problem,
    Reading,
    Step,
    StepKind,
)
from dialogs.parse.names import match_label
from dialogs.parse.numbers import read_number
from dialogs.parse.phrases import (
    clean_text,
    has_letter_or_digit,
    means_confirm,
    means_skip,
    means_unknown,
    option_phrase,
)

__all__ = [
    "Accepted",
    "Doubt",
    "Flow",
    "FlowState",
    "Option",
    "Outcome",
    "Problem",
    "Prompt",
    "Reading",
    "Rejected",
    "ReviewLine",
    "StepKind",
]

REVIEW = "review"
DONE = "done"
CONTEXT_KEY = "_context"  # campaign context kept inside the answers so that it is persisted
DOUBT_KEY = "_doubt"  # an answer asked back ("Is that right?"), not stored yet
_CHANGE = "change"  # the doubt's "let me type it again"
_COPY_MAX = 5  # "how many more like person N?" offers 1..5 as buttons (more can be typed)
_GROUP_POS = re.compile(r"^([a-z0-9_]+)\.([1-9][0-9]{0,3})\.([a-z0-9_]+)$")
_YEAR_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
_TYPED = (StepKind.NUMBER, StepKind.TEXT, StepKind.MONTH)
# Typed words for the "don't know" and "skip" buttons, as pseudo options for label matching.
UNKNOWN_BUTTON = "_unknown"
SKIP_BUTTON = "_skip"

# Display values (for review lines, `Prompt.current` and group items), all JSON-friendly:
#   ("choice", label_msgid[, params])   ("number", value, unit_msgid | None)   ("text", str)
#   ("month", "YYYY-MM", template_msgid | None)   ("skipped",)   ("unknown",)   ("missing",)
#   ("group", ((display, ...), ...))  one tuple per item
Display = tuple[Any, ...]


@dataclass(frozen=True)
class FlowState:
    answers: dict[str, Any]
    position: str
    return_to_review: bool = False

    def to_json(self) -> str:
        return json.dumps(
            {
                "answers": self.answers,
                "position": self.position,
                "return_to_review": self.return_to_review,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @property
    def context(self) -> Mapping[str, Any]:
        context = self.answers.get(CONTEXT_KEY)
        return context if isinstance(context, Mapping) else {}

    def with_context(self, **values: Any) -> FlowState:
        """The same state with these context values set (e.g. `today`, refreshed by the service
        on every load: the engine never reads a clock)."""
        answers = {**self.answers, CONTEXT_KEY: {**self.context, **values}}
        return FlowState(answers, self.position, self.return_to_review)

    @classmethod
    def from_json(cls, text: str) -> FlowState:
        """Raises ValueError on anything that isn't a stored FlowState."""
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            raise ValueError("not a FlowState")
        position = data.get("position")
        if not isinstance(position, str):
            raise ValueError("not a FlowState")
        return cls(data["answers"], position, bool(data.get("return_to_review", False)))


@dataclass(frozen=True)
class Prompt:
    position: str
    step_id: str
    kind: StepKind
    text: str
    text_params: Mapping[str, Any]
    help: str | None
    options: tuple[Option, ...]
    allow_text: bool
    can_back: bool
    can_skip: bool
    can_unknown: bool
    # (part, parts): the part of the inventory this question is in; only moves forward.
    progress: tuple[int, int]
    hint: str | None
    current: Display | None = None  # the stored answer, when revisiting a step
    problem: Problem | None = None  # why a stored answer must be changed (after an edit)
    items: tuple[tuple[Display, ...], ...] = ()  # group overview: one tuple per item
    section: str = ""  # the part's label (msgid)
    person: int | None = None  # inside a group: the person (1-based)
    doubt: bool = False  # the question is "is that right?" about an answer just given
    skip_label: str | None = None  # the skip button's words when not "Skip" (msgid)
    takes_contact: bool = False  # Telegram's "share my phone number" answers it
    label: str = ""  # the question's short name (msgid), as the review lists it
    ends_flow: bool = False  # one of its answers ends the flow (no separate way out needed)


@dataclass(frozen=True)
class ReviewLine:
    step_id: str
    label: str
    value: Display


@dataclass(frozen=True)
class Accepted:
    state: FlowState
    # The position whose answer this stored (to confirm what a typed answer was taken as);
    # None for a move that stored no answer (back, an edit, a question asked back).
    answered: str | None = None


@dataclass(frozen=True)
class Rejected:
    problem: Problem


Outcome = Accepted | Rejected


@dataclass(frozen=True)
class _Where:
    """A parsed position."""

    item: Item | None  # None for review
    step: Step | None  # None for a group overview and review
    index: int | None = None  # 0-based item index inside a group


@dataclass(frozen=True)
class Flow:
    items: tuple[Item, ...]
    # Computes derived answers (e.g. total_fte from total_hours); returns the keys to set.
    derive: Callable[[Mapping[str, Any]], dict[str, Any]] = field(default=lambda a: {})
    # The flow's name: the conversation row says which flow it is in.
    id: str = "scan"
    # Whether the answers are shown for review before the flow is finished (`finish`); without
    # a review the flow is done right after its last answer. `review_text`: its question.
    has_review: bool = True
    review_text: str = m.REVIEW_TEXT
    # Parsed positions: every call walks the sequence, so each position is parsed often.
    _parsed: dict[str, _Where] = field(default_factory=dict, init=False, repr=False, compare=False)
    # The keys of each step with fixed options, by the step's id(): checked for every stored
    # choice on each walk.
    _keys: dict[int, frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # The part of the inventory of each top-level item: id → (1-based number, label msgid).
    _sections: dict[str, tuple[int, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # ----------------------------------------------------------------- public API
    def start(
        self, context: Mapping[str, Any] | None = None, answers: Mapping[str, Any] | None = None
    ) -> FlowState:
        """A new run, at its first question (or, with `answers` given ahead, the first one
        still to answer: "/campaign new Ondernemersavond" skips the name)."""
        given: dict[str, Any] = dict(answers or {})
        if context:
            given[CONTEXT_KEY] = {str(k): v for k, v in context.items()}
        first = self._sequence(given)[0]
        if not answers:
            return FlowState(given, first)
        return self.resume(FlowState(given, ""))

    def resume(self, state: FlowState) -> FlowState:
        """Repairs a position that doesn't exist (any more) for these answers."""
        return self._resumed(state)[0]

    def prompt(self, state: FlowState) -> Prompt:
        state, seq = self._resumed(state)
        answers, pos = state.answers, state.position
        parts = self._section_count()
        if pos == DONE:
            return Prompt(
                position=pos,
                step_id=DONE,
                kind=StepKind.DONE,
                text="",
                text_params={},
                help=None,
                options=(),
                allow_text=False,
                can_back=False,
                can_skip=False,
                can_unknown=False,
                progress=(parts, parts),
                hint=None,
            )
        if pos == REVIEW:
            lines = self.review(state)
            return Prompt(
                position=pos,
                step_id=REVIEW,
                kind=StepKind.REVIEW,
                text=self.review_text,
                text_params={},
                help=None,
                options=tuple(Option(line.step_id, line.label) for line in lines),
                allow_text=False,
                can_back=True,
                can_skip=False,
                can_unknown=False,
                progress=(parts, parts),
                hint=None,
            )
        where = self._where(pos)
        assert where.item is not None
        number, section = self._section_of(where.item)
        progress = (number, parts)
        can_back = seq.index(pos) > 0
        person = where.index + 1 if where.index is not None else None
        doubt = self._doubt(answers, pos)
        if doubt is not None:
            return Prompt(
                position=pos,
                step_id=where.step.id if where.step else where.item.id,
                kind=StepKind.CHOICE,
                text=doubt.msgid,
                text_params=dict(doubt.params),
                help=None,
                options=(
                    *(
                        Option(f"r{i}", r.label, dict(r.params))
                        for i, r in enumerate(doubt.readings)
                    ),
                    Option(_CHANGE, m.DOUBT_CHANGE),
                ),
                allow_text=True,
                can_back=True,
                can_skip=False,
                can_unknown=False,
                progress=progress,
                hint=None,
                section=section,
                person=person,
                doubt=True,
            )
        if isinstance(where.item, Group) and where.step is None:
            return self._overview_prompt(where.item, answers, pos, progress, can_back, section)
        step = where.step
        assert step is not None
        ctx = self._ctx(answers, where)
        text = _variant(step.text, step.text_variants, ctx)
        params = dict(step.text_params(ctx)) if step.text_params else {}
        stored = self._stored(answers, where)
        return Prompt(
            position=pos,
            step_id=step.id,
            kind=step.kind,
            text=text,
            text_params=params,
            help=_variant(step.help, step.help_variants, ctx),
            options=self._options(step, ctx),
            allow_text=step.kind in _TYPED or step.parse is not None or bool(step.typed_option),
            can_back=can_back,
            can_skip=step.can_skip,
            can_unknown=step.can_unknown,
            progress=progress,
            hint=step.hint,
            current=None if stored is _MISSING else self._display(step, stored, ctx),
            problem=None if stored is _MISSING else self._validate(step, stored, ctx),
            section=section,
            person=person,
            skip_label=step.skip_label,
            takes_contact=step.takes_contact,
            label=_variant(step.label, step.label_variants, ctx),
            ends_flow=bool(step.ends_flow),
        )

    def choose(self, state: FlowState, value: str, *, at: str | None = None) -> Outcome:
        """A pressed button. `at`: the position the button was shown for (put it in the
        callback data); a button from an older message is then rejected politely."""
        state = self.resume(state)
        if at is not None and at != state.position:
            return Rejected(Problem(m.STALE_BUTTON))
        if state.position == DONE:
            return Rejected(Problem(m.STALE_BUTTON))
        doubt = self._doubt(state.answers, state.position)
        if doubt is not None:
            return self._settle(state, doubt, value)
        where = self._where(state.position)
        if where.item is None:  # review: the options are the steps to edit
            if value in {line.step_id for line in self.review(state)}:
                return Accepted(self.edit(state, value))
            return Rejected(Problem(m.UNKNOWN_OPTION))
        if isinstance(where.item, Group) and where.step is None:
            return self._group_action(state, where.item, value)
        step = where.step
        assert step is not None
        ctx = self._ctx(state.answers, where)
        option = next((o for o in self._options(step, ctx) if o.value == value), None)
        if option is None:
            return Rejected(Problem(m.UNKNOWN_OPTION))
        stored = step.resolve(value, ctx) if step.resolve else option.key
        return self._accept(state, where, stored)

    def type(
        self, state: FlowState, text: str, *, labels: Callable[[Option], str] | None = None
    ) -> Outcome:
        """Typed text: a button's words (`labels` gives each option's label as the user sees
        it, translated; the "don't know" and "skip" buttons come as the options
        `UNKNOWN_BUTTON` and `SKIP_BUTTON`), a phrase ("weet ik niet", "ja hoor", "kind of"), a
        name the step knows, or the answer itself; else a re-ask."""
        state = self.resume(state)
        if state.position == DONE:
            return Rejected(Problem(m.STALE_BUTTON))
        where = self._where(state.position)
        doubt = self._doubt(state.answers, state.position)
        step = where.step if doubt is None else None
        if labels is not None:
            # A button's whole words first; its first word or a typo of it only where no
            # name the step knows reads the text otherwise (`_type_at_choice`).
            at_choice = step is not None and step.kind is StepKind.CHOICE
            chosen = self._typed_label(state, text, labels, first_word=step is None)
            if chosen is None and not at_choice and step is None:
                chosen = self._typed_label(state, text, labels, first_word=True, fuzzy=True)
            if chosen is not None:
                return chosen
        if state.position == REVIEW:  # "ja", "klopt", "ok"; an answer's name was read above
            return self.finish(state) if means_confirm(text) else Rejected(Problem(m.AT_REVIEW))
        if doubt is not None:
            if isinstance(where.item, Group) and where.step is None:  # "how many more?"
                count = read_number(text, integer=True)
                if count is None or count != count.to_integral_value() or count < 1:
                    return Rejected(Problem(m.NOT_A_WHOLE_NUMBER))
                return self._copies(state, where.item, int(count))
            state = _without_doubt(state)  # typed anew: the answer to the question itself
        step = where.step
        if step is not None and (means_unknown(text) or means_skip(text)):
            return self._typed_unknown(state, step, skip=means_skip(text))
        if step is not None and step.kind is StepKind.CHOICE:
            return self._type_at_choice(state, where, step, text, labels)
        if step is None or step.kind not in _TYPED:
            return Rejected(Problem(m.USE_BUTTONS))
        if step.parse is not None:
            parsed = step.parse(text, self._ctx(state.answers, where))
            if isinstance(parsed, Problem):
                return Rejected(parsed)
            if isinstance(parsed, Doubt):
                return Accepted(_with_doubt(state, parsed))
            if parsed is None:
                return Rejected(Problem(m.USE_BUTTONS))
            value: Any = parsed
        elif step.kind is StepKind.NUMBER:
            assert step.number is not None
            number = read_number(text, integer=step.number.integer)
            if number is None:
                return Rejected(
                    Problem(m.NOT_A_WHOLE_NUMBER if step.number.integer else m.NOT_A_NUMBER)
                )
            problem = _number_problem(step, number)
            if problem:
                return Rejected(problem)
            value = int(number) if step.number.integer else float(number)
        else:
            value = clean_text(text)
        return self._accept(state, where, value)

    def _typed_label(
        self,
        state: FlowState,
        text: str,
        labels: Callable[[Option], str],
        *,
        first_word: bool,
        fuzzy: bool = False,
    ) -> Outcome | None:
        """The button whose label was typed (None: none is named). `first_word` and `fuzzy`
        also take "regulier" for "Regulier contract", and a typo of a whole label, where the
        question has no free answer a word could be."""
        prompt = self.prompt(state)
        options = list(prompt.options)
        if prompt.can_unknown:
            options.append(Option(UNKNOWN_BUTTON, ""))
        if prompt.can_skip:
            options.append(Option(SKIP_BUTTON, ""))
        labelled = [(o.value, labels(o)) for o in options]
        value = match_label(text, labelled, first_word=first_word, fuzzy=fuzzy)
        if value is None:
            return None
        if value == UNKNOWN_BUTTON:
            return self.unknown(state)
        if value == SKIP_BUTTON:
            return self.skip(state)
        return self.choose(state, value)

    def _typed_unknown(self, state: FlowState, step: Step, *, skip: bool) -> Outcome:
        """ "weet ik niet" / "skip" typed: the step's unknown or skip option, else a re-ask."""
        tries = (self.skip, self.unknown) if skip else (self.unknown, self.skip)
        for attempt in tries:
            outcome = attempt(state)
            if isinstance(outcome, Accepted):
                return outcome
        if step.kind is StepKind.TEXT and step.empty_problem:
            return Rejected(Problem(step.empty_problem))
        return Rejected(Problem(m.CANNOT_SKIP if skip else m.CANNOT_UNKNOWN))

    def _settle(self, state: FlowState, doubt: Doubt, value: str) -> Outcome:
        """A tap on a doubt's reading: stored now (or, "change", asked again)."""
        answers = _without_doubt(state).answers
        if value == _CHANGE:
            return Accepted(FlowState(answers, state.position, state.return_to_review))
        index = int(value[1:]) if value[:1] == "r" and value[1:].isdigit() else -1
        if not 0 <= index < len(doubt.readings):
            return Rejected(Problem(m.UNKNOWN_OPTION))
        reading = doubt.readings[index]
        where = self._where(state.position)
        if isinstance(where.item, Group) and where.step is None:  # "how many more?"
            return self._copies(state, where.item, int(reading.value))
        answers = {**answers, **reading.also}
        position = reading.at or state.position
        if position not in self._sequence(answers):
            return Rejected(Problem(m.UNKNOWN_OPTION))
        target = self._where(position)
        moved = FlowState(answers, position, state.return_to_review)
        return self._accept(moved, target, reading.value, confirmed=True)

    def _copies(self, state: FlowState, group: Group, count: int) -> Outcome:
        """`count` more persons with the same answers as the last one."""
        answers = _without_doubt(state).answers
        items = list(answers.get(group.id) or [])
        room = self._group_limit(group, answers) - len(items)
        if not items or room <= 0:
            return Rejected(Problem(group.too_many or m.TOO_HIGH, {"max": len(items)}))
        if count > room:
            return Rejected(Problem(m.TOO_HIGH, {"max": room}))
        copies = [copy.deepcopy(items[-1]) for _ in range(count)]
        answers = {**answers, group.id: [*items, *copies]}
        return Accepted(FlowState(answers, group.id, state.return_to_review))

    def _group_limit(self, group: Group, answers: Mapping[str, Any]) -> int:
        limit = group.hard_limit
        if group.max_items is not None:
            limit = min(limit, group.max_items(self._ctx(answers, _Where(group, None))))
        return limit

    def _type_at_choice(
        self,
        state: FlowState,
        where: _Where,
        step: Step,
        text: str,
        labels: Callable[[Option], str] | None,
    ) -> Outcome:
        """Typed text at a choice step: a name it knows (`parse`), a phrase that means one of
        its options ("ja hoor", "een beetje"), a typo of a button's words, or, with
        `typed_option`, that option plus the same text as the answer to the step it opens."""
        ctx = self._ctx(state.answers, where)
        if step.parse is not None:
            parsed = step.parse(text, ctx)
            if isinstance(parsed, Problem):
                return Rejected(parsed)
            if parsed is not None:
                return self.choose(state, str(parsed))
        options = self._options(step, ctx)
        phrased = option_phrase(text, frozenset(o.key for o in options))
        if phrased is not None:
            value = next(o.value for o in options if o.key == phrased)
            return self.choose(state, value)
        if labels is not None:
            typo = self._typed_label(state, text, labels, first_word=True, fuzzy=True)
            if typo is not None:
                return typo
        if step.typed_option is None:
            return Rejected(Problem(m.USE_BUTTONS))
        chosen = self.choose(state, step.typed_option)
        if isinstance(chosen, Rejected) or chosen.state.position == state.position:
            return chosen
        return self.type(chosen.state, text, labels=labels)

    def skip(self, state: FlowState) -> Outcome:
        state = _without_doubt(self.resume(state))
        step = self._where(state.position).step
        if step is None or not step.can_skip:
            return Rejected(Problem(m.CANNOT_SKIP))
        return self._accept(state, self._where(state.position), step.skip_value)

    def unknown(self, state: FlowState) -> Outcome:
        state = _without_doubt(self.resume(state))
        where = self._where(state.position)
        step = where.step
        if step is not None and step.can_unknown:
            return self._accept(state, where, step.unknown_value)
        # Choice steps carry "I don't know" as a real option with the value "unknown".
        if (
            step is not None
            and step.kind is StepKind.CHOICE
            and "unknown" in self._option_keys(step, self._ctx(state.answers, where))
        ):
            return self._accept(state, where, "unknown")
        return Rejected(Problem(m.CANNOT_UNKNOWN))

    def finish(self, state: FlowState) -> Outcome:
        """The review's "that's right": the flow is done, if every answer it needs is there."""
        state, seq = self._resumed(state)
        if state.position != REVIEW:
            return Rejected(Problem(m.STALE_BUTTON))
        if self._first_pending(state.answers, seq) is not None:
            return Rejected(Problem(m.ANSWERS_MISSING))
        return Accepted(FlowState(state.answers, DONE, False))

    def is_done(self, state: FlowState) -> bool:
        return self.resume(state).position == DONE

    def back(self, state: FlowState) -> FlowState:
        state, seq = self._resumed(state)
        answers, pos = state.answers, state.position
        if pos == DONE:
            return state
        if self._doubt(answers, pos) is not None:  # back from "is that right?": the question
            return _without_doubt(state)
        if pos == REVIEW:
            return FlowState(answers, seq[-1], False)
        where = self._where(pos)
        if isinstance(where.item, Group) and where.step is not None and where.index:
            group, index = where.item, where.index
            kept = self._kept(group, answers, index)
            asked = [
                p
                for p in self._item_positions(group, answers, index)
                if p.rsplit(".", 1)[1] not in kept
            ]
            if asked and pos == asked[0]:
                # Back from the first question of person 2+ returns to the overview, where
                # "add"/"edit" came from; an unfinished new person is dropped.
                items = list(answers.get(group.id) or [])
                if index < len(items) and not self._item_complete(group, answers, index):
                    answers = {**answers, group.id: items[:index] + items[index + 1 :]}
                return FlowState(answers, group.id, state.return_to_review)
        i = seq.index(pos)
        return FlowState(answers, seq[max(i - 1, 0)], state.return_to_review)

    def edit(self, state: FlowState, step_id: str) -> FlowState:
        """Jump to a step from the review; after answering it (and any branch it opens) the
        flow returns to the review. Unknown or non-applicable ids, and any state not at its
        review (an old or forged "change" button mid-flow), are left as they are."""
        state, seq = self._resumed(state)
        if state.position == REVIEW and step_id in seq:
            return FlowState(state.answers, step_id, True)
        return state

    def label_at(self, position: str, state: FlowState | None = None) -> str:
        """The short name (msgid) of the question at `position` ("" for none); with `state`,
        as it reads for those answers (`Step.label_variants`)."""
        where = self._where(position)
        if where.step is None:
            return ""
        if state is None:
            return where.step.label
        ctx = self._ctx(state.answers, where)
        return _variant(where.step.label, where.step.label_variants, ctx)

    def answer_at(self, state: FlowState, position: str) -> Display | None:
        """How the stored answer of the step at `position` reads (None: nothing is stored
        there), e.g. to confirm what a typed answer was taken as ("Vriezenveen": Twenterand)."""
        where = self._where(position)
        if where.step is None:
            return None
        stored = self._stored(state.answers, where)
        if stored is _MISSING:
            return None
        return self._display(where.step, stored, self._ctx(state.answers, where))

    def review(self, state: FlowState) -> list[ReviewLine]:
        answers = state.answers
        lines: list[ReviewLine] = []
        for item in self._applicable_items(answers):
            if isinstance(item, Group):
                value: Display = ("group", self._group_items(item, answers))
            else:
                ctx = self._ctx(answers, _Where(item, item))
                stored = answers.get(item.id, _MISSING)
                value = ("missing",) if stored is _MISSING else self._display(item, stored, ctx)
            label = item.label
            if isinstance(item, Step):
                label = _variant(
                    item.label, item.label_variants, self._ctx(answers, _Where(item, item))
                )
            lines.append(ReviewLine(item.id, label, value))
        return lines

    def is_complete(self, state: FlowState) -> bool:
        return self._first_pending(state.answers, self._sequence(state.answers)) is None

    def applicable_answers(self, state: FlowState) -> dict[str, Any]:
        """The answers of steps that apply, plus derived values; what the assessment gets.
        A group that doesn't apply is handed on as an empty list; unfinished items are left
        out. Skipped steps are present with the value None."""
        answers = state.answers
        out: dict[str, Any] = {}
        for item in self.items:
            if isinstance(item, Group):
                out[item.id] = []
            if not self._applies(item, answers):
                continue
            if isinstance(item, Group):
                for index, entry in enumerate(answers.get(item.id) or []):
                    if self._item_complete(item, answers, index):
                        keys = [s.id for s in self._item_steps(item, answers, index)]
                        out[item.id].append({k: entry[k] for k in keys})
            elif item.id in answers:
                out[item.id] = answers[item.id]
        out.update(self.derive(out))
        return out

    # ----------------------------------------------------------------- internals
    def _resumed(self, state: FlowState) -> tuple[FlowState, list[str]]:
        """`resume`, with the sequence of positions it computed on the way."""
        seq = self._sequence(state.answers)
        if state.position in seq:
            return state, seq
        pending = self._first_pending(state.answers, seq)
        if pending is not None:
            # Sent on to what is still to answer (and the review) afterwards: a position that
            # no longer exists, or a flow started with answers given ahead.
            return FlowState(state.answers, pending, True), seq
        end = DONE if state.position == DONE else self._end()
        return FlowState(state.answers, end, False), seq

    def _end(self) -> str:
        """Where a flow stands once every question is answered: its review, or done."""
        return REVIEW if self.has_review else DONE

    def _applies(self, item: Item, answers: Mapping[str, Any]) -> bool:
        return item.applies is None or bool(item.applies(self._ctx(answers, _Where(item, None))))

    def _applicable_items(self, answers: Mapping[str, Any]) -> list[Item]:
        ctx: Ctx | None = None  # outside a group every item sees the same context
        applicable = []
        for item in self.items:
            if item.applies is not None:
                ctx = ctx or self._ctx(answers, _Where(item, None))
                if not item.applies(ctx):
                    continue
            applicable.append(item)
        return applicable

    def _item_steps(self, group: Group, answers: Mapping[str, Any], index: int) -> list[Step]:
        ctx = self._ctx(answers, _Where(group, None, index))
        return [s for s in group.item_steps if s.applies is None or s.applies(ctx)]

    def _item_positions(self, group: Group, answers: Mapping[str, Any], index: int) -> list[str]:
        return [f"{group.id}.{index + 1}.{s.id}" for s in self._item_steps(group, answers, index)]

    def _sequence(self, answers: Mapping[str, Any]) -> list[str]:
        """All positions that apply, in order (without the review)."""
        seq: list[str] = []
        for item in self._applicable_items(answers):
            if isinstance(item, Group):
                count = max(1, len(answers.get(item.id) or []))
                for index in range(count):
                    seq.extend(self._item_positions(item, answers, index))
                seq.append(item.id)
            else:
                seq.append(item.id)
        return seq

    def _where(self, pos: str) -> _Where:
        where = self._parsed.get(pos)
        if where is None:
            where = self._parse(pos)
            if len(self._parsed) < 4096:  # positions are few; the bound is for forged ones
                self._parsed[pos] = where
        return where

    def _parse(self, pos: str) -> _Where:
        if pos in (REVIEW, DONE):
            return _Where(None, None)
        match = _GROUP_POS.match(pos)
        for item in self.items:
            if isinstance(item, Group):
                if pos == item.id:
                    return _Where(item, None)
                if match and match.group(1) == item.id:
                    for step in item.item_steps:
                        if step.id == match.group(3):
                            return _Where(item, step, int(match.group(2)) - 1)
            elif item.id == pos:
                return _Where(item, item)
        raise ValueError(f"unknown position {pos!r}")  # resume() makes this unreachable

    def _ctx(self, answers: Mapping[str, Any], where: _Where) -> Ctx:
        context = answers.get(CONTEXT_KEY)
        if context is None or not isinstance(context, Mapping):  # None first: ABC checks are slow
            context = {}
        if isinstance(where.item, Group) and where.index is not None:
            items = answers.get(where.item.id) or []
            entry = items[where.index] if where.index < len(items) else {}
            entry = entry if isinstance(entry, Mapping) else {}
            return Ctx(answers, context, entry, where.index)
        return Ctx(answers, context)

    def _options(self, step: Step, ctx: Ctx) -> tuple[Option, ...]:
        return step.options(ctx) if callable(step.options) else step.options

    def _option_keys(self, step: Step, ctx: Ctx) -> frozenset[str]:
        if callable(step.options):
            return frozenset(o.key for o in step.options(ctx))
        keys = self._keys.get(id(step))  # steps live as long as the flow, so ids stay theirs
        if keys is None:
            keys = self._keys[id(step)] = frozenset(o.key for o in step.options)
        return keys

    def _stored(self, answers: Mapping[str, Any], where: _Where) -> Any:
        if where.step is None:
            return _MISSING
        if isinstance(where.item, Group):
            entry = self._ctx(answers, where).item or {}
            return entry.get(where.step.id, _MISSING)
        return answers.get(where.step.id, _MISSING)

    def _validate(self, step: Step, value: Any, ctx: Ctx, *, check: bool = True) -> Problem | None:
        """Validation of a (parsed or stored) value in the light of the other answers."""
        if value is None or (step.can_skip and value == step.skip_value):
            return None if step.can_skip else Problem(m.CANNOT_SKIP)
        if step.can_unknown and value == step.unknown_value:
            return None
        if step.kind is StepKind.CHOICE:
            if value not in self._option_keys(step, ctx):
                return Problem(m.UNKNOWN_OPTION)
        elif step.kind is StepKind.NUMBER:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return Problem(m.NOT_A_NUMBER)
            problem = _number_problem(step, Decimal(str(value)))
            if problem:
                return problem
        elif step.kind is StepKind.MONTH:
            if not isinstance(value, str) or not _YEAR_MONTH.match(value):
                return Problem(step.empty_problem or m.EMPTY_TEXT)
        elif step.kind is StepKind.TEXT:
            if not isinstance(value, str) or not has_letter_or_digit(value):
                return Problem(step.empty_problem or m.EMPTY_TEXT)
            if len(value) > step.max_length:
                return Problem(m.TOO_LONG, {"max": step.max_length})
        return step.check(value, ctx) if step.check and check else None

    def _group_problem(self, group: Group, answers: Mapping[str, Any]) -> Problem | None:
        items = answers.get(group.id) or []
        if not items:
            return Problem(m.NEED_ONE_ITEM)
        for index in range(len(items)):
            if not self._item_complete(group, answers, index):
                return Problem(m.ITEM_INCOMPLETE, {"n": index + 1})
        return group.check(self._ctx(answers, _Where(group, None))) if group.check else None

    def _item_complete(self, group: Group, answers: Mapping[str, Any], index: int) -> bool:
        for step in self._item_steps(group, answers, index):
            where = _Where(group, step, index)
            stored = self._stored(answers, where)
            if stored is _MISSING or self._validate(step, stored, self._ctx(answers, where)):
                return False
        return True

    def _pending(self, answers: Mapping[str, Any], pos: str) -> bool:
        where = self._where(pos)
        if isinstance(where.item, Group) and where.step is None:
            return self._group_problem(where.item, answers) is not None
        assert where.step is not None
        stored = self._stored(answers, where)
        if stored is _MISSING:
            return True
        return self._validate(where.step, stored, self._ctx(answers, where)) is not None

    def _section_count(self) -> int:
        self._section_of(self.items[0])
        return max((n for n, _ in self._sections.values()), default=1)

    def _section_of(self, item: Item) -> tuple[int, str]:
        if not self._sections:
            number, label = 0, ""
            for each in self.items:
                if each.section is not None or number == 0:
                    number += 1
                    label = each.section.label if each.section else ""
                self._sections[each.id] = (number, label)
        return self._sections[item.id]

    def _doubt(self, answers: Mapping[str, Any], pos: str) -> Doubt | None:
        """The doubt asked at `pos`, if any (a stored one of another position is ignored)."""
        stored = answers.get(DOUBT_KEY)
        if not isinstance(stored, Mapping) or stored.get("position") != pos:
            return None
        try:
            readings = tuple(
                Reading(
                    str(r["label"]),
                    r["value"],
                    dict(r.get("params") or {}),
                    r.get("at"),
                    dict(r.get("also") or {}),
                )
                for r in stored["readings"]
            )
            return Doubt(str(stored["msgid"]), readings, dict(stored.get("params") or {}))
        except (KeyError, TypeError, ValueError):
            return None

    def _first_pending(self, answers: Mapping[str, Any], seq: list[str]) -> str | None:
        return next((pos for pos in seq if self._pending(answers, pos)), None)

    def _accept(
        self, state: FlowState, where: _Where, value: Any, *, confirmed: bool = False
    ) -> Outcome:
        step = where.step
        assert step is not None and where.item is not None
        ctx = self._ctx(state.answers, where)
        problem = self._validate(step, value, ctx, check=False)
        if problem:
            return Rejected(problem)
        unknown = value is None or (step.can_unknown and value == step.unknown_value)
        if step.sense is not None and not confirmed and not unknown:
            doubt = step.sense(value, ctx)
            if doubt is not None:
                return Accepted(_with_doubt(state, doubt))
        problem = step.check(value, ctx) if step.check and not unknown else None
        if problem:
            return Rejected(problem)
        answers = copy.deepcopy(_without_doubt(state).answers)
        if isinstance(where.item, Group):
            assert where.index is not None
            items = answers.setdefault(where.item.id, [])
            while len(items) <= where.index:  # only ever appends the item being entered
                items.append({})
            items[where.index][step.id] = value
        else:
            answers[step.id] = value
        answers.update(self.derive(answers))
        if value in step.ends_flow:
            return Accepted(FlowState(answers, DONE, False), answered=state.position)
        return Accepted(
            self._advance(answers, state.position, where, state.return_to_review),
            answered=state.position,
        )

    def _advance(
        self, answers: dict[str, Any], pos: str, where: _Where, to_review: bool
    ) -> FlowState:
        seq = self._sequence(answers)
        group = where.item if isinstance(where.item, Group) else None
        if group and where.step is not None and where.index is not None:
            positions = self._item_positions(group, answers, where.index)
            later = positions[positions.index(pos) + 1 :]
            kept = self._kept(group, answers, where.index)
            later = [p for p in later if p.rsplit(".", 1)[1] not in kept]
            nxt = later[0] if later else group.id
        else:
            i = seq.index(pos)
            nxt = seq[i + 1] if i + 1 < len(seq) else REVIEW
        if to_review and nxt != REVIEW:
            # While editing from the review: continue only into what the edit opened
            # (unanswered or now invalid steps); a person being edited is walked through
            # completely and ends on the group overview.
            in_item = group is not None and where.step is not None
            if not in_item and not self._pending(answers, nxt):
                nxt = REVIEW
        if nxt == REVIEW:
            pending = self._first_pending(answers, seq)
            if pending is not None:
                return FlowState(answers, pending, True)
            return FlowState(answers, self._end(), False)
        return FlowState(answers, nxt, to_review)

    def _kept(self, group: Group, answers: Mapping[str, Any], index: int) -> frozenset[str]:
        """The steps an alternative item copied from the item it is compared with."""
        alt = group.alternative
        items = answers.get(group.id) or []
        if alt is None or index >= len(items) or not isinstance(items[index], Mapping):
            return frozenset()
        return frozenset(alt.keep) if alt.key in items[index] else frozenset()

    def _compared(self, group: Group, answers: Mapping[str, Any]) -> int | None:
        """The 0-based item an alternative would be compared with: the last complete one that
        is not an alternative itself (None: nothing to compare)."""
        alt = group.alternative
        items = answers.get(group.id) or []
        if alt is None or not items or not self._item_complete(group, answers, len(items) - 1):
            return None
        for index in range(len(items) - 1, -1, -1):
            if isinstance(items[index], Mapping) and alt.key not in items[index]:
                return index
        return None

    def _alternative(self, state: FlowState, group: Group) -> Outcome:
        answers = state.answers
        items = list(answers.get(group.id) or [])
        alt, base = group.alternative, self._compared(group, answers)
        if alt is None or base is None:
            return Rejected(Problem(m.UNKNOWN_OPTION))
        limit = self._group_limit(group, answers)
        if len(items) >= limit:
            return Rejected(Problem(group.too_many or m.TOO_HIGH, {"max": limit}))
        copied = {k: items[base][k] for k in alt.keep if k in items[base]}
        answers = {**answers, group.id: [*items, {**copied, alt.key: base + 1}]}
        kept = self._kept(group, answers, len(items))
        positions = self._item_positions(group, answers, len(items))
        first = next(p for p in positions if p.rsplit(".", 1)[1] not in kept)
        return Accepted(FlowState(answers, first, state.return_to_review))

    def _without_item(self, group: Group, items: list[Any], index: int) -> list[Any]:
        """The items without `index`. The first alternative compared with it takes its place
        (the others are then compared with that one); every reference follows the removal."""
        alt = group.alternative
        if alt is None:
            return items[:index] + items[index + 1 :]
        refs: list[int | None] = []  # the 0-based item each one is compared with
        for item in items:
            ref = item.get(alt.key) if isinstance(item, Mapping) else None
            refs.append(ref - 1 if isinstance(ref, int) else None)
        promoted = next((i for i, ref in enumerate(refs) if ref == index), None)
        if promoted is not None:
            refs[promoted] = None
            refs = [promoted if ref == index else ref for ref in refs]
        kept = [i for i in range(len(items)) if i != index]
        numbers = {i: n for n, i in enumerate(kept, start=1)}
        out: list[Any] = []
        for i in kept:
            item = items[i]
            if isinstance(item, Mapping):
                item = {k: v for k, v in item.items() if k != alt.key}
                ref = refs[i]
                if ref is not None and ref in numbers:
                    item[alt.key] = numbers[ref]
            out.append(item)
        return out

    def _group_action(self, state: FlowState, group: Group, value: str) -> Outcome:
        answers = state.answers
        items = list(answers.get(group.id) or [])
        if value == "alt":
            return self._alternative(state, group)
        if (
            value == "same"
            and group.copies
            and items
            and self._item_complete(group, answers, len(items) - 1)
        ):
            room = self._group_limit(group, answers) - len(items)
            if room <= 0:
                return Rejected(Problem(group.too_many or m.TOO_HIGH, {"max": len(items)}))
            doubt = Doubt(
                m.HOW_MANY_SAME,
                tuple(
                    Reading(m.N_MORE, n, {"count": n}) for n in range(1, min(room, _COPY_MAX) + 1)
                ),
                {"n": len(items)},
            )
            return Accepted(_with_doubt(state, doubt))
        if value == "add":
            limit = self._group_limit(group, answers)
            if len(items) >= limit:
                return Rejected(Problem(group.too_many or m.TOO_HIGH, {"max": limit}))
            answers = {**answers, group.id: [*items, {}]}
            first = self._item_positions(group, answers, len(items))[0]
            return Accepted(FlowState(answers, first, state.return_to_review))
        if value == "done":
            problem = self._group_problem(group, answers)
            if problem:
                return Rejected(problem)
            return Accepted(
                self._advance(dict(answers), group.id, _Where(group, None), state.return_to_review)
            )
        action, _, number = value.partition("_")
        allowed = ("edit", "remove") if group.edits else ("remove",)
        if action in allowed and number.isdigit() and 1 <= int(number) <= len(items):
            index = int(number) - 1
            if action == "edit":
                first = self._item_positions(group, answers, index)[0]
                return Accepted(FlowState(answers, first, state.return_to_review))
            if len(items) > 1:
                answers = {**answers, group.id: self._without_item(group, items, index)}
                return Accepted(FlowState(answers, group.id, state.return_to_review))
        return Rejected(Problem(m.UNKNOWN_OPTION))

    def _overview_prompt(
        self,
        group: Group,
        answers: Mapping[str, Any],
        pos: str,
        progress: tuple[int, int],
        can_back: bool,
        section: str,
    ) -> Prompt:
        items = answers.get(group.id) or []
        room = len(items) < self._group_limit(group, answers)
        options = [Option("add", group.add_label, {"n": len(items)})]
        complete = bool(items) and self._item_complete(group, answers, len(items) - 1)
        if group.copies and complete and room:
            options.append(Option("same", m.GROUP_SAME, {"n": len(items)}))
        compared = self._compared(group, answers)
        if group.alternative is not None and compared is not None and room:
            options.append(Option("alt", group.alternative.label, {"n": compared + 1}))
        if group.edits:
            for n in range(1, len(items) + 1):
                options.append(Option(f"edit_{n}", m.GROUP_EDIT, {"n": n}))
        if len(items) > 1:  # the last person can't be removed: answer "no" above instead
            for n in range(1, len(items) + 1):
                options.append(Option(f"remove_{n}", m.GROUP_REMOVE, {"n": n}))
        options.append(Option("done", group.done_label, {"n": len(items)}))
        return Prompt(
            position=pos,
            step_id=group.id,
            kind=StepKind.GROUP_OVERVIEW,
            text=group.text,
            text_params={"count": len(items)},
            help=group.help,
            options=tuple(options),
            allow_text=False,
            can_back=can_back,
            can_skip=False,
            can_unknown=False,
            progress=progress,
            hint=group.hint,
            problem=self._group_problem(group, answers),
            items=self._group_items(group, answers),
            section=section,
        )

    def _group_items(
        self, group: Group, answers: Mapping[str, Any]
    ) -> tuple[tuple[Display, ...], ...]:
        rows = []
        for index in range(len(answers.get(group.id) or [])):
            row = []
            for step in self._item_steps(group, answers, index):
                where = _Where(group, step, index)
                stored = self._stored(answers, where)
                ctx = self._ctx(answers, where)
                if stored is _MISSING:
                    shown: Display = ("missing",)
                else:
                    shown = self._display(step, stored, ctx, summary=True)
                if shown != ("choice", ""):  # told by another step (Option.shown == "")
                    row.append(shown)
            rows.append(tuple(row))
        return tuple(rows)

    def _display(self, step: Step, value: Any, ctx: Ctx, *, summary: bool = False) -> Display:
        """`summary`: inside a person's line, where an empty `Option.shown` leaves it out."""
        if value is None or (step.can_skip and value == step.skip_value):
            return ("skipped",)
        if step.kind is not StepKind.CHOICE and step.can_unknown and value == step.unknown_value:
            return ("unknown",)
        if step.kind is StepKind.CHOICE:
            for option in self._options(step, ctx):
                if option.key == value:
                    shown = (
                        option.summary if summary and option.summary is not None else option.shown
                    )
                    label = option.label if shown is None or (not shown and not summary) else shown
                    return (
                        ("choice", label, dict(option.params))
                        if option.params
                        else ("choice", label)
                    )
            return ("missing",)
        if step.kind is StepKind.NUMBER:
            spec = step.number
            unit = spec.unit_one if spec and spec.unit_one and value == 1 else None
            return ("number", value, unit or (spec.unit if spec else None))
        if step.kind is StepKind.MONTH:
            return ("month", str(value), step.summary if summary and step.summary else step.shown)
        return ("text", str(value))


_Text = TypeVar("_Text", str, str | None)


def _variant(default: _Text, variants: tuple[tuple[Predicate, str], ...], ctx: Ctx) -> _Text:
    """The first variant whose predicate holds for `ctx`, else `default`."""
    for predicate, variant in variants:
        if predicate(ctx):
            return variant
    return default


def _with_doubt(state: FlowState, doubt: Doubt) -> FlowState:
    stored = {
        "position": state.position,
        "msgid": doubt.msgid,
        "params": dict(doubt.params),
        "readings": [
            {
                "label": r.label,
                "value": r.value,
                "params": dict(r.params),
                "at": r.at,
                "also": dict(r.also),
            }
            for r in doubt.readings
        ],
    }
    return FlowState({**state.answers, DOUBT_KEY: stored}, state.position, state.return_to_review)


def _without_doubt(state: FlowState) -> FlowState:
    if DOUBT_KEY not in state.answers:
        return state
    answers = {k: v for k, v in state.answers.items() if k != DOUBT_KEY}
    return FlowState(answers, state.position, state.return_to_review)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def _number_problem(step: Step, number: Decimal) -> Problem | None:
    """Range checks of one number step (cross-answer checks are in `step.check`)."""
    spec = step.number
    assert spec is not None
    if not number.is_finite():
        return Problem(m.NOT_A_NUMBER)
    value: int | float = int(number) if number == number.to_integral_value() else float(number)
    if spec.integer and number != number.to_integral_value():
        return Problem(m.NOT_WHOLE)
    if number < 0:
        return Problem(m.NEGATIVE)
    if spec.positive and number == 0:
        return Problem(m.ZERO)
    if spec.minimum is not None and number < Decimal(str(spec.minimum)):
        return Problem(spec.too_low or m.TOO_LOW, {"value": value, "min": spec.minimum})
    if spec.maximum is not None and number > Decimal(str(spec.maximum)):
        return Problem(spec.too_high or m.TOO_HIGH, {"value": value, "max": spec.maximum})
    return None
