"""Published figures never change (DESIGN rule 8): a client destroyed on request or by the
retention job stays counted in an NZa quarter that was already published, and a recount of
that peildatum gives the same figures."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.actor import Actor
from casemanagement.levensloop.bewaartermijnen import bewaartermijnen_toepassen
from casemanagement.levensloop.verzoeken import (
    vernietigingsverzoek_confirm,
    vernietigingsverzoek_record,
)
from casemanagement.models import Client, Eindreden
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    TrajectFactory,
)
from tests.netwerk.factories import coordinator_of
from wachtlijst.models import NzaKwartaal, NzaKwartaalRegel
from wachtlijst.nza.selectors import nza_cijfers
from wachtlijst.nza.services import nza_kwartaal_concept, nza_kwartaal_publish

P = dt.date(2026, 7, 1)


def _snapshot(kwartaal: NzaKwartaal) -> tuple:
    kwartaal.refresh_from_db()
    regels = sorted(
        NzaKwartaalRegel.objects.filter(kwartaal=kwartaal).values_list(
            "vestiging_naam", "wachtend", "zes_weken_of_langer", "in_zorg"
        )
    )
    return (
        kwartaal.status,
        kwartaal.aantal_wachtend,
        kwartaal.aantal_zes_weken_of_langer,
        kwartaal.aantal_in_zorg,
        kwartaal.gemiddelde_wachtdagen,
        regels,
    )


@pytest.mark.django_db
def test_destroyed_clients_stay_counted_in_a_published_nza_quarter(netwerk):
    casemanager = CasemanagerFactory(netwerk=netwerk)
    in_zorg = TrajectFactory(
        casemanager=casemanager,
        aanmelding__datum=dt.date(2026, 5, 1),
        aanmelding__toegewezen_op=dt.date(2026, 5, 10),
        aanmelding__eerste_contact_op=dt.date(2026, 5, 20),
        toegewezen_op=dt.date(2026, 5, 10),
        startdatum=dt.date(2026, 5, 20),
        einddatum=dt.date(2026, 8, 1),
        eindreden=Eindreden.OPNAME,
    ).client
    wachtend_op_p = AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk),
        organisatie=casemanager.organisatie,
        datum=dt.date(2026, 4, 1),
        afgemeld_op=dt.date(2026, 8, 15),
        afmeldreden="afzien",
    ).client
    coordinator = coordinator_of(netwerk)
    kwartaal = nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=Actor.of(coordinator))
    kwartaal = nza_kwartaal_publish(kwartaal=kwartaal, actor=Actor.of(coordinator))
    assert (kwartaal.aantal_wachtend, kwartaal.aantal_zes_weken_of_langer) == (1, 1)
    assert kwartaal.aantal_in_zorg == 1
    voor = _snapshot(kwartaal)
    herberekend_voor = nza_cijfers(netwerk, P)

    # on request, with four eyes
    verzoek = vernietigingsverzoek_record(
        actor=Actor.of(coordinator),
        client=in_zorg,
        verzoeker="client",
        ontvangen_op=dt.date(2026, 11, 1),
    )
    vernietigingsverzoek_confirm(actor=Actor.of(coordinator_of(netwerk)), verzoek=verzoek)
    # by the retention job (never in care: the shorter term)
    bewaartermijnen_toepassen(actor=Actor.system(), vandaag=dt.date(2030, 1, 1))

    assert (
        Client.objects.filter(
            pk__in=[in_zorg.pk, wachtend_op_p.pk], vernietigd_op__isnull=False
        ).count()
        == 2
    )
    assert _snapshot(kwartaal) == voor
    assert nza_cijfers(netwerk, P) == herberekend_voor
