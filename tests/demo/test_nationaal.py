"""`seed_demo --scale klein`: the national data's shape at a tiny size (what the benchmark's
CI smoke test runs on), loaded with COPY into an empty migrated database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q

from casemanagement.models import Aanmelding, Casemanager, Client, Contactmoment, Meting, Traject
from demo import nationaal
from demo.accounts import DEMO_USERS
from netwerk.models import Netwerk
from rapportage.models import Rapport
from signaalteam.models import Signaal
from wachtlijst.models import KwartaalStatus, NzaKwartaal, WachtlijstMeting

KLEIN = nationaal.SCHALEN["klein"]


@pytest.fixture(scope="module")
def klein(django_db_setup, django_db_blocker):
    """`seed_demo --scale klein` once for the module, run twice, inside a transaction rolled
    back afterwards; each test runs in a savepoint of it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            eerste, tweede = io.StringIO(), io.StringIO()
            call_command("seed_demo", "--scale", "klein", stdout=eerste)
            aantal_contacten = Contactmoment.objects.count()
            call_command("seed_demo", "--scale", "klein", stdout=tweede)
            yield {
                "eerste": eerste.getvalue(),
                "tweede": tweede.getvalue(),
                "contacten_na_eerste": aantal_contacten,
            }
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _ongeveer(aantal: int, doel: int, marge: float = 0.1) -> bool:
    return abs(aantal - doel) <= doel * marge


@pytest.mark.django_db
def test_klein_builds_the_national_shape_at_a_tiny_size(klein):
    assert Client.objects.count() == KLEIN.clienten
    assert Netwerk.objects.filter(clienten__isnull=False).distinct().count() == KLEIN.netwerken
    assert _ongeveer(Aanmelding.objects.count(), KLEIN.aanmeldingen)
    assert _ongeveer(Traject.objects.count(), KLEIN.trajecten)
    assert _ongeveer(Contactmoment.objects.count(), KLEIN.contactmomenten)
    assert _ongeveer(Meting.objects.count(), KLEIN.metingen, marge=0.3)
    assert (
        Casemanager.objects.filter(trajecten__isnull=False).distinct().count() == KLEIN.casemanagers
    )
    assert Signaal.objects.count() == KLEIN.signalen
    # the living and the historic: clients waiting today, in care, and whose care ended
    assert Aanmelding.objects.wachtend().exists()
    assert Traject.objects.open().exists()
    assert Traject.objects.filter(einddatum__isnull=False).exists()
    # four years of quarterly snapshots per network, the NZa quarters published
    assert WachtlijstMeting.objects.count() == KLEIN.netwerken * nationaal.KWARTALEN
    assert NzaKwartaal.objects.filter(status=KwartaalStatus.GEPUBLICEERD).count() == (
        KLEIN.netwerken * nationaal.KWARTALEN
    )
    assert Rapport.objects.filter(vastgesteld_op__isnull=False).exclude(pdf="").exists()
    assert "Schaal klein staat klaar" in klein["eerste"]


@pytest.mark.django_db
def test_klein_respects_the_caseload_norm_and_fills_the_demo_caseload(klein):
    netwerk = Netwerk.objects.get(naam="Dementienetwerk Haaglanden")
    norm = netwerk.caseload_norm
    caseloads = Casemanager.objects.filter(
        pk__in=Traject.objects.filter(netwerk=netwerk).values("casemanager")
    ).annotate(open_=Count("trajecten", filter=Q(trajecten__einddatum__isnull=True)))
    assert caseloads.count() > 1
    for casemanager in caseloads:
        assert casemanager.open_ <= casemanager.capaciteit(norm)
    demo = Casemanager.objects.get(user__email=DEMO_USERS["casemanager"][0])
    assert Traject.objects.open().filter(casemanager=demo).count() == demo.capaciteit(norm)


@pytest.mark.django_db
def test_second_run_finds_the_data_and_does_nothing(klein):
    assert "staan er al; niets gedaan" in klein["tweede"]
    assert Contactmoment.objects.count() == klein["contacten_na_eerste"]
    assert Client.objects.count() == KLEIN.clienten
