"""The owner's PDF, made in the drawing worker as soon as the result is shown, kept for the tap.

`prepare` is called when a result goes out (bot/handlers/show.py, with the ladder picture just
drawn for the chat, so the worker need not draw it again); `pdf` is the tap on "PDF": it sends
the document that is ready, awaits the one in progress (hurrying it ahead of the PDFs nobody has
asked for yet), or has one made. A second tap costs nothing.

What a document is kept under: the stored result's id and owner, a digest of its answers and
its rules version, the language and the day it is dated. The PDF is made from exactly those, so
a result that was since replaced (a new id), erased and its id given again (another digest or
owner) or asked for on another day (the plan starts on the day it is made) never gets a
document made for something else. Erasure also drops the owner's documents at once (`forget`).

Bounded: at most `MAX_BYTES` (24 MB) of finished documents (150-190 KB each, so about 140), the
least recently used go first; a PDF dropped before its tap is made again when tapped, ahead of
those made in advance. Documents in the making hold no bytes here yet. At an event the PDFs are
made about ten a second, so one stays about 14 s after it is made; most owners tap sooner.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass

from bot.pictures import draw
from bot.runtime.drawing import WORKER, Job, Priority

MAX_BYTES = 24 * 1024 * 1024


@dataclass(frozen=True)
class Key:
    owner: int
    result: int
    digest: str  # of the answers and the rules version: what the document says
    locale: str
    day: dt.date


@dataclass(frozen=True)
class Stored:
    """What a PDF is made from: a stored result's row, read by the caller just now."""

    owner: int
    result: int
    answers_json: str
    rules_version: str


def _key(stored: Stored, locale: str, day: dt.date) -> Key:
    digest = hashlib.sha256(f"{stored.rules_version}\n{stored.answers_json}".encode()).hexdigest()
    return Key(stored.owner, stored.result, digest, locale, day)


class Documents:
    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._made: OrderedDict[Key, bytes] = OrderedDict()
        self._making: dict[Key, Job] = {}
        self._bytes = 0

    @property
    def held_bytes(self) -> int:
        return self._bytes

    def prepare(
        self, stored: Stored, *, locale: str, generated_at: dt.datetime, ladder: bytes | None
    ) -> None:
        """Start making the result's PDF now, behind the pictures and the tapped PDFs."""
        key = _key(stored, locale, generated_at.date())
        if key not in self._made and self._in_the_making(key) is None:
            self._start(key, stored, generated_at, ladder, Priority.AHEAD)

    async def pdf(self, stored: Stored, *, locale: str, generated_at: dt.datetime) -> bytes:
        """The result's PDF dated `generated_at`'s day: kept, in the making, or made now."""
        key = _key(stored, locale, generated_at.date())
        made = self._made.get(key)
        if made is not None:
            self._made.move_to_end(key)
            return made
        job = self._in_the_making(key)
        if job is None:
            job = self._start(key, stored, generated_at, None, Priority.WAITED)
        else:
            WORKER.hurry(job, Priority.WAITED)
        # Shielded: an owner who gives up waiting does not cancel the document for the next tap.
        return bytes(await asyncio.shield(job.done))

    def _in_the_making(self, key: Key) -> Job | None:
        """The job making `key`, if one is on its way to this event loop (a loop that has
        ended, as between tests, will never hear of it)."""
        job = self._making.get(key)
        if job is not None and job.loop is not asyncio.get_running_loop():
            del self._making[key]
            return None
        return job

    def forget(self, owner: int) -> None:
        """Erasure: the owner's documents are dropped (those in the making when they finish)."""
        for key in [k for k in self._made if k.owner == owner]:
            self._bytes -= len(self._made.pop(key))
        for key in [k for k in self._making if k.owner == owner]:
            del self._making[key]

    def _start(
        self,
        key: Key,
        stored: Stored,
        generated_at: dt.datetime,
        ladder: bytes | None,
        priority: Priority,
    ) -> Job:
        answers = _answers(stored.answers_json)
        job = WORKER.submit(
            priority, draw.report, answers, stored.rules_version, key.locale, generated_at, ladder
        )
        self._making[key] = job
        job.done.add_done_callback(lambda done: self._finished(key, job, done))
        return job

    def _finished(self, key: Key, job: Job, done: asyncio.Future[bytes]) -> None:
        if self._making.get(key) is not job:  # forgotten (erased) meanwhile
            return
        del self._making[key]
        if done.cancelled() or done.exception() is not None:
            return  # the tap that waits for it says so; the next tap tries again
        document = done.result()
        self._made[key] = document
        self._bytes += len(document)
        while self._bytes > self.max_bytes and self._made:
            _, dropped = self._made.popitem(last=False)
            self._bytes -= len(dropped)


def _answers(answers_json: str) -> dict[str, object]:
    return dict(json.loads(answers_json))


def documents_now() -> dt.datetime:
    """When a document is made: the server's local time, as the PDF's date and the plan's
    start (the day in the key)."""
    return dt.datetime.now(tz=None).astimezone()


DOCUMENTS = Documents()
