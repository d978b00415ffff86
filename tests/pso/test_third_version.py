"""rules.md, third version: `tredebot score` on cases written from its text, each new key and
each boundary worked out by hand. as_of 2026-12-15 throughout."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from pso import InvalidAnswers, assess
from pso.cli import score_main

AS_OF = "2026-12-15"


def emp(group: str, hours: float, contract: str = "regular", **extra: Any) -> dict[str, Any]:
    return {"target_group": group, "weekly_hours": hours, "contract": contract, **extra}


def score(answers: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """`tredebot score -` with the answers on stdin: the contract the held-out checks read."""
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"as_of": AS_OF, **answers})))
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert score_main(["-"]) == 0
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def person(answers: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    first: dict[str, Any] = score(answers, monkeypatch)["employees"][0]
    return first


def test_the_third_version_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    assert score({"total_fte": 8.0}, monkeypatch)["rules_version"] == "2026.3"


# --- the internship's own start: 36 months from internship_started ---------------------------


@pytest.mark.parametrize(
    ("internship_started", "counted", "until"),
    [
        ("2024-01", True, "2027-01"),  # 35 months: counts; 2027-01 is the first month it does not
        ("2023-12", False, None),  # 36 months: passed (counted while months < 36)
        ("2025-10", True, "2028-10"),
        (None, False, None),  # absent: from `started`, 2020-01, long passed
    ],
)
def test_an_internship_counts_three_years_from_its_own_start(
    internship_started: str | None,
    counted: bool,
    until: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra = {"internship_started": internship_started} if internship_started else {}
    p = person(
        {
            "total_fte": 10.0,
            "employees": [
                emp("wajong", 20, "internship_reintegration", started="2020-01", **extra)
            ],
        },
        monkeypatch,
    )
    assert p["counted"] is counted
    assert p["reason"] == (None if counted else "period_ended")
    assert p["counts_until"] == until


def test_a_school_leaver_on_an_internship_has_two_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's case: left VSO/PrO in 2022-06, internship started last month. The 5 years
    run from leaving school (until 2027-06), the 3 years from the internship (until 2029-11):
    the person counts, until the earlier end (`counts_until`: the first month it no longer
    does)."""
    p = person(
        {
            "total_fte": 10.0,
            "employees": [
                emp(
                    "vso_pro",
                    20,
                    "internship_reintegration",
                    started="2022-06",
                    internship_started="2026-11",
                )
            ],
        },
        monkeypatch,
    )
    assert p["counted"] is True and p["counts_until"] == "2027-06"
    # Without the internship's own month, the 3 years ran from leaving school: passed.
    p = person(
        {
            "total_fte": 10.0,
            "employees": [emp("vso_pro", 20, "internship_reintegration", started="2022-06")],
        },
        monkeypatch,
    )
    assert p["counted"] is False and p["reason"] == "period_ended"


def test_an_internship_start_after_as_of_is_bad_input() -> None:
    with pytest.raises(InvalidAnswers, match="internship_started 2027-01 is after as_of"):
        assess(
            {
                "as_of": AS_OF,
                "total_fte": 10.0,
                "employees": [
                    emp("wajong", 20, "internship_reintegration", internship_started="2027-01")
                ],
            }
        )


# --- the wage-cost subsidy still paid ----------------------------------------------------------


