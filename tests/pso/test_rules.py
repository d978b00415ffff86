import datetime as dt
import itertools

import pytest

from pso.rules import TREDES, available_versions, load_rules, norms_for_size


def test_rules_load_from_packaged_data():
    r = load_rules()
    assert r is load_rules()  # cached
    assert r.version in available_versions()
    assert load_rules(r.version) is r
    assert isinstance(r.effective_date, dt.date)
    assert r.default_full_time_hours == 40
    assert r.target_groups["wajong"].weight == 1.0
    assert r.target_groups["ww"].weight == 0.75
    assert r.contracts["secondment_flex"].weight == 0.9
    assert r.target_groups["wajong"].label("nl") == "Wajong"
    assert "basistrede" in r.notes and "norms_interpolated" in r.notes
    assert r.min_size == 2 and r.max_size == 105


def test_seconded_out_contract_rules():
    c = load_rules().contracts["seconded_out"]
    assert not c.counts_for_contribution and not c.counts_for_size
    assert c.only_with_target_groups == ("sw_indicated",)
    assert load_rules().contracts["regular"].counts_for_size


def test_unknown_version():
    with pytest.raises(KeyError, match="unknown rules version"):
        load_rules("1999.1")


def test_norms_strictly_increase_per_trede_and_never_rise_with_size():
    # The gap formula uses today's norm; a larger organisation never faces a higher norm.
    pts = load_rules().norm_points
    for p in pts:
        assert p.trede_1 < p.trede_2 < p.trede_3
    for a, b in itertools.pairwise(pts):
        for t in TREDES:
            assert b.norm(t) <= a.norm(t)


def test_published_points_are_not_interpolated():
    r = load_rules()
    for p in r.norm_points:
        values, interpolated = norms_for_size(r, p.size)
        assert not interpolated
        assert values == {t: p.norm(t) for t in TREDES}
