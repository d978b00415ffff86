"""The document to keep or forward: the result, next steps and a plan of action to adopt.

The plan is written from the answers: its goal and milestones come from the gap (hours, people,
dates), it asks for Aspirant status once the plan has started, lists the evidence an auditor asks
for per counted category (only what rules.md and weights.csv support; otherwise it points to the
Werkgeversservicepunt), and ends with lines for the owner's name and signature. An owner whose
plan has already started gets milestones that continue it.

Layout: the text flows from page to page (no forced page breaks that would leave a page half
empty); a heading moves to the next page with the first lines of its section. No running footer:
the disclaimer is said once, at the end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from .assess import Assessment, EmployeeResult
from .conditions import CONDITIONS, QUALITATIVE
from .counting import PERIOD_ENDED, STARTED_UNKNOWN, UNEMPLOYED_UNKNOWN
from .formatting import fmt_date, fmt_num, fmt_pct, hours_text, people_text
from .labels import CONDITION_HEADINGS, choice_label, period_groups, sector_label, trede_name
from .ladder_image import font_path, ladder_png
from .next_steps import CONDITION_ACTIONS, next_step_texts, next_steps_heading
from .result_texts import (
    audit_sentence,
    condition_status,
    conditions_title,
    contribution_sentence,
    counting_sentences,
    disclaimer,
    gap_example,
    gap_hours,
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
from .translation import N_, Gettext, NGettext

FONT = "DejaVu"
BLANK = "______________________"
INK, MUTED, ACCENT = (33, 37, 41), (108, 117, 125), (46, 139, 87)
PLAN_YEARS = 2
LADDER_W = 62.0  # mm; the picture is 1080 × 1350 px

# What an auditor asks to see, per target group: only what rules.md and the notes of
# weights.csv support. {years} and {months} come from the rules data.
EVIDENCE: Mapping[str, str] = {
    "sw_indicated": N_(
        "The Wsw indication, showing that it is still valid: they count while it is."
    ),
    "participatiewet": N_(
        "Proof of their position when they started (Participatiewet, for example bijstand, "
        "IOAW/IOAZ, NUG or statushouder) and the start month: they count for {years} years "
        "from the start."
    ),
    "participatiewet_lks": N_(
        "Proof of the wage-cost subsidy (loonkostensubsidie) for them: they count as long as "
        "it runs."
    ),
    "wao_wia_waz": N_(
        "Proof of the WAO, WIA or WAZ benefit, or of the no-risk policy (article 29b Ziektewet)."
    ),
    "bbl_bol_1_vso_pro_internship": N_(
        "The work-placement or internship agreement; they count partly, and MijnPSO has the "
        "exact figure."
    ),
    "bbl_bol_2": N_(
        "The work-placement or learning-work agreement (leerwerkovereenkomst); they count "
        "partly, and MijnPSO has the exact figure."
    ),
    "vso_pro": N_(
        "Proof of leaving VSO or PrO and the month they left: they count for {years} years "
        "after leaving school."
    ),
    "ww": N_(
        "Proof of the WW benefit and that they were unemployed for at least {months} months "
        "before starting."
    ),
    "target_register_other": N_("Their entry in the target-group register (doelgroepregister)."),
}
CONTRACT_EVIDENCE: Mapping[str, str] = {
    "internship_reintegration": N_(
        "For an internship, work-experience place or re-integration trajectory: its agreement "
        "with the start month, since it counts for at most {years} years."
    ),
}


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Table:
    widths: tuple[float, ...]  # relative column widths
    aligns: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Milestone:
    when: dt.date
    what: str
    target: str


class _Doc(FPDF):
    """An A4 page with our fonts; no header or footer (said once, not on every page)."""

    def __init__(self, scale: float = 1.0) -> None:
        super().__init__(format="A4")
        self.scale = scale  # every font size and line height is multiplied by it
        self.add_font(FONT, "", font_path(False))
        self.add_font(FONT, "B", font_path(True))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=16)
        self.set_creator("Tredebot")
        self.fills: dict[int, float] = {}  # page → how full it was when the next began (0..1)

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        # Every page break, automatic or ours, comes here. fpdf2's dry runs of multi_cell may
        # come too and are then undone; the last call from a page is the real break.
        if self.page:
            self.fills[self.page] = self.fill_of_last_page()
        super().add_page(*args, **kwargs)

    def page_fills(self) -> tuple[float, ...]:
        return (*(self.fills[p] for p in range(1, self.page)), self.fill_of_last_page())

    # -- text blocks -----------------------------------------------------------------------

    def h1(self, text: str) -> None:
        self.set_font(FONT, "B", 18 * self.scale)
        self.set_text_color(*INK)
        self.multi_cell(0, 9 * self.scale, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def h2(self, text: str, keep: float = 28) -> None:
        """A section heading, moved to the next page with ``keep`` mm of what follows it."""
        if self.will_page_break((keep + 12) * self.scale):
            self.add_page()
        else:
            self.ln(3 * self.scale)
        self.set_font(FONT, "B", 13 * self.scale)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 7 * self.scale, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def para(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
        width: float = 0,
        indent: float = 0,
    ) -> None:
        size *= self.scale
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(width, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def line_count(self, width: float, line: float, text: str) -> int:
        """Lines ``text`` takes in a multi_cell of ``width`` in the current font."""
        lines = self.multi_cell(width, line, text, dry_run=True, output="LINES")
        return len(lines) if isinstance(lines, list) else 1

    def titled(self, title: str, body: str) -> None:
        """A bold title with its body indented below; the two stay on one page."""
        self.set_font(FONT, "", 10 * self.scale)
        width = self.epw - 5
        lines = self.line_count(width, 5 * self.scale, body)
        if self.will_page_break(5 * self.scale * (lines + 1) + 2):
            self.add_page()
        self.para(title, bold=True)
        self.para(body, indent=5)

    def bullet(self, text: str, *, bold_lead: str = "") -> None:
        self.set_font(FONT, "", 10 * self.scale)
        self.set_x(self.l_margin)
        self.cell(5, 5 * self.scale, "•")
        lead = f"**{bold_lead}** " if bold_lead else ""
        text = lead + _no_markdown(text)
        self.multi_cell(
            0, 5 * self.scale, text, align="L", markdown=True, new_x="LMARGIN", new_y="NEXT"
        )
        self.ln(0.8)

    def field_rows(self, rows: Sequence[tuple[str, str]], label_w: float = 62) -> None:
        """Label and value side by side; a row never splits over two pages."""
        size, line = 10 * self.scale, 5.5 * self.scale
        for label, value in rows:
            self.set_font(FONT, "B", size)
            n_label = self.line_count(label_w, line, label)
            self.set_font(FONT, "", size)
            n_value = self.line_count(0, line, value)
            height = line * max(n_label, n_value)
            if self.will_page_break(height):
                self.add_page()
            y = self.get_y()
            self.set_font(FONT, "B", size)
            self.multi_cell(label_w, line, label, align="L", new_x="RIGHT", new_y="TOP")
            self.set_font(FONT, "", size)
            self.multi_cell(0, line, value, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_y(y + height + 0.6)

    def space_left(self) -> float:
        return self.h - self.b_margin - self.get_y()

    def fill_of_last_page(self) -> float:
        """How much of the last page's writable height is used (0..1)."""
        return (self.get_y() - self.t_margin) / (self.h - self.t_margin - self.b_margin)

    def row_heights(self, table: Table) -> list[float]:
        """The height of the header row and of each row, as ``draw_table`` will draw them."""
        size, line, pad = 9 * self.scale, 4.6 * self.scale, 1.2
        widths = [self.epw * w / sum(table.widths) for w in table.widths]
        heights = []
        for i, cells in enumerate([table.header, *table.rows]):
            self.set_font(FONT, "B" if i == 0 else "", size)
            lines = max(
                self._lines(t, w - 2 * pad, line) for w, t in zip(widths, cells, strict=True)
            )
            heights.append(lines * line + 2 * pad)
        return heights

    def table_keep(self, table: Table) -> float:
        """What must fit below a table's heading: the whole table when it is short, else its
        header and first two rows (fpdf2 repeats the header on the next page)."""
        heights = self.row_heights(table)
        return sum(heights) if sum(heights) <= self.eph / 4 else sum(heights[:3])

    def _lines(self, text: str, width: float, line: float) -> int:
        """Lines ``text`` takes in a cell of ``width`` (narrow cells hold one short value)."""
        inner = width - 2 * self.c_margin
        if inner < 5 or self.get_string_width(text) <= inner:
            return 1
        return self.line_count(width, line, text)

    def draw_table(self, table: Table) -> None:
        """A short table stays on one page; a long one may go on after its first rows."""
        if self.will_page_break(self.table_keep(table)):
            self.add_page()
        self.set_font(FONT, "", 9 * self.scale)
        with self.table(
            col_widths=table.widths,
            text_align=table.aligns,
            line_height=4.6 * self.scale,
            padding=1.2,
            headings_style=FontFace(emphasis="BOLD"),
        ) as grid:
            for cells in [table.header, *table.rows]:
                row = grid.row()
                for text in cells:
                    row.cell(text)
        self.ln(1)


