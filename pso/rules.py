"""PSO rules as versioned data: weights, norm points and notes, loaded from ``pso/data``.

Nothing here is a literal PSO number: new norms are a data change (a new rules.toml + CSVs).
Sections a version's rules.toml may have (all optional, so older versions still load):
``[contract_rules.<key>]``, ``[weights_not_public]``, ``[counting_periods.target_groups]`` and
``[counting_periods.contracts]`` (months), ``[unemployed_before_start]``, ``[pso_30_plus]`` and
``[conditions]``. A version without a section computes as that version did.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

TREDES: tuple[str, ...] = ("trede_1", "trede_2", "trede_3")


@dataclass(frozen=True)
class Category:
    """A target group or a contract type with its PSO weight."""

    kind: str  # "target_group" or "contract"
    key: str
    weight: float
    label_nl: str
    label_en: str
    note: str = ""
    counts_for_contribution: bool = True
    counts_for_size: bool = True
    only_with_target_groups: tuple[str, ...] = ()
    # False when PSO changed the weight and the new value is not public: used in the sum,
    # never shown as a fact.
    weight_public: bool = True

    def label(self, locale: str) -> str:
        return self.label_nl if locale.startswith("nl") else self.label_en


@dataclass(frozen=True)
class NormPoint:
    """A published row of the norm table: the % each Trede requires at this size."""

    size: int
    trede_1: float
    trede_2: float
    trede_3: float

    def norm(self, trede: str) -> float:
        return float(getattr(self, trede))


@dataclass(frozen=True)
class Pso30Rule:
    """PSO 30+: read out only at ``level``, unweighted, without the excluded groups/contracts."""

    level: str = "trede_3"
    min_share_pct: float = 30.0
    excluded_target_groups: frozenset[str] = frozenset()
    excluded_contracts: frozenset[str] = frozenset()
    # Count for 30+ only when the owner said the work is durable (answer `durable` is "yes").
    durable_contracts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class WhileRunning:
    """A group that counts only while something runs (a subsidy, an indication), asked per
    person as ``answer`` (yes / no / unknown). When it has stopped the person counts under the
    rules of ``otherwise``, or not at all when that is None."""

    answer: str
    otherwise: str | None = None
    ended_reason: str = "ended"  # the `reason` key when it stopped and nothing else applies


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Rules:
    version: str
    effective_date: dt.date
    default_full_time_hours: float
    target_groups: Mapping[str, Category]
    contracts: Mapping[str, Category]
    norm_points: tuple[NormPoint, ...]  # sorted by size
    sources: tuple[str, ...] = ()
    notes: Mapping[str, str] = field(default_factory=_empty)
    # Months a person counts from `started`, by target group and by contract (none: no limit).
    period_months_by_group: Mapping[str, int] = field(default_factory=_empty)
    period_months_by_contract: Mapping[str, int] = field(default_factory=_empty)
    # Contracts whose period runs from their own start (`internship_started`), not `started`.
    own_start_contracts: frozenset[str] = frozenset()
    # Groups that count only while something runs, by target group.
    while_running: Mapping[str, WhileRunning] = field(default_factory=_empty)
    # Groups that count only after this many months of unemployment before starting.
    unemployed_before_start_groups: frozenset[str] = frozenset()
    unemployed_before_start_months: int = 0
    pso_30_plus: Pso30Rule = field(default_factory=Pso30Rule)
    # Below this total FTE the condition "2 FTE for a year" cannot be met (None: not checked).
    conditions_min_total_fte: float | None = None

    @property
    def min_size(self) -> int:
        return self.norm_points[0].size

    @property
    def max_size(self) -> int:
        return self.norm_points[-1].size


def _rows(text: str) -> list[list[str]]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return list(csv.reader(io.StringIO("\n".join(lines))))


def _parse_norms(text: str) -> tuple[NormPoint, ...]:
    rows = _rows(text)
    header, body = rows[0], rows[1:]
    if header != ["size_fte", *TREDES]:
        raise ValueError(f"unexpected norms header: {header}")
    points = sorted(
        (NormPoint(int(r[0]), float(r[1]), float(r[2]), float(r[3])) for r in body),
        key=lambda p: p.size,
    )
    if len({p.size for p in points}) != len(points):
        raise ValueError("duplicate size in norms table")
    return tuple(points)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of strings")
    return tuple(value)


def _parse_weights(
    text: str, contract_rules: Mapping[str, Mapping[str, object]], not_public: frozenset[str]
) -> tuple[dict[str, Category], dict[str, Category]]:
    groups: dict[str, Category] = {}
    contracts: dict[str, Category] = {}
    for row in _rows(text):
        kind, key, weight, label_nl, label_en, *rest = row
        note = rest[0] if rest else ""
        extra = dict(contract_rules.get(key, {})) if kind == "contract" else {}
        cat = Category(
            kind=kind,
            key=key,
            weight=float(weight),
            label_nl=label_nl,
            label_en=label_en,
            note=note,
            counts_for_contribution=bool(extra.get("counts_for_contribution", True)),
            counts_for_size=bool(extra.get("counts_for_size", True)),
            only_with_target_groups=_strings(
                extra.get("only_with_target_groups", []), f"contract_rules.{key}"
            ),
            weight_public=key not in not_public,
        )
        target = {"target_group": groups, "contract": contracts}.get(kind)
        if target is None:
            raise ValueError(f"unknown kind in weights: {kind!r}")
        target[key] = cat
    return groups, contracts


def _known(keys: Iterable[str], known: Mapping[str, Category], where: str) -> frozenset[str]:
    """The keys, each checked against the weights: a typo in rules.toml must not pass silently."""
    found = frozenset(keys)
    unknown = sorted(found - set(known))
    if unknown:
        raise ValueError(f"{where}: unknown key {unknown[0]!r}")
    return found


def _months(
    table: Mapping[str, object], known: Mapping[str, Category], where: str
) -> Mapping[str, int]:
    _known(table, known, where)
    out: dict[str, int] = {}
    for key, months in table.items():
        if isinstance(months, bool) or not isinstance(months, int) or months <= 0:
            raise ValueError(f"{where}.{key} must be a whole number of months above 0")
        out[key] = months
    return MappingProxyType(out)


def _pso_30_plus(
    meta: Mapping[str, Any], groups: Mapping[str, Category], contracts: Mapping[str, Category]
) -> Pso30Rule:
    section = meta.get("pso_30_plus")
    if section is None:
        return Pso30Rule()
    level = str(section.get("level", "trede_3"))
    if level not in TREDES:
        raise ValueError(f"pso_30_plus.level must be one of {', '.join(TREDES)}")
    return Pso30Rule(
        level=level,
        min_share_pct=float(section.get("min_share_pct", 30.0)),
        excluded_target_groups=_known(
            _strings(section.get("excluded_target_groups", []), "pso_30_plus"),
            groups,
            "pso_30_plus",
        ),
        excluded_contracts=_known(
            _strings(section.get("excluded_contracts", []), "pso_30_plus"), contracts, "pso_30_plus"
        ),
        durable_contracts=_known(
            _strings(section.get("durable_contracts", []), "pso_30_plus"), contracts, "pso_30_plus"
        ),
    )


def _while_running(
    table: Mapping[str, Any], groups: Mapping[str, Category]
) -> Mapping[str, WhileRunning]:
    _known(table, groups, "while_running")
    out: dict[str, WhileRunning] = {}
    for group, section in table.items():
        answer = section.get("answer") if isinstance(section, Mapping) else None
        if not isinstance(answer, str) or not answer:
            raise ValueError(f"while_running.{group}.answer must name an answer key")
        otherwise = section.get("otherwise")
        if otherwise is not None:
            _known([otherwise], groups, f"while_running.{group}.otherwise")
        ended = section.get("ended_reason", "ended")
        if otherwise is None and (not isinstance(ended, str) or not ended):
            raise ValueError(f"while_running.{group}.ended_reason must be a reason key")
        out[group] = WhileRunning(answer, otherwise, str(ended))
    return MappingProxyType(out)


def _load_dir(d: Traversable) -> Rules:
    meta = tomllib.loads(d.joinpath("rules.toml").read_text(encoding="utf-8"))
    not_public = frozenset(
        _strings(meta.get("weights_not_public", {}).get("target_groups", []), "weights_not_public")
    )
    groups, contracts = _parse_weights(
        d.joinpath(meta.get("weights_file", "weights.csv")).read_text(encoding="utf-8"),
        meta.get("contract_rules", {}),
        not_public,
    )
    _known(not_public, groups, "weights_not_public")
    periods = meta.get("counting_periods", {})
    unemployed = meta.get("unemployed_before_start", {})
    min_fte = meta.get("conditions", {}).get("min_total_fte")
    eff = meta["effective_date"]
    return Rules(
        version=str(meta["version"]),
        effective_date=eff if isinstance(eff, dt.date) else dt.date.fromisoformat(str(eff)),
        default_full_time_hours=float(meta.get("default_full_time_hours", 40)),
        target_groups=MappingProxyType(groups),
        contracts=MappingProxyType(contracts),
        norm_points=_parse_norms(
            d.joinpath(meta.get("norms_file", "norms.csv")).read_text(encoding="utf-8")
        ),
        sources=tuple(meta.get("sources", ())),
        notes=MappingProxyType(dict(meta.get("notes", {}))),
        period_months_by_group=_months(
            periods.get("target_groups", {}), groups, "counting_periods.target_groups"
        ),
        period_months_by_contract=_months(
            periods.get("contracts", {}), contracts, "counting_periods.contracts"
        ),
        own_start_contracts=_known(
            _strings(periods.get("own_start", {}).get("contracts", []), "own_start"),
            contracts,
            "counting_periods.own_start",
        ),
        while_running=_while_running(meta.get("while_running", {}), groups),
        unemployed_before_start_groups=_known(
            _strings(unemployed.get("target_groups", []), "unemployed_before_start"),
            groups,
            "unemployed_before_start",
        ),
        unemployed_before_start_months=int(unemployed.get("months", 0)),
        pso_30_plus=_pso_30_plus(meta, groups, contracts),
        conditions_min_total_fte=None if min_fte is None else float(min_fte),
    )


@cache
def _all_rules() -> Mapping[str, Rules]:
    """Every packaged version: pso/data itself and any pso/data/<version>/ directory."""
    root = resources.files("pso") / "data"
    dirs = [root] + [c for c in root.iterdir() if c.is_dir() and c.joinpath("rules.toml").is_file()]
    found: dict[str, Rules] = {}
    for d in dirs:
        r = _load_dir(d)
        if r.version in found:
            raise ValueError(f"rules version {r.version} is packaged twice")
        found[r.version] = r
    return MappingProxyType(found)


def available_versions() -> tuple[str, ...]:
    """Packaged versions, oldest effective date first."""
    return tuple(v for v, _ in sorted(_all_rules().items(), key=lambda kv: kv[1].effective_date))


@cache
def load_rules(version: str | None = None) -> Rules:
    """The rules of ``version``, or of the latest effective date when None."""
    allr = _all_rules()
    if version is None:
        return allr[available_versions()[-1]]
    try:
        return allr[version]
    except KeyError:
        raise KeyError(
            f"unknown rules version {version!r}; available: {', '.join(available_versions())}"
        ) from None


def norms_for_size(rules: Rules, size: int) -> tuple[dict[str, float], bool]:
    """Norms (%) for an integer size within [min_size, max_size], and whether interpolated."""
    pts = rules.norm_points
    size = max(rules.min_size, min(rules.max_size, size))
    for i, p in enumerate(pts):
        if p.size == size:
            return {t: p.norm(t) for t in TREDES}, False
        if p.size > size:
            lo = pts[i - 1]
            f = (size - lo.size) / (p.size - lo.size)
            return {t: lo.norm(t) + (p.norm(t) - lo.norm(t)) * f for t in TREDES}, True
    raise AssertionError("unreachable: size is clamped to the table")
