import datetime as dt
import itertools

import pytest

from pso.rules import TREDES, available_versions, load_rules, norms_for_size


def test_rules_load_from_packaged_data() -> None:
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


def test_seconded_out_contract_rules() -> None:
    c = load_rules().contracts["seconded_out"]
    assert not c.counts_for_contribution and not c.counts_for_size
    assert c.only_with_target_groups == ("sw_indicated",)
    assert load_rules().contracts["regular"].counts_for_size


def test_unknown_version() -> None:
    with pytest.raises(KeyError, match="unknown rules version"):
        load_rules("1999.1")


def test_norms_strictly_increase_per_trede_and_never_rise_with_size() -> None:
    # The gap formula uses today's norm; a larger organisation never faces a higher norm.
    pts = load_rules().norm_points
    for p in pts:
        assert p.trede_1 < p.trede_2 < p.trede_3
    for a, b in itertools.pairwise(pts):
        for t in TREDES:
            assert b.norm(t) <= a.norm(t)


def test_published_points_are_not_interpolated() -> None:
    r = load_rules()
    for p in r.norm_points:
        values, interpolated = norms_for_size(r, p.size)
        assert not interpolated
        assert values == {t: p.norm(t) for t in TREDES}


def test_second_version_data() -> None:
    r = load_rules("2026.2")
    assert r.version == "2026.2" and r.effective_date == dt.date(2026, 12, 1)
    assert available_versions() == ("2026.1", "2026.2", "2026.3")
    assert dict(r.period_months_by_group) == {"participatiewet": 60, "vso_pro": 60}
    assert dict(r.period_months_by_contract) == {"internship_reintegration": 36}
    assert r.unemployed_before_start_groups == {"ww"} and r.unemployed_before_start_months == 6
    p = r.pso_30_plus
    assert p.level == "trede_3" and p.min_share_pct == 30.0
    assert p.excluded_target_groups == {"bbl_bol_1_vso_pro_internship", "bbl_bol_2"}
    assert p.excluded_contracts == {"internship_reintegration", "trial_placement"}
    assert r.conditions_min_total_fte == 2.0
    assert not r.target_groups["bbl_bol_2"].weight_public
    assert r.target_groups["wajong"].weight_public


def test_third_version_data() -> None:
    r = load_rules()
    assert r.version == "2026.3" and r.effective_date == dt.date(2026, 12, 6)
    assert r.own_start_contracts == {"internship_reintegration"}
    lks, wsw = r.while_running["participatiewet_lks"], r.while_running["sw_indicated"]
    assert (lks.answer, lks.otherwise) == ("subsidy_ongoing", "participatiewet")
    assert (wsw.answer, wsw.otherwise, wsw.ended_reason) == (
        "indication_valid",
        None,
        "indication_ended",
    )
    assert r.pso_30_plus.durable_contracts == {"secondment_flex"}
    # Unchanged from the second version:
    old = load_rules("2026.2")
    assert r.period_months_by_group == old.period_months_by_group
    assert r.period_months_by_contract == old.period_months_by_contract
    assert r.pso_30_plus.excluded_contracts == old.pso_30_plus.excluded_contracts


def test_every_version_shares_the_published_norms_and_weights() -> None:
    versions = [load_rules(v) for v in available_versions()]
    for old, new in itertools.pairwise(versions):
        assert old.norm_points == new.norm_points
        assert {k: c.weight for k, c in old.target_groups.items()} == {
            k: c.weight for k, c in new.target_groups.items()
        }
        assert {k: c.weight for k, c in old.contracts.items()} == {
            k: c.weight for k, c in new.contracts.items()
        }
    # The first version knows no periods, exclusions or conditions: it computes as it did.
    first = versions[0]
    assert not first.period_months_by_group and not first.pso_30_plus.excluded_contracts
    assert first.conditions_min_total_fte is None
