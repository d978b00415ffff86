import io
import json

import pytest

from pso.cli import score_main


def write(tmp_path, obj) -> str:
    p = tmp_path / "answers.json"
    p.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return str(p)


def test_score_worked_example(tmp_path, capsys):
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
    assert data["next_steps"][0]["code"] == "close_gap"
    assert data["next_steps"][-1]["code"] == "mijnpso"


def test_score_stdin_and_full_time_hours(monkeypatch, capsys):
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
    ],
)
def test_score_errors_exit_2_with_one_line(tmp_path, capsys, content, message):
    assert score_main([write(tmp_path, content)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


def test_score_missing_file(tmp_path, capsys):
    assert score_main([str(tmp_path / "nope.json")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("tredebot score: no such file: ")


def test_score_without_argument_exits_2(capsys):
    assert score_main([]) == 2
    assert capsys.readouterr().err.count("\n") == 1
