"""Who may use the staff commands: admin, staff of this campaign's organisation, of another
organisation, a plain user; organisations and invites into them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.config import load_settings
from bot.db.models import JobRole, Organisation, StaffInvite, StaffMember
from bot.services.campaigns.roles import (
    InviteOutcome,
    Role,
    accept_invite,
    create_invite,
    create_organisation,
    role_of,
)
from bot.ui.callbacks import Camp, CampaignAct, StaffAct, StaffActKind
from standin import StandIn
from tests.campaigns.support import (
    ADMIN,
    UNKNOWN_COMMAND,
    campaign_by_code,
    code_of,
    invite_link,
    make_campaign,
    make_staff,
    until_document,
)
from tests.e2e.harness import RunningBot, texts

OWNER_STAFF, OTHER_STAFF, PLAIN, COLLEAGUE = 901, 902, 903, 904
STAFF_COMMANDS = (
    "/staff",
    "/organisation Gemeente Nep",
    "/campaign new Test",
    "/campaigns",
    "/campaignexport",
    "/campaign",
)
ELSEWHERE = "Werkgeversservicepunt Twente"


async def test_plain_user_gets_the_ordinary_unknown_command_reply(
    standin: StandIn, app: RunningBot
) -> None:
    standin.add_user(PLAIN, language_code="en")
    for command in STAFF_COMMANDS:
        outgoing = await standin.say(PLAIN, command)
        assert texts(outgoing) == UNKNOWN_COMMAND, command
        assert not any(o.method in {"sendPhoto", "sendDocument"} for o in outgoing)
    assert not standin.errors


async def test_staff_is_not_admin(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, OWNER_STAFF)
    assert texts(await standin.say(OWNER_STAFF, "/staff")) == UNKNOWN_COMMAND
    assert "No campaigns yet" in texts(await standin.say(OWNER_STAFF, "/campaigns"))


async def test_help_shows_each_role_its_own_commands(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, OWNER_STAFF)
    standin.add_user(PLAIN, language_code="en")
    owner, staff, admin = [
        texts(await standin.say(user, "/help")) for user in (PLAIN, OWNER_STAFF, ADMIN)
    ]
    assert "/result" in owner and "outreach staff" not in owner and "/campaigns" not in owner
    assert "For outreach staff" in staff and "/campaigns" in staff and "/dashboard" in staff
    assert "For admins" not in staff and "/staff" not in staff
    assert "For outreach staff" in admin and "For admins" in admin
    assert "/organisation" in admin and "/audit" in admin


async def help_message(standin: StandIn, user_id: int) -> int:
    """The id of the bot's answer to /help: a message to press forged buttons on."""
    message_id = (await standin.say(user_id, "/help"))[-1].message_id
    assert message_id is not None
    return message_id


async def test_campaign_visibility_and_forged_buttons(standin: StandIn, app: RunningBot) -> None:
    await make_staff(standin, OWNER_STAFF, "Jeroen")
    await make_staff(standin, COLLEAGUE, "Fatima")
    await make_staff(standin, OTHER_STAFF, "Anna", organisation=ELSEWHERE)
    code = code_of(await make_campaign(standin, OWNER_STAFF, "Avond Twenterand", "Twenterand"))
    campaign = await campaign_by_code(app, code)
    details = Camp(id=campaign.id or 0, act=CampaignAct.DETAILS).pack()
    standin.add_user(PLAIN, language_code="en")
    anchor = {}
    for user in (ADMIN, OWNER_STAFF, OTHER_STAFF, PLAIN, COLLEAGUE):
        anchor[user] = await help_message(standin, user)

    # Its maker, a colleague of the same organisation and the admin see it; staff of another
    # organisation do not.
    assert "Avond Twenterand" in texts(await standin.say(OWNER_STAFF, "/campaigns"))
    assert "Avond Twenterand" in texts(await standin.say(COLLEAGUE, "/campaigns"))
    assert "Avond Twenterand" in texts(await standin.say(ADMIN, "/campaigns"))
    assert "Avond Twenterand" not in texts(await standin.say(OTHER_STAFF, "/campaigns"))
    await standin.press_data(COLLEAGUE, details, message_id=anchor[COLLEAGUE])
    assert "Arrived through the link" in texts(await standin.wait_reply(COLLEAGUE))

    for act in ("d", "c", "q", "k", "e"):
        data = Camp(id=campaign.id or 0, act=CampaignAct(act)).pack()
        # Staff of another organisation: refused with a neutral notice, nothing sent.
        await standin.press_data(OTHER_STAFF, data, message_id=anchor[OTHER_STAFF])
        outgoing = await standin.wait_reply(OTHER_STAFF)
        assert not [o for o in outgoing if o.method.startswith("send")], act
        assert "not available" in standin.callback_answers[-1]["text"]
        # A plain user with forged data: the ordinary stale-button notice.
        await standin.press_data(PLAIN, data, message_id=anchor[PLAIN])
        outgoing = await standin.wait_reply(PLAIN)
        assert not [o for o in outgoing if o.method.startswith("send")], act
        assert "no longer works" in standin.callback_answers[-1]["text"]

    reply = await standin.press_data(OWNER_STAFF, details, message_id=anchor[OWNER_STAFF])
    assert reply
    assert "Arrived through the link" in texts(await standin.wait_reply(OWNER_STAFF))
    await standin.press_data(ADMIN, details, message_id=anchor[ADMIN])
    assert "Arrived through the link" in texts(await standin.wait_reply(ADMIN))

    # Admin-only buttons from staff or a plain user do nothing.
    for user in (OWNER_STAFF, PLAIN):
        await standin.press_data(
            user, StaffAct(act=StaffActKind.INVITE).pack(), message_id=anchor[user]
        )
        outgoing = await standin.wait_reply(user)
        assert "t.me" not in texts(outgoing)
        await standin.press_data(
            user,
            StaffAct(act=StaffActKind.REVOKE, user=OTHER_STAFF).pack(),
            message_id=anchor[user],
        )
        await standin.wait_reply(user)
    assert "No campaigns yet" in texts(await standin.say(OTHER_STAFF, "/campaigns"))
    assert not standin.errors


