import datetime as dt

import pytest

from rapportage.perioden import parse_periode, vorige_periodes


def test_quarter_and_year():
    q = parse_periode("2026q3")
    assert (q.code, q.begin, q.eind, q.peildatum) == (
        "2026Q3",
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 1),
    )
    assert q.label == "3e kwartaal 2026"
    jaar = parse_periode("2025")
    assert (jaar.begin, jaar.eind, jaar.peildatum) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 1),
    )


@pytest.mark.parametrize("bad", ["", "2026Q5", "26Q1", "Q3", "0000", "2026-Q3"])
def test_bad_periods_are_refused_in_dutch(bad):
    with pytest.raises(ValueError, match="Onbekende periode"):
        parse_periode(bad)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("1999", "De periode 1999 begint op 01-01-1999. Deze datum ligt voor 1 januari 2000."),
        ("0001Q1", "De periode 0001Q1 begint op 01-01-0001. Deze datum ligt voor 1 januari"),
        ("2099Q1", "De periode 2099Q1 begint op 01-01-2099. Deze datum ligt meer dan 2 jaar"),
    ],
)
def test_periods_outside_the_window_of_dates_are_refused(bad, message):
    with pytest.raises(ValueError, match=message):
        parse_periode(bad)


def test_after_a_quarter_and_after_a_year():
    assert [p.code for p in vorige_periodes(dt.date(2026, 10, 2))] == ["2026Q3"]
    assert [p.code for p in vorige_periodes(dt.date(2027, 1, 2))] == ["2026Q4", "2026"]
