"""The one place that changes conversation state: every flow (dialogs/flows) is started, moved,
completed and left here, on one row per run (bot/db/models/conversations.py).

A user has at most one open conversation: their typed text and taps go to it. Starting another
flow sets an open scan aside (paused, nothing is lost: it opens again when the other ends); a
flow that is not the scan and has answers already is never left silently (`Busy`: the caller
asks first). A move is applied by the pure engine and stored with one guarded UPDATE, so a
doubled tap, two devices or two replicas never move a conversation twice; the flow's outcome
is written by its service (`Completion`) in the same transaction as the move that completes it.

Each function is one short transaction; the handler talks to Telegram after it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.db import Session, transactions
from bot.db.models import SCAN, Conversation, ConversationStatus, User
from bot.db.repositories import conversations as repo
from dialogs.engine import CONTEXT_KEY, DONE, Accepted, Flow, FlowState, Outcome, Problem, Prompt
from dialogs.engine import Rejected as EngineRejected
from dialogs.flows import flow as flow_of
from dialogs.flows.common import TODAY_KEY


@dataclass(frozen=True)
class Talk:
    """An open conversation and where it stands."""

    row: Conversation
    flow: Flow
    state: FlowState

    @property
    def id(self) -> int:
        return self.row.id or 0

    @property
    def revision(self) -> int:
        return self.row.revision

    @property
    def prompt(self) -> Prompt:
        return self.flow.prompt(self.state)

    @property
    def context(self) -> Mapping[str, Any]:
        return self.state.context

    def moved(self, state: FlowState) -> Talk:
        return Talk(self.row, self.flow, state)


def talk_of(row: Conversation, today: dt.date) -> Talk:
    flow = flow_of(row.flow)
    state = FlowState(repo.answers_of(row), row.position, row.return_to_review)
    return Talk(row, flow, flow.resume(state.with_context(**{TODAY_KEY: today.isoformat()})))


def has_answers(row: Conversation) -> bool:
    """Whether leaving this conversation would lose something the user gave."""
    return any(key != CONTEXT_KEY for key in repo.answers_of(row))


# --- what a step leads to ---------------------------------------------------------------------
@dataclass(frozen=True)
class Moved:
    """Stored: `answered` is the question it answered, `talk` where it stands now, `accepted`
    what the engine took (which position the answer was stored for)."""

    answered: Prompt
    talk: Talk
    accepted: Accepted


@dataclass(frozen=True)
class Done:
    """The flow is complete: `outcome` is what its service stored (a result, a consent…),
    `resumed` the scan that waited for it, open again."""

    answered: Prompt
    talk: Talk
    outcome: Any
    resumed: Talk | None


@dataclass(frozen=True)
class Refused:
    """The answer does not fit the question; nothing was stored."""

    talk: Talk
    problem: Problem


@dataclass(frozen=True)
class Stale:
    """The tap or text was meant for an earlier question (or there is no conversation)."""

    talk: Talk | None


@dataclass(frozen=True)
class Unseen:
    """Typed text while the current question never reached the user (its message could not be
    sent, or the process stopped before): it cannot be an answer to it."""

    talk: Talk


StepResult = Moved | Done | Refused | Stale | Unseen
Decide = Callable[[FlowState], Outcome]


class Incomplete(Exception):
    """Raised by a `Completion` that cannot store the flow's outcome (the answers no longer fit
    the rules, the campaign's maker is no longer staff…): the move is not stored either."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.msgid)
        self.problem = problem


# What a flow leads to, stored in the transaction that completes it (may raise Incomplete).
Completion = Callable[[Session, User, Talk], Awaitable[Any]]


class _Moved(Exception):
    """Another update moved the conversation first."""


def seen(talk: Talk) -> bool:
    """Whether Telegram accepted the current question (a typed answer can then be its)."""
    return talk.row.prompt_revision == talk.revision


def typed_below(showing: Shown, typed_message_id: int) -> bool:
    """Whether a typed message came after the current question's own message, sent anew (not
    a question a tap put in place of an older one): Telegram numbers a chat's messages in
    order, so it was typed below that question, even when it reached this process before the
    handler that sent the question had heard back from Telegram (a busy moment)."""
    sent_anew = showing[2]
    return sent_anew is not None and typed_message_id > sent_anew


