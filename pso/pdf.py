"""The document to keep or forward: the result, the next steps and the plan of action to adopt.

Laid out once, top to bottom, as the text comes: paragraphs flow from page to page (no forced
page breaks that would leave a page half empty), and what must not be cut off is kept together
by asking fpdf2 whether a known height still fits (``will_page_break``): a heading with the
first lines of its section, a step's title with the first lines of its body, a table's heading
with its header and first rows. Nothing is measured in advance and nothing is laid out twice
here; the ruled tables are fpdf2's own, which size their rows themselves, keep a row whole and
repeat the header on a new page. No running footer: the disclaimer is said once, at the end.

The texts come from pso's text modules (result_texts, next_steps, labels) and the plan from
pso/plan.py; this module only places them.

The fonts are added to every document: fpdf2 2.8.9 subsets a font's parsed form in place when it
writes the document, so a font parsed once cannot serve the next one (a copy of a prepared
document fails there with fontTools' MissingGlyphsSubsettingError), and fpdf2 has no public way
to share one. So the fonts are cut down ahead of time to the ~500 glyphs our documents show
(scripts/subset_fonts.py): parsing both faces takes about 7 ms instead of 45, and writing them
less. An owner's name in a script outside the cut brings the full font in as fpdf2's fallback,
for that document only. The ladder picture goes in as the chat's JPEG, which fpdf2 embeds as it
is (a drawn image would be compressed again, about 15 ms). Texts that are the same in every
document of a level and language (``same=True``: the conditions' intro, the tasks, retention,
the disclaimer, ...) have their lines broken by fpdf2 once per worker process and are then drawn
a cell per line, as ``multi_cell`` draws them (the pages are pixel for pixel the same).

Where the time still goes (cProfile in the worker, the longest plan, about 110 ms): fpdf2's
line breaking, which sums the widths of the whole line again for every character it adds
(about 60 %; its tables break every cell twice, once to size the row and once to draw it:
about 35 % of the document), and writing the fonts, which fontTools subsets and recompiles
glyph by glyph for every document (about 15 %). Making that faster would take a line breaker or
a table of our own beside fpdf2's, which the project does not do (its engineering notes: one way
to use each library).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from babel.dates import format_date
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

from .assess import Assessment
from .formatting import fmt_date, fmt_fte, fmt_num
from .labels import choice_label, sector_label
from .ladder_image import HEIGHT as LADDER_PX_H
from .ladder_image import WIDTH as LADDER_PX_W
from .ladder_image import font_path, ladder_jpeg
from .plan import Person, Plan, month_text, plan_of_action
from .result_texts import (
    assumption_sentence,
    basistrede_text,
    contribution_sentence,
    counting_sentences,
    disclaimer,
    gap_example,
    headline,
    norm_lines,
    norms_title,
    number_notes,
    numbers_reach,
    pso_30_plus_text,
    unknown_target_group_sentence,
)
from .rules import Rules, load_rules
from .translation import Gettext, NGettext

FONT = "DejaVu"
FULL_FONT = "DejaVuFull"
BLANK = "______________________"
INK, MUTED, ACCENT = (33, 37, 41), (108, 117, 125), (46, 139, 87)
MARKS = {"yes": "✓", "no": "✗"}  # a condition's answer; anything else: ?

# Sizes in points, heights and widths in mm.
TITLE, HEADING, HEADLINE, BODY, SMALL, TABLE = 16.0, 12.0, 11.0, 9.0, 8.0, 8.0
LINE = BODY / 2  # a body line's height: 4.5 mm
TABLE_LINE = 4.1
FIELD_LINE, FIELD_GAP = 5.0, 0.6  # the answers' and signature's lines, and the space below a row
LADDER_W = 66.0  # about as tall as the numbers beside it; its smallest text about 5 pt
DISCLAIMER_H = 3 + 2 * SMALL / 2 + 1  # its space above and two lines
TABLE_KEEP = 40.0  # below a table's heading: its header and first two or three rows
LADDER_H = LADDER_W * LADDER_PX_H / LADDER_PX_W


@cache
def pdf_font_path(bold: bool = False) -> str:
    """The DejaVu face cut down to what our documents show (scripts/subset_fonts.py)."""
    name = "DejaVuSans-Bold-PDF.ttf" if bold else "DejaVuSans-PDF.ttf"
    return str(resources.files("pso") / "fonts" / name)


@cache
def subset_characters() -> frozenset[str]:
    """Every character both subset faces show (read once per process)."""
    shown = [set(TTFont(pdf_font_path(bold), lazy=True).getBestCmap()) for bold in (False, True)]
    return frozenset(chr(c) for c in shown[0] & shown[1])


def _owner_texts(value: Any) -> Iterator[str]:
    """The strings in the answers: what an owner typed (names) among the chosen keys."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _owner_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _owner_texts(item)