async def members(app: RunningBot) -> list[StaffMember]:
    async with app.storage.sessionmaker() as session, session.begin():
        return list((await session.exec(select(StaffMember))).all())


async def test_invite_is_single_use_and_revocable(standin: StandIn, app: RunningBot) -> None:
    link = await invite_link(standin)
    payload = link.rsplit("=", 1)[1]
    assert payload.startswith("staff-") and len(payload) <= 64
    standin.add_user(OWNER_STAFF, language_code="en")
    standin.add_user(OTHER_STAFF, language_code="en")
    assert "You are now outreach staff" in texts(
        await standin.say(OWNER_STAFF, "/start " + payload)
    )
    reply = texts(await standin.say(OTHER_STAFF, "/start " + payload))
    assert "expired or has been used" in reply
    assert texts(await standin.say(OTHER_STAFF, "/campaigns")) == UNKNOWN_COMMAND

    # The admin sees and revokes the new staff member.
    assert str(OWNER_STAFF) in texts(await standin.say(ADMIN, "/staff"))
    question = texts(await standin.tap(ADMIN, "✖️ Revoke Ilse"))
    assert "Revoke Ilse?" in question and "Within 30 days you can reinstate them" in question
    assert OWNER_STAFF in [m.user_id for m in await members(app)]  # asked, not done yet
    notice = texts(await standin.tap(ADMIN, "✖️ Yes, revoke Ilse"))
    assert "Ilse is revoked: they can no longer use the staff commands" in notice
    assert texts(await standin.say(OWNER_STAFF, "/campaigns")) == UNKNOWN_COMMAND
    # The notice's undo: staff again, as before.
    assert "Ilse is staff again" in texts(await standin.tap(ADMIN, "↩️ Reinstate Ilse"))
    assert "No campaigns yet" in texts(await standin.say(OWNER_STAFF, "/campaigns"))
    # Asked again and kept: nothing changes.
    await standin.say(ADMIN, "/staff")
    await standin.tap(ADMIN, "✖️ Revoke Ilse")
    assert "Fine, Ilse stays staff." in texts(await standin.tap(ADMIN, "No, keep Ilse"))
    assert OWNER_STAFF in [m.user_id for m in await members(app)]
    # An older question answered after a revoke meanwhile says so, never "stays".
    await standin.say(ADMIN, "/staff")
    await standin.tap(ADMIN, "✖️ Revoke Ilse")  # asked twice: two questions
    await standin.tap(ADMIN, "✖️ Revoke Ilse")
    await standin.tap(ADMIN, "✖️ Yes, revoke Ilse")  # the newer one
    assert "Not staff any more." in texts(await standin.tap(ADMIN, "No, keep Ilse"))
    assert not standin.errors


async def test_expired_invite_link_is_refused(standin: StandIn, app: RunningBot) -> None:
    payload = (await invite_link(standin)).rsplit("=", 1)[1]
    async with app.storage.sessionmaker() as session, session.begin():
        invite = (await session.exec(select(StaffInvite))).one()
        invite.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        session.add(invite)
    standin.add_user(OWNER_STAFF, language_code="en")
    assert "expired" in texts(await standin.say(OWNER_STAFF, "/start " + payload))
    assert texts(await standin.say(OWNER_STAFF, "/campaigns")) == UNKNOWN_COMMAND


