"""PSO rules as versioned data: weights, norm points and notes, loaded from ``pso/data``.

Nothing here is a literal PSO number: new norms are a data change (a new rules.toml + CSVs).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType

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
class Rules:
    version: str
    effective_date: dt.date
    default_full_time_hours: float
    target_groups: Mapping[str, Category]
    contracts: Mapping[str, Category]
    norm_points: tuple[NormPoint, ...]  # sorted by size
    sources: tuple[str, ...] = ()
    notes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

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


def _parse_weights(
    text: str, contract_rules: Mapping[str, Mapping[str, object]]
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
            only_with_target_groups=tuple(extra.get("only_with_target_groups", ())),  # type: ignore[arg-type]
        )
        target = {"target_group": groups, "contract": contracts}.get(kind)
        if target is None:
            raise ValueError(f"unknown kind in weights: {kind!r}")
        target[key] = cat
    return groups, contracts


def _load_dir(d: Traversable) -> Rules:
    meta = tomllib.loads(d.joinpath("rules.toml").read_text(encoding="utf-8"))
    groups, contracts = _parse_weights(
        d.joinpath(meta.get("weights_file", "weights.csv")).read_text(encoding="utf-8"),
        meta.get("contract_rules", {}),
    )
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
