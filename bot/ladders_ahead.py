"""The result's ladder, drawn while the owner reads the review.

Tapping "show my result" used to start the drawing, and the owner waited for it: under load it
took 19 of the result step's 32 ms (median, `make bench`) and set the bot's p99. At the review
every answer is in, so the picture is drawn then, in the drawing thread, and the tap that comes
seconds later finds it done. The key holds the scan's revision, which every change of an answer
bumps, and the language: an edit from the review, or a language switch, gets a fresh drawing.

A few pictures are kept (about 130 KB each); the oldest goes first. A tap that finds none (this
process restarted, another replica drew it, it was pushed out) draws it then, as before.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass

from pso.assess import Assessment

LIMIT = 32


@dataclass(frozen=True)
class Key:
    intake_id: int
    revision: int
    locale: str


@dataclass(frozen=True)
class Drawn:
    assessment: Assessment
    picture: asyncio.Future[bytes]


class LaddersAhead:
    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._drawn: OrderedDict[int, tuple[Key, Drawn]] = OrderedDict()  # by scan

    def has(self, key: Key) -> bool:
        found = self._drawn.get(key.intake_id)
        return found is not None and found[0] == key

    def keep(self, key: Key, drawn: Drawn) -> None:
        """Keep a drawing (already started) for `key`; an older one of the scan is dropped."""
        self._drop(key.intake_id)
        self._drawn[key.intake_id] = (key, drawn)
        while len(self._drawn) > self.limit:
            self._drop(next(iter(self._drawn)))

    def take(self, key: Key) -> Drawn | None:
        """The drawing for exactly this scan, revision and language, once."""
        found = self._drawn.get(key.intake_id)
        if found is None or found[0] != key:
            return None
        del self._drawn[key.intake_id]
        return found[1]

    def _drop(self, intake_id: int) -> None:
        found = self._drawn.pop(intake_id, None)
        if found is not None:
            found[1].picture.cancel()  # not drawn yet: never drawn; done: its bytes are freed

    def __len__(self) -> int:
        return len(self._drawn)


LADDERS_AHEAD = LaddersAhead()