def needs_full_font(answers: Mapping[str, Any]) -> bool:
    """An owner typed a character the subset lacks (a name in another script)."""
    kept = subset_characters()
    return any(not set(text) <= kept for text in _owner_texts(answers))


# Lines of the texts that are the same in many documents, as fpdf2 broke them: (text, style,
# size, width) -> lines. A few hundred texts of a few lines each: well under a megabyte.
_BROKEN: OrderedDict[tuple[str, str, float, float], tuple[str, ...]] = OrderedDict()
BROKEN_KEPT = 1024


class _Doc(FPDF):
    """An A4 page with our fonts; no header or footer (said once, not on every page)."""

    def __init__(self, *, fallback: bool = False) -> None:
        super().__init__(format="A4")
        self.add_font(FONT, "", pdf_font_path(False))
        self.add_font(FONT, "B", pdf_font_path(True))
        if fallback:  # an owner's text in a script the subset lacks: the full font behind it
            self.add_font(FULL_FONT, "", font_path(False))
            self.add_font(FULL_FONT, "B", font_path(True))
            self.set_fallback_fonts([FULL_FONT])
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=16)
        self.set_creator("Tredebot")

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    def h1(self, text: str) -> None:
        self.set_font(FONT, "B", TITLE)
        self.set_text_color(*INK)
        self.multi_cell(0, TITLE / 2, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def h2(self, text: str, keep: float) -> None:
        """A section heading, moved to the next page with ``keep`` mm of what follows it."""
        if self.will_page_break(HEADING / 2 + 4 + keep):
            self.add_page()
        else:
            self.ln(3)
        self.set_font(FONT, "B", HEADING)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, HEADING / 2, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def para(
        self,
        text: str,
        *,
        size: float = BODY,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
        width: float = 0,
        indent: float = 0,
        same: bool = False,
    ) -> None:
        """A paragraph; ``same``: its text is the same in every document of a level and
        language (no figure or name of the owner's), so its lines are broken once per worker."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        x = self.l_margin + indent
        self.set_x(x)
        if same:
            self.lines_at(x, width or self.w - self.r_margin - x, size / 2, text)
        else:
            self.multi_cell(width, size / 2, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def lines_at(self, x: float, width: float, height: float, text: str) -> None:
        """``text`` as ``multi_cell`` lays it out at ``x``, its lines broken by fpdf2 the first
        time this worker shows it in this font and width, then remembered (``_BROKEN``): a
        cell per line is what ``multi_cell`` draws after breaking them."""
        key = (text, self.font_style, self.font_size_pt, round(width, 3))
        lines = _BROKEN.get(key)
        if lines is None:
            broken = self.multi_cell(width, height, text, dry_run=True, output="LINES")
            assert isinstance(broken, list)  # what output="LINES" returns
            lines = _BROKEN[key] = tuple(broken)
            while len(_BROKEN) > BROKEN_KEPT:
                _BROKEN.popitem(last=False)
        else:
            _BROKEN.move_to_end(key)
        for line in lines:
            self.set_x(x)
            self.cell(width, height, line, align="L", new_x="LMARGIN", new_y="NEXT")

    def titled(self, title: str, body: str) -> None:
        """A bold title with its body indented below; the title never ends a page alone."""
        self.keep(LINE * 3 + 2)
        self.para(title, bold=True)
        self.para(body, indent=5)

    def bullet(self, text: str, *, lead: str = "", same: bool = False) -> None:
        """A bullet with a hanging indent; ``lead`` in bold, on the same line as the text;
        ``same`` as for ``para`` (without a lead)."""
        self.keep(LINE * 2)
        self.set_font(FONT, "", BODY)
        self.set_x(self.l_margin)
        self.cell(5, LINE, "•")
        left = self.l_margin
        if same and not lead:
            self.lines_at(left + 5, self.w - self.r_margin - left - 5, LINE, text)
            self.ln(0.8)
            return
        self.set_left_margin(left + 5)
        if lead:
            self.set_font(FONT, "B", BODY)
            self.write(LINE, lead + " ")
            self.set_font(FONT, "", BODY)
        self.write(LINE, text)
        self.set_left_margin(left)
        self.ln(LINE + 0.8)

    def grid(
        self,
        widths: tuple[float, ...],
        aligns: tuple[str, ...],
        header: tuple[str, ...],
        rows: Sequence[tuple[str, ...]],
    ) -> None:
        """A ruled table; fpdf2 keeps each row whole and repeats the header on a new page."""
        self.set_font(FONT, "", TABLE)
        with self.table(
            col_widths=widths,
            text_align=aligns,
            line_height=TABLE_LINE,
            padding=1.2,
            headings_style=FontFace(emphasis="BOLD"),
        ) as table:
            for cells in [header, *rows]:
                row = table.row()
                for text in cells:
                    row.cell(text)
        self.ln(1)

    def fields(self, rows: Sequence[tuple[str, str]], label_w: float) -> None:
        """Label and value side by side, without rules; a row (at most three lines: the labels
        are ours, the values short answers) never splits over two pages."""
        line = FIELD_LINE
        for label, value in rows:
            self.keep(3 * line)
            top = self.get_y()
            self.set_font(FONT, "B", BODY)
            self.multi_cell(label_w, line, label, align="L", new_x="LMARGIN", new_y="NEXT")
            bottom = self.get_y()
            self.set_xy(self.l_margin + label_w, top)
            self.set_font(FONT, "", BODY)
            self.multi_cell(0, line, value, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_y(max(bottom, self.get_y()) + FIELD_GAP)


@dataclass(frozen=True)
class _Ctx:
    a: Assessment
    answers: Mapping[str, Any]
    gettext: Gettext
    ngettext: NGettext
    locale: str
    day: dt.date
    rules: Rules
    ladder: bytes


def report_pdf(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    generated_at: dt.datetime,
    ladder: bytes | None = None,
) -> bytes:
    """The PDF in the caller's language, dated ``generated_at``: the result, then the plan of
    action (which carries the conditions, the people and what to do: said once, not also as the
    chat's next steps), then the answers it is based on. ``ladder``: the chat's picture of this
    assessment in this language (``ladder_jpeg``), when it was drawn already; fpdf2 embeds a
    JPEG as it is, without decoding or compressing its pixels again."""
    a = assessment
    day = generated_at.date()
    if ladder is None:
        ladder = ladder_jpeg(a, gettext=gettext, locale=locale, ngettext=ngettext)
    c = _Ctx(a, answers, gettext, ngettext, locale, day, load_rules(a.rules_version), ladder)
    plan = plan_of_action(a, answers, gettext=gettext, ngettext=ngettext, locale=locale, start=day)
    pdf = _Doc(fallback=needs_full_font(answers))
    pdf.set_title(gettext("Your PSO pre-scan"))
    pdf.add_page()
    _result(pdf, c)
    _plan(pdf, plan, c)
    _answers(pdf, c)  # the record the document is based on, after the signature
    pdf.ln(3)
    pdf.para(disclaimer(a, gettext=gettext), size=SMALL, colour=MUTED, same=True)  # DISCLAIMER_H
    return bytes(pdf.output())


# --- the result -------------------------------------------------------------------------------


def _result(pdf: _Doc, c: _Ctx) -> None:
    _, a = c.gettext, c.a
    pdf.h1(_("Your PSO pre-scan"))
    # The organisation's name heads the plan of action below, said once.
    about = [str(c.answers["municipality"])] if c.answers.get("municipality") else []
    made = _("made on {date}").format(date=fmt_date(c.day, c.locale))
    pdf.para(" · ".join([*about, made]), colour=MUTED)
    pdf.para(
        headline(a, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale),
        size=HEADLINE,
        bold=True,
    )

    # The numbers in a column beside the picture of the ladder.
    pdf.h2(numbers_reach(a, c.gettext, c.ngettext), keep=LADDER_H)
    page, top = pdf.page, pdf.get_y()
    x = pdf.w - pdf.r_margin - LADDER_W
    pdf.image(io.BytesIO(c.ladder), x=x, y=top, w=LADDER_W)
    text_w = x - pdf.l_margin - 6
    pdf.para(contribution_sentence(a, gettext=c.gettext, locale=c.locale), width=text_w)
    pdf.para(norms_title(a, gettext=c.gettext, locale=c.locale), width=text_w, bold=True)
    for name, pct, reached in norm_lines(a, gettext=c.gettext, locale=c.locale):
        pdf.para(f"{'✓' if reached else '–'}  {name}: {pct}", width=text_w, indent=2)
    unknown = unknown_target_group_sentence(a, gettext=c.gettext)
    if unknown:
        pdf.para(unknown, width=text_w)
    if a.next_trede:
        gap = gap_example(a, a.next_trede, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale)
        pdf.para(gap, width=text_w)
    # The assumed full-time week is said once, with the answers.
    assumed = assumption_sentence(a, gettext=c.gettext, locale=c.locale)
    for note in number_notes(a, gettext=c.gettext, locale=c.locale):
        if note != assumed:
            pdf.para(note, width=text_w, size=SMALL, colour=MUTED)
    for sentence in counting_sentences(a, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale):
        pdf.para(sentence, width=text_w)
    if pdf.page == page:  # below the picture, unless the column went on to the next page
        pdf.set_y(max(pdf.get_y(), top + LADDER_H + 2))
    _route(pdf, c)


def _route(pdf: _Doc, c: _Ctx) -> None:
    """The Basistrede below Trede 1 and PSO 30+ at Trede 3; Aspirant status, the conditions and
    social purchasing are in the plan, said once."""
    if c.a.level == "none":
        pdf.para(basistrede_text(c.gettext), same=True)
    p30 = pso_30_plus_text(c.a, gettext=c.gettext, locale=c.locale)
    if p30:
        pdf.para(p30)


def _answers(pdf: _Doc, c: _Ctx) -> None:
    _, ans, a = c.gettext, c.answers, c.a
    none = _("not answered")
    full_week = (
        _("You didn't know yet, so I used {hours} hours.")
        if "full_time_hours" in a.assumptions
        else _("{hours} hours")
    ).format(hours=fmt_num(a.full_time_hours, c.locale, "#,##0.#"))
    # The organisation and municipality head the document and the FTE is in the result: the
    # record lists only what is said nowhere else.
    rows = [
        (_("Sector"), sector_label(ans, c.gettext)),
        (_("People"), str(ans.get("people_count") or none)),
        (_("Full-time week"), full_week),
        (
            _("Buys from PSO-certified or sheltered employment companies"),
            choice_label(ans.get("social_purchasing"), c.gettext),
        ),
    ]
    if ans.get("social_purchasing") == "yes":
        rows.append(
            (_("Spend on social purchasing"), choice_label(ans.get("purchasing_spend"), c.gettext))
        )
    rows += [
        (_("Reach a Trede within two years"), choice_label(ans.get("intent_grow"), c.gettext)),
        (_("Has a plan of action"), choice_label(ans.get("has_plan"), c.gettext)),
    ]
    # The record stays in one piece (a row is one line, the long labels two or three), and the
    # disclaimer under it never has a page to itself.
    pdf.h2(_("Your answers"), keep=(len(rows) + 3) * (FIELD_LINE + FIELD_GAP) + DISCLAIMER_H)
    pdf.fields(rows, label_w=62)


# --- the plan of action -----------------------------------------------------------------------


def _ends_cell(p: Person, c: _Ctx) -> str:
    _ = c.gettext
    if not p.known:
        return _("not known yet")
    if p.ends is None:
        return _("no end")
    return month_text(p.ends, c.locale)


def _baseline(pdf: _Doc, plan: Plan, c: _Ctx) -> None:
    """The people who count now, by category, with the month each stops counting."""
    _ = c.gettext
    pdf.h2(_("Where you start"), keep=TABLE_KEEP if plan.baseline.people else 9)
    if not plan.baseline.people:
        pdf.para(_("Nobody from the target group works for you yet."), same=True)
        return
    pdf.grid(
        widths=(70, 16, 52, 18, 18),
        aligns=("LEFT", "RIGHT", "LEFT", "RIGHT", "LEFT"),
        header=(
            _("Target group"),
            _("Hours a week"),
            _("Contract"),
            _("Weighted FTE"),
            _("Stops counting"),
        ),
        rows=[
            (
                p.group,
                fmt_num(p.hours, c.locale, "#,##0.#"),
                p.contract,
                fmt_fte(p.weighted_fte, c.locale),  # as the details' sum in the chat
                _ends_cell(p, c),
            )
            for p in plan.baseline.people
        ],
    )


def _short_date(day: dt.date, locale: str) -> str:
    """ "10 Jan 2027", "10 jan 2027": one line in the milestones' first column."""
    loc = "nl" if locale.startswith("nl") else "en_GB"
    return str(format_date(day, "d MMM y", locale=loc)).replace(".", "")


def _plan(pdf: _Doc, plan: Plan, c: _Ctx) -> None:
    _ = c.gettext
    # The plan flows on (a forced page would leave the one before half empty), but its title
    # never ends a page.
    if pdf.will_page_break(54):
        pdf.add_page()
    else:
        pdf.ln(5)
    pdf.h1(_("Plan of action"))
    pdf.para(plan.intro, colour=MUTED)
    pdf.fields(
        [
            (_("Organisation"), str(c.answers.get("org_name") or BLANK)),
            (_("KvK number"), BLANK),
            (_("Contact person"), BLANK),
        ],
        label_w=45,
    )
    _baseline(pdf, plan, c)
    pdf.h2(_("Goal"), keep=11)
    pdf.para(plan.goal, bold=True)
    for note in plan.goal_notes:
        pdf.para(note)

    pdf.h2(_("Milestones"), keep=TABLE_KEEP)
    pdf.grid(  # "Gedaan" whole in the last column (its bold width and the padding)
        widths=(21, 55, 51, 32, 15),
        aligns=("LEFT",) * 5,
        header=(_("By"), _("What"), _("Who, and what it needs"), _("Target"), _("Done")),
        rows=[
            (_short_date(m.when, c.locale), m.what, f"{m.who}\n{m.needs}", m.target, "")
            for m in plan.milestones
        ],
    )
    _hires(pdf, plan, c)
    if plan.started_proof:
        pdf.para(plan.started_proof, same=True)
    _tasks(pdf, c)

    pdf.h2(plan.requirements_title, keep=27)
    if plan.requirements_intro:
        pdf.para(plan.requirements_intro, same=True)
    for status, action in plan.requirement_lines():
        pdf.bullet(action, lead=status + ".")

    pdf.h2(_("Evidence to collect"), keep=18)
    for item in plan.evidence:
        pdf.bullet(item.text, lead=item.group)
    pdf.para(plan.evidence_note, colour=MUTED if plan.evidence else INK, same=True)

    pdf.h2(_("Keeping colleagues, buying socially, reviewing"), keep=27)
    for text in (plan.retention, plan.purchasing, plan.review):  # the review's dates: the day's
        pdf.bullet(text, same=True)

    # The adoption lines stay together with their heading.
    pdf.h2(_("Adopted"), keep=5 * (FIELD_LINE + FIELD_GAP))
    pdf.fields(
        [
            (_("Adopted on"), BLANK),
            (_("Adopted by (owner, board)"), BLANK),
            (_("Signature"), BLANK),
            (_("Guides new colleagues"), BLANK),
        ],
        label_w=70,
    )


def _tasks(pdf: _Doc, c: _Ctx) -> None:
    """docs/pso-rules.md: the plan says which tasks or jobs suit (job carving); the owner fills
    them in."""
    _ = c.gettext
    pdf.keep(4 * LINE)
    pdf.para(_("Tasks that might suit (job carving)"), bold=True, same=True)
    pdf.para(
        _(
            "Which tasks could be split off from existing jobs and done well by a new "
            "colleague from the target group?"
        ),
        same=True,
    )
    for _i in range(2):
        task = _("Task {blank}   hours a week ______").format(blank=BLANK)
        pdf.para(task, size=BODY - 0.5, same=True)


def _hires(pdf: _Doc, plan: Plan, c: _Ctx) -> None:
    """Per planned hire: the target group, hours, channel and the support that may apply, by
    who grants it (what to ask UWV and the municipality), dated and indicative."""
    _ = c.gettext
    if not plan.hires:
        return
    support = {s.n: s for s in plan.support.hires} if plan.support else {}

    def asks(n: int, fallback: str) -> str:
        found = support.get(n)
        if found is None:
            return fallback
        return "\n".join(f"{who}: {what}" for who, what in found.by_grantor)

    if plan.alternative:  # more hours for a colleague first; a new colleague the alternative
        pdf.h2(_("A new colleague instead"), keep=TABLE_KEEP)
        pdf.para(plan.alternative)
    else:
        pdf.h2(_("New colleagues"), keep=TABLE_KEEP)
    pdf.grid(  # "Werkgeversservicepunt," whole in the channel's column
        widths=(7, 16, 34, 38, 79),
        aligns=("RIGHT", "RIGHT", "LEFT", "LEFT", "LEFT"),
        header=(
            "#",
            _("Hours a week"),
            _("Target group"),
            _("Found through"),
            _("Support, and whom to ask"),
        ),
        rows=[
            (str(h.n), str(h.hours), h.group, h.channel, asks(h.n, h.support)) for h in plan.hires
        ],
    )
    if plan.support is None:
        note = _(
            "Ask the Werkgeversservicepunt which support applies and what it pays. A WW hire, "
            "an apprentice or an intern counts partly, so needs more hours."
        )
    else:  # whom to ask is in the table; the figures' date and "indicative" here
        note = (
            plan.support.note
            + " "
            + _("A WW hire, an apprentice or an intern counts partly, so needs more hours.")
        )
    pdf.para(note, size=SMALL, colour=MUTED, same=True)
