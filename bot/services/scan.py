"""The scan in progress: start, resume, answer, restart. The database is the state.

Every answer is written the moment it is given and the position in the inventory is a column,
so a restart, a second process or another device continues exactly here. A step is accepted
only for the revision it was shown for (optimistic concurrency), so a doubled tap, a tap on an
old message or two devices at once never answer the wrong question.

Each function is one short transaction of its own; the handler sends to Telegram after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import transactions
from bot.db.models import Conversation, IntakeSession, SessionStatus, User
from bot.db.repositories import campaigns, scans
from bot.services import conversation
from bot.services.reminders import events as reminder_events
from dialogs.engine import FlowState, Outcome, Problem, Prompt, Rejected
from dialogs.inventory import INVENTORY

FLOW = INVENTORY


@dataclass(frozen=True)
class Scan:
    """A scan in progress and where it stands."""

    intake: IntakeSession
    state: FlowState

    @property
    def prompt(self) -> Prompt:
        return FLOW.prompt(self.state)

    @property
    def revision(self) -> int:
        return self.intake.revision


@dataclass(frozen=True)
class Moved:
    """The step was stored: `answered` is the question it answered, `scan` where it stands now."""

    answered: Prompt
    scan: Scan


@dataclass(frozen=True)
class Refused:
    """The answer does not fit the question; nothing was stored."""

    scan: Scan
    problem: Problem


@dataclass(frozen=True)
class Stale:
    """The tap or text was meant for an earlier question (or there is no scan any more)."""

    scan: Scan | None


@dataclass(frozen=True)
class Unseen:
    """Typed text while the current question never reached the owner (its message could not
    be sent, or the process stopped before): it cannot be an answer to it."""

    scan: Scan


StepResult = Moved | Refused | Stale | Unseen
Decide = Callable[[FlowState], Outcome]


def _scan(intake: IntakeSession, answers: dict[str, object]) -> Scan:
    state = FlowState(
        answers=dict(answers), position=intake.position, return_to_review=intake.return_to_review
    )
    return Scan(intake, state)


async def _current(session: AsyncSession, user: User) -> Scan | None:
    intake, answers = await scans.current_intake_and_answers(session, user_id=user.id)
    return None if intake is None else _scan(intake, answers)


async def current(session: AsyncSession, user: User) -> Scan | None:
    async with transactions.read(session):
        return await _current(session, user)


async def _start(session: AsyncSession, user: User) -> Scan:
    # The municipality of the campaign the owner came through is offered as a one-tap answer.
    context = await campaigns.inventory_context(session, user_id=user.id)
    state = FLOW.start(context)
    intake = await scans.start_intake(
        session,
        user_id=user.id,
        position=state.position,
        context=context,
        answers=state.answers,
    )
    await reminder_events.intake_started(
        session, user_id=user.id, intake_id=intake.id or 0, at=intake.started_at
    )
    return Scan(intake, state)


async def begin_or_resume(session: AsyncSession, user: User) -> tuple[Scan, bool]:
    """The scan in progress, or a new one; True when it is new. Typed text now answers it."""
    async with transactions.write(session):
        scan = await _current(session, user)
        started = scan is None
        if scan is None:
            scan = await _start(session, user)
        await conversation.enter(session, user, Conversation.INVENTORY)
    return scan, started


async def set_aside(session: AsyncSession, user: User) -> bool:
    """Restart: the scan in progress is set aside (kept, not shown). True when there was one."""
    async with transactions.write(session):
        intake = await scans.current_intake(session, user_id=user.id)
        if intake is None:
            return False
        await scans.advance_intake(
            session,
            intake=intake,
            expected_revision=intake.revision,
            position=intake.position,
            return_to_review=False,
            status=SessionStatus.RESTARTED,
        )
        await reminder_events.intake_ended(session, user_id=user.id, reason="restarted")
        await conversation.leave(session, user, Conversation.INVENTORY)
        return True


async def step(
    session: AsyncSession,
    user: User,
    decide: Decide,
    *,
    revision: int | None = None,
    typed_message_id: int | None = None,
) -> StepResult:
    """Apply one answer or move (`decide` asks the dialog engine) and store it atomically.

    `revision`: the one a tapped button was drawn for. `typed_message_id`: a typed answer's
    message, refused when it was sent before the current question was shown (a tap and a text
    at once, two devices).

    The scan is read first, and the write that follows moves it only from the revision read
    (every change of an answer changes the revision), so the two need no transaction together.
    """
    scan = await current(session, user)
    if scan is None:
        async with transactions.write(session):
            await conversation.leave(session, user, Conversation.INVENTORY)
        return Stale(None)
    if revision is not None and revision != scan.revision:
        return Stale(scan)
    shown = scan.intake.prompt_message_id
    if typed_message_id is not None and shown and typed_message_id < shown:
        return Stale(scan)
    if typed_message_id is not None and scan.intake.prompt_revision != scan.revision:
        return Unseen(scan)
    answered = scan.prompt
    outcome = decide(scan.state)
    if isinstance(outcome, Rejected):
        return Refused(scan, outcome.problem)
    after = outcome.state
    async with transactions.write(session):
        moved = await scans.advance_intake(
            session,
            intake=scan.intake,
            expected_revision=scan.revision,
            position=after.position,
            return_to_review=after.return_to_review,
            answers=after.answers if after.answers != scan.state.answers else None,
        )
        if not moved:  # another process moved first; nothing of ours is stored
            return Stale(scan)
    return Moved(answered=answered, scan=Scan(scan.intake, after))


async def note_prompt(session: AsyncSession, scan: Scan, message_id: int | None) -> None:
    """Remember the message that now shows the scan's question (its buttons go when it passes)."""
    async with transactions.write(session):
        await scans.set_prompt_message(session, intake=scan.intake, message_id=message_id)