def _no_markdown(text: str) -> str:
    # fpdf2's markdown reads ** and __ as bold/underline; answers are the owner's own words.
    return text.replace("**", "* *").replace("__", "_ _")


@dataclass(frozen=True)
class _Ctx:
    a: Assessment
    answers: Mapping[str, Any]
    gettext: Gettext
    ngettext: NGettext
    locale: str
    start: dt.date
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
    c = _context(assessment, answers, gettext, ngettext, locale, generated_at.date())
    pdf = _layout(c)
    pdf.set_title(gettext("Your PSO pre-scan"))
    return bytes(pdf.output())


def report_page_fills(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    generated_at: dt.datetime,
) -> tuple[float, ...]:
    """How full each page of `report_pdf` is, 0..1 (for the tests of the layout)."""
    c = _context(assessment, answers, gettext, ngettext, locale, generated_at.date())
    return _layout(c).page_fills()


def plan_milestones(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    start: dt.date,
) -> list[Milestone]:
    """The plan's milestones, in date order."""
    return _milestones(_context(assessment, answers, gettext, ngettext, locale, start))


def evidence_texts(
    assessment: Assessment, *, gettext: Gettext, ngettext: NGettext, locale: str
) -> list[str]:
    """What to collect per counted category: the plan's "Evidence to collect" lines."""
    c = _context(assessment, {}, gettext, ngettext, locale, assessment.as_of)
    return [text for _lead, text in _evidence_items(c)]


