"""Migration 0014 makes every flow under way a conversation row at the question it was at: a
scan, a what-if halfway (on the result's what_if_json), "I hired someone" at the month, a consent
being chosen (a draft row) and a campaign being made (a draft campaign). Owners and staff then
continue them with the real bot where they were (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from standin import StandIn
from tests.campaigns.migrations import downgrade, execute, rows, upgrade
from tests.e2e.harness import running_bot, started_standin, texts

ANSWERS = json.dumps(
    {"total_fte": 7.2, "people_count": 9, "full_time_hours": 40, "employees": [], "org_name": "Zon"}
)


def _user(user_id: int, conversation: str) -> str:
    return (
        "INSERT INTO users (id, language, first_seen, last_active, is_active, conversation) "
        f"VALUES ({user_id}, 'en', '2026-11-01', '2026-11-01', TRUE, '{conversation}')"
    )


def _scan(user_id: int, status: str, position: str) -> str:
    return (
        "INSERT INTO intake_sessions (user_id, status, position, return_to_review, revision,"
        " context_json, answers_json, started_at, updated_at) VALUES "
        f"({user_id}, '{status}', '{position}', FALSE, 3, '{{}}', "
        f"'{{\"org_name\": \"Zon\"}}', '2026-11-01', '2026-11-01')"
    )


def _result(result_id: int, user_id: int, what_if: dict[str, object]) -> str:
    return (
        "INSERT INTO results (id, user_id, session_id, rules_version, level, contribution_pct,"
        " answers_json, assessment_json, what_if_json, created_at) VALUES "
        f"({result_id}, {user_id}, NULL, '2026.2', 'none', 0.0, '{ANSWERS}', '{{}}', "
        f"'{json.dumps(what_if)}', '2026-11-02')"
    )


SEED = [
    _user(1, "inventory"),
    _scan(1, "in_progress", "municipality"),
    # Halfway through a what-if (at the hours of a Wajong hire), a scan waiting meanwhile.
    _user(2, "what_if"),
    _scan(2, "in_progress", "sector"),
    _result(
        2,
        2,
        {"step": "hours", "draft": {"target_group": "wajong"}, "extra": []},
    ),
    # "I hired someone" at the start month.
    _user(3, "hired"),
    _result(
        3,
        3,
        {
            "hired": {
                "step": "month",
                "draft": {"target_group": "wajong", "weekly_hours": 12, "contract": "regular"},
            }
        },
    ),
    # Choosing what to share, at the phone number, and a campaign being made at its place.
    "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Gemeente Almelo', '2026-01-01')",
    "INSERT INTO campaigns (id, code, name, municipality, contact, owner_id, organisation_id,"
    " contact_role, is_draft, created_at) VALUES "
    "(1, 'avond', 'Avond', 'Almelo', '', 50, 1, '', FALSE, '2026-01-01'), "
    "(2, 'half', 'Beurs', '', NULL, 5, 1, '', TRUE, '2026-11-03')",
    _user(4, "consent"),
    _result(4, 4, {}),
    "INSERT INTO contact_consents (id, user_id, campaign_id, status, step, consent_text, org_name,"
    " contact_name, phone, level, started_at) VALUES (1, 4, 1, 'draft', 'phone', 'I agree.',"
    " 'Zon', NULL, NULL, NULL, '2026-11-03')",
    _user(5, "campaign_draft"),
]


async def test_flows_under_way_become_conversations_at_their_question(empty_url: str) -> None:
    await upgrade(empty_url, "0013")
    await execute(empty_url, *SEED)
    await upgrade(empty_url, "head")
    found = await rows(
        empty_url,
        "SELECT user_id, flow, status, position, subject_id FROM conversations ORDER BY id",
    )
    assert sorted(found) == sorted(
        [
            (1, "scan", "open", "municipality", None),
            (2, "scan", "paused", "sector", None),
            (2, "what_if", "open", "hires.1.weekly_hours", 2),
            (3, "hired", "open", "started", 3),
            (4, "consent", "open", "phone", 1),
            (5, "campaign", "open", "municipality", None),
        ]
    )
    # The drafts are gone with the columns that held them.
    assert await rows(empty_url, "SELECT count(*) FROM campaigns") == [(1,)]
    assert await rows(empty_url, "SELECT count(*) FROM contact_consents") == [(0,)]
    await downgrade(empty_url, "0013")
    assert await rows(
        empty_url, "SELECT user_id, status FROM intake_sessions ORDER BY user_id"
    ) == [(1, "in_progress"), (2, "in_progress")]


async def test_an_owner_halfway_through_a_what_if_continues_it(empty_url: str) -> None:
    await upgrade(empty_url, "0013")
    await execute(empty_url, *SEED)
    await upgrade(empty_url, "head")
    async with started_standin() as standin:
        await _continue(standin, empty_url)


async def _continue(standin: StandIn, url: str) -> None:
    for user_id in (2, 3, 4):
        standin.add_user(user_id, first_name="Owner", language_code="en")
    async with running_bot(standin, url):
        # The what-if asked the hours of a Wajong hire: "16" answers it.
        reply = texts(await standin.say(2, "16"))
        assert "What kind of contract" in reply or "what kind of contract" in reply
        reply = texts(await standin.tap(2, "Regular contract"))
        assert "What if you hire 1 person" in reply
        assert "Wajong" in reply and "16 hours a week" in reply
        # Stopped, the scan that waited comes back where it was.
        reply = texts(await standin.tap(2, "✖️ Stop"))
        assert "What kind of business is it?" in reply
        # "I hired someone" was at the start month: "mrt '26" answers it, then the review.
        reply = texts(await standin.say(3, "mrt '26"))
        review = standin.last_bot_message(3)
        assert review is not None and "Yes, add this person" in str(review.buttons)
        assert "March 2026" in reply
        # The consent was at the phone number.
        reply = texts(await standin.say(4, "06 12345678"))
        assert "May I share your indicative level" in reply