async def step(
    session: Session,
    user: User,
    talk: Talk | None,
    decide: Decide,
    *,
    complete: Completion,
    conversation_id: int | None = None,
    revision: int | None = None,
    typed_message_id: int | None = None,
    seen_question: Shown | None = None,
) -> StepResult:
    """Apply one answer or move (`decide` asks the engine) to the conversation read with the
    update, and store it with one guarded write: one statement for an answer that moves it on
    (`repo.move`), a transaction with what the flow leads to for the one that completes it.

    `conversation_id`, `revision`: those a tapped button was drawn for. `typed_message_id`: a
    typed answer's message, refused when it was sent before the current question was shown (a
    tap and a text at once, two devices), or when that question never reached the user.
    `seen_question`: the question this process had shown the user when the typed message
    reached it (a tap may have moved the conversation on, in the same message, meanwhile)."""
    if talk is None:
        return Stale(None)
    if conversation_id is not None and conversation_id != talk.id:
        return Stale(talk)
    if revision is not None and revision != talk.revision:
        return Stale(talk)
    if typed_message_id is not None:
        shown = talk.row.prompt_message_id
        if shown and typed_message_id < shown:
            return Stale(talk)
        showing = notes_of(session).shown_to.get(user.id)
        if (
            showing is not None
            and showing[:2] == (talk.id, talk.revision)
            and seen_question != showing
            and not typed_below(showing, typed_message_id)
        ):
            return Stale(talk)  # typed while an earlier question was on the screen
        if not seen(talk):
            return Unseen(talk)
    answered = talk.prompt
    outcome = decide(talk.state)
    if isinstance(outcome, EngineRejected):
        return Refused(talk, outcome.problem)
    after = talk.moved(outcome.state)
    if outcome.state.position != DONE:  # an answer: one statement (see repo.move)
        if not await repo.move(
            session,
            conversation=talk.row,
            expected_revision=talk.revision,
            position=outcome.state.position,
            return_to_review=outcome.state.return_to_review,
            answers=outcome.state.answers if outcome.state.answers != talk.state.answers else None,
        ):
            return Stale(talk)
        return Moved(answered, after, outcome)
    try:
        async with transactions.write(session):
            result = await complete(session, user, after)
            if not await _end(session, talk, status=ConversationStatus.COMPLETED):
                raise _Moved
            resumed = await _resume_scan(session, talk)
            return Done(answered, after, result, resumed)
    except _Moved:
        return Stale(talk)
    except Incomplete as refusal:
        return Refused(talk, refusal.problem)


async def _end(session: Session, talk: Talk, *, status: str) -> bool:
    """A scan ends with a status (kept for its result and the figures); another flow's row
    goes. False: another update moved it first."""
    if talk.row.flow == SCAN:
        return await repo.advance(
            session,
            conversation=talk.row,
            expected_revision=talk.revision,
            position=talk.row.position,
            return_to_review=False,
            status=status,
        )
    return await repo.remove(session, conversation=talk.row, revision=talk.revision)


async def _resume_scan(session: Session, talk: Talk) -> Talk | None:
    if talk.row.flow == SCAN:
        return None
    scan = await repo.reopen_paused_scan(session, user_id=talk.row.user_id)
    if scan is None:
        return None
    today = dt.date.fromisoformat(str(talk.context.get(TODAY_KEY)))
    return talk_of(scan, today)


# --- starting and leaving ---------------------------------------------------------------------
@dataclass(frozen=True)
class Started:
    """The flow is open: new, or (`resumed`) the one that already was."""

    talk: Talk
    resumed: bool = False


@dataclass(frozen=True)
class Busy:
    """Another flow with answers is open: the caller asks whether to leave it first."""

    talk: Talk


async def open_flow(
    session: Session,
    user: User,
    flow_id: str,
    *,
    today: dt.date,
    context: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    subject_id: int | None = None,
    leave_others: bool = False,
) -> Started | Busy:
    """In the caller's write transaction: open `flow_id` for the user. An open scan is set
    aside; another open flow is left only with `leave_others` or when nothing was answered in
    it yet; the same flow about the same subject is resumed, as is a scan set aside."""
    current = await repo.open_of(session, user_id=user.id)
    if current is not None:
        if current.flow == flow_id and current.subject_id == subject_id:
            return Started(talk_of(current, today), resumed=True)
        if current.flow == SCAN:
            await repo.pause_open_scan(session, user_id=user.id)
        elif has_answers(current) and not leave_others:
            return Busy(talk_of(current, today))
        else:
            await repo.remove(session, conversation=current, revision=current.revision)
    if flow_id == SCAN:
        waiting = await repo.reopen_paused_scan(session, user_id=user.id)
        if waiting is not None:
            return Started(talk_of(waiting, today), resumed=True)
    flow = flow_of(flow_id)
    state = flow.start({**(context or {}), TODAY_KEY: today.isoformat()}, answers)
    row = await repo.open_conversation(
        session,
        user_id=user.id,
        flow=flow_id,
        position=state.position,
        answers=dict(state.answers),
        return_to_review=state.return_to_review,
        subject_id=subject_id,
        context=dict(context or {}) if flow_id == SCAN else None,
    )
    return Started(Talk(row, flow, state))