def _context(
    a: Assessment,
    answers: Mapping[str, Any],
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    start: dt.date,
) -> _Ctx:
    return _Ctx(a, answers, gettext, ngettext, locale, start, load_rules(a.rules_version))


# Scales tried in turn: the first whose every page is filled well enough is taken, else the one
# whose emptiest page is fullest. The text flows, so mostly only the last page can end short, and
# the scale moves the page breaks. 0.9 (9-point body text) comes first because it suits most
# answer sets at once: each try costs about 0.3 s (fpdf2 parses the fonts again for every
# document), so the others are only fallbacks.
SCALES = (0.9, 0.85, 1.0)
GOOD_FILL = 0.6


def _layout(c: _Ctx) -> _Doc:
    best: tuple[float, int, _Doc] | None = None
    for scale in SCALES:
        pdf = _write(c, scale)
        emptiest = min(pdf.page_fills())
        if pdf.page == 1 or emptiest >= GOOD_FILL:
            return pdf
        if best is None or (emptiest, -pdf.page) > best[:2]:
            best = (emptiest, -pdf.page, pdf)
    assert best is not None  # SCALES is not empty
    return best[2]


def _write(c: _Ctx, scale: float) -> _Doc:
    pdf = _Doc(scale)
    pdf.add_page()
    _result(pdf, c)
    _conditions(pdf, c)
    _who_counts(pdf, c)
    _next_steps(pdf, c)
    _plan(pdf, c)
    _answers(pdf, c)  # the record the document is based on, after the signature
    pdf.ln(3)
    pdf.para(disclaimer(c.a, gettext=c.gettext), size=9, colour=MUTED)
    return pdf


