"""Never a Telegram message to a web owner (channel WEB, a negative id: no Telegram chat). The
reminders are in test_reminder_mails.py (no Telegram call at all to a web owner); the other
places that send to a stored id, the staff notices, ask `accounts.reachable_by_telegram`."""

from __future__ import annotations

from pathlib import Path

from bot.config import load_settings
from bot.db.models import TELEGRAM, WEB, Campaign, Organisation, StaffMember, User
from bot.factory import create_storage
from bot.services import privacy
from bot.services.accounts import reachable_by_telegram
from tests.e2e.harness import migrated_sqlite


def test_who_may_get_a_telegram_message() -> None:
    assert reachable_by_telegram(User(id=7001, channel=TELEGRAM))
    assert reachable_by_telegram(None), "an admin who never wrote: Telegram decides"
    assert not reachable_by_telegram(User(id=-123456789, channel=WEB))


async def test_notices_to_an_organisation_skip_a_web_owner(tmp_path: Path) -> None:
    """Should a web owner's id ever stand among an organisation's staff, asking the staff for
    a new contact tells the Telegram colleague only."""
    storage = create_storage(load_settings(DATABASE_URL=await migrated_sqlite(tmp_path)))
    try:
        async with storage.sessionmaker() as db:
            async with db.begin():
                organisation = Organisation(name="Gemeente Almelo")
                db.add(organisation)
                db.add_all([User(id=7001, language="en"), User(id=-42, channel=WEB)])
                await db.flush()
                assert organisation.id is not None
                for user_id in (7001, -42):
                    db.add(StaffMember(user_id=user_id, organisation_id=organisation.id))
                campaign = Campaign(
                    code="ontbijt-abcd", name="Ontbijt", organisation_id=organisation.id
                )
                db.add(campaign)
            async with db.begin():
                notices = await privacy._contact_notices(db, [campaign], admin_ids=frozenset())
        assert [notice.user_id for notice in notices] == [7001]
    finally:
        await storage.engine.dispose()
