"""What the owners of the browser walks type and tap, taken from the chat's journeys
(tests/data/journeys): the bakery in Dutch and the IT firm in English, from the scan's first
question to the review's "show my result"."""

from __future__ import annotations

from pathlib import Path

JOURNEYS = Path(__file__).resolve().parents[1] / "data" / "journeys"

Step = tuple[str, str]  # ("tap", a button's label) or ("say", what is typed)

# The IT firm's journey stops at social purchasing (it tests the first part); the rest is
# tests/dialogs/test_walkthroughs.py's IT firm without a target group: no purchasing, the
# conditions met, no plan yet.
IT_FIRM_REST: tuple[Step, ...] = (
    ("tap", "No"),  # social purchasing
    ("tap", "Yes"),  # suitable work, if they had someone
    ("tap", "Yes"),  # guidance
    ("tap", "Yes"),  # integration
    ("tap", "Yes"),  # development
    ("tap", "Yes"),  # 2 FTE for a year
    ("tap", "Yes"),  # own KvK number
    ("tap", "Yes"),  # a Trede within two years
    ("tap", "No"),  # a plan of action
    ("tap", "✅ Show my result"),
)


def journey_steps(name: str) -> list[Step]:
    """The owner's inputs of a journey after the chat's "▶️ Start": the scan's answers."""
    said = [
        line[2:]
        for line in (JOURNEYS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("> ")
    ]
    start = next(n for n, text in enumerate(said) if text.startswith("[▶️"))
    return [
        ("tap", text[1:-1]) if text.startswith("[") and text.endswith("]") else ("say", text)
        for text in said[start + 1 :]
    ]


def bakery_nl() -> list[Step]:
    return journey_steps("bakery_nl")


def it_firm_en() -> list[Step]:
    return [*journey_steps("it_firm_en"), *IT_FIRM_REST]