# --- the result -------------------------------------------------------------------------------


def _result(pdf: _Doc, c: _Ctx) -> None:
    _, a = c.gettext, c.a
    pdf.h1(_("Your PSO pre-scan"))
    about = [str(c.answers[k]) for k in ("org_name", "municipality") if c.answers.get(k)]
    made = _("made on {date}").format(date=fmt_date(c.start, c.locale))
    pdf.para(" · ".join([*about, made]), colour=MUTED)
    pdf.para(
        headline(a, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale), size=12, bold=True
    )

    ladder_w = LADDER_W * pdf.scale
    pdf.h2(numbers_reach(a, c.gettext), keep=ladder_w * 1.25)
    top = pdf.get_y()
    x = pdf.w - pdf.r_margin - ladder_w
    pdf.image(io.BytesIO(ladder_png(a, gettext=c.gettext, locale=c.locale)), x=x, y=top, w=ladder_w)
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
        pdf.para(note, width=text_w, size=9, colour=MUTED)
    for sentence in counting_sentences(a, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale):
        pdf.para(sentence, width=text_w)
    pdf.set_y(max(pdf.get_y(), top + ladder_w * 1350 / 1080 + 2))


def _conditions(pdf: _Doc, c: _Ctx) -> None:
    pdf.h2(conditions_title(c.gettext), keep=40)
    marks = {"yes": "✓", "no": "✗"}
    for cond in CONDITIONS:
        mark = marks.get(c.a.conditions.get(cond, "unknown"), "?")
        status = condition_status(c.a, cond, gettext=c.gettext, locale=c.locale)
        pdf.para(f"{mark}  {c.gettext(CONDITION_HEADINGS[cond])}: {status}", indent=2)
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
        pdf.h2(_("Who counts"), keep=10)
        pdf.para(_("Nobody from the target group works for you yet."))
        return
    table = Table(
        widths=(6, 52, 16, 40, 60),
        aligns=("RIGHT", "LEFT", "RIGHT", "LEFT", "LEFT"),
        header=("#", _("Target group"), _("Hours a week"), _("Contract"), _("Counts")),
        rows=tuple(
            (
                str(e.index + 1),
                c.rules.target_groups[e.target_group].label(c.locale),
                fmt_num(e.weekly_hours, c.locale, "#,##0.#"),
                c.rules.contracts[e.contract].label(c.locale),
                _counts_cell(e, c),
            )
            for e in c.a.employees
        ),
    )
    pdf.h2(_("Who counts"), keep=pdf.table_keep(table) / pdf.scale)
    pdf.draw_table(table)


def _answers(pdf: _Doc, c: _Ctx) -> None:
    _, ans, a = c.gettext, c.answers, c.a
    none = _("not answered")
    pdf.h2(_("Your answers"), keep=20)
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
    pdf.field_rows(rows)


def _next_steps(pdf: _Doc, c: _Ctx) -> None:
    pdf.h2(next_steps_heading(c.a, gettext=c.gettext), keep=30)
    steps = next_step_texts(c.a, c.answers, gettext=c.gettext, ngettext=c.ngettext, locale=c.locale)
    for i, st in enumerate(steps, 1):
        pdf.titled(f"{i}. {st.title}", st.body)


