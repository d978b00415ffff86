"""`tredebot score FILE|-`: print the indicative assessment of a JSON answers file as JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import NoReturn

from .assess import InvalidAnswers, assess, assessment_as_dict

PROG = "tredebot score"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line on stderr, exit code 2 (argparse's default prints usage too).
        self.exit(2, f"{self.prog}: {message}\n")


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
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

    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as f:
                text = f.read()
    except FileNotFoundError:
        return _fail(f"no such file: {args.file}")
    except (OSError, UnicodeDecodeError) as e:
        return _fail(f"cannot read {args.file}: {e.__class__.__name__}: {e}".splitlines()[0])

    try:
        answers = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as e:
        return _fail(f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}")
    except ValueError as e:
        return _fail(f"invalid JSON: {e}")
    if not isinstance(answers, dict):
        return _fail('the JSON must be an object like {"total_fte": 8.0, "employees": []}')

    try:
        assessment = assess(answers, as_of=None if "as_of" in answers else today)
    except InvalidAnswers as e:
        return _fail(str(e))

    print(json.dumps(assessment_as_dict(assessment), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(score_main(sys.argv[1:]))
