import datetime as dt
import html.parser
import io
import re

import pytest
from PIL import Image, ImageChops, ImageStat

from pso import assess
from pso.ladder_image import HEIGHT, WIDTH, ladder_jpeg, ladder_png
from pso.presentation import (
    SECTOR_LABELS,
    next_steps_message,
    result_message,
    sector_label,
)
from pso.report_pdf import report_pdf


def en(s: str) -> str:
    return s


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def nl_fake(s: str) -> str:
    """Marks translated text, so tests can see every text went through gettext."""
    return "«" + s + "»"


def nl_ngettext(singular: str, plural: str, n: int) -> str:
    return nl_fake(singular if n == 1 else plural)


WORKED = {
    "total_fte": 8.0,
    "org_name": "<script>&",
    "municipality": "Twenterand",
    "sector": "bakery",
    "people_count": 9,
    "employees": [{"target_group": "wajong", "weekly_hours": 24, "contract": "regular"}],
    "social_purchasing": "yes",
    "purchasing_spend": "10k_50k",
    "q_suitable_work": "no",
    "q_guidance": "no",
    "q_integration": "partly",
    "q_development": "yes",
    "intent_grow": "maybe",
    "has_plan": "no",
}


class _TagCheck(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("b", "i") or attrs:
            self.bad.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad.append("/" + tag)


def assert_telegram_html(text: str) -> None:
    p = _TagCheck()
    p.feed(text)
    p.close()
    assert p.bad == [] and p.stack == []
    # every & starts an entity
    assert not re.search(r"&(?!(amp|lt|gt|quot|#x?[0-9a-f]+);)", text)


def test_result_message_english_level_words_and_notes():
    a = assess(WORKED)
    m = result_message(a, gettext=en, ngettext=ngettext, locale="en", answers=WORKED)
    assert "Indicative level: no Trede yet — the road to Aspirant-status" in m
    assert "7.5%" in m and "9.1%" in m and "(interpolated)" in m
    assert "about 6 hours a week" in m and "one person for 6 hours a week" in m
    assert "mijnpso.nl" in m and "not a certificate" in m
    assert "may raise your score" in m  # purchasing as upside
    assert "PSO 30+" in m
    assert len(m) <= 1500
    assert_telegram_html(m)
    assert "&lt;script&gt;&amp;" in m and "<script>" not in m


def test_result_message_dutch_uses_decimal_comma_and_gettext():
    a = assess(WORKED)
    m = result_message(a, gettext=nl_fake, ngettext=nl_ngettext, locale="nl", answers=WORKED)
    assert "7,5\u00a0%" in m and "9,1\u00a0%" in m
    assert "«Indicative level: «no Trede yet — the road to Aspirant-status»»" in m
    assert len(m) <= 1500
    assert_telegram_html(m)


def test_result_message_trede_and_small_size():
    a = assess({"total_fte": 1.0, "employees": [{"target_group": "ww", "weekly_hours": 40}]})
    m = result_message(a, gettext=en, ngettext=ngettext, locale="en")
    assert "Indicative level: Trede 3" in m
    assert "2 FTE and more" in m
    assert_telegram_html(m)


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_next_steps_one_step_per_qualitative_no(locale):
    a = assess(WORKED)
    m = next_steps_message(a, WORKED, gettext=en, ngettext=ngettext, locale=locale)
    assert "1. <b>Close the gap to Trede 1</b>" in m
    assert "<b>Suitable work</b>" in m and "<b>Guidance</b>" in m
    assert "<b>Check: integration</b>" in m
    assert "Functioning and development" not in m and "functioning" not in m  # answered yes
    assert "Werkgeversservicepunt" in m and "Twenterand" in m
    assert "Write a plan of action" in m
    assert len(m) <= 3500
    assert_telegram_html(m)


def test_next_steps_worst_case_length_and_escaping():
    answers = {
        **WORKED,
        "municipality": "<b>Súdwest-Fryslân & Co</b>" * 3,
        **{f"q_{q}": "no" for q in ("suitable_work", "guidance", "integration", "development")},
        "total_fte": 10.0,
        "employees": [],
    }
    a = assess(answers)
    for gt, ng, loc in ((en, ngettext, "en"), (nl_fake, nl_ngettext, "nl")):
        m = next_steps_message(a, answers, gettext=gt, ngettext=ng, locale=loc)
        assert len(m) <= 3500
        assert_telegram_html(m)
        assert "&lt;b&gt;Súdwest-Fryslân &amp; Co" in m


def test_sector_labels():
    assert set(SECTOR_LABELS) == {
        "bakery",
        "retail",
        "hospitality",
        "construction",
        "cleaning",
        "garage",
        "care",
        "ict",
        "manufacturing",
        "other",
    }
    assert sector_label({"sector": "bakery"}, nl_fake) == "«Bakery»"
    assert sector_label({"sector": "other", "sector_other": "Imkerij"}, nl_fake) == "Imkerij"


@pytest.mark.parametrize("answers", [WORKED, {"total_fte": 1.0}, {"total_fte": 300.0}])
def test_ladder_png_decodes_with_expected_size(answers):
    png = ladder_png(assess(answers), gettext=en, locale="nl")
    assert png.startswith(b"\x89PNG")
    img = Image.open(io.BytesIO(png))
    img.load()
    assert img.size == (WIDTH, HEIGHT) == (1080, 1350)


def test_ladder_for_the_chat_is_a_jpeg_of_the_same_picture():
    assessment = assess(WORKED)
    jpeg = Image.open(io.BytesIO(ladder_jpeg(assessment, gettext=en, locale="nl")))
    png = Image.open(io.BytesIO(ladder_png(assessment, gettext=en, locale="nl")))
    assert jpeg.format == "JPEG" and jpeg.size == png.size
    # Lossy, but the same picture: on average within a few levels of 255 per channel.
    difference = ImageChops.difference(jpeg.convert("RGB"), png.convert("RGB"))
    assert sum(ImageStat.Stat(difference).mean) / 3 < 3


@pytest.mark.parametrize("locale", ["en", "nl"])
def test_report_pdf_has_pages(locale):
    a = assess(WORKED)
    pdf = report_pdf(
        a,
        WORKED,
        gettext=en if locale == "en" else nl_fake,
        ngettext=ngettext if locale == "en" else nl_ngettext,
        locale=locale,
        generated_at=dt.datetime(2026, 11, 27, 14, 0),
    )
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 2 <= pages <= 4


def test_report_pdf_minimal_answers():
    pdf = report_pdf(
        assess({"total_fte": 12.0}),
        {"total_fte": 12.0},
        gettext=en,
        ngettext=ngettext,
        locale="en",
        generated_at=dt.datetime(2026, 11, 27),
    )
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