# --- the plan of action -----------------------------------------------------------------------


def _plan_trede(a: Assessment) -> str | None:
    """The Trede the plan aims at: Trede 1 below it, else the next one (None at the top)."""
    return a.next_trede


def _goal(c: _Ctx) -> str:
    _, a = c.gettext, c.a
    end = fmt_date(add_months(c.start, 12 * PLAN_YEARS), c.locale)
    trede = _plan_trede(a)
    if trede is None:
        return _(
            "Keep {trede} and have it audited in MijnPSO; a certificate is valid for two years, "
            "so plan the renewal by {date}."
        ).format(trede=trede_name(a.level, c.gettext), date=end)
    people = gap_hours(a, trede)
    hours = sum(people)
    example = people_text(people, ngettext=c.ngettext, locale=c.locale)
    if a.level == "none":
        return c.ngettext(
            "Reach at least {trede} by {date}, with about {hours} hour a week more from the "
            "target group (for example {people}).",
            "Reach at least {trede} by {date}, with about {hours} hours a week more from the "
            "target group (for example {people}).",
            hours,
        ).format(trede=trede_name(trede, c.gettext), date=end, hours=hours, people=example)
    return c.ngettext(
        "Go from {now} to {trede} by {date}, with about {hours} hour a week more from the "
        "target group (for example {people}).",
        "Go from {now} to {trede} by {date}, with about {hours} hours a week more from the "
        "target group (for example {people}).",
        hours,
    ).format(
        now=trede_name(a.level, c.gettext),
        trede=trede_name(trede, c.gettext),
        date=end,
        hours=hours,
        people=example,
    )


def _hire_months(n: int) -> list[int]:
    """Months after the start at which each new colleague begins: spread over months 6 to 18."""
    if n <= 1:
        return [6] * n
    return [6 + round(12 * i / (n - 1)) for i in range(n)]


def _open_conditions(a: Assessment) -> list[str]:
    return [k for k in CONDITIONS if a.conditions.get(k) != "yes"]


def _milestones(c: _Ctx) -> list[Milestone]:
    _, a = c.gettext, c.a
    started = c.answers.get("has_plan") in ("yes", "started")
    month = 1
    out: list[Milestone] = []
    if not started:
        out.append(
            Milestone(
                add_months(c.start, month),
                _("Adopt this plan, start it and contact the Werkgeversservicepunt."),
                _("Plan signed; first talk held"),
            )
        )
        month += 1
    open_ = _open_conditions(a)
    if open_:
        out.append(
            Milestone(
                add_months(c.start, month),
                _("Put the conditions the audit checks in order."),
                _("All {total} conditions met and written down").format(total=len(CONDITIONS)),
            )
        )
        month += 1
    out += _request_milestone(c, add_months(c.start, month))
    out += _hire_milestones(c)
    out += _period_milestones(c)
    out += _final_milestone(c)
    return sorted(out, key=lambda m: m.when)


def _request_milestone(c: _Ctx, when: dt.date) -> list[Milestone]:
    """Aspirant status below Trede 1 once the plan has started; the audit for the Trede the
    numbers reach, unless a condition is known to fail."""
    _, a = c.gettext, c.a
    if a.level == "none":
        return [
            Milestone(
                when,
                _(
                    "Request Aspirant status in MijnPSO step 6: an audit checks the plan, and it "
                    "is granted only once."
                ),
                _("Request submitted; audit date known"),
            )
        ]
    # After the conditions milestone, so no condition is known to fail by then.
    return [
        Milestone(
            when,
            _("Request the audit for {trede} in MijnPSO step 6.").format(
                trede=trede_name(a.level, c.gettext)
            ),
            _("Request submitted; audit date known"),
        )
    ]


