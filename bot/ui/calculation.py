"""The sum behind an owner's contribution, as "📋 Details and costs" shows it (rules.md, "The
computation"): per kind of colleague who counts, FTE × group weight × contract weight, then the
total over the organisation's size."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from bot.ui.people import person_line
from pso.assess import Assessment
from pso.formatting import fmt_fte, fmt_num
from pso.result_texts import contribution_text
from pso.rules import load_rules
from pso.translation import Gettext, NGettext

CALCULATION_ROWS = 8  # kinds of colleague listed; the rest in one line


@dataclass(frozen=True)
class _Kind:
    """Colleagues who count alike, as a line of the sum shows them (numbers formatted)."""

    who: str  # "Wajong (young disabled), 24 hours a week, regular contract"
    fte: str
    group_weight: str | None  # None: not public (rules.md: "counts partly", never a weight)
    contract_weight: str
    weighted: float
    open_question: bool


def calculation_lines(
    a: Assessment, *, gettext: Gettext, ngettext: NGettext, locale: str
) -> list[str]:
    """The sum behind the contribution (rules.md, "The computation"), one line per kind of
    colleague who counts: their FTE (hours a week ÷ the full week, at most 1) × the weight of
    their target group × the weight of their contract; then the total over the organisation's
    FTE. A group whose weight is not public "counts partly", without a weight or a product.
    Nothing when nobody counts (the contribution sentence says 0)."""
    _ = gettext
    counted = [person for person in a.employees if person.counted]
    if not counted:
        return []
    groups = load_rules(a.rules_version).target_groups

    def weight(value: float) -> str:
        return fmt_num(value, locale, "#,##0.##")

    kinds: Counter[_Kind] = Counter()
    for person in counted:
        public = groups[person.target_group].weight_public
        kinds[
            _Kind(
                who=person_line(
                    {
                        "target_group": person.target_group,
                        "weekly_hours": person.weekly_hours,
                        "contract": person.contract,
                    },
                    locale,
                    gettext,
                ),
                fte=fmt_fte(person.fte, locale),
                group_weight=weight(person.group_weight) if public else None,
                contract_weight=weight(person.contract_weight),
                weighted=person.weighted_fte,
                open_question=bool(person.notes),
            )
        ] += 1
    lines = [
        _(
            "Per colleague who counts: FTE (hours a week ÷ {hours}, at most 1) × the weight of"
            " their group × the weight of their contract:"
        ).format(hours=weight(a.full_time_hours))
    ]
    listed = list(kinds.items())
    for kind, count in listed[:CALCULATION_ROWS]:
        values = {**vars(kind), "weighted": fmt_fte(kind.weighted, locale), "count": count}
        if kind.group_weight is None:
            line = ngettext(
                "{who}: {fte} FTE, counts partly",
                "{count} × {who}: {fte} FTE each, count partly",
                count,
            )
        elif count == 1:
            line = _("{who}: {fte} × {group_weight} × {contract_weight} = {weighted}")
        else:
            line = _(
                "{count} × {who}: {fte} × {group_weight} × {contract_weight} = {weighted} each"
            )
        line = "• " + line.format(**values)
        if kind.open_question:
            line += " " + _("(for now)")
        lines.append(line)
    rest = listed[CALCULATION_ROWS:]
    if rest:
        people = sum(count for _kind, count in rest)
        together = math.fsum(kind.weighted * count for kind, count in rest)
        lines.append(
            "• "
            + ngettext(
                "{count} more colleague: {weighted}",
                "{count} more colleagues: {weighted} together",
                people,
            ).format(count=people, weighted=fmt_fte(together, locale))
        )
    if any(kind.group_weight is None for kind in kinds):
        total = _("Together: about {weighted} weighted FTE ÷ {fte} FTE = {pct}.")
    else:
        total = _("Together: {weighted} weighted FTE ÷ {fte} FTE = {pct}.")
    lines.append(
        total.format(
            weighted=fmt_fte(a.weighted_fte, locale),
            fte=fmt_num(a.size_fte, locale, "#,##0.0#"),
            pct=contribution_text(a, locale),
        )
    )
    return lines
