"""Shared helpers for the dialog tests: a small driver that plays a user against the engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pytest

from dialogs.engine import Accepted, Flow, FlowState, Prompt, Rejected
from dialogs.flows.common import TODAY_KEY
from dialogs.flows.scan import SCAN

TODAY = date.today()


class Driver:
    """Plays one owner: every call asserts the input was accepted and records the prompt."""

    def __init__(self, flow: Flow, context: Mapping[str, Any] | None = None) -> None:
        self.flow = flow
        self.state: FlowState = flow.start({**(context or {}), TODAY_KEY: TODAY.isoformat()})
        self.seen: list[Prompt] = []

    @property
    def prompt(self) -> Prompt:
        return self.flow.prompt(self.state)

    @property
    def position(self) -> str:
        return self.prompt.position

    def _apply(self, outcome: Accepted | Rejected) -> Driver:
        assert isinstance(outcome, Accepted), (self.state.position, outcome)
        self.state = outcome.state
        return self

    def press(self, value: str, expect: str | None = None) -> Driver:
        prompt = self.prompt
        if expect is not None:
            assert prompt.step_id == expect, (prompt.position, expect)
        self.seen.append(prompt)
        return self._apply(self.flow.choose(self.state, value, at=prompt.position))

    def type(self, text: str, expect: str | None = None) -> Driver:
        prompt = self.prompt
        if expect is not None:
            assert prompt.step_id == expect, (prompt.position, expect)
        self.seen.append(prompt)
        return self._apply(self.flow.type(self.state, text))

    def skip(self) -> Driver:
        self.seen.append(self.prompt)
        return self._apply(self.flow.skip(self.state))

    def unknown(self) -> Driver:
        self.seen.append(self.prompt)
        return self._apply(self.flow.unknown(self.state))

    def back(self) -> Driver:
        self.state = self.flow.back(self.state)
        return self

    def reject_type(self, text: str) -> Rejected:
        outcome = self.flow.type(self.state, text)
        assert isinstance(outcome, Rejected), (self.state.position, text)
        return outcome

    def reject_press(self, value: str) -> Rejected:
        outcome = self.flow.choose(self.state, value)
        assert isinstance(outcome, Rejected), (self.state.position, value)
        return outcome

    # Common stretches of the inventory --------------------------------------------------
    def organisation(
        self,
        *,
        sector: str = "bakery",
        people: str = "9",
        full_time: str = "40",
        fte: str | None = "8",
        hours: str | None = None,
    ) -> Driver:
        self.skip()  # org_name
        self.press(sector, "sector")
        if sector == "other":
            self.type("Bloemist", "sector_other")
        self.type("Almelo", "municipality")
        self.type(people, "people_count")
        self.press(full_time, "full_time_hours")
        if hours is not None:
            self.press("hours", "size_unit").type(hours, "total_hours")
        else:
            assert fte is not None
            self.press("fte", "size_unit").type(fte, "total_fte")
        return self

    def person(
        self,
        group: str,
        hours: str,
        contract: str,
        *,
        started: str | None = None,
        unemployed: str = "yes",
        running: str = "yes",
        durable: str = "yes",
        internship_started: str | None = None,
    ) -> Driver:
        """One person; `started` answers the start question where the rules ask it:
        "long_ago", "unknown" or a typed month (default: a month last year). `running` answers
        "is the wage-cost subsidy still paid / the Wsw indication still valid", `durable` "is
        the flexible work for a year or more", where they are asked."""
        self.press(group, "target_group").type(hours, "weekly_hours").press(contract, "contract")
        for step in ("subsidy_ongoing", "indication_valid"):
            if self.prompt.step_id == step:
                self.press(running, step)
        if self.prompt.step_id == "durable":
            self.press(durable, "durable")
        if self.prompt.step_id == "started_when":
            started = started or f"3-{self.today().year - 1}"
            if started in ("long_ago", "unknown"):
                self.press(started, "started_when")
            else:
                self.press("month", "started_when").type(started, "started")
        if self.prompt.step_id == "internship_started_when":
            internship_started = internship_started or f"9-{self.today().year - 1}"
            if internship_started in ("long_ago", "unknown"):
                self.press(internship_started, "internship_started_when")
            else:
                self.press("month", "internship_started_when").type(
                    internship_started, "internship_started"
                )
        if self.prompt.step_id == "unemployed_six_months":
            self.press(unemployed, "unemployed_six_months")
        return self

    @staticmethod
    def today() -> date:
        return TODAY

    def rest(
        self, *, purchasing: str = "no", quality: str = "yes", conditions: str = "yes"
    ) -> Driver:
        self.press(purchasing, "social_purchasing")
        if purchasing == "yes":
            self.press("10k_50k", "purchasing_spend")
        for step in ("q_suitable_work", "q_guidance", "q_integration", "q_development"):
            self.press(quality, step)
        if self.prompt.step_id == "two_fte_one_year":
            self.press(conditions, "two_fte_one_year")
        self.press(conditions, "own_kvk")
        self.press("yes", "intent_grow").press("no", "has_plan")
        return self


@pytest.fixture
def flow() -> Flow:
    return SCAN


@pytest.fixture
def driver(flow: Flow) -> Driver:
    return Driver(flow)


@pytest.fixture
def make_driver(flow: Flow) -> Callable[..., Driver]:
    return lambda context=None: Driver(flow, context)