def _hire_milestones(c: _Ctx) -> list[Milestone]:
    _, a = c.gettext, c.a
    trede = _plan_trede(a)
    if trede is None:
        return []
    people = gap_hours(a, trede)
    total, done = sum(people), 0
    out = []
    for i, (hours, month) in enumerate(zip(people, _hire_months(len(people)), strict=True), 1):
        done += hours
        out.append(
            Milestone(
                add_months(c.start, month),
                _("New colleague {n} from the target group at work, {hours} a week.").format(
                    n=i, hours=hours_text(hours, c.ngettext)
                ),
                _hire_target(c, done, total, i, len(people)),
            )
        )
    return out


def _hire_target(c: _Ctx, done: int, total: int, n: int, people: int) -> str:
    _ = c.gettext
    if people == 1:
        return c.ngettext(
            "{total} extra hour a week from the target group",
            "{total} extra hours a week from the target group",
            total,
        ).format(total=total)
    return _("{done} of {total} extra hours a week; {n} of {people} new colleagues").format(
        done=done, total=total, n=n, people=people
    )


def _period_milestones(c: _Ctx) -> list[Milestone]:
    """A person whose counting period ends during the plan: a milestone to re-scan then."""
    _ = c.gettext
    end = add_months(c.start, 12 * PLAN_YEARS)
    out = []
    for e in c.a.employees:
        if not e.counted or e.ends is None or not c.start < e.ends.first_day() <= end:
            continue
        out.append(
            Milestone(
                e.ends.first_day(),
                _("A colleague ({group}) no longer counts from this month; re-scan.").format(
                    group=period_groups([e], gettext=c.gettext, locale=c.locale)
                ),
                _("Their {hours} a week replaced").format(
                    hours=hours_text(round(e.weekly_hours), c.ngettext)
                ),
            )
        )
    return out


def _final_milestone(c: _Ctx) -> list[Milestone]:
    _, a = c.gettext, c.a
    when = add_months(c.start, 12 * PLAN_YEARS)
    trede = _plan_trede(a)
    if trede is None:
        return [
            Milestone(
                when,
                _("The certificate is valid for two years: re-scan and request the renewal."),
                _("Renewal requested"),
            )
        ]
    g = a.gap(trede)
    norm = fmt_pct(g.norm_pct_after if g else a.norms[trede], c.locale)
    return [
        Milestone(
            add_months(c.start, 12),
            _("Halfway: re-scan with Tredebot and compare with this plan."),
            _("Re-scan done; milestones on time"),
        ),
        Milestone(
            when,
            _("Goal: {trede} reached; request the audit in MijnPSO step 6.").format(
                trede=trede_name(trede, c.gettext)
            ),
            _("Contribution at least {norm}").format(norm=norm),
        ),
    ]


def _plan(pdf: _Doc, c: _Ctx) -> None:
    _ = c.gettext
    # The plan flows on (a forced page would leave the one before half empty), but its title
    # never ends a page.
    if pdf.will_page_break(60 * pdf.scale):
        pdf.add_page()
    else:
        pdf.ln(6 * pdf.scale)
    pdf.h1(_("Plan of action"))
    started = c.answers.get("has_plan") in ("yes", "started")
    intro = (
        _("This continues the plan you have started, with the figures of {date}.")
        if started
        else _("A draft written from your answers of {date}: make it yours, adopt it and start it.")
    )
    pdf.para(intro.format(date=fmt_date(c.start, c.locale)), colour=MUTED)
    pdf.h2(_("Goal"), keep=12)
    pdf.para(_goal(c))
    _milestone_table(pdf, c)
    _requirements(pdf, c)
    _evidence(pdf, c)
    _tasks(pdf, c)
    _signature(pdf, c)


def _milestone_table(pdf: _Doc, c: _Ctx) -> None:
    _ = c.gettext
    table = Table(
        widths=(30, 74, 50, 20),
        aligns=("LEFT",) * 4,
        header=(_("By"), _("Milestone"), _("Target"), _("Done")),
        rows=tuple((fmt_date(m.when, c.locale), m.what, m.target, "") for m in _milestones(c)),
    )
    pdf.h2(_("Milestones"), keep=pdf.table_keep(table) / pdf.scale)
    pdf.draw_table(table)


