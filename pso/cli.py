"""`tredebot score FILE|-`: print the indicative assessment of a JSON answers file as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Mapping
from typing import Any, NoReturn

from .assess import (
    InvalidAnswers,
    assess,
    assessment_as_dict,
    assessment_day,
    validate_answers,
    validate_employee,
)
from .counting import YearMonth
from .support import SupportDataError, as_dict, load_support, schemes_for, wage_cost

PROG = "tredebot score"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line on stderr, exit code 2 (argparse's default prints usage too).
        self.exit(2, f"{self.prog}: {message}\n")


def _fail(message: str, prog: str = PROG) -> int:
    print(f"{prog}: {message}", file=sys.stderr)
    return 2


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def score_main(argv: list[str], *, today: dt.date | None = None) -> int:
    """Entry point; argv excludes the program and the word ``score``. Returns the exit code.
    `today`: the day when the answers give no ``as_of`` (the bot passes today in TZ_NAME)."""
    parser = _Parser(prog=PROG, description="Score a JSON answers file (indicative PSO level).")
    parser.add_argument("file", help="JSON file with the answers, or - for stdin")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # usage errors and --help: return, never exit the caller
        return e.code if isinstance(e.code, int) else 2

    answers = _read_object(args.file, PROG)
    if isinstance(answers, int):
        return answers
    try:
        assessment = assess(answers, as_of=None if "as_of" in answers else today)
    except InvalidAnswers as e:
        return _fail(str(e))

    print(json.dumps(assessment_as_dict(assessment), indent=2, ensure_ascii=False))
    return 0


def _read_object(file: str, prog: str) -> dict[str, Any] | int:
    """The JSON object in `file` ("-": stdin), or the exit code after one line on stderr."""
    try:
        if file == "-":
            text = sys.stdin.read()
        else:
            with open(file, encoding="utf-8") as f:
                text = f.read()
    except FileNotFoundError:
        return _fail(f"no such file: {file}", prog)
    except (OSError, UnicodeDecodeError) as e:
        return _fail(f"cannot read {file}: {e.__class__.__name__}: {e}".splitlines()[0], prog)

    try:
        answers = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as e:
        return _fail(f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}", prog)
    except ValueError as e:
        return _fail(f"invalid JSON: {e}", prog)
    if not isinstance(answers, dict):
        return _fail('the JSON must be an object like {"total_fte": 8.0, "employees": []}', prog)
    return answers


def support_as_dict(answers: Mapping[str, Any], *, today: dt.date | None = None) -> dict[str, Any]:
    """`tredebot support`'s output for answers (the score input plus an optional ``hire``).
    Raises InvalidAnswers (and SupportDataError when the data is broken)."""
    hire = answers.get("hire")
    rest = {k: v for k, v in answers.items() if k != "hire"}
    as_of = assessment_day(rest, None if "as_of" in rest else today)
    validate_answers(rest, as_of=as_of)
    if hire is not None:
        validate_employee(hire, "hire", as_of=as_of)
    support = load_support()

    def entry(person: Mapping[str, Any], *, is_hire: bool) -> list[dict[str, Any]]:
        started = person.get("started")
        return as_dict(
            schemes_for(
                person["target_group"],
                float(person["weekly_hours"]),
                started=None if is_hire or started is None else YearMonth.parse(started),
                as_of=as_of,
                hire=is_hire,
                support=support,
            )
        )

    wage = None if hire is None else wage_cost(float(hire["weekly_hours"]), support)
    return {
        "support_version": support.version,
        "effective_date": support.effective_date.isoformat(),
        "as_of": as_of.isoformat(),
        "employees": [{"schemes": entry(e, is_hire=False)} for e in rest.get("employees") or []],
        "hire": None
        if hire is None
        else {"schemes": entry(hire, is_hire=True), "hire_wage_eur_per_year": wage},
        "hire_wage_eur_per_year": wage,
    }


SUPPORT_PROG = "tredebot support"


def support_main(argv: list[str], *, today: dt.date | None = None) -> int:
    """`tredebot support FILE|-`: the schemes that may apply to each employee and to a planned
    `hire`, as JSON (README). Bad input: one line on stderr, exit 2."""
    parser = _Parser(
        prog=SUPPORT_PROG, description="The support that may apply per employee and for a hire."
    )
    parser.add_argument("file", help="JSON file with the answers, or - for stdin")
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 2
    answers = _read_object(args.file, SUPPORT_PROG)
    if isinstance(answers, int):
        return answers
    try:
        out = support_as_dict(answers, today=today)
    except InvalidAnswers as e:
        return _fail(str(e), SUPPORT_PROG)
    except SupportDataError as e:
        print(f"{SUPPORT_PROG}: support data: {e}", file=sys.stderr)
        return 1
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(score_main(sys.argv[1:]))