@pytest.mark.parametrize(
    ("subsidy", "started", "counted", "notes"),
    [
        ("yes", "2010-01", True, []),  # counts as long as it is paid
        ("no", "2022-01", True, []),  # stopped: bijstand's 5 years, 59 months on as_of
        ("no", "2021-12", False, []),  # stopped: 60 months, passed
        ("no", None, True, ["started_unknown"]),
        ("unknown", "2010-01", True, ["subsidy_ongoing_unknown"]),
    ],
)
def test_a_stopped_wage_cost_subsidy_leaves_the_bijstand_period(
    subsidy: str,
    started: str | None,
    counted: bool,
    notes: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    extra = {"started": started} if started else {}
    p = person(
        {
            "total_fte": 10.0,
            "employees": [emp("participatiewet_lks", 40, subsidy_ongoing=subsidy, **extra)],
        },
        monkeypatch,
    )
    assert p["counted"] is counted and p["notes"] == notes
    assert p["reason"] == (None if counted else "period_ended")


# --- the Wsw indication still valid ------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid", "counted", "reason", "contribution"),
    [
        ("yes", True, None, 10.0),
        ("no", False, "indication_ended", 0.0),
        ("unknown", True, None, 10.0),
    ],
)
def test_an_ended_wsw_indication_no_longer_counts_but_stays_in_the_size(
    valid: str,
    counted: bool,
    reason: str | None,
    contribution: float,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = score(
        {"total_fte": 4.0, "employees": [emp("sw_indicated", 16, indication_valid=valid)]},
        monkeypatch,
    )
    p = out["employees"][0]
    assert (p["counted"], p["reason"]) == (counted, reason)
    assert out["size_fte"] == 4.0
    assert out["contribution_pct"] == pytest.approx(contribution)


# --- PSO 30+: flexible work only when durable --------------------------------------------------


def _trede_3_with_flex(durable: str | None) -> dict[str, Any]:
    """5 FTE: 1.2 FTE Wajong on a regular contract and 1 FTE Wajong in flexible work. The 30+
    share is 44 % with the flex worker and 24 % without."""
    extra = {"durable": durable} if durable else {}
    return {
        "total_fte": 5.0,
        "employees": [
            emp("wajong", 40),
            emp("wajong", 8),
            emp("wajong", 40, "secondment_flex", **extra),
        ],
    }


@pytest.mark.parametrize(
    ("durable", "share", "reached"),
    [("yes", 100 * 2.2 / 5, True), ("no", 100 * 1.2 / 5, False), (None, 100 * 1.2 / 5, False)],
)
def test_pso_30_plus_counts_flexible_work_only_when_durable(
    durable: str | None, share: float, reached: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = score(_trede_3_with_flex(durable), monkeypatch)
    assert out["level"] == "trede_3"
    assert out["pso_30_plus_share_pct"] == pytest.approx(share)
    assert out["pso_30_plus"] is reached
    # The contribution is unchanged: 100 × (1 + 0.2 + 1 × 0.9) / 5 = 42 %.
    assert out["contribution_pct"] == pytest.approx(42.0)


# --- the organisation's own size for the 2 FTE condition ----------------------------------------


@pytest.mark.parametrize(
    ("total", "seconded_hours", "two_fte"),
    [
        (2.5, 0, "yes"),
        (2.5, 20, "yes"),  # own size 2.0: exactly the minimum
        (2.5, 24, "no"),  # own size 1.9: below, whatever was answered
        (1.5, 0, "no"),
    ],
)
def test_the_two_fte_condition_reads_the_own_size(
    total: float, seconded_hours: float, two_fte: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    employees = [emp("sw_indicated", seconded_hours, "seconded_out")] if seconded_hours else []
    conditions = {
        "suitable_work": "yes",
        "guidance": "yes",
        "integration": "yes",
        "development": "yes",
        "two_fte_one_year": "yes",
        "own_kvk": "yes",
    }
    out = score({"total_fte": total, "employees": employees, "conditions": conditions}, monkeypatch)
    assert out["conditions"]["two_fte_one_year"] == two_fte
    assert out["conditions_met"] == two_fte


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["subsidy_ongoing", "indication_valid", "durable"])
def test_new_answers_are_yes_no_or_unknown(key: str) -> None:
    with pytest.raises(InvalidAnswers, match=key):
        assess({"as_of": AS_OF, "total_fte": 10.0, "employees": [emp("wajong", 20, **{key: "ja"})]})


def test_a_malformed_internship_start_is_bad_input() -> None:
    with pytest.raises(InvalidAnswers, match="internship_started must be a month"):
        assess(
            {
                "as_of": AS_OF,
                "total_fte": 10.0,
                "employees": [emp("wajong", 20, internship_started="maart 2024")],
            }
        )
