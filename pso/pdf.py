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

The fonts are added to every document (``add_font``, about a third of a PDF's CPU time): fpdf2
2.8.9 subsets a font's parsed form in place when it writes the document, so a font parsed once
cannot serve the next one (a copy of a prepared document fails there with fontTools'
MissingGlyphsSubsettingError), and fpdf2 has no public way to share one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from .assess import Assessment, EmployeeResult
from .counting import PERIOD_ENDED, STARTED_UNKNOWN, UNEMPLOYED_UNKNOWN
from .formatting import fmt_date, fmt_num
from .labels import choice_label, sector_label
from .ladder_image import HEIGHT as LADDER_PX_H
from .ladder_image import WIDTH as LADDER_PX_W
from .ladder_image import draw_ladder, font_path
from .next_steps import next_step_texts, next_steps_heading
from .plan import Plan, plan_of_action
from .result_texts import (
    audit_sentence,
    conditions_lines,
    conditions_title,
    contribution_sentence,
    counting_sentences,
    disclaimer,
    gap_example,
    headline,
    norm_lines,
    norms_title,
    not_counted_reason,
    number_notes,
    numbers_reach,
    route_texts,
    unknown_target_group_sentence,
)
from .rules import Rules, load_rules
from .translation import Gettext, NGettext

FONT = "DejaVu"
BLANK = "______________________"
INK, MUTED, ACCENT = (33, 37, 41), (108, 117, 125), (46, 139, 87)
MARKS = {"yes": "✓", "no": "✗"}  # a condition's answer; anything else: ?

# Sizes in points, heights and widths in mm.
TITLE, HEADING, HEADLINE, BODY, SMALL, TABLE = 16.0, 12.0, 11.0, 9.0, 8.0, 8.0
LINE = BODY / 2  # a body line's height: 4.5 mm
TABLE_LINE = 4.1
FIELD_LINE, FIELD_GAP = 5.0, 0.6  # the answers' and signature's lines, and the space below a row
LADDER_W = 56.0
DISCLAIMER_H = 3 + 2 * SMALL / 2 + 1  # its space above and two lines
TABLE_KEEP = 40.0  # below a table's heading: its header and first two or three rows
LADDER_H = LADDER_W * LADDER_PX_H / LADDER_PX_W


class _Doc(FPDF):
    """An A4 page with our fonts; no header or footer (said once, not on every page)."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font(FONT, "", font_path(False))
        self.add_font(FONT, "B", font_path(True))
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
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(width, size / 2, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def titled(self, title: str, body: str) -> None:
        """A bold title with its body indented below; the title never ends a page alone."""
        self.keep(LINE * 3 + 2)
        self.para(title, bold=True)
        self.para(body, indent=5)

    def bullet(self, text: str, *, lead: str = "") -> None:
        """A bullet with a hanging indent; ``lead`` in bold, on the same line as the text."""
        self.keep(LINE * 2)
        self.set_font(FONT, "", BODY)
        self.set_x(self.l_margin)
        self.cell(5, LINE, "•")
        left = self.l_margin
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


def report_pdf(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    generated_at: dt.datetime,
) -> bytes:
    """The PDF in the caller's language, dated ``generated_at``."""
    a = assessment
    day = generated_at.date()
    c = _Ctx(a, answers, gettext, ngettext, locale, day, load_rules(a.rules_version))
    plan = plan_of_action(a, answers, gettext=gettext, ngettext=ngettext, locale=locale, start=day)
    pdf = _Doc()
    pdf.set_title(gettext("Your PSO pre-scan"))
    pdf.add_page()
    _result(pdf, c)
    _conditions(pdf, c)
    _who_counts(pdf, c)
    _next_steps(pdf, c)
    _plan(pdf, plan, c)
    _answers(pdf, c)  # the record the document is based on, after the signature
    pdf.ln(3)
    pdf.para(disclaimer(a, gettext=gettext), size=SMALL, colour=MUTED)  # DISCLAIMER_H high
    return bytes(pdf.output())


# --- the result -------------------------------------------------------------------------------


def _result(pdf: _Doc, c: _Ctx) -> None:
    _, a = c.gettext, c.a
    pdf.h1(_("Your PSO pre-scan"))
    about = [str(c.answers[k]) for k in ("org_name", "municipality") if c.answers.get(k)]
    made = _("made on {date}").format(date=fmt_date(c.day, c.locale))
    pdf.para(" · ".join([*about, made]), colour=MUTED)
    pdf.para(
        headline(a, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale),
        size=HEADLINE,
        bold=True,
    )

    # The numbers in a column beside the picture of the ladder.
    pdf.h2(numbers_reach(a, c.gettext), keep=LADDER_H)
    page, top = pdf.page, pdf.get_y()
    x = pdf.w - pdf.r_margin - LADDER_W
    # The drawn picture as it is: fpdf2 compresses its pixels losslessly.
    pdf.image(draw_ladder(a, gettext=c.gettext, locale=c.locale), x=x, y=top, w=LADDER_W)
    text_w = x - pdf.l_margin - 6
    pdf.para(contribution_sentence(a, gettext=c.gettext, locale=c.locale), width=text_w)
    pdf.para(norms_title(a, gettext=c.gettext), width=text_w, bold=True)
    for name, pct, reached in norm_lines(a, gettext=c.gettext, locale=c.locale):
        pdf.para(f"{'✓' if reached else '–'}  {name}: {pct}", width=text_w, indent=2)
    unknown = unknown_target_group_sentence(a, gettext=c.gettext)
    if unknown:
        pdf.para(unknown, width=text_w)
    if a.next_trede:
        gap = gap_example(a, a.next_trede, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale)
        pdf.para(gap, width=text_w)
    for note in number_notes(a, gettext=c.gettext, locale=c.locale):
        pdf.para(note, width=text_w, size=SMALL, colour=MUTED)
    for sentence in counting_sentences(a, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale):
        pdf.para(sentence, width=text_w)
    if pdf.page == page:  # below the picture, unless the column went on to the next page
        pdf.set_y(max(pdf.get_y(), top + LADDER_H + 2))


def _conditions(pdf: _Doc, c: _Ctx) -> None:
    pdf.h2(conditions_title(c.gettext), keep=36)
    for answer, text in conditions_lines(c.a, gettext=c.gettext, locale=c.locale):
        pdf.para(f"{MARKS.get(answer, '?')}  {text}", indent=2)
    pdf.para(audit_sentence(c.a, gettext=c.gettext))
    for text in route_texts(c.a, c.answers, gettext=c.gettext, locale=c.locale):
        pdf.para(text)


def _counts_cell(e: EmployeeResult, c: _Ctx) -> str:
    _ = c.gettext
    if not e.counted:
        prefix = _("no longer") if e.reason == PERIOD_ENDED else _("no")
        return f"{prefix}: {not_counted_reason(e, gettext=c.gettext, rules=c.rules)}"
    if not c.rules.target_groups[e.target_group].weight_public:
        return _("partly (MijnPSO has the exact figure)")
    text = _("yes, {fte} FTE weighted").format(fte=fmt_num(e.weighted_fte, c.locale, "#,##0.00"))
    if STARTED_UNKNOWN in e.notes:
        text += "; " + _("start month not known")
    if UNEMPLOYED_UNKNOWN in e.notes:
        text += "; " + _("{months} months unemployed before starting not known").format(
            months=c.rules.unemployed_before_start_months
        )
    if e.ends is not None:
        text += "; " + _("until {date}").format(date=fmt_date(e.ends.first_day(), c.locale))
    return text


def _who_counts(pdf: _Doc, c: _Ctx) -> None:
    _ = c.gettext
    if not c.a.employees:
        pdf.h2(_("Who counts"), keep=9)
        pdf.para(_("Nobody from the target group works for you yet."))
        return
    # The header and the first rows (fpdf2 keeps the header with a first row too).
    pdf.h2(_("Who counts"), keep=TABLE_KEEP)
    pdf.grid(
        widths=(6, 52, 16, 40, 60),
        aligns=("RIGHT", "LEFT", "RIGHT", "LEFT", "LEFT"),
        header=("#", _("Target group"), _("Hours a week"), _("Contract"), _("Counts")),
        rows=[
            (
                str(e.index + 1),
                c.rules.target_groups[e.target_group].label(c.locale),
                fmt_num(e.weekly_hours, c.locale, "#,##0.#"),
                c.rules.contracts[e.contract].label(c.locale),
                _counts_cell(e, c),
            )
            for e in c.a.employees
        ],
    )


def _next_steps(pdf: _Doc, c: _Ctx) -> None:
    pdf.h2(next_steps_heading(c.a, gettext=c.gettext), keep=27)
    steps = next_step_texts(c.a, c.answers, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale)
    for i, st in enumerate(steps, 1):
        pdf.titled(f"{i}. {st.title}", st.body)


def _answers(pdf: _Doc, c: _Ctx) -> None:
    _, ans, a = c.gettext, c.answers, c.a
    none = _("not answered")
    rows = [
        (_("Organisation"), str(ans.get("org_name") or none)),
        (_("Municipality"), str(ans.get("municipality") or none)),
        (_("Sector"), sector_label(ans, c.gettext)),
        (_("People"), str(ans.get("people_count") or none)),
        (_("Total FTE"), fmt_num(a.total_fte, c.locale, "#,##0.0#")),
        (
            _("Full-time week"),
            _("{hours} hours").format(hours=fmt_num(a.full_time_hours, c.locale)),
        ),
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
    pdf.h2(_("Goal"), keep=11)
    pdf.para(plan.goal)

    pdf.h2(_("Milestones"), keep=TABLE_KEEP)
    pdf.grid(
        widths=(30, 74, 50, 20),
        aligns=("LEFT",) * 4,
        header=(_("By"), _("Milestone"), _("Target"), _("Done")),
        rows=[(fmt_date(m.when, c.locale), m.what, m.target, "") for m in plan.milestones],
    )

    pdf.h2(_("What the audit checks, and what you do about it"), keep=27)
    for req in plan.requirements:
        pdf.titled(req.status, req.action)

    pdf.h2(_("Evidence to collect"), keep=18)
    for item in plan.evidence:
        pdf.bullet(item.text, lead=item.group)
    pdf.para(plan.evidence_note, colour=MUTED if plan.evidence else INK)

    pdf.h2(_("Tasks that might suit (job carving)"), keep=27)
    pdf.para(
        _(
            "Which tasks could be split off from existing jobs and done well by a new "
            "colleague from the target group?"
        )
    )
    for _i in range(3):
        pdf.para(_("Task {blank}   hours a week ______").format(blank=BLANK), size=BODY - 0.5)

    # The signature lines stay together with their heading.
    pdf.h2(_("Adopted by"), keep=7 * (FIELD_LINE + FIELD_GAP))
    pdf.fields(
        [
            (_("Owner"), BLANK),
            (_("Signature"), BLANK),
            (_("Date"), BLANK),
            (_("Guides new colleagues"), BLANK),
            (_("Contact at the Werkgeversservicepunt"), BLANK),
        ],
        label_w=70,
    )