def _requirements(pdf: _Doc, c: _Ctx) -> None:
    _ = c.gettext
    pdf.h2(_("What the audit checks, and what you do about it"), keep=30)
    for cond in CONDITIONS:
        answer = c.a.conditions.get(cond, "unknown")
        status = condition_status(c.a, cond, gettext=c.gettext, locale=c.locale)
        pdf.titled(f"{_(CONDITION_HEADINGS[cond])}: {status}", _requirement_action(cond, answer, c))


def _requirement_action(cond: str, answer: str, c: _Ctx) -> str:
    _ = c.gettext
    if answer == "yes":
        if cond in QUALITATIVE:
            return _("Keep doing it and write down how, so you can show it in the audit.")
        if cond == "own_kvk":
            return _("Keep your KvK number at hand for the request.")
        return _("Keep the payroll records that show it.")
    action = _(CONDITION_ACTIONS[cond])
    if answer in ("partly", "unknown") and cond in QUALITATIVE:
        return _("Write down what you already do and what is missing.") + " " + action
    if answer == "unknown":
        return (
            _("Check it in your payroll records.")
            if cond == "two_fte_one_year"
            else _("Check your KvK registration.")
        )
    return action


def _evidence(pdf: _Doc, c: _Ctx) -> None:
    """Per counted category, what an auditor asks to see; never names."""
    _ = c.gettext
    pdf.h2(_("Evidence to collect"), keep=20)
    items = _evidence_items(c)
    if not items:
        pdf.para(
            _(
                "For each new colleague from the target group, keep proof of their position "
                "when they started. Ask your Werkgeversservicepunt which document the auditor "
                "accepts."
            )
        )
        return
    for lead, text in items:
        pdf.bullet(text, bold_lead=lead)
    pdf.para(
        _("Keep these in your own records with the start months; names never go in this plan."),
        colour=MUTED,
    )


def _evidence_items(c: _Ctx) -> list[tuple[str, str]]:
    """(category label or "", what to keep) for each category of the people who count."""
    _ = c.gettext
    counted = [e for e in c.a.employees if e.counted]
    items = [
        (c.rules.target_groups[key].label(c.locale), _evidence_text(key, c))
        for key in dict.fromkeys(e.target_group for e in counted)
    ]
    for key in dict.fromkeys(e.contract for e in counted):
        text = CONTRACT_EVIDENCE.get(key)
        months = c.rules.period_months_by_contract.get(key)
        if text is not None and months is not None:
            items.append(("", _(text).format(years=months // 12)))
    return items


def _evidence_text(key: str, c: _Ctx) -> str:
    _ = c.gettext
    text = EVIDENCE.get(key)
    if text is None:
        return _("Ask your Werkgeversservicepunt which document the auditor asks for.")
    months = c.rules.period_months_by_group.get(key, 0)
    return _(text).format(years=months // 12, months=c.rules.unemployed_before_start_months)


def _tasks(pdf: _Doc, c: _Ctx) -> None:
    _ = c.gettext
    pdf.h2(_("Tasks that might suit (job carving)"), keep=30)
    pdf.para(
        _(
            "Which tasks could be split off from existing jobs and done well by a new "
            "colleague from the target group?"
        )
    )
    for _i in range(3):
        pdf.para(_("Task {blank}   hours a week ______").format(blank=BLANK), size=9.5)


def _signature(pdf: _Doc, c: _Ctx) -> None:
    _ = c.gettext
    pdf.h2(_("Adopted by"), keep=48)
    pdf.field_rows(
        [
            (_("Owner"), BLANK),
            (_("Signature"), BLANK),
            (_("Date"), BLANK),
            (_("Guides new colleagues"), BLANK),
            (_("Contact at the Werkgeversservicepunt"), BLANK),
        ],
        label_w=70,
    )
