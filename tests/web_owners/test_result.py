"""The result page for an owner in a browser (aiohttp's client as the browser): the result with
its picture, PDF, details and support per person; the what-if, "I hired someone" and the consent
opened from it through the chat's services and asked on the question page, landing back on the
result with what they produced; the picture and PDF only for the owner's own result."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
from sqlmodel import select

from bot.db.models import ContactConsent, Result
from bot.i18n import translate
from bot.runtime.rate_limits import Limit
from bot.services.consent import consent_language
from bot.web.owners.pages import LIMITS
from tests.web.owner_walks import Step, bakery_nl, it_firm_en
from tests.web_owners.conftest import Browser, WebScan

CODE = "ontbijt-abcd"
MAX_PAGE_BYTES = 50_000  # every page (issue 32): the longest is the result with a what-if


def nl(message: str) -> str:
    return translate(message, "nl")


async def press_exactly(browser: Browser, label: str) -> str:
    """Press the button whose visible text is `label` (not one that merely contains it)."""
    for form in browser.forms:
        for name, value, text in form.buttons:
            if text == label:
                data = dict(form.fields)
                if name:
                    data[name] = value
                return await browser.post(form.action, data)
    seen = [text for form in browser.forms for _n, _v, text in form.buttons]
    raise LookupError(f"no button {label!r} on {browser.url}; buttons: {seen}")


async def walk(browser: Browser, steps: list[Step]) -> None:
    for kind, said in steps:
        if kind == "tap":
            await press_exactly(browser, said)
        else:
            await browser.type(said)
        assert browser.status == 200, (said, browser.url, browser.html[-2000:])


async def owner_with_result(web_scan: WebScan, language: str = "nl") -> Browser:
    """An owner of the campaign, in `language`, through the bakery (nl) or the IT firm (en)."""
    browser = await web_scan.browser(**{"Accept-Language": language})
    await browser.get(f"/c/{CODE}")
    await browser.post(f"/c/{CODE}", {})
    assert browser.url.startswith("/scan"), browser.url
    await walk(browser, bakery_nl() if language == "nl" else it_firm_en())
    assert browser.url == "/scan/result", browser.url
    return browser


async def results_of(web_scan: WebScan) -> list[Result]:
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        return list(await db.exec(select(Result)))


def attribute(html: str, tag: str, name: str) -> str:
    found = re.search(rf"<{tag}\b[^>]*\b{name}=\"([^\"]*)\"", html)
    assert found is not None, f"no <{tag} {name}=…>"
    return found.group(1).replace("&amp;", "&")


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def answer_quickly(web_scan: WebScan) -> None:
    """A test answers far faster than a person: the per-link limit (40 at once, then one each
    half second) would stop it half-way through the scan."""
    buckets = web_scan.server.app[LIMITS]
    buckets.limits = {**buckets.limits, "web_link": Limit(burst=10_000, refill_seconds=0.001)}


@pytest.fixture
async def campaign(web_scan: WebScan) -> Any:
    answer_quickly(web_scan)
    return await web_scan.campaign(code=CODE)


async def test_the_result_page_shows_what_the_chat_shows(web_scan: WebScan, campaign: Any) -> None:
    owner = await owner_with_result(web_scan)
    page = owner.html
    # The result and the next steps, as the chat words them.
    assert "8,3\u00a0%" in page and "Bakkerij Ilse" in page
    # Ilse is 7 hours short and her Wajong colleague counts: more hours first, not Aspirant.
    assert "Volgende stappen naar Trede 1" in page
    # The picture, with the result in words for who cannot see it.
    (result,) = await results_of(web_scan)
    assert attribute(page, "img", "src") == f"/scan/result/picture.jpg?r={result.id}&lang=nl"
    alt = attribute(page, "img", "alt")
    assert alt.startswith(nl("Your position on the PSO ladder (indicative).")) and "8,3" in alt
    # The PDF, the details, the support per person (the Wajong colleague, 24 hours a week).
    assert f'href="/scan/result/plan.pdf?r={result.id}"' in page
    assert nl("📋 Details and costs") in page and nl("How your result is made") in page
    assert nl("💶 Support for your people") in page
    assert "Wajong (jonggehandicapt), 24 uur per week" in page
    # What the chat's buttons offer; the consent to the campaign's organisation.
    labels = [text for form in owner.forms for _n, _v, text in form.buttons]
    assert nl("➕ What if I hire someone?") in labels
    assert nl("👤 I hired someone: add them") in labels
    assert nl("📞 Let {organisation} contact me").format(organisation="Gemeente Almelo") in labels
    assert 'href="/scan/privacy"' in page and 'href="/scan/restart"' in page
    assert len(page.encode()) < MAX_PAGE_BYTES


async def test_the_picture_and_the_pdf_are_the_owners_own(web_scan: WebScan, campaign: Any) -> None:
    owner = await owner_with_result(web_scan)
    (result,) = await results_of(web_scan)
    picture = await owner.client.get(f"/scan/result/picture.jpg?r={result.id}")
    assert picture.status == 200 and picture.content_type == "image/jpeg"
    drawn = await picture.read()
    assert drawn[:3] == b"\xff\xd8\xff"  # a JPEG, the chat's picture
    etag = picture.headers["ETag"]
    again = await owner.client.get(
        f"/scan/result/picture.jpg?r={result.id}", headers={"If-None-Match": etag}
    )
    assert again.status == 304  # a result never changes: the browser keeps its picture
    plan = await owner.client.get(f"/scan/result/plan.pdf?r={result.id}")
    assert plan.status == 200 and plan.content_type == "application/pdf"
    assert "attachment" in plan.headers["Content-Disposition"]
    text = pdf_text(await plan.read())
    assert "Je PSO-voorscan" in text and "Twenterand" in text and "Je zit op 8,3" in text

    # Another browser (another owner) gets nothing of it, whatever id it names.
    other = await web_scan.browser(**{"Accept-Language": "nl"})
    await other.post("/scan/start", {})
    assert other.cookie and other.cookie != owner.cookie
    for path in (f"/scan/result/picture.jpg?r={result.id}", f"/scan/result/plan.pdf?r={result.id}"):
        response = await other.client.get(path, allow_redirects=False)
        assert response.status == 404, path
        assert b"Bakkerij" not in await response.read()
    # Without an owner: the start page, nothing else.
    stranger = await web_scan.browser()
    response = await stranger.client.get(f"/scan/result/plan.pdf?r={result.id}")
    assert response.content_type == "text/html"
    assert b"%PDF" not in await response.read()


async def test_the_what_if_comes_back_to_the_result_with_its_comparison(
    web_scan: WebScan, campaign: Any
) -> None:
    owner = await owner_with_result(web_scan)
    await press_exactly(owner, nl("➕ What if I hire someone?"))
    assert owner.url == "/scan"
    assert nl("Which group would this person come from?").split("?")[0][:20] in owner.html or (
        nl(
            "What if you hire someone from the target group? Which group would this person "
            "come from?"
        )
        in owner.html
    )
    await press_exactly(owner, nl("Wajong (young disabled)"))
    await owner.type("12")
    await press_exactly(owner, nl("Regular contract"))
    # The recomputed result on the question page, as the chat's overview.
    assert nl("Imagined hires") in owner.html or "12 uur per week" in owner.html
    comparison = owner.html
    assert "12 uur per week" in comparison
    await press_exactly(owner, nl("✖️ Stop"))
    page = owner.html
    assert owner.status == 200
    assert nl("Your what-if") in page
    assert nl("Nothing of it was saved: your answers and your result below are unchanged.") in page
    assert "12 uur per week" in page  # the comparison, above the result
    assert "8,3\u00a0%" in page
    assert len(await results_of(web_scan)) == 1  # a what-if stores nothing
    assert len(page.encode()) < MAX_PAGE_BYTES, len(page.encode())
    # Drawn by the answer's POST: the language switch returns through /scan (to the result).
    await owner.press("English")
    assert owner.url == "/scan/result" and owner.status == 200
    assert "Your result" in owner.html


async def test_the_consent_is_asked_and_confirmed_on_the_result(
    web_scan: WebScan, campaign: Any
) -> None:
    owner = await owner_with_result(web_scan)
    await press_exactly(
        owner, nl("📞 Let {organisation} contact me").format(organisation="Gemeente Almelo")
    )
    assert owner.url == "/scan"
    await press_exactly(owner, nl("Yes, choose what to share"))
    await owner.type("Bakkerij Ilse")
    await owner.type("Ilse")
    await owner.type("06 12345678")
    await press_exactly(owner, nl("Yes, share it"))
    await press_exactly(owner, nl("✅ Yes, share this"))
    page = owner.html
    assert (
        nl(
            "Thank you. {organisation} may now contact you about the next steps. You can withdraw "
            "this at any time under “Your data”."
        ).format(organisation="Gemeente Almelo")
        in page
    )
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        (consent,) = list(await db.exec(select(ContactConsent)))
    assert consent.phone and consent.org_name == "Bakkerij Ilse"
    # What they agreed to says where a browser owner withdraws it: their data page, no command.
    assert consent.consent_text.endswith("Ik kan dit altijd intrekken op de pagina “Je gegevens”.")
    assert "/privacy" not in consent.consent_text
    assert consent_language(consent.consent_text) == "nl"
    # Given once: the result no longer offers it.
    await owner.get("/scan/result")
    labels = [text for form in owner.forms for _n, _v, text in form.buttons]
    assert not any("Gemeente Almelo" in label for label in labels)
    # Withdrawn from their data page, as /privacy's button does in the chat.
    await owner.get("/scan/privacy")
    await press_exactly(owner, nl("Withdraw consent to be contacted"))
    assert nl("Done: your consent is withdrawn and your contact details are deleted.") in (
        owner.html
    )
    async with web_scan.app.storage.sessionmaker() as db, db.begin():
        assert not list(await db.exec(select(ContactConsent)))


async def test_i_hired_someone_records_a_new_result(web_scan: WebScan, campaign: Any) -> None:
    owner = await owner_with_result(web_scan)
    await press_exactly(owner, nl("👤 I hired someone: add them"))
    assert owner.url == "/scan"
    await press_exactly(owner, nl("Wajong (young disabled)"))
    await owner.type("16")
    await press_exactly(owner, nl("Regular contract"))
    await owner.type("3-2026")  # the month they started
    # The review says how to change an answer on this page, not with the chat's ✏️.
    assert "Met “Wijzigen” naast een antwoord wijzig je het." in owner.html
    assert "✏️" not in owner.html
    await press_exactly(owner, nl("✅ Yes, add this person"))
    page = owner.html
    assert owner.status == 200
    assert (
        nl(
            "Added. Your organisation now counts {people} people and {fte} FTE. "
            "Here is your new result:"
        ).split("{")[0]
        in page
    )
    assert nl("💶 Support that may apply") in page
    assert len(await results_of(web_scan)) == 2


async def test_a_flow_stopped_on_its_way_leaves_the_result_as_it_was(
    web_scan: WebScan, campaign: Any
) -> None:
    owner = await owner_with_result(web_scan)
    await press_exactly(owner, nl("👤 I hired someone: add them"))
    await press_exactly(owner, nl("Wajong (young disabled)"))
    await press_exactly(owner, nl("✖️ Stop"))  # the flow's way out: nothing is added
    assert owner.url == "/scan/result?done=hired-stopped"
    assert nl("Fine, your saved answers are unchanged.") in owner.html
    assert "8,3\u00a0%" in owner.html
    assert len(await results_of(web_scan)) == 1
