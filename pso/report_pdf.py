"""The document to keep or forward: answers, assessment, next steps and a draft plan of action."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from babel.dates import format_date
from fpdf import FPDF

from .assess import PSO_30_PLUS_PCT, QUALITATIVE, Assessment
from .ladder_image import font_path, ladder_png
from .presentation import (
    QUALITATIVE_LABELS,
    Gettext,
    NGettext,
    choice_label,
    disclaimer,
    fmt_num,
    fmt_pct,
    gap_sentence,
    level_text,
    next_step_texts,
    next_steps_heading,
    sector_label,
    trede_name,
)
from .rules import load_rules

FONT = "DejaVu"
BLANK = "____________________"
INK, MUTED, ACCENT = (33, 37, 41), (108, 117, 125), (46, 139, 87)


class _Doc(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text}  ·  {self.page_no()}/{{nb}}", align="C")


def report_pdf(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    gettext: Gettext,
    ngettext: NGettext,
    locale: str,
    generated_at: dt.datetime,
) -> bytes:
    _ = gettext
    a = assessment
    rules = load_rules(a.rules_version)
    date = format_date(generated_at, format="long", locale=locale)

    pdf = _Doc(format="A4")
    pdf.footer_text = _("Indicative, not a certificate · rules {version} · {date}").format(
        version=a.rules_version, date=date
    )
    pdf.add_font(FONT, "", font_path(False))
    pdf.add_font(FONT, "B", font_path(True))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(_("PSO pre-scan"))
    pdf.set_creator("Tredebot")

    def h1(text: str) -> None:
        pdf.set_font(FONT, "B", 18)
        pdf.set_text_color(*INK)
        pdf.multi_cell(0, 9, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def h2(text: str) -> None:
        pdf.ln(2)
        pdf.set_font(FONT, "B", 13)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(1)

    def para(text: str, size: float = 10, bold: bool = False, colour=INK) -> None:
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, size * 0.48, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(0.8)

    def row(label: str, value: str, label_w: float = 72) -> None:
        pdf.set_font(FONT, "B", 10)
        n_label = len(pdf.multi_cell(label_w, 5.5, label, dry_run=True, output="LINES"))
        pdf.set_font(FONT, "", 10)
        n_value = len(pdf.multi_cell(0, 5.5, value, dry_run=True, output="LINES"))
        if pdf.will_page_break(5.5 * max(n_label, n_value)):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(label_w, 5.5, label, align="L", new_x="RIGHT", new_y="TOP")
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5.5, value, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(y + 5.5 * max(n_label, n_value) + 0.8)

    # --- page 1: the answers ---------------------------------------------------------------
    pdf.add_page()
    h1(_("PSO pre-scan: your result and a draft plan"))
    org = answers.get("org_name")
    para(
        (f"{org} · " if org else "") + _("made on {date}").format(date=date),
        size=10,
        colour=MUTED,
    )

    h2(_("Your answers"))
    not_answered = _("not answered")
    row(_("Organisation"), str(org) if org else not_answered)
    row(_("Municipality"), str(answers.get("municipality") or not_answered))
    row(_("Sector"), sector_label(answers, gettext))
    pc = answers.get("people_count")
    row(_("People"), str(pc) if pc else not_answered)
    row(_("Total FTE"), fmt_num(a.total_fte, locale, "#,##0.0#"))
    row(_("Full-time week"), _("{hours} hours").format(hours=fmt_num(a.full_time_hours, locale)))

    if a.employees:
        pdf.ln(1)
        para(_("Employees from the target group (no names)"), bold=True)
        pdf.set_font(FONT, "", 9)
        with pdf.table(
            col_widths=(7, 64, 22, 58, 23),
            text_align=("RIGHT", "LEFT", "RIGHT", "LEFT", "RIGHT"),
            line_height=5,
            padding=1.2,
        ) as table:
            head = table.row()
            for t in ("#", _("Target group"), _("Hours a week"), _("Contract"), _("Weighted FTE")):
                head.cell(t)
            for e in a.employees:
                r = table.row()
                r.cell(str(e.index + 1))
                r.cell(rules.target_groups[e.target_group].label(locale))
                r.cell(fmt_num(e.weekly_hours, locale, "#,##0.#"))
                r.cell(rules.contracts[e.contract].label(locale))
                r.cell(fmt_num(e.weighted_fte, locale, "#,##0.00"))
        pdf.ln(2)
    else:
        row(_("Target-group employees"), _("none yet"))

    row(
        _("Buys from PSO-certified or SW companies"),
        choice_label(answers.get("social_purchasing"), gettext),
    )
    if answers.get("social_purchasing") == "yes":
        row(_("Roughly how much"), choice_label(answers.get("purchasing_spend"), gettext))
    for q in QUALITATIVE:
        row(_(QUALITATIVE_LABELS[q]), choice_label(answers.get(f"q_{q}"), gettext))
    row(_("Wants to employ more people"), choice_label(answers.get("intent_grow"), gettext))
    row(_("Has a plan of action"), choice_label(answers.get("has_plan"), gettext))

    # --- the assessment: on page 1 when it fits below the answers ----------------------------
    img_w = 70
    img_h = img_w * 1350 / 1080
    if pdf.will_page_break(img_h + 22):
        pdf.add_page()
    else:
        pdf.ln(4)
    h2(_("Indicative level: {level}").format(level=level_text(a, gettext)))
    png = ladder_png(a, gettext=gettext, locale=locale)
    img_x = pdf.w - pdf.r_margin - img_w
    top = pdf.get_y()
    pdf.image(io.BytesIO(png), x=img_x, y=top, w=img_w)
    text_w = img_x - pdf.l_margin - 6

    def side(text: str, bold: bool = False, colour=INK) -> None:
        pdf.set_font(FONT, "B" if bold else "", 9.5)
        pdf.set_text_color(*colour)
        pdf.multi_cell(text_w, 4.8, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(1)

    side(
        _("Your contribution: {pct} (weighted target-group FTE of your total FTE).").format(
            pct=fmt_pct(a.contribution_pct, locale)
        ),
        bold=True,
    )
    norms_title = _("Norms for {size} FTE:").format(size=a.norm_size)
    if a.interpolated:
        norms_title += " " + _("(interpolated)")
    side(norms_title)
    for t in ("trede_1", "trede_2", "trede_3"):
        mark = "✓" if a.reached(t) else "–"
        side(f"  {mark} {trede_name(t, gettext)}: {fmt_pct(a.norms[t], locale)}")
    if a.below_minimum_size:
        side(
            _(
                "The ladder is built for organisations of 2 FTE and more; "
                "we used the norms for 2 FTE."
            ),
            colour=MUTED,
        )
    side(
        _("PSO 30+: {share} of your FTE is from the target group ({needed} needed).").format(
            share=fmt_pct(a.target_group_share_pct, locale),
            needed=fmt_pct(PSO_30_PLUS_PCT, locale, "0"),
        )
    )
    if a.next_trede:
        side(gap_sentence(a, a.next_trede, gettext=gettext, ngettext=ngettext, locale=locale))
    if a.purchasing_upside:
        side(
            _(
                "You buy from PSO-certified organisations or SW companies: that may raise "
                "your score. MijnPSO computes it exactly."
            )
        )
    if a.level == "none":
        side(
            _(
                "Below Trede 1, a plan of action that has started gives you Aspirant-status. "
                "(There is also a Basistrede; its norm is not public, so we do not compute it.)"
            ),
            colour=MUTED,
        )
    pdf.set_y(max(pdf.get_y(), top + img_h + 4))

    pdf.add_page()
    h1(next_steps_heading(a, gettext=gettext))
    steps = next_step_texts(a, answers, gettext=gettext, ngettext=ngettext, locale=locale)
    for i, st in enumerate(steps, 1):
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 5.2, f"{i}. {st.title}", align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        pdf.set_x(pdf.l_margin + 5)
        pdf.multi_cell(0, 5.2, st.body, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.2)

    # --- the draft plan of action -----------------------------------------------------------
    pdf.add_page()
    h1(_("Plan of action (draft)"))
    para(
        _("A starting point written from your answers. Fill in the blanks and make it yours."),
        colour=MUTED,
    )
    target = a.next_trede or a.level
    h2(_("1. Goal"))
    if a.level == "none":
        para(
            _(
                "Reach at least {trede} within two years, starting {date}. With this plan "
                "started, we can apply for Aspirant-status in MijnPSO."
            ).format(trede=trede_name("trede_1", gettext), date=date)
        )
    elif a.next_trede:
        para(
            _("Go from {now} to {next} within two years, starting {date}.").format(
                now=trede_name(a.level, gettext), next=trede_name(target, gettext), date=date
            )
        )
    else:
        para(_("Keep {trede} and have it certified.").format(trede=trede_name(a.level, gettext)))
    if a.next_trede:
        para(gap_sentence(a, a.next_trede, gettext=gettext, ngettext=ngettext, locale=locale))

    h2(_("2. Tasks that might suit (job carving)"))
    para(
        _(
            "Which tasks could be split off from existing jobs and done well by a new "
            "colleague? Examples for your sector: {sector}."
        ).format(sector=sector_label(answers, gettext))
    )
    for _i in range(3):
        para(_("Task: {blank}   hours a week: ____").format(blank=BLANK), size=9.5)

    h2(_("3. Target groups"))
    present = sorted({rules.target_groups[e.target_group].label(locale) for e in a.employees})
    if present:
        para(_("Already with us: {groups}.").format(groups=", ".join(present)))
    para(
        _(
            "Open to: people on social assistance (Participatiewet), Wajong, WIA/WAO, school "
            "leavers from special or practical education, BBL/BOL students. Our choice: {blank}"
        ).format(blank=BLANK)
    )

    h2(_("4. Timeline over two years"))
    milestones = [
        (1, _("Plan written and shared with the team; contact the Werkgeversservicepunt.")),
        (3, _("Tasks chosen, buddy named; first candidate or trial placement started.")),
        (6, _("First new colleague at work; register on MijnPSO and do steps 1–5.")),
        (12, _("Review: hours reached, guidance working? Re-scan with Tredebot.")),
        (18, _("Second hire or more hours; check social purchasing.")),
        (24, _("Goal reached: request the audit in MijnPSO (step 6).")),
    ]
    pdf.set_font(FONT, "", 10)
    with pdf.table(
        col_widths=(22, 120, 32), text_align="LEFT", line_height=4.6, padding=1
    ) as table:
        head = table.row()
        for t in (_("Month"), _("Milestone"), _("Done on")):
            head.cell(t)
        for month, text in milestones:
            r = table.row()
            r.cell(_("month {n}").format(n=month))
            r.cell(text)
            r.cell("")
    pdf.ln(2)

    h2(_("5. Who guides the new colleagues"))
    para(_("Buddy / mentor: {blank}   Contact for the job coach: {blank}").format(blank=BLANK))

    h2(_("6. Support to ask for"))
    for item in (
        _("Werkgeversservicepunt (regional employer service point): candidates and advice"),
        _("Wage-cost subsidy (loonkostensubsidie) when someone cannot yet earn the minimum wage"),
        _("No-risk policy (no-riskpolis): covers sick pay for many target-group employees"),
        _("Job coach: guidance at work, often paid by the municipality or UWV"),
        _("Trial placement (proefplaatsing): try out the work together before hiring"),
    ):
        para("• " + item)

    pdf.ln(1)
    para(disclaimer(a, gettext=gettext), size=9, colour=MUTED)
    return bytes(pdf.output())
