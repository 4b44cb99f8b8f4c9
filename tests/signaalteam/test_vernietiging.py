"""A destroyed client's name and BSN leave the signals' free text too (issue 14, decision 0017):
the signal, its timeline and its change history; logged, and counted on the receipt."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.actor import Actor
from accounts.models import AccessAction, AccessLogEntry
from casemanagement.levensloop.vernietigen import telling_weergave
from casemanagement.levensloop.verzoeken import (
    vernietigingsverzoek_confirm,
    vernietigingsverzoek_record,
)
from signaalteam import services
from signaalteam.models import Signaal, SignaalActie
from signaalteam.services.vernietiging import VERVANGING, naam_patroon
from tests.casemanagement.test_levensloop import afgesloten_traject
from tests.netwerk.factories import coordinator_of
from tests.signaalteam.factories import signaal

pytestmark = pytest.mark.django_db


def test_the_name_is_found_in_its_usual_forms_and_nothing_else():
    patroon = naam_patroon("Anna", "van der", "Berg", "111222333")
    for tekst in (
        "Anna van der Berg wacht al lang",
        "ANNA VAN DER BERG wacht",
        "anna berg wacht",
        "Berg, Anna",
        "A. van der Berg",
        "mevrouw Van der Berg",
        "dhr. van der Berg",
        "BSN 111 222 333 in de mail",
        "bsn 111222333",
    ):
        assert VERVANGING in patroon.sub(VERVANGING, tekst), tekst
    for tekst in ("Annabel Bergman", "de berg op", "Anna wacht", "van der Bergen", "1112223330"):
        assert patroon.sub(VERVANGING, tekst) == tekst, tekst


def test_destroying_a_client_replaces_their_name_in_the_signals_of_their_network(
    netwerk, other_netwerk, coordinator, signaalteam_user
):
    traject = afgesloten_traject(netwerk)
    client = traject.client
    naam = f"{client.voornaam} {client.achternaam}"
    over_client = signaal(
        signaalteam_user,
        netwerk,
        titel=f"Wachttijd {naam}",
        omschrijving=f"Mevrouw {client.achternaam} wacht al vier maanden; {naam.upper()} belt.",
    )
    services.actie_add(
        signaal=over_client,
        actor=Actor.of(signaalteam_user),
        type="gesprek",
        tekst=f"Gebeld met de dochter van {naam}.",
    )
    ander = signaal(signaalteam_user, netwerk, omschrijving="Over iemand anders.")
    elders = signaal(signaalteam_user, other_netwerk, omschrijving=f"Ook {naam}, ander netwerk.")
    # an edit keeps the old text in the change history
    over_client.omschrijving += " Nog steeds."
    over_client.save()

    verzoek = vernietigingsverzoek_record(
        actor=Actor.of(coordinator),
        client=client,
        verzoeker="client",
        ontvangen_op=dt.date(2026, 11, 1),
    )
    tweede = coordinator_of(netwerk)
    verzoek = vernietigingsverzoek_confirm(actor=Actor.of(tweede), verzoek=verzoek)

    over_client.refresh_from_db()
    for tekst in (over_client.titel, over_client.omschrijving):
        assert naam.lower() not in tekst.lower() and client.achternaam not in tekst
        assert VERVANGING in tekst
    acties = " ".join(
        SignaalActie.objects.filter(signaal=over_client).values_list("tekst", flat=True)
    )
    assert client.achternaam not in acties and "dossier van de cliënt" in acties
    for versie in Signaal.history.filter(id=over_client.pk):
        assert client.achternaam not in versie.titel + versie.omschrijving
    assert (
        Signaal.objects.filter(pk=over_client.pk, zoekvector=client.achternaam.lower()).count() == 0
    )
    # other signals of the network untouched; another network's signals are not about this client
    ander.refresh_from_db()
    assert ander.omschrijving == "Over iemand anders."
    elders.refresh_from_db()
    assert naam in elders.omschrijving

    # logged as a change by the confirming coordinator, about the client, and counted
    rij = AccessLogEntry.objects.get(object_type="signaal", action=AccessAction.WIJZIGEN)
    assert rij.user == tweede and rij.client_id == client.pk
    assert over_client.referentie in rij.object_id
    assert verzoek.vernietigd["signalen"] == 1
    assert ("Signalen: naam of BSN van de cliënt vervangen", 1) in telling_weergave(
        verzoek.vernietigd
    )


def test_the_retention_job_cleans_the_signals_too(netwerk, signaalteam_user):
    from casemanagement.levensloop.bewaartermijnen import bewaartermijnen_toepassen

    client = afgesloten_traject(netwerk).client
    s = signaal(signaalteam_user, netwerk, omschrijving=f"{client.voornaam} {client.achternaam}")
    resultaat = bewaartermijnen_toepassen(actor=Actor.system(), vandaag=dt.date(2046, 6, 2))
    assert resultaat.dossiers == [client.pk]
    s.refresh_from_db()
    assert s.omschrijving == VERVANGING
    rij = AccessLogEntry.objects.get(object_type="signaal")
    assert rij.user is None and rij.client_id == client.pk
