"""The ladder picture's shortcuts: text stamped from a cache and the JPEG encoded in a file.
Both must give exactly the picture the plain way gives."""

import io
import os
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

from pso import assess
from pso.assess import Assessment
from pso.ladder_image import (
    HEIGHT,
    INK,
    MUTED,
    WHITE,
    WIDTH,
    _Canvas,
    _clear_of,
    _encoded_in_file,
    _font,
    _scratch,
    _stamp,
    draw_ladder,
    ladder_jpeg,
)
from pso.translation import Gettext
from tests.pso.answers import WORKED, en


def ladder_png(assessment: Assessment, *, gettext: Gettext, locale: str) -> bytes:
    """The picture losslessly, to compare the chat's JPEG with (the PDF takes the drawn image)."""
    buf = io.BytesIO()
    draw_ladder(assessment, gettext=gettext, locale=locale).save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("text", "size", "bold", "fill", "anchor"),
    [
        ("Your place on the PSO ladder", 58, True, INK, "la"),
        ("Trede 2", 34, True, INK, "mt"),
        ("✓", 48, True, WHITE, "mt"),
        ("Indicatief, geen certificaat. Officiële scan: MijnPSO (€ ë é).", 28, False, MUTED, "la"),
    ],
)
def test_stamped_text_is_pixel_for_pixel_the_drawn_text(
    text: str, size: int, bold: bool, fill: tuple[int, int, int], anchor: str
) -> None:
    font = _font(size, bold)
    drawn = _Canvas()
    drawn.text((137, 402), text, font, fill, anchor=anchor)
    for _ in range(2):  # rendered, then from the cache
        stamped = _Canvas()
        stamped.text((137, 402), text, font, fill, anchor=anchor, shared=True)
        assert ImageChops.difference(drawn.image, stamped.image).getbbox() is None
    assert ImageChops.difference(drawn.image, _Canvas().image).getbbox() is not None


def test_only_text_every_owner_shares_is_kept() -> None:
    """Thirty owners have thirty different contributions and gaps; only the title, step names,
    level names and notes stay in the cache, so it never pushes them out."""
    _stamp.cache_clear()
    for staff in range(3, 33):
        draw_ladder(assess({**WORKED, "total_fte": float(staff)}), gettext=en, locale="nl")
    assert _stamp.cache_info().currsize <= 12
    assert _stamp.cache_info().hits >= 29 * 5


def test_the_jpeg_is_the_same_as_one_encoded_in_memory_and_the_file_is_emptied() -> None:
    pictures = [
        draw_ladder(assess(WORKED), gettext=en, locale="nl"),
        Image.new("RGB", (40, 30), INK),  # smaller after larger: no bytes left from before
        draw_ladder(assess({"total_fte": 300.0}), gettext=en, locale="en"),
    ]
    for picture in pictures:
        in_memory = io.BytesIO()
        picture.save(in_memory, format="JPEG", quality=92)
        assert _encoded_in_file(picture, format="JPEG", quality=92) == in_memory.getvalue()
        assert os.fstat(_scratch.file.fileno()).st_size == 0
    assert ladder_jpeg(assess(WORKED), gettext=en, locale="nl").startswith(b"\xff\xd8")


def test_a_failed_encoding_leaves_the_file_ready_for_the_next() -> None:
    picture = draw_ladder(assess(WORKED), gettext=en, locale="nl")
    with pytest.raises(KeyError):
        _encoded_in_file(picture, format="NO-SUCH-FORMAT")
    in_memory = io.BytesIO()
    picture.save(in_memory, format="JPEG", quality=92)
    assert _encoded_in_file(picture, format="JPEG", quality=92) == in_memory.getvalue()


@pytest.mark.parametrize("answers", [WORKED, {"total_fte": 1.0}, {"total_fte": 300.0}])
def test_ladder_png_decodes_with_expected_size(answers: dict[str, Any]) -> None:
    png = ladder_png(assess(answers), gettext=en, locale="nl")
    assert png.startswith(b"\x89PNG")
    img = Image.open(io.BytesIO(png))
    img.load()
    assert img.size == (WIDTH, HEIGHT) == (1080, 1350)


