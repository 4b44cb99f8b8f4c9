"""Registration with a BSN that is already known (security issue #12, faults 1 and 2): the
typed identity must be the stored one, nothing about the stored client is revealed, and a
match grants no access until the receiving network's coordinator assigns the aanmelding."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.actor import Actor
from accounts.models import AccessLogEntry, AccessOutcome, Notificatie
from casemanagement.identifiers import bsn_hash
from casemanagement.models import Aanmelding, Client
from casemanagement.services import IDENTITEIT_ONJUIST
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    TrajectFactory,
    aanbieder_in,
    gemeente_in,
    valid_bsn,
)
from tests.netwerk.factories import NetwerkFactory, coordinator_of

pytestmark = pytest.mark.django_db

REGISTREREN = reverse("casemanagement:client_create")
AANMELDINGEN = "/api/v1/aanmeldingen/"


@pytest.fixture
def andere_org_client(netwerk):
    """A client in care at one organisation of the network."""
    traject = TrajectFactory(
        casemanager=CasemanagerFactory(netwerk=netwerk),
        aanmelding__client=ClientFactory(
            netwerk=netwerk,
            voornaam="Wilhelmina",
            tussenvoegsel="van der",
            achternaam="Berg-Verborgen",
            geboortedatum=dt.date(1938, 2, 11),
            straat_huisnummer="Geheime Laan 7",
        ),
    )
    return traject.client


@pytest.fixture
def buurman(netwerk):
    """A casemanager of another organisation in the same network."""
    return CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder_in(netwerk))


def _page_data(gemeente, **overrides):
    data = {
        "bsn": valid_bsn(),
        "voornaam": "Verzonnen",
        "achternaam": "Naam",
        "geboortedatum": "1950-01-01",
        "geslacht": "vrouw",
        "gemeente": gemeente.pk,
        "diagnose_status": "geen",
        "datum": timezone.localdate().isoformat(),
        "verwijzer_type": "huisarts",
        "urgentie": "normaal",
        "notitie": "Dochter belt terug.",
    }
    return {**data, **overrides}


def _api_data(gemeente, **overrides):
    data = {
        "bsn": valid_bsn(),
        "voornaam": "Verzonnen",
        "achternaam": "Naam",
        "geboortedatum": "1950-01-01",
        "gemeente": gemeente.cbs_code,
        "datum": timezone.localdate().isoformat(),
        "verwijzer_type": "huisarts",
    }
    return {**data, **overrides}


def _sees(client, target) -> int:
    return client.get(reverse("casemanagement:client_detail", args=[target.pk])).status_code


def test_a_bsn_with_an_invented_name_opens_nothing_on_the_page(
    client, buurman, andere_org_client, netwerk
):
    client.force_login(buurman.user)
    assert _sees(client, andere_org_client) == 404

    response = client.post(
        REGISTREREN, _page_data(andere_org_client.gemeente, bsn=andere_org_client.bsn)
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "horen niet bij elkaar" in text
    for stored in ("Wilhelmina", "Berg-Verborgen", "Geheime Laan", "wachtlijst"):
        assert stored not in text
    assert _sees(client, andere_org_client) == 404
    assert andere_org_client.aanmeldingen.count() == 1
    refused = AccessLogEntry.objects.get(
        user=buurman.user, object_type="registratie", outcome=AccessOutcome.GEWEIGERD
    )
    assert refused.client_id == andere_org_client.pk


def test_a_bsn_with_an_invented_name_opens_nothing_through_the_api(
    buurman, andere_org_client, netwerk
):
    api = APIClient()
    api.force_authenticate(buurman.user)

    response = api.post(
        AANMELDINGEN,
        _api_data(andere_org_client.gemeente, bsn=andere_org_client.bsn),
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [str(IDENTITEIT_ONJUIST)]}
    assert _sees_api(api, andere_org_client) == 404
    assert AccessLogEntry.objects.filter(
        user=buurman.user, outcome=AccessOutcome.GEWEIGERD, client_id=andere_org_client.pk
    ).exists()


def _sees_api(api, target) -> int:
    aanmelding = target.aanmeldingen.first()
    return api.get(f"{AANMELDINGEN}{aanmelding.pk}/").status_code


def test_the_right_identity_refers_the_client_but_opens_nothing_until_assigned(
    client, buurman, andere_org_client, netwerk
):
    # the first aanmelding ended; the client is referred again, by a casemanager of
    # another organisation who knows the client's surname and birth date
    Aanmelding.objects.filter(client=andere_org_client).update(
        afgemeld_op=timezone.localdate(), afmeldreden="afzien", eerste_contact_op=None
    )
    andere_org_client.trajecten.update(einddatum=timezone.localdate(), eindreden="afzien")
    coordinator = coordinator_of(netwerk)
    client.force_login(buurman.user)

    response = client.post(
        REGISTREREN,
        _page_data(
            andere_org_client.gemeente,
            bsn=andere_org_client.bsn,
            voornaam="Mien",  # first names differ in practice: not compared
            tussenvoegsel="",
            achternaam="Van der berg-verborgen",
            geboortedatum="1938-02-11",
        ),
        follow=True,
    )

    assert response.redirect_chain[0][0] == reverse("start")
    assert "doorgestuurd naar de netwerkcoördinator" in response.content.decode()
    assert "Wilhelmina" not in response.content.decode()
    nieuw = andere_org_client.aanmeldingen.get(afgemeld_op__isnull=True)
    assert nieuw.afgeschermd and nieuw.organisatie == buurman.organisatie
    assert _sees(client, andere_org_client) == 404
    assert Notificatie.objects.filter(user=coordinator).exists()

    # the coordinator assigns it to the registrant's organisation: now they see the client
    client.force_login(coordinator)
    client.post(
        reverse("casemanagement:aanmelding_assign", args=[nieuw.pk]),
        {"casemanager": buurman.pk},
    )
    client.force_login(buurman.user)
    assert _sees(client, andere_org_client) == 200


def test_a_second_referral_of_a_waiting_client_says_no_more_than_a_first(client, buurman, netwerk):
    wachtend = AanmeldingFactory(
        client=ClientFactory(
            netwerk=netwerk, achternaam="Wachter", geboortedatum=dt.date(1940, 1, 1)
        ),
        netwerk=netwerk,
        organisatie=aanbieder_in(netwerk),
    )
    client.force_login(buurman.user)

    response = client.post(
        REGISTREREN,
        _page_data(
            wachtend.client.gemeente,
            bsn=wachtend.client.bsn,
            achternaam="Wachter",
            geboortedatum="1940-01-01",
            notitie="Valt vaak; graag snel.",
        ),
        follow=True,
    )

    text = response.content.decode()
    assert "doorgestuurd naar de netwerkcoördinator" in text
    assert "wachtlijst" not in text.split("<main", 1)[-1].split("doorgestuurd", 1)[0]
    wachtend.refresh_from_db()
    assert wachtend.client.aanmeldingen.count() == 1  # no second waiting aanmelding
    assert "Valt vaak; graag snel." in wachtend.notitie  # nothing typed is lost
    assert _sees(client, wachtend.client) == 404


def test_too_many_wrong_identities_block_registering_for_the_day(
    client, buurman, andere_org_client, settings
):
    settings.REGISTRATIE_MAX_ONJUIST_PER_DAG = 3
    client.force_login(buurman.user)
    for _ in range(3):
        client.post(REGISTREREN, _page_data(andere_org_client.gemeente, bsn=andere_org_client.bsn))

    response = client.post(REGISTREREN, _page_data(andere_org_client.gemeente))

    assert "te vaak" in response.content.decode()
    assert not Client.objects.filter(achternaam="Naam").exists()


def test_a_client_of_another_network_is_registered_there_and_its_coordinator_told(
    client, buurman, netwerk
):
    elders = NetwerkFactory(naam="Dementienetwerk Zuid-Limburg")
    coordinator_elders = coordinator_of(elders)
    client.force_login(buurman.user)

    data = _page_data(gemeente_in(elders))
    # warned before saving: the gemeente belongs to the other network
    warned = client.post(REGISTREREN, data)
    assert warned.status_code == 200
    assert "hoort niet bij het werkgebied" in warned.content.decode()
    assert "Ja, meld deze cliënt aan bij Dementienetwerk Zuid-Limburg" in warned.content.decode()
    assert not Client.objects.filter(achternaam="Naam").exists()

    response = client.post(REGISTREREN, {**data, "buiten_werkgebied_bevestigd": "on"}, follow=True)

    text = response.content.decode()
    assert "Dementienetwerk Zuid-Limburg" in text  # the receiving network is named
    registered = Client.objects.get(achternaam="Naam")
    aanmelding = registered.aanmeldingen.get()
    assert aanmelding.netwerk == elders
    assert aanmelding.organisatie is None  # central: the coordinator there chooses
    assert Notificatie.objects.filter(user=coordinator_elders).exists()
    assert len(mail.outbox) == 0 or all("Naam" not in m.body for m in mail.outbox)


def test_the_api_answers_202_for_an_aanmelding_the_caller_cannot_see(buurman, netwerk):
    elders = NetwerkFactory()
    api = APIClient()
    api.force_authenticate(buurman.user)

    response = api.post(AANMELDINGEN, _api_data(gemeente_in(elders)), format="json")

    assert response.status_code == 202, response.json()
    assert response.json()["netwerk_naam"] == elders.naam
    assert Aanmelding.objects.get().netwerk == elders


def test_the_import_refuses_known_clients_the_coordinator_cannot_see(client, netwerk):
    from casemanagement.importeren import import_clienten

    elders = NetwerkFactory()
    vreemd = ClientFactory(netwerk=elders, achternaam="Vreemd", geboortedatum=dt.date(1939, 9, 9))
    coordinator = coordinator_of(netwerk)
    gemeente = gemeente_in(netwerk)
    kop = "bsn;voornaam;achternaam;geboortedatum;gemeente;aanmelddatum;verwijzer_type\n"
    rij = f"{vreemd.bsn};X;Anders;01-01-1950;{gemeente.cbs_code};01-10-2026;huisarts\n"

    resultaat = import_clienten(
        actor=Actor.of(coordinator),
        netwerk=netwerk,
        data=(kop + rij).encode(),
        filename="lijst.csv",
    )

    meldingen = " ".join(fout.melding for fout in resultaat.fouten)
    assert str(IDENTITEIT_ONJUIST) in meldingen
    assert elders.naam not in meldingen and "Vreemd" not in meldingen
    assert vreemd.aanmeldingen.count() == 0
    assert AccessLogEntry.objects.filter(
        user=coordinator, outcome=AccessOutcome.GEWEIGERD, client_id=vreemd.pk
    ).exists()


SITUATIES = ["eigen_gemeente", "ander_netwerk", "bekend_zichtbaar", "bekend_elders", "onjuist"]


@pytest.mark.parametrize("situatie", SITUATIES)
def test_the_page_and_the_api_register_within_the_same_scope(client, buurman, netwerk, situatie):
    """The registration page and the API go through one service: the same input ends in the
    same place, visible to the same people, or is refused by both."""
    elders = NetwerkFactory()
    bekend_zichtbaar = ClientFactory(
        netwerk=netwerk, achternaam="Zicht", geboortedatum=dt.date(1944, 4, 4)
    )
    AanmeldingFactory(
        client=bekend_zichtbaar,
        netwerk=netwerk,
        organisatie=buurman.organisatie,
        afgemeld_op=timezone.localdate(),
        afmeldreden="afzien",
    )
    bekend_elders = ClientFactory(
        netwerk=elders,
        gemeente=gemeente_in(elders),
        achternaam="Elders",
        geboortedatum=dt.date(1945, 5, 5),
    )
    eigen, ander = gemeente_in(netwerk), gemeente_in(elders)
    invoer = {
        "eigen_gemeente": {"gemeente": eigen},
        "ander_netwerk": {"gemeente": ander},
        "bekend_zichtbaar": {
            "gemeente": eigen,
            "bsn": bekend_zichtbaar.bsn,
            "achternaam": "Zicht",
            "geboortedatum": "1944-04-04",
        },
        "bekend_elders": {
            "gemeente": eigen,
            "bsn": bekend_elders.bsn,
            "achternaam": "Elders",
            "geboortedatum": "1945-05-05",
        },
        "onjuist": {"gemeente": eigen, "bsn": bekend_elders.bsn},
    }[situatie]
    bsn = invoer.get("bsn") or valid_bsn()
    velden = {k: v for k, v in invoer.items() if k not in ("gemeente", "bsn")}

    def uitkomst():
        aanmelding = Aanmelding.objects.filter(client__bsn_hash=bsn_hash(bsn)).order_by("-pk")
        laatste = aanmelding.first()
        if laatste is None or laatste.verwijzer_naam != "scope":
            return ("geweigerd",)
        return (
            laatste.netwerk_id,
            laatste.organisatie_id,
            laatste.afgeschermd,
            Client.objects.visible_to(buurman.user).filter(pk=laatste.client_id).exists(),
        )

    client.force_login(buurman.user)
    with transaction.atomic():
        client.post(
            REGISTREREN,
            {
                **_page_data(invoer["gemeente"], bsn=bsn, verwijzer_naam="scope", **velden),
                # the page asks to confirm a gemeente outside the werkgebied (decision 0019)
                "buiten_werkgebied_bevestigd": "on",
            },
        )
        via_pagina = uitkomst()
        transaction.set_rollback(True)
    api = APIClient()
    api.force_authenticate(buurman.user)
    with transaction.atomic():
        api.post(
            AANMELDINGEN,
            _api_data(invoer["gemeente"], bsn=bsn, verwijzer_naam="scope", **velden),
            format="json",
        )
        via_api = uitkomst()
        transaction.set_rollback(True)

    assert via_pagina == via_api
    if situatie == "onjuist":
        assert via_pagina == ("geweigerd",)
