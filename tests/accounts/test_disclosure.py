"""accounts.disclosure: what a reader who must not see small counts gets (DESIGN.md rule 5)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import override_settings

from accounts import disclosure
from accounts.disclosure import AFGELEID, COMPLEMENTAIR, KLEIN, Som, is_onderdrukt
from wachtlijst.charts import Series, line_chart


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, KLEIN), (4, KLEIN), (5, 5), (None, None)])
def test_counts_of_one_to_four_are_suppressed_and_zero_is_shown(value, shown):
    assert disclosure.aantal(value) == shown


def test_the_threshold_is_a_setting():
    with override_settings(KLEIN_AANTAL_DREMPEL=10):
        assert disclosure.aantal(9) == KLEIN
        assert disclosure.tekst(KLEIN) == "<10"
    assert disclosure.aantal(9) == 9


def test_nothing_is_suppressed_for_readers_who_may_see_everything():
    assert disclosure.aantal(2, onderdrukken=False) == 2
    assert disclosure.beveilig({"t": 3, "a": 3}, [Som("t", ("a",))], onderdrukken=False) == {
        "t": 3,
        "a": 3,
    }


def test_a_figure_over_fewer_than_five_persons_is_suppressed():
    assert disclosure.afgeleid(Decimal("27.5"), 4) == AFGELEID
    assert disclosure.afgeleid(Decimal("27.5"), 5) == Decimal("27.5")
    assert disclosure.afgeleid(Decimal("27.5"), KLEIN) == AFGELEID
    assert disclosure.afgeleid(None, 2) is None  # no figure stays no figure


def test_a_share_that_times_its_base_gives_a_small_count_is_suppressed():
    assert disclosure.percentage(Decimal("33.3"), 1, 3) == AFGELEID  # base too small
    assert disclosure.percentage(Decimal("80.0"), 4, 5) == AFGELEID  # 1 not within
    assert disclosure.percentage(Decimal("40.0"), 2, 5) == AFGELEID  # 2 within
    assert disclosure.percentage(Decimal("50.0"), 5, 10) == Decimal("50.0")
    assert disclosure.percentage(Decimal("100.0"), 7, 7) == Decimal("100.0")  # 0 not within


def test_one_hidden_part_of_a_sum_gets_a_complement():
    # the NZa quarter of issue 14: 47 waiting, 22 and 23 at the providers, 2 central
    shown = disclosure.beveilig({"t": 47, "a": 22, "b": 23, "c": 2}, [Som("t", ("a", "b", "c"))])
    assert shown == {"t": 47, "a": COMPLEMENTAIR, "b": 23, "c": KLEIN}


def test_in_care_216_minus_105_minus_111_is_no_longer_zero_to_see():
    # a zero part is shown; the others do not give a hidden cell away
    shown = disclosure.beveilig({"t": 216, "a": 105, "b": 111, "c": 0}, [Som("t", ("a", "b", "c"))])
    assert shown == {"t": 216, "a": 105, "b": 111, "c": 0}


def test_the_total_is_the_complement_when_the_sum_prefers_it():
    shown = disclosure.beveilig(
        {"t": 30, "a": 3, "b": 27}, [Som("t", ("a", "b"), complement="totaal")]
    )
    assert shown == {"t": COMPLEMENTAIR, "a": KLEIN, "b": 27}


def test_hidden_cells_pinned_by_their_bounds_get_another_complement():
    # 8 = 4 + 4 + 0: "<5" twice and a total of 8 leave only 4 and 4
    shown = disclosure.beveilig({"t": 8, "a": 4, "b": 4, "c": 0}, [Som("t", ("a", "b", "c"))])
    assert shown["t"] == COMPLEMENTAIR
    # 2 = 1 + 1: both must be 1
    shown = disclosure.beveilig({"t": 7, "a": 1, "b": 1, "c": 5}, [Som("t", ("a", "b", "c"))])
    assert shown["c"] == COMPLEMENTAIR


def test_cells_in_two_sums_are_checked_as_one_system():
    # a 2x2 table with row and column totals: one small cell needs three more hidden
    cellen = {
        ("r1", "c1"): 2, ("r1", "c2"): 10, ("r1", "t"): 12,
        ("r2", "c1"): 8, ("r2", "c2"): 9, ("r2", "t"): 17,
        ("t", "c1"): 10, ("t", "c2"): 19, ("t", "t"): 29,
    }  # fmt: skip
    sommen = [
        Som(("r1", "t"), (("r1", "c1"), ("r1", "c2"))),
        Som(("r2", "t"), (("r2", "c1"), ("r2", "c2"))),
        Som(("t", "c1"), (("r1", "c1"), ("r2", "c1"))),
        Som(("t", "c2"), (("r1", "c2"), ("r2", "c2"))),
        Som(("t", "t"), (("r1", "t"), ("r2", "t"))),
        Som(("t", "t"), (("t", "c1"), ("t", "c2"))),
    ]
    shown = disclosure.beveilig(cellen, sommen)
    hidden = {k for k, v in shown.items() if disclosure.is_onderdrukt(v)}
    assert ("r1", "c1") in hidden
    assert len(hidden) >= 4
    assert disclosure.afleidbaar(cellen, sommen, hidden) == set()


def test_derivability_is_exact_linear_algebra():
    sommen = [Som("t", ("a", "b")), Som("u", ("a", "c"))]
    cellen = {"t": 10, "a": 3, "b": 7, "u": 9, "c": 6}
    # a = u - c, then b = t - a: two sums together give both away
    assert disclosure.afleidbaar(cellen, sommen, {"a", "b"}) == {"a", "b"}
    assert disclosure.afleidbaar(cellen, sommen, {"a", "b", "c"}) == set()
    assert disclosure.afleidbaar(cellen, sommen, {"a", "b", "c", "t"}) == set()


def test_suppressed_values_render_the_same_way_everywhere():
    assert disclosure.tekst(KLEIN) == "<5"
    assert disclosure.tekst(COMPLEMENTAIR) == disclosure.tekst(AFGELEID) == "x"
    assert disclosure.tekst(None) == "–"
    assert disclosure.tekst(1120) == "1.120"
    assert disclosure.tekst(Decimal("27.26"), decimalen=1) == "27,3"
    assert disclosure.cel(KLEIN) == "<5"
    assert disclosure.cel(7) == 7
    assert disclosure.json_waarde(KLEIN) is None
    assert disclosure.grafiekwaarde(KLEIN) is None
    assert disclosure.grafiekwaarde(0) == 0.0


def test_a_suppressed_value_refuses_arithmetic_and_ordering():
    with pytest.raises(TypeError):
        KLEIN + 1
    with pytest.raises(TypeError):
        assert KLEIN < 5


def test_template_filters_show_suppressed_values_escaped():
    html = Template(
        "{% load disclosure_tags %}"
        "{{ a|aantal }} {{ b|aantal }} {{ c|cijfer:1 }} {{ d|aantal:True }}"
    ).render(Context({"a": KLEIN, "b": 12, "c": AFGELEID, "d": 3}))
    assert html == "&lt;5 12 x &lt;5"


def test_a_chart_leaves_a_gap_for_a_suppressed_point_and_never_draws_it_at_0():
    import datetime as dt

    days = [dt.date(2026, m, 1) for m in (1, 4, 7, 10)]
    svg = line_chart(
        points=[
            (d, {"n": disclosure.grafiekwaarde(v)})
            for d, v in zip(days, [8, KLEIN, 9, 10], strict=True)
        ],
        series=[Series("n", "Wachtend")],
        title="t",
        description="d",
    )
    # two pieces of line (the first point alone, then 9 and 10) and three markers, no point at 0
    assert svg.count("<polyline") == 1
    full = line_chart(
        points=[(d, {"n": v}) for d, v in zip(days, [8, 0, 9, 10], strict=True)],
        series=[Series("n", "Wachtend")],
        title="t",
        description="d",
    )
    assert full.count("<polyline") == 1
    assert len(svg) < len(full)


def test_the_api_gives_null_with_a_flag_and_a_missing_figure_is_not_flagged():
    from rest_framework import serializers

    class Cijfers(disclosure.OnderdruktMixin, serializers.Serializer):
        onderdrukbaar = ("aantal", "gemiddelde")
        aantal = disclosure.AantalField()
        gemiddelde = disclosure.OnderdrukbaarDecimalField(max_digits=4, decimal_places=1)

    assert Cijfers({"aantal": KLEIN, "gemiddelde": None}).data == {
        "aantal": None,
        "gemiddelde": None,
        "aantal_onderdrukt": True,
        "gemiddelde_onderdrukt": False,
    }
    assert Cijfers({"aantal": 7, "gemiddelde": AFGELEID}).data == {
        "aantal": 7,
        "gemiddelde": None,
        "aantal_onderdrukt": False,
        "gemiddelde_onderdrukt": True,
    }


# --- Other outputs of the same reader: earlier versions, other periods -----------------------


def test_a_correction_by_1_to_4_persons_is_hidden_with_its_complement():
    """v1 showed 22 and 23 (total 45); v2 says 22 and 25: v2 - v1 = 2 persons moved."""
    som = [Som("t", ("a", "b"))]
    v1 = disclosure.beveilig({"t": 45, "a": 22, "b": 23}, som)
    assert v1 == {"t": 45, "a": 22, "b": 23}
    v2 = disclosure.beveilig({"t": 47, "a": 22, "b": 25}, som, eerder=[v1])
    # neither the changed cell nor the changed total is shown beside its earlier value
    for k in ("t", "b"):
        assert is_onderdrukt(v2[k]), k
    # a change of 0 or of 5 and more is shown
    v3 = disclosure.beveilig({"t": 52, "a": 22, "b": 30}, som, eerder=[v1])
    assert v3 == {"t": 52, "a": 22, "b": 30}


def test_a_hidden_earlier_cell_is_not_compared():
    som = [Som("t", ("a", "b", "c"))]
    v1 = disclosure.beveilig({"t": 30, "a": 3, "b": 7, "c": 20}, som)
    v2 = disclosure.beveilig({"t": 30, "a": 3, "b": 7, "c": 20}, som, eerder=[v1])
    assert v2 == v1


def test_published_cells_of_another_period_take_part_in_the_sums():
    """The quarters were published, Q2 hidden as "<5"; the year is their sum, so showing it
    would give Q2 back: the year gives way. Two hidden quarters protect each other."""
    vast = {"q1": 10, "q2": disclosure.KLEIN, "q3": 12, "q4": 9}
    jaar = disclosure.beveilig({"j": 34}, [Som("j", ("q1", "q2", "q3", "q4"))], vast=vast)
    assert is_onderdrukt(jaar["j"])
    assert set(jaar) == {"j"}
    # two hidden quarters protect each other: the year may be shown
    vast = {"q1": 10, "q2": disclosure.KLEIN, "q3": disclosure.COMPLEMENTAIR, "q4": 9}
    jaar = disclosure.beveilig({"j": 34}, [Som("j", ("q1", "q2", "q3", "q4"))], vast=vast)
    assert jaar == {"j": 34}


def test_a_period_nobody_can_get_yet_needs_no_protection_but_protects():
    vast = {"q1": 10, "q2": 8, "q3": 12, "q4": disclosure.ONBEKEND}
    assert disclosure.beveilig({"j": 33}, [Som("j", ("q1", "q2", "q3", "q4"))], vast=vast) == {
        "j": 33
    }
    vast = {"q1": 10, "q2": disclosure.KLEIN, "q3": 12, "q4": disclosure.ONBEKEND}
    assert disclosure.beveilig({"j": 33}, [Som("j", ("q1", "q2", "q3", "q4"))], vast=vast) == {
        "j": 33
    }
