"""The result as the owner receives it: message, picture, PDF, what-if, /result, change since."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.i18n import translate
from bot.services.results import assess_stored
from pso.ladder_image import ladder_jpeg
from standin import StandIn
from tests.e2e.harness import RunningBot, texts
from tests.e2e.owner import (
    NO,
    PARTLY,
    YES,
    Owner,
    add_person,
    closing_questions,
    organisation,
    review_entry,
    show_result,
    start_scan,
    stored_results,
)


async def bakery_at_review(owner: Owner) -> None:
    """A bakery of 8 FTE with one Wajong employee for 24 hours: no Trede yet."""
    await start_scan(owner)
    await organisation(
        owner, name="Bakkerij <Ilse> & Zn", sector="Bakery", people="9", size=("In FTE", "8")
    )
    await owner.tap(YES)
    await add_person(owner, "Wajong (young disabled)", "24", "Regular contract")
    await owner.tap("That's everyone")
    await closing_questions(owner, NO, [YES, PARTLY, NO, YES])


async def bakery_result(owner: Owner) -> str:
    await bakery_at_review(owner)
    return await show_result(owner)


@pytest.mark.parametrize("locale", ["nl", "en"])
async def test_result_picture_and_pdf(standin: StandIn, app: RunningBot, locale: str) -> None:
    owner = Owner(standin, 201 if locale == "nl" else 202, locale)
    result = await bakery_result(owner)
    assert "MijnPSO" in result and "indicati" in result.lower()
    assert ("certificaat" if locale == "nl" else "certificate") in result
    # The organisation's name is echoed escaped, so it cannot break Telegram's HTML.
    assert "Bakkerij <Ilse> & Zn" in result
    photo = next(o for o in owner.last if o.method == "sendPhoto")
    picture = Image.open(io.BytesIO(photo.file_bytes or b""))
    assert picture.format == "JPEG" and picture.width >= 800
    # Next steps: the "no" on integration became a step.
    steps = texts([o for o in owner.last if o.method == "sendMessage"][-1:])
    assert owner.t("Integration") in steps or "ntegrati" in steps

    await owner.tap("📄 Summary and plan (PDF)")
    document = next(o for o in owner.last if o.method == "sendDocument")
    assert (document.file_bytes or b"").startswith(b"%PDF")
    assert document.file_name and document.file_name.endswith(".pdf")
    # Made in the document worker, in the owner's language (its title is stored as plain text).
    title = owner.t("Your PSO pre-scan")
    assert f"/Title ({title})".encode() in (document.file_bytes or b"")
    assert not standin.errors


async def test_the_picture_follows_an_edit_made_at_the_review(
    standin: StandIn, app: RunningBot
) -> None:
    owner = Owner(standin, 208, "en")
    await bakery_at_review(owner)
    await owner.tap("✏️ Change an answer")
    await owner.tap_label(review_entry(owner, "Total FTE"))
    await owner.say("3")  # back on the review, now with 3 FTE
    await show_result(owner)

    (result,) = await stored_results(app, 208)
    assert result.level != "none"  # 0.6 of 3 FTE reaches a Trede; 0.6 of 8 did not
    photo = next(o for o in owner.last if o.method == "sendPhoto")
    expected = ladder_jpeg(
        assess_stored(result), gettext=lambda text: translate(text, "en"), locale="en"
    )
    assert photo.file_bytes == expected
    assert not standin.errors


async def test_result_without_scan_points_to_start(standin: StandIn, app: RunningBot) -> None:
    owner = Owner(standin, 205, "en")
    assert "/start" in await owner.say("/result")
