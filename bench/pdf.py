"""CPU time per PDF report: `python -m bench.pdf` (`--out DIR` also writes the PDFs).

Two firms of ten people, one with colleagues from the target group (among them one whose start
month and one whose months of unemployment are not known) and one with nobody yet, each in Dutch
and English with the real catalogues. As in the bot's worker process (bot/runtime/drawing.py),
the PDF gets the ladder picture already drawn for the chat: the picture's own CPU time is printed
beside it. The first PDF of the process is timed on its own (it includes loading the fonts and the
rules); the others are the median of ``--repeat`` runs. A measurement, not a test: it prints a
table and asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import re
import statistics
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pso import assess

LOCALES = Path(__file__).resolve().parent.parent / "locales"
AS_OF = dt.date(2026, 12, 15)
GENERATED = dt.datetime(2026, 12, 15, 14, 0)

CONDITIONS = {
    "q_suitable_work": "yes",
    "q_guidance": "partly",
    "q_integration": "no",
    "q_development": "unknown",
    "two_fte_one_year": "yes",
    "own_kvk": "unknown",
}
FIRMS: Mapping[str, dict[str, Any]] = {
    "with-target-group": {
        "total_fte": 8.4,
        "people_count": 10,
        "org_name": "Bakkerij Ilse & Zn",
        "municipality": "Twenterand",
        "sector": "bakery",
        "has_target_group": "yes",
        "employees": [
            {"target_group": "wajong", "weekly_hours": 12, "contract": "regular"},
            {
                "target_group": "participatiewet",
                "weekly_hours": 16,
                "contract": "regular",
                "started": "2022-06",
            },
            {"target_group": "participatiewet", "weekly_hours": 8, "contract": "regular"},
            {
                "target_group": "ww",
                "weekly_hours": 8,
                "contract": "regular",
                "unemployed_six_months": "unknown",
            },
            {"target_group": "bbl_bol_2", "weekly_hours": 16, "contract": "regular"},
        ],
        "social_purchasing": "unknown",
        "intent_grow": "yes",
        "has_plan": "no",
        **CONDITIONS,
    },
    "nobody": {
        "total_fte": 8.4,
        "people_count": 10,
        "org_name": "Byte & Co",
        "municipality": "Enschede",
        "sector": "ict",
        "has_target_group": "no",
        "employees": [],
        "social_purchasing": "no",
        "intent_grow": "maybe",
        "has_plan": "no",
        **CONDITIONS,
    },
}


def _draw() -> tuple[Callable[..., bytes], Callable[..., bytes]]:
    from pso.ladder_image import ladder_jpeg
    from pso.pdf import report_pdf

    return report_pdf, ladder_jpeg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--out", type=Path, help="write each firm's PDF in both languages here")
    args = parser.parse_args()

    draw, picture = _draw()
    first: float | None = None
    print(f"{'firm':<20} {'locale':<6} {'pages':>5} {'PDF CPU ms':>11} {'picture CPU ms':>15}")
    for name, answers in FIRMS.items():
        a = assess(answers, as_of=AS_OF)
        for locale in ("nl", "en"):
            t = gettext.translation("messages", localedir=LOCALES, languages=[locale])
            kw = {"gettext": t.gettext, "ngettext": t.ngettext, "locale": locale}
            times, pictures = [], []
            pdf = b""
            for _ in range(args.repeat + (first is None)):
                start = time.process_time()
                ladder = picture(a, gettext=t.gettext, locale=locale)
                pictures.append((time.process_time() - start) * 1000)
                start = time.process_time()
                pdf = draw(a, answers, generated_at=GENERATED, ladder=ladder, **kw)
                spent = (time.process_time() - start) * 1000
                if first is None:
                    first = spent
                else:
                    times.append(spent)
            pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
            spent, drawn = statistics.median(times), statistics.median(pictures)
            print(f"{name:<20} {locale:<6} {pages:>5} {spent:>11.0f} {drawn:>15.0f}")
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{name}-{locale}.pdf").write_bytes(pdf)
    print(f"first PDF of the process (fonts and rules loaded): {first:.0f} ms CPU")
    print("(PDF CPU ms: the median per PDF, its ladder picture given; picture: the chat's JPEG)")


if __name__ == "__main__":
    main()