@pytest.mark.parametrize(
    ("age", "outcome"),
    [
        (timedelta(days=6, hours=23), InviteOutcome.JOINED),
        (timedelta(days=7), InviteOutcome.INVALID),
        (timedelta(days=30), InviteOutcome.INVALID),
    ],
)
async def test_invite_expiry_with_a_clock(
    app: RunningBot, age: timedelta, outcome: InviteOutcome
) -> None:
    settings = load_settings(ADMIN_IDS=str(ADMIN))
    created = datetime(2026, 3, 1, 12, tzinfo=UTC)
    async with app.storage.sessionmaker() as session, session.begin():
        made = await create_organisation(session, name="Gemeente Almelo", created_by=ADMIN)
        assert made is not None
        token = await create_invite(
            session,
            created_by=ADMIN,
            organisation_id=made[0].id or 0,
            job_role=JobRole.JOB_COACH,
            valid_for=timedelta(days=7),
            now=created,
        )
        got = await accept_invite(
            session, settings, token=token, user_id=5, display_name="x", now=created + age
        )
        assert got == outcome
        expected = Role.STAFF if outcome == InviteOutcome.JOINED else None
        assert await role_of(session, settings, 5) == expected
        # Whatever happened, a second use is refused.
        again = await accept_invite(
            session, settings, token=token, user_id=6, display_name="y", now=created
        )
        assert again == (
            InviteOutcome.INVALID if outcome == InviteOutcome.JOINED else InviteOutcome.JOINED
        )


async def test_staff_join_the_organisation_and_role_the_admin_chose(
    standin: StandIn, app: RunningBot
) -> None:
    """With two organisations the admin picks one, then the job role; the person who uses the
    link is staff of that organisation, in that role, and is welcomed by its name."""
    reply = texts(await standin.say(ADMIN, "/staff"))
    assert "There is no organisation yet" in reply
    assert "There is no organisation yet" in texts(await standin.say(ADMIN, "/campaign new X"))
    assert "Type the name after the command" in texts(await standin.say(ADMIN, "/organisation"))
    await standin.say(ADMIN, "/organisation Gemeente Almelo")
    reply = texts(await standin.say(ADMIN, f"/organisation {ELSEWHERE}"))
    assert f"The organisation {ELSEWHERE} is ready" in reply
    # The same name again (any case) finds the one there is.
    reply = texts(await standin.say(ADMIN, "/organisation gemeente almelo"))
    assert "There already is an organisation called Gemeente Almelo" in reply

    await standin.say(ADMIN, "/staff")
    reply = texts(await standin.tap(ADMIN, "➕ New invite link"))
    assert "Which organisation will your colleague work for?" in reply
    reply = texts(await standin.tap(ADMIN, ELSEWHERE))
    assert f"What does your colleague do at {ELSEWHERE}?" in reply
    outgoing = await standin.tap(ADMIN, "Job coach")
    assert f"(job coach at {ELSEWHERE})" in texts(outgoing)
    with pytest.raises(LookupError):  # the choice is made: its buttons are gone
        await standin.tap(ADMIN, "Job coach")
    payload = code_of(outgoing)
    standin.add_user(OTHER_STAFF, first_name="Anna", language_code="en")
    reply = texts(await standin.say(OTHER_STAFF, "/start " + payload))
    assert f"You are now outreach staff of {ELSEWHERE}" in reply
    async with app.storage.sessionmaker() as session, session.begin():
        member = await session.get(StaffMember, OTHER_STAFF)
        assert member is not None
        organisation = await session.get(Organisation, member.organisation_id)
        assert organisation is not None and organisation.name == ELSEWHERE
        assert member.job_role == "job_coach"
    team = texts(await standin.say(ADMIN, "/staff"))
    assert team.index("Gemeente Almelo") < team.index(ELSEWHERE) < team.index("Anna, job coach")

    # A forged organisation id in an invite button makes no link.
    forged = StaffAct(act=StaffActKind.INVITE_ROLE, org=987654, role=JobRole.JOB_COACH).pack()
    await standin.press_data(ADMIN, forged, message_id=await help_message(standin, ADMIN))
    assert "t.me" not in texts(await standin.wait_reply(ADMIN))

    # An admin's campaign asks which organisation first (buttons; typed text re-asks).
    reply = texts(await standin.say(ADMIN, "/campaign new Beursvloer"))
    assert "Which organisation is this campaign for?" in reply
    assert "Which organisation is this campaign for?" in texts(
        await standin.say(ADMIN, "Twenterand")
    )
    assert "Which municipality is “Beursvloer” for?" in texts(await standin.tap(ADMIN, ELSEWHERE))
    await standin.say(ADMIN, "Almelo")
    code = code_of(await until_document(standin, ADMIN, await standin.tap(ADMIN, "⏭ Skip")))
    campaign = await campaign_by_code(app, code)
    assert campaign.organisation_id == member.organisation_id
    assert campaign.contact_role == ""
    # Anna (that organisation) sees it; nobody else's staff would.
    assert "Beursvloer" in texts(await standin.say(OTHER_STAFF, "/campaigns"))
    assert not standin.errors