async def start(
    session: Session,
    user: User,
    flow_id: str,
    *,
    today: dt.date,
    context: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    subject_id: int | None = None,
    leave_others: bool = False,
) -> Started | Busy:
    """`open_flow` in a transaction of its own."""
    async with transactions.write(session):
        return await open_flow(
            session,
            user,
            flow_id,
            today=today,
            context=context,
            answers=answers,
            subject_id=subject_id,
            leave_others=leave_others,
        )


@dataclass(frozen=True)
class Left:
    """The flow was left (nothing of it stored); `resumed`: the scan that waited, open again."""

    flow: str
    resumed: Talk | None


async def leave(session: Session, user: User, talk: Talk) -> Left | None:
    """Stop a flow that is not the scan (its Stop button): None when it moved meanwhile."""
    if talk.row.flow == SCAN:
        return None
    async with transactions.write(session):
        if not await repo.remove(session, conversation=talk.row, revision=talk.revision):
            return None
        return Left(talk.row.flow, await _resume_scan(session, talk))


async def set_aside_scan(session: Session, user: User) -> Conversation | None:
    """In the caller's write transaction: "start again" sets the scan under way aside (kept for
    the figures, never shown again) and ends any other flow. Returns the scan set aside."""
    await repo.end_side_flows(session, user_id=user.id)
    scan = await repo.scan_under_way(session, user_id=user.id)
    if scan is None:
        return None
    await repo.advance(
        session,
        conversation=scan,
        expected_revision=scan.revision,
        position=scan.position,
        return_to_review=False,
        status=ConversationStatus.RESTARTED,
    )
    return scan


async def end_flows(session: Session, *, user_id: int, flow: str) -> None:
    """In the caller's write transaction: end this user's `flow` (a staff member revoked while
    making a campaign), and open their scan again if it waited for it."""
    current = await repo.open_of(session, user_id=user_id)
    if current is None or current.flow != flow:
        return
    await repo.remove(session, conversation=current, revision=current.revision)
    await repo.reopen_paused_scan(session, user_id=user_id)


Note = tuple[int, int, int | None]  # conversation id, revision shown, message id
# What this process last showed a user: conversation id, revision, and the message id when the
# question went out as a message of its own (None: a tap's message was edited into it).
Shown = tuple[int, int, int | None]


