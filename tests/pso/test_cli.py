import datetime as dt
import io
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main as tredebot
from pso.cli import score_main

FIRST_VERSION_KEYS = {
    "rules_version",
    "level",
    "contribution_pct",
    "norm_size",
    "norms",
    "interpolated",
    "below_minimum_size",
    "pso_30_plus",
    "target_group_share_pct",
    "gap_fte",
    "gap_hours_per_week",
    "weighted_fte",
    "target_group_fte",
    "total_fte",
    "seconded_out_fte",
    "size_fte",
    "full_time_hours",
    "employees",
    "purchasing_upside",
    "route",
    "next_steps",
}


def write(tmp_path: Path, obj: object) -> str:
    p = tmp_path / "answers.json"
    p.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return str(p)


def test_score_worked_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path,
        {
            "total_fte": 8.0,
            "employees": [{"target_group": "wajong", "weekly_hours": 24, "contract": "regular"}],
        },
    )
    assert score_main([path]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith('{\n  "')  # indent 2
    data = json.loads(out)
    assert data["contribution_pct"] == pytest.approx(7.5)
    assert data["norm_size"] == 8
    assert data["norms"]["trede_1"] == pytest.approx(9.06)
    assert set(data["norms"]) == {"trede_1", "trede_2", "trede_3"}
    assert data["level"] == "none"
    assert data["pso_30_plus"] is False
    assert set(data["gap_fte"]) == set(data["gap_hours_per_week"]) == set(data["norms"])
    assert data["gap_fte"]["trede_1"] == pytest.approx(0.13723334)  # unrounded
    assert data["gap_hours_per_week"]["trede_1"] == pytest.approx(5.4893336)
    assert data["weighted_fte"] == pytest.approx(0.6)
    assert data["interpolated"] is True and data["below_minimum_size"] is False
    assert data["rules_version"]
    assert data["next_steps"][0]["code"] == "check_conditions"  # no condition answered
    assert data["next_steps"][-1]["code"] == "mijnpso"
    # Second version: the person counts, the conditions are not known.
    assert data["employees"][0]["counted"] is True and data["employees"][0]["reason"] is None
    assert data["conditions_met"] == "unknown" and data["official_ready"] is False


def test_score_stdin_and_full_time_hours(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {"total_fte": 5, "full_time_hours": 38, "employees": []}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(doc)))
    assert score_main(["-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["level"] == "none" and data["norms"]["trede_1"] == pytest.approx(12.6)
    assert data["gap_hours_per_week"]["trede_1"] == pytest.approx(data["gap_fte"]["trede_1"] * 38)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "tredebot score: invalid JSON: "),
        ("[1, 2]", "tredebot score: the JSON must be an object"),
        ('{"total_fte": NaN}', "tredebot score: invalid JSON: NaN is not valid JSON"),
        ({"total_fte": 8, "extra": 1}, "tredebot score: unknown key 'extra'"),
        ({"total_fte": "eight"}, "tredebot score: total_fte must be a number, got 'eight'"),
        ({"total_fte": -2}, "tredebot score: total_fte must be above 0"),
        ({"total_fte": 1e9}, "tredebot score: total_fte must be above 0 and at most 100,000"),
        (
            {"total_fte": 8, "employees": [{"target_group": "wajong", "weekly_hours": 80}]},
            "tredebot score: employees[0].weekly_hours must be between 0 and 60 hours, got 80",
        ),
        (
            {"total_fte": 8, "employees": [{"target_group": "wajong", "weekly_hours": [24]}]},
            "tredebot score: employees[0].weekly_hours must be a number, got [24]",
        ),
        ({"total_fte": 8, "as_of": "15-12-2026"}, "tredebot score: as_of must be a date"),
        ({"total_fte": 8, "as_of": "2026-02-30"}, "tredebot score: as_of is not a valid date"),
        (
            {
                "total_fte": 8,
                "as_of": "2026-12-15",
                "employees": [{"target_group": "vso_pro", "weekly_hours": 8, "started": "2027-01"}],
            },
            "tredebot score: employees[0].started 2027-01 is after as_of 2026-12-15",
        ),
        (
            {"total_fte": 8, "conditions": {"own_kvk": "partly"}},
            "tredebot score: conditions.own_kvk must be one of yes, no, unknown",
        ),
    ],
)
def test_score_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: object, message: str
) -> None:
    assert score_main([write(tmp_path, content)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_score_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert score_main([str(tmp_path / "nope.json")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("tredebot score: no such file: ")


def test_score_without_argument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert score_main([]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any]
) -> dict[str, Any]:
    assert score_main([write(tmp_path, doc)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    scored: dict[str, Any] = json.loads(out)
    return scored


def test_first_version_input_keeps_every_first_version_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = score(tmp_path, capsys, {"total_fte": 4.4})
    assert set(data) >= FIRST_VERSION_KEYS
    assert {"as_of", "conditions_met", "official_ready"} <= set(data)
    # The gap of this version: the row after hiring (rules.md's 4.4 FTE example).
    assert data["gap_fte"]["trede_1"] == pytest.approx(0.634, abs=5e-4)
    assert data["gap_hours_per_week"]["trede_1"] == pytest.approx(25.4, abs=0.05)
    assert data["employees"] == []


def test_second_version_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = {
        "as_of": "2026-12-15",
        "total_fte": 10.0,
        "employees": [
            {"target_group": "participatiewet", "weekly_hours": 40, "started": "2021-12"},
            {"target_group": "participatiewet", "weekly_hours": 40, "started": "2022-01"},
            {"target_group": "vso_pro", "weekly_hours": 20, "started": None},
            {"target_group": "ww", "weekly_hours": 40, "unemployed_six_months": "no"},
            {
                "target_group": "wajong",
                "weekly_hours": 24,
                "contract": "internship_reintegration",
                "started": "2023-12",
            },
        ],
        "conditions": {
            "suitable_work": "yes",
            "guidance": "yes",
            "integration": "yes",
            "development": "yes",
            "two_fte_one_year": "yes",
            "own_kvk": "yes",
        },
    }
    data = score(tmp_path, capsys, doc)
    assert data["as_of"] == "2026-12-15"
    assert [(e["counted"], e["reason"]) for e in data["employees"]] == [
        (False, "period_ended"),  # 60 months
        (True, None),  # 59 months
        (True, None),  # start not known: counted, with a note
        (False, "not_unemployed_six_months"),
        (False, "period_ended"),  # 36 months on an internship
    ]
    assert data["employees"][2]["notes"] == ["started_unknown"]
    # 1.0 + 0.5 of 10 FTE = 15 %: Trede 2 on the 10 row (9.0 %), not Trede 3 (15.5 %).
    assert data["contribution_pct"] == pytest.approx(15.0)
    assert data["level"] == "trede_2" and data["pso_30_plus"] is False
    assert data["conditions_met"] == "yes" and data["official_ready"] is True


ALL_YES = dict.fromkeys(
    ("suitable_work", "guidance", "integration", "development", "two_fte_one_year", "own_kvk"),
    "yes",
)


@pytest.mark.parametrize(
    ("conditions", "met", "ready"),
    [
        (None, "unknown", False),  # first-version input: absent = unknown
        (ALL_YES, "yes", True),
        ({**ALL_YES, "guidance": "partly"}, "unknown", False),
        ({**ALL_YES, "development": "unknown"}, "unknown", False),
        ({k: v for k, v in ALL_YES.items() if k != "own_kvk"}, "unknown", False),
        ({**ALL_YES, "own_kvk": "no"}, "no", False),
        ({"suitable_work": "no", "guidance": "unknown"}, "no", False),
    ],
)
def test_conditions_met_and_official_ready(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    conditions: dict[str, str] | None,
    met: str,
    ready: bool,
) -> None:
    doc: dict[str, Any] = {
        "as_of": "2026-12-15",
        "total_fte": 10.0,
        "employees": [{"target_group": "wajong", "weekly_hours": 40}],
    }
    if conditions is not None:
        doc["conditions"] = conditions
    data = score(tmp_path, capsys, doc)
    assert data["level"] == "trede_2"
    assert data["conditions_met"] == met and data["official_ready"] is ready
    below = score(tmp_path, capsys, {**doc, "employees": []})  # no Trede: never official
    assert below["conditions_met"] == met and below["official_ready"] is False


def test_as_of_defaults_to_today_in_tz_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tredebot score` passes today in TZ_NAME (the bot's setting); pso itself reads no
    environment and, called without a day, takes today in the Netherlands."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"total_fte": 8.0}))
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Amsterdam"):
        monkeypatch.setenv("TZ_NAME", zone)
        before = dt.datetime.now(ZoneInfo(zone)).date()
        assert tredebot(["score", str(path)]) == 0
        data = json.loads(capsys.readouterr().out)
        after = dt.datetime.now(ZoneInfo(zone)).date()
        assert data["as_of"] in {before.isoformat(), after.isoformat()}
    monkeypatch.setenv("TZ_NAME", "Pacific/Kiritimati")
    today = dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    assert score(tmp_path, capsys, {"total_fte": 8.0})["as_of"] == today


# --- `tredebot support -` ------------------------------------------------------------------------
def support_json(
    answers: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, Any, str]:
    """`tredebot support -` with the answers on stdin: the exit code, the JSON out, stderr."""
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(answers)))
    code = tredebot(["support", "-"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if code == 0 else None, err


def test_support_contract(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = {
        "total_fte": 8.0,
        "as_of": "2026-12-07",
        "employees": [
            {"target_group": "wajong", "weekly_hours": 24, "contract": "regular"},
            {"target_group": "wao_wia_waz", "weekly_hours": 40, "started": "2024-01"},
            {"target_group": "wao_wia_waz", "weekly_hours": 40, "started": "2023-12"},
            {"target_group": "ww", "weekly_hours": 10, "contract": "regular"},
        ],
        "hire": {"target_group": "wao_wia_waz", "weekly_hours": 12, "contract": "regular"},
    }
    code, out, err = support_json(answers, monkeypatch, capsys)
    assert code == 0 and err == ""
    assert out["support_version"] == "2026.1" and out["effective_date"] == "2026-01-01"
    wajong, wia_recent, wia_old, ww = (e["schemes"] for e in out["employees"])
    assert wajong == [
        {"key": "loondispensatie", "grantor": "uwv", "yearly_eur": None},
        {"key": "no_risk", "grantor": "uwv", "yearly_eur": None},
        {"key": "jobcoach", "grantor": "uwv", "yearly_eur": None},
        {"key": "werkplek", "grantor": "uwv", "yearly_eur": None},
        {"key": "lkv_banenafspraak", "grantor": "tax_office", "yearly_eur": 1260},
    ]
    # 35 months since the start: listed, capped at 6,000; 36 months: no longer.
    assert wia_recent[-1] == {
        "key": "lkv_arbeidsgehandicapt",
        "grantor": "tax_office",
        "yearly_eur": 6000,
    }
    assert "lkv_arbeidsgehandicapt" not in [s["key"] for s in wia_old]
    assert [s["key"] for s in ww] == ["werkplek"]  # a trial placement only for the hire
    hire = out["hire"]["schemes"]
    assert [s["key"] for s in hire] == [
        "no_risk",
        "jobcoach",
        "proefplaatsing",
        "werkplek",
        "lkv_arbeidsgehandicapt",
    ]
    assert hire[-1]["yearly_eur"] == 1903  # 12 × 52 × 3.05 = 1903.20
    assert out["hire_wage_eur_per_year"] == 9179  # 12 × 52 × 14.71 = 9179.04
    assert out["hire"]["hire_wage_eur_per_year"] == 9179


def test_support_without_a_hire(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = support_json({"total_fte": 3, "employees": []}, monkeypatch, capsys)
    assert code == 0
    assert out["employees"] == [] and out["hire"] is None
    assert out["hire_wage_eur_per_year"] is None


@pytest.mark.parametrize(
    ("answers", "says"),
    [
        ({"total_fte": 8, "hire": {"target_group": "wajong", "weekly_hours": 0}}, "hire.weekly"),
        ({"total_fte": 8, "hire": {"target_group": "wajong", "weekly_hours": -4}}, "hire.weekly"),
        ({"total_fte": 8, "hire": {"target_group": "wajong", "weekly_hours": 61}}, "hire.weekly"),
        ({"total_fte": 8, "hire": {"target_group": "wajong", "weekly_hours": "12"}}, "number"),
        ({"total_fte": 8, "hire": {"target_group": "bakers", "weekly_hours": 12}}, "bakers"),
        (
            {
                "total_fte": 8,
                "hire": {"target_group": "wajong", "weekly_hours": 12, "contract": "x"},
            },
            "contract",
        ),
        ({"total_fte": 8, "hire": "wajong"}, "hire must be an object"),
        (
            {"total_fte": 8, "employees": [{"target_group": "nope", "weekly_hours": 12}]},
            "employees[0].target_group",
        ),
        (
            {"total_fte": 8, "employees": [{"target_group": "wajong", "weekly_hours": 0}]},
            "employees[0].weekly_hours",
        ),
    ],
)
def test_support_bad_input_exits_2_with_one_line(
    answers: dict[str, Any],
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = support_json(answers, monkeypatch, capsys)
    assert code == 2
    assert err.startswith("tredebot support: ") and err.count("\n") == 1, err
    assert says in err


def test_support_malformed_json_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for text in ('{"total_fte": 8,', "[]", '{"total_fte": NaN}'):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
        assert tredebot(["support", "-"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("tredebot support: ") and err.count("\n") == 1, err