def test_ladder_for_the_chat_is_a_jpeg_of_the_same_picture() -> None:
    assessment = assess(WORKED)
    jpeg = Image.open(io.BytesIO(ladder_jpeg(assessment, gettext=en, locale="nl")))
    png = Image.open(io.BytesIO(ladder_png(assessment, gettext=en, locale="nl")))
    assert jpeg.format == "JPEG" and jpeg.size == png.size
    # Lossy, but the same picture: on average within a few levels of 255 per channel.
    difference = ImageChops.difference(jpeg.convert("RGB"), png.convert("RGB"))
    assert sum(ImageStat.Stat(difference).mean) / 3 < 3


def test_an_open_answer_that_decides_the_level_puts_no_tick_on_it() -> None:
    """The garage of issue 27: a WW colleague whose six months are not known. The numbers reach
    Trede 2 only if they count: the picture's title says what they may reach and how many open
    answers decide it, and the steps the open answer may add carry no ✓ (outlined, with a "?")."""
    from pso.result_texts import numbers_reach
    from tests.pso.answers import AS_OF, emp, ngettext

    garage = {
        "total_fte": 10.0,
        "employees": [emp("ww", 40, unemployed_six_months="unknown"), emp("wajong", 12)],
    }
    a = assess(garage, as_of=AS_OF)
    assert a.level == "trede_2" and a.unconfirmed_level == "none"
    assert numbers_reach(a, en, ngettext) == "Your numbers may reach Trede 2: 1 open answer decides"
    known = assess(
        {**garage, "employees": [emp("ww", 40, unemployed_six_months="yes")]}, as_of=AS_OF
    )
    # The picture differs from the one where the six months are known (✓ there, "?" here).
    assert (
        ImageChops.difference(
            draw_ladder(a, gettext=en, locale="en").convert("RGB"),
            draw_ladder(known, gettext=en, locale="en").convert("RGB"),
        ).getbbox()
        is not None
    )


def test_the_norm_lines_tick_only_what_the_known_answers_carry() -> None:
    from pso.result_texts import norm_lines
    from tests.pso.answers import AS_OF, emp

    unsure = [emp("ww", 40, unemployed_six_months="unknown"), emp("wajong", 12)]
    sure = [emp("ww", 40, unemployed_six_months="yes"), emp("wajong", 12)]
    for people, ticks in ((unsure, [False, False, False]), (sure, [True, True, False])):
        a = assess({"total_fte": 10.0, "employees": people}, as_of=AS_OF)
        assert [reached for _, _, reached in norm_lines(a, gettext=en, locale="en")] == ticks


def test_the_picture_names_the_steps_it_does_not_draw() -> None:
    """The chart draws Trede 1-3 at their norms; the ladder's other steps are named beside it
    (rules.md: the Basistrede whenever the ladder's steps are listed, never computed)."""
    said: list[str] = []

    def recording(message: str) -> str:
        said.append(en(message))
        return en(message)

    draw_ladder(assess(WORKED), gettext=recording, locale="en")
    named = [text for text in said if "Basistrede" in text]
    assert named == ["Below Trede 1: Aspirant status and the Basistrede (its norm is not public)."]


def test_the_contribution_label_keeps_clear_of_the_gap() -> None:
    """A range whose low end sits in the gap's box (a contribution of 0,0 to 5,6 % against a
    norm of 4,7 %): the "You" label goes to the end of its line, off the arrow; where the end
    is blocked too, or nothing is in the way, it stays at the start."""
    gap = (88.0, 700.0, 380.0, 1000.0)
    assert _clear_of((66.0, 690.0, 470.0, 742.0), gap, 1010.0) == (606.0, 690.0, 1010.0, 742.0)
    assert _clear_of((66.0, 600.0, 470.0, 652.0), gap, 1010.0) == (66.0, 600.0, 470.0, 652.0)
    assert _clear_of((66.0, 690.0, 470.0, 742.0), None, 1010.0) == (66.0, 690.0, 470.0, 742.0)
    wide_gap = (88.0, 700.0, 1000.0, 1000.0)
    assert _clear_of((66.0, 690.0, 470.0, 742.0), wide_gap, 1010.0) == (66.0, 690.0, 470.0, 742.0)