@dataclass
class PromptNotes:
    """Which question Telegram accepted for each conversation, so that a typed answer may
    count for it (`seen`).

    `eager` (webhook mode, where another replica may take the user's next update): each note
    is stored before the handler returns, and the notes of every handler of this process that
    gets there meanwhile go in one write (`repo.note_prompts`: on SQLite one hand-off).
    Otherwise (polling: Telegram hands every update to this one process) a note is kept here
    until it is moot (the user answered), written by `flush` for questions left unanswered
    (periodically, and at shutdown), and read back by `overlay`: an answer then costs one
    write. A process that dies loses its notes: the next typed text is taken for a question
    never seen, and re-asked."""

    eager: bool = True
    pending: dict[int, tuple[int, int | None, float]] = field(default_factory=dict)
    # The question this process last showed each user: (conversation id, revision), by user id.
    shown_to: dict[int, Shown] = field(default_factory=dict)
    queued: list[tuple[Note, asyncio.Future[None]]] = field(default_factory=list)
    writing: bool = False

    def overlay(self, row: Conversation) -> None:
        """The loaded row as it would be with the notes kept here written."""
        note = self.pending.get(row.id or 0)
        if note is None:
            return
        revision, message_id, _ = note
        if revision == row.revision:
            repo.noted(row, revision=revision, message_id=message_id)
        elif revision < row.revision:
            del self.pending[row.id or 0]  # answered since: moot

    async def delivered(
        self, session: Session, talk: Talk, message_id: int | None, *, sent_anew: bool = True
    ) -> None:
        self.shown_to[talk.row.user_id] = (
            talk.id,
            talk.revision,
            message_id if sent_anew else None,
        )
        if self.eager:
            await self._write_now(session, (talk.id, talk.revision, message_id))
        else:
            self.pending[talk.id] = (talk.revision, message_id, time.monotonic())
        repo.noted(talk.row, revision=talk.revision, message_id=message_id)

    async def flush(self, session: Session, *, older_than: float = 0.0) -> int:
        """Write the notes kept at least `older_than` seconds (all: 0); returns how many."""
        now = time.monotonic()
        due = [(cid, note) for cid, note in self.pending.items() if now - note[2] >= older_than]
        if not due:
            return 0
        await repo.note_prompts(session, [(cid, rev, msg) for cid, (rev, msg, _) in due])
        for cid, note in due:
            if self.pending.get(cid) == note:
                del self.pending[cid]
        return len(due)

    async def _write_now(self, session: Session, note: Note) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.queued.append((note, done))
        if self.writing:
            await done
            return
        self.writing = True
        try:
            while self.queued:
                batch = [queued for queued, _ in self.queued]
                await repo.note_prompts(session, batch)
                written, self.queued = self.queued[: len(batch)], self.queued[len(batch) :]
                for _, waiting in written:
                    if not waiting.done():
                        waiting.set_result(None)
        except BaseException as error:
            # Nobody else writes them now: every handler waiting learns it failed.
            for _, waiting in self.queued:
                if waiting is not done and not waiting.done():
                    waiting.set_exception(error)
            self.queued = []
            raise
        finally:
            self.writing = False
        if not done.done():
            await done


_notes: weakref.WeakKeyDictionary[object, PromptNotes] = weakref.WeakKeyDictionary()


def notes_for(engine: object) -> PromptNotes:
    """The notes this process keeps for a database (one set per engine)."""
    notes = _notes.get(engine)
    if notes is None:
        notes = _notes[engine] = PromptNotes()
    return notes


def notes_of(session: Session) -> PromptNotes:
    return notes_for(session.bind)


def keep_notes(engine: object, *, eager: bool) -> PromptNotes:
    """Set how this process notes delivered questions (see PromptNotes); at start-up."""
    notes = notes_for(engine)
    notes.eager = eager
    return notes


def overlay(session: Session, row: Conversation | None) -> None:
    """A conversation read with the update, with the notes this process keeps for it."""
    if row is not None:
        notes_of(session).overlay(row)


async def shown(
    session: Session, talk: Talk, message_id: int | None, *, sent_anew: bool = True
) -> None:
    """Telegram accepted the message that shows the conversation's current question
    (`sent_anew`: a message of its own; False: the tapped message, edited)."""
    await notes_of(session).delivered(session, talk, message_id, sent_anew=sent_anew)


async def scan(session: Session, *, scan_id: int) -> Conversation | None:
    """In the caller's transaction: a scan by its id (None for another flow's row)."""
    row = await repo.get(session, conversation_id=scan_id)
    return row if row is not None and row.flow == SCAN else None


async def scan_under_way(session: Session, *, user_id: int) -> Conversation | None:
    """In the caller's transaction: the scan in progress, open or waiting for another flow."""
    return await repo.scan_under_way(session, user_id=user_id)


async def amend_finished_scan(
    session: Session,
    scan_id: int | None,
    amend: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    """In the caller's write transaction: a finished scan's answers, changed by `amend` (a
    recorded hire joins them, so the scan and its newest result agree)."""
    scan = await repo.get(session, conversation_id=scan_id) if scan_id is not None else None
    if scan is None or scan.flow != SCAN or scan.status != ConversationStatus.COMPLETED:
        return
    answers = amend(repo.answers_of(scan))
    await repo.save_answers(session, conversation_id=scan.id or 0, answers=answers)


def answers_of(row: Conversation) -> dict[str, Any]:
    return repo.answers_of(row)


async def current(session: Session, user: User, today: dt.date) -> Talk | None:
    """The open conversation, read anew (after a start or switch in another transaction)."""
    async with transactions.read(session):
        row = await repo.open_of(session, user_id=user.id)
    return talk_of(row, today) if row is not None else None


def rejected(problem: Problem) -> Outcome:
    return EngineRejected(problem)
