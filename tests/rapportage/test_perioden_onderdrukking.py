"""Outcome measures are counted per period, so a year report is the sum of its four quarter
reports; an insurer gets all five. The year minus the shown quarters must not give a hidden
quarter, and a later report must not uncover what an earlier one hid (issue 14, decision
0016: rapportage.onderdrukking.zichtbaar_rapport)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts import disclosure
from rapportage.models import Rapport, RapportStatus, RapportType
from rapportage.onderdrukking import zichtbaar_rapport
from rapportage.perioden import parse_periode

pytestmark = pytest.mark.django_db

TYPE = "kwaliteit_van_leven_client"


def uitkomsten(aantal: int) -> list[dict]:
    return [{"type": TYPE, "label": "Kwaliteit van leven", "aantal": aantal, "gemiddelde": "6.5"}]


@pytest.fixture
def basis(netwerk):
    from rapportage.snapshot import netwerk_snapshot

    return netwerk_snapshot(netwerk, parse_periode("2026Q3"))


@pytest.fixture
def rapport(netwerk, basis):
    def maak(code: str, aantal: int, *, dag: int, status=RapportStatus.VASTGESTELD) -> Rapport:
        periode = parse_periode(code)
        return Rapport.objects.create(
            netwerk=netwerk,
            type=RapportType.KWARTAAL if periode.is_kwartaal else RapportType.JAAR,
            periode=periode.code,
            periode_begin=periode.begin,
            periode_eind=periode.eind,
            status=status,
            vastgesteld_op=timezone.now() + dt.timedelta(days=dag)
            if status == RapportStatus.VASTGESTELD
            else None,
            data={**basis, "uitkomsten": uitkomsten(aantal)},
        )

    return maak


def aantal(r: Rapport):
    """The report's outcome count as its PDF shows it."""
    return zichtbaar_rapport(r)["uitkomsten"][0]["aantal"]


def test_the_quarter_that_completes_the_year_protects_a_hidden_quarter(rapport):
    """Q1..Q4: 10, 3 (<5), 12, 9. When Q4 comes, the year follows from the quarters (34) and
    will be shown, so 34 - 10 - 12 - 9 would give Q2: Q4 gives way, the year is shown."""
    kwartalen = [rapport(f"2026Q{q}", n, dag=q) for q, n in enumerate((10, 3, 12, 9), start=1)]
    jaar = rapport("2026", 34, dag=10, status=RapportStatus.CONCEPT)
    getoond = [aantal(k) for k in kwartalen]
    assert getoond[0] == 10 and getoond[2] == 12
    assert disclosure.is_onderdrukt(getoond[1]) and disclosure.is_onderdrukt(getoond[3])
    assert aantal(jaar) == 34


def test_the_year_gives_way_when_the_last_quarter_is_still_missing(rapport):
    """Q1-Q3 published (10, 3, 12), the year comes before Q4: Q4 (34 - 25 = 9) will be
    shown, so the year must hide itself or it gives Q2."""
    for q, n in zip(range(1, 4), (10, 3, 12), strict=True):
        rapport(f"2026Q{q}", n, dag=q)
    jaar = rapport("2026", 34, dag=10, status=RapportStatus.CONCEPT)
    assert disclosure.is_onderdrukt(aantal(jaar))


def test_the_year_is_shown_when_the_quarters_protect_each_other(rapport):
    for q, n in zip(range(1, 5), (10, 3, 2, 9), strict=True):
        rapport(f"2026Q{q}", n, dag=q)
    jaar = rapport("2026", 24, dag=10, status=RapportStatus.CONCEPT)
    assert aantal(jaar) == 24


def test_the_last_quarter_cannot_uncover_what_the_year_left(rapport):
    """The year was published before Q4: with Q1-Q3 shown and Q4 to come with 3, the year
    must hide itself, for Q4 cannot protect its own cell when it comes."""
    for q, n in zip(range(1, 4), (10, 8, 12), strict=True):
        rapport(f"2026Q{q}", n, dag=q)
    jaar = rapport("2026", 33, dag=10, status=RapportStatus.CONCEPT)
    assert disclosure.is_onderdrukt(aantal(jaar))
    Rapport.objects.filter(pk=jaar.pk).update(
        status=RapportStatus.VASTGESTELD, vastgesteld_op=timezone.now() + dt.timedelta(days=10)
    )
    q4 = rapport("2026Q4", 3, dag=20, status=RapportStatus.CONCEPT)
    assert disclosure.is_onderdrukt(aantal(q4))  # "<5", and not 33 - 10 - 8 - 12


def test_a_later_quarter_protects_a_hidden_quarter_against_a_published_year(rapport):
    rapport("2026Q1", 10, dag=1)
    rapport("2026Q2", 3, dag=2)
    rapport("2026", 40, dag=3)  # published while Q3 and Q4 were unknown
    q3 = rapport("2026Q3", 12, dag=4)
    q4 = rapport("2026Q4", 15, dag=5, status=RapportStatus.CONCEPT)
    assert aantal(Rapport.objects.get(periode="2026")) == 40  # Q3 and Q4 protected Q2 then
    # Q3 came when only Q4 was missing, and Q4 follows from the others: 40 - 10 - 3 - 12 = 15
    # would be shown, so Q2 = 40 - 10 - 12 - 15; Q3 gives way
    assert disclosure.is_onderdrukt(aantal(q3))
    assert aantal(q4) == 15  # Q2 + Q3 = 15 with Q2 in 1-4 and Q3 at least 5: not pinned


def test_the_pdf_context_uses_the_other_periods(rapport):
    for q, n in zip(range(1, 4), (10, 3, 12), strict=True):
        rapport(f"2026Q{q}", n, dag=q)
    jaar = rapport("2026", 34, dag=10, status=RapportStatus.CONCEPT)
    d = zichtbaar_rapport(jaar)
    assert disclosure.is_onderdrukt(d["uitkomsten"][0]["aantal"])
    assert disclosure.is_onderdrukt(d["uitkomsten"][0]["gemiddelde"])
    # the report on its own would have shown them
    from rapportage.onderdrukking import zichtbaar

    assert zichtbaar(jaar.type, jaar.data)["uitkomsten"][0]["aantal"] == 34
