"""The first version's gap, to compare the second version's with (rules.md step 6)."""


def first_version_gap(norm_pct: float, total: float, weighted: float) -> float:
    """x with (W + x) / (T + x) = n/100 on today's row; never < 0."""
    n = norm_pct / 100
    return max(0.0, (n * total - weighted) / (1 - n))
