"""Delivery by a provider's own system: through the API with a key, and the same as files."""

import copy
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.actor import Actor
from accounts.models import AccessLogEntry
from casemanagement import services
from casemanagement.aanlevering.sleutels import sleutel_issue, sleutel_revoke
from casemanagement.models import Aanmelding, BronKoppeling, Client, Traject
from netwerk.models import Gemeente
from tests.casemanagement.factories import CasemanagerFactory, aanbieder_in, valid_bsn
from tests.netwerk.factories import WerkgebiedFactory, coordinator_of
from wachtlijst.nza.selectors import nza_cijfers
from wachtlijst.selectors import samenvatting_netwerk

pytestmark = pytest.mark.django_db

URL = "/api/v1/aanlevering/"
PEILDATUM = dt.date(2026, 11, 1)


def _wereld(netwerk, cbs_code, email):
    gemeente = Gemeente.objects.get(cbs_code=cbs_code)
    WerkgebiedFactory(netwerk=netwerk, gemeente=gemeente)
    organisatie = aanbieder_in(netwerk)
    casemanager = CasemanagerFactory(netwerk=netwerk, organisatie=organisatie, user__email=email)
    return organisatie, casemanager


@pytest.fixture
def aanbieder(netwerk):
    return _wereld(netwerk, "GM0518", "petra@zorg.example.nl")


@pytest.fixture
def coordinator(netwerk):
    return coordinator_of(netwerk)


@pytest.fixture
def sleutel(netwerk, aanbieder, coordinator):
    _sleutel, plat = sleutel_issue(
        actor=Actor.of(coordinator), netwerk=netwerk, organisatie=aanbieder[0], naam="ECD"
    )
    return plat


def _batch(bsn_1, bsn_2):
    return {
        "versie": 1,
        "clienten": [
            {
                "bron_id": "CL-1",
                "bsn": bsn_1,
                "voornaam": "Johanna",
                "tussenvoegsel": "de",
                "achternaam": "Vries",
                "geboortedatum": "1941-03-12",
                "gemeente": "GM0518",
            },
            {
                "bron_id": "CL-2",
                "bsn": bsn_2,
                "voornaam": "Kees",
                "achternaam": "Bakker",
                "geboortedatum": "12-06-1938",
                "gemeente": "GM0518",
            },
        ],
        "aanmeldingen": [
            {
                "bron_id": "AM-1",
                "client": "CL-1",
                "aanmelddatum": "2026-08-01",
                "verwijzer_type": "huisarts",
                "uitstel": [{"van": "2026-08-10", "tot": "2026-08-20"}],
            },
            {
                "bron_id": "AM-2",
                "client": "CL-2",
                "aanmelddatum": "2026-09-01",
                "verwijzer_type": "geheugenpoli",
            },
        ],
        "trajecten": [
            {
                "bron_id": "TR-2",
                "aanmelding": "AM-2",
                "casemanager_email": "petra@zorg.example.nl",
                "toegewezen_op": "2026-09-20",
                "eerste_contact_op": "2026-09-25",
            }
        ],
    }


def _lever(sleutel, batch, keyword="Bearer"):
    return APIClient().post(URL, batch, format="json", HTTP_AUTHORIZATION=f"{keyword} {sleutel}")


def _figuren(netwerk):
    samenvatting = samenvatting_netwerk(netwerk, PEILDATUM)
    nza = nza_cijfers(netwerk, PEILDATUM)
    return (
        samenvatting.aantal_wachtend,
        samenvatting.aantal_wenswachtend,
        samenvatting.langste_wachtdagen,
        samenvatting.langste_wachtdagen_gecorrigeerd,
        samenvatting.aantal_zes_weken_of_langer,
        nza.aantal_wachtend,
        nza.aantal_zes_weken_of_langer,
        nza.aantal_in_zorg,
        nza.gemiddelde_wachtdagen,
    )


def _getypt(netwerk, coordinator, casemanager, gemeente):
    """The same two clients typed in the browser's services by the coordinator."""
    actor = Actor.of(coordinator)
    een = services.client_register(
        actor=actor,
        bsn=valid_bsn(),
        client_fields={
            "voornaam": "A",
            "achternaam": "B",
            "geboortedatum": dt.date(1941, 3, 12),
            "gemeente": gemeente,
        },
        aanmelding_fields={
            "datum": dt.date(2026, 8, 1),
            "verwijzer_type": "huisarts",
            "organisatie": casemanager.organisatie,
        },
    )
    services.uitstel_add(
        actor=actor, aanmelding=een.aanmelding, van=dt.date(2026, 8, 10), tot=dt.date(2026, 8, 20)
    )
    twee = services.client_register(
        actor=actor,
        bsn=valid_bsn(),
        client_fields={
            "voornaam": "C",
            "achternaam": "D",
            "geboortedatum": dt.date(1938, 6, 12),
            "gemeente": gemeente,
        },
        aanmelding_fields={
            "datum": dt.date(2026, 9, 1),
            "verwijzer_type": "geheugenpoli",
            "organisatie": casemanager.organisatie,
        },
    )
    traject = services.aanmelding_assign(
        actor=actor, aanmelding=twee.aanmelding, casemanager=casemanager, op=dt.date(2026, 9, 20)
    )
    services.contact_log(
        actor=Actor.of(casemanager.user),
        traject=traject,
        casemanager=casemanager,
        datum=dt.date(2026, 9, 25),
        type="huisbezoek",
        minuten=60,
    )


def test_delivered_batch_moves_the_waitlist_and_nza_figures_as_typed_data_does(
    netwerk, other_netwerk, sleutel, coordinator
):
    response = _lever(sleutel, _batch(valid_bsn(), valid_bsn()))
    assert response.status_code == 201, response.json()
    assert [r["resultaat"] for r in response.json()["records"]] == ["aangemaakt"] * 5

    _org, casemanager = _wereld(other_netwerk, "GM0153", "els@zorg.example.nl")
    _getypt(
        other_netwerk,
        coordinator_of(other_netwerk),
        casemanager,
        Gemeente.objects.get(cbs_code="GM0153"),
    )
    geleverd, getypt = _figuren(netwerk), _figuren(other_netwerk)
    assert geleverd == getypt
    assert geleverd[0] == 1 and geleverd[7] == 1  # one waiting, one in care


def test_redelivery_updates_and_never_duplicates(netwerk, sleutel):
    batch = _batch(valid_bsn(), valid_bsn())
    assert _lever(sleutel, batch).status_code == 201
    response = _lever(sleutel, batch)
    assert {r["resultaat"] for r in response.json()["records"]} == {"ongewijzigd"}

    gewijzigd = copy.deepcopy(batch)
    gewijzigd["clienten"][0]["voornaam"] = "Jo"
    gewijzigd["aanmeldingen"][0]["afgemeld_op"] = "2026-10-01"
    gewijzigd["aanmeldingen"][0]["afmeldreden"] = "verhuizing"
    gewijzigd["trajecten"][0].update(einddatum="2026-10-15", eindreden="opname")
    response = _lever(sleutel, gewijzigd)
    assert response.status_code == 201, response.json()
    resultaten = {r["bron_id"]: r["resultaat"] for r in response.json()["records"]}
    assert resultaten == {
        "CL-1": "bijgewerkt",
        "CL-2": "ongewijzigd",
        "AM-1": "bijgewerkt",
        "AM-2": "ongewijzigd",
        "TR-2": "bijgewerkt",
    }
    assert Client.objects.count() == 2
    assert Aanmelding.objects.count() == 2
    assert Traject.objects.get().einddatum == dt.date(2026, 10, 15)
    assert Client.objects.get(voornaam="Jo")
    assert samenvatting_netwerk(netwerk, PEILDATUM).aantal_wachtend == 0


def test_a_bad_batch_changes_nothing_and_names_every_bad_record_and_field(netwerk, sleutel):
    batch = _batch("123456789", valid_bsn())
    batch["aanmeldingen"][1]["verwijzer_type"] = "buurman"
    batch["trajecten"][0]["casemanager_email"] = "onbekend@zorg.example.nl"
    response = _lever(sleutel, batch)
    assert response.status_code == 400
    antwoord = response.json()
    assert antwoord["status"] == "geweigerd"
    fouten = {
        (soort, bron_id): sorted(velden)
        for soort in ("clienten", "aanmeldingen", "trajecten")
        for bron_id, velden in antwoord.get(soort, {}).items()
    }
    assert fouten == {("clienten", "CL-1"): ["bsn"], ("aanmeldingen", "AM-2"): ["verwijzer_type"]}
    assert AccessLogEntry.objects.filter(object_type="aanlevering").count() == 1
    assert Client.objects.count() == Aanmelding.objects.count() == 0

    # with the shape right, the service's refusals are found and the batch rolled back
    batch = _batch(valid_bsn(), valid_bsn())
    batch["trajecten"][0]["casemanager_email"] = "onbekend@zorg.example.nl"
    response = _lever(sleutel, batch)
    assert (response.status_code, response.json()["status"]) == (200, "geweigerd")
    (geweigerd,) = [r for r in response.json()["records"] if r["resultaat"] == "geweigerd"]
    assert geweigerd["bron_id"] == "TR-2"
    assert list(geweigerd["fouten"]) == ["casemanager_email"]
    assert Client.objects.count() == BronKoppeling.objects.count() == 0


def test_the_same_batch_as_uploaded_files_works(netwerk, aanbieder, coordinator, client):
    batch = _batch(valid_bsn(), valid_bsn())

    def csv(records):
        kolommen = sorted({k for r in records for k in r})
        regels = [";".join(kolommen)]
        for record in records:
            waarden = []
            for kolom in kolommen:
                waarde = record.get(kolom, "")
                if kolom == "uitstel":
                    waarde = ";".join(f"{u['van']}/{u['tot']}" for u in waarde)
                    waarde = f'"{waarde}"'
                waarden.append(str(waarde))
            regels.append(";".join(waarden))
        return "\n".join(regels).encode()

    client.force_login(coordinator)
    response = client.post(
        reverse("casemanagement:aanlevering_upload"),
        {
            "organisatie": aanbieder[0].pk,
            **{
                soort: SimpleUploadedFile(f"{soort}.csv", csv(batch[soort]))
                for soort in ("clienten", "aanmeldingen", "trajecten")
            },
        },
    )
    assert response.status_code == 200
    assert response.context["ontvangstbewijs"]["status"] == "verwerkt"
    assert Client.objects.count() == 2
    assert Traject.objects.get().startdatum == dt.date(2026, 9, 25)
    assert Aanmelding.objects.filter(uitstellen__van=dt.date(2026, 8, 10)).count() == 1


def test_key_delivers_only_in_its_affiliated_network(netwerk, other_netwerk, sleutel, aanbieder):
    batch = _batch(valid_bsn(), valid_bsn())
    batch["netwerk"] = other_netwerk.slug
    assert _lever(sleutel, batch).status_code == 403
    aansluiting = aanbieder[0].aansluitingen.get(netwerk=netwerk)
    aansluiting.geldig_tot = dt.date(2026, 1, 1)
    aansluiting.save()
    del batch["netwerk"]
    assert _lever(sleutel, batch).status_code == 403
    assert Client.objects.count() == 0


def test_revoked_or_wrong_key_is_refused(netwerk, sleutel, coordinator):
    batch = _batch(valid_bsn(), valid_bsn())
    assert _lever(sleutel[:-2] + "xx", batch).status_code == 401
    assert APIClient().post(URL, batch, format="json").status_code in (401, 403)
    from casemanagement.models import AanleverSleutel

    sleutel_revoke(actor=Actor.of(coordinator), sleutel=AanleverSleutel.objects.get())
    assert _lever(sleutel, batch, keyword="Api-Key").status_code == 401
    assert Client.objects.count() == 0


def test_a_client_delivered_by_two_providers_is_one_client(netwerk, sleutel, coordinator):
    tweede, _cm = aanbieder_in(netwerk), None
    _s, sleutel_2 = sleutel_issue(
        actor=Actor.of(coordinator), netwerk=netwerk, organisatie=tweede, naam="Ander ECD"
    )
    bsn = valid_bsn()
    batch = _batch(bsn, valid_bsn())
    assert _lever(sleutel, batch).status_code == 201
    alleen_client = {"versie": 1, "clienten": [dict(batch["clienten"][0], bron_id="X-77")]}
    response = _lever(sleutel_2, alleen_client)
    assert response.status_code == 201, response.json()
    assert Client.objects.count() == 2
    assert BronKoppeling.objects.filter(client__isnull=False).count() == 3

    onjuist = {"versie": 1, "clienten": [dict(alleen_client["clienten"][0], bron_id="X-78")]}
    onjuist["clienten"][0]["achternaam"] = "Jansen"
    response = _lever(sleutel_2, onjuist)
    assert (response.status_code, response.json()["status"]) == (200, "geweigerd")
    assert "achternaam" in response.json()["records"][0]["fouten"]


def test_conflicts_are_refused_with_the_reason(netwerk, sleutel, coordinator, aanbieder):
    batch = _batch(valid_bsn(), valid_bsn())
    assert _lever(sleutel, batch).status_code == 201
    # the coordinator stopped AM-1's clock in the application: afgemeld
    aanmelding = BronKoppeling.objects.get(bron_id="AM-1").aanmelding
    services.aanmelding_afmelden(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        datum=dt.date(2026, 9, 5),
        reden="opname",
    )
    conflict = copy.deepcopy(batch)
    conflict["aanmeldingen"][0].update(afgemeld_op="2026-10-01", afmeldreden="verhuizing")
    response = _lever(sleutel, conflict)
    assert (response.status_code, response.json()["status"]) == (200, "geweigerd")
    (regel,) = [r for r in response.json()["records"] if r["resultaat"] == "geweigerd"]
    assert regel["bron_id"] == "AM-1"
    assert "05-09-2026" in regel["fouten"]["afgemeld_op"][0]

    # a second open traject for CL-2 through another aanmelding
    tweede = copy.deepcopy(batch)
    tweede["aanmeldingen"] = [
        {
            "bron_id": "AM-3",
            "client": "CL-2",
            "aanmelddatum": "2026-10-01",
            "verwijzer_type": "zelf",
        }
    ]
    tweede["trajecten"] = [dict(batch["trajecten"][0], bron_id="TR-3", aanmelding="AM-3")]
    response = _lever(sleutel, tweede)
    assert (response.status_code, response.json()["status"]) == (200, "geweigerd")
    (regel,) = [r for r in response.json()["records"] if r["resultaat"] == "geweigerd"]
    assert regel["bron_id"] == "TR-3"
    assert "lopend traject" in regel["fouten"]["aanmelding"][0]
    assert Traject.objects.count() == 1


def test_every_call_is_in_the_access_log_as_the_organisation(netwerk, sleutel, aanbieder):
    _lever(sleutel, _batch(valid_bsn(), valid_bsn()))
    _lever(sleutel, _batch("123456789", valid_bsn()))
    rijen = AccessLogEntry.objects.filter(object_type="aanlevering")
    assert rijen.count() == 2
    assert {rij.user.naam for rij in rijen} == {f"Aanlevering {aanbieder[0].naam}"}
    # and the services' own rows for the clients, as the same service account
    assert AccessLogEntry.objects.filter(object_type="client", user=rijen[0].user).count() == 2


def test_coordinator_issues_key_once_and_revokes_it(netwerk, aanbieder, coordinator, client):
    client.force_login(coordinator)
    url = reverse("casemanagement:aanlevering_sleutels")
    response = client.post(url, {"uitgeven": "1", "organisatie": aanbieder[0].pk, "naam": "ECD"})
    plat = response.context["nieuwe_sleutel"]
    assert plat.startswith("dnk_")
    assert plat not in client.get(url).content.decode()
    from casemanagement.models import AanleverSleutel

    sleutel = AanleverSleutel.objects.get()
    assert plat.split("_", 2)[2] not in sleutel.geheim_hash
    client.post(url, {"intrekken": sleutel.pk})
    sleutel.refresh_from_db()
    assert not sleutel.is_actief


def test_schema_publishes_the_delivery_with_examples(coordinator, client):
    client.force_login(coordinator)
    schema = client.get("/api/v1/schema/?format=json").json()
    operatie = schema["paths"]["/api/v1/aanlevering/"]["post"]
    assert "examples" in operatie["requestBody"]["content"]["application/json"]
    assert {"200", "201", "400", "401", "403"} <= set(operatie["responses"])


def test_outcome_measurements_are_delivered_and_corrected_on_redelivery(netwerk, sleutel):
    from casemanagement.models import Meting

    batch = _batch(valid_bsn(), valid_bsn())
    batch["metingen"] = [
        {
            "bron_id": "M-1",
            "traject": "TR-2",
            "datum": "2026-09-25",
            "type": "belasting",
            "score": "6.5",
        },
        {"bron_id": "M-2", "traject": "TR-2", "datum": "2026-09-25", "type": "volhoudtijd"},
    ]
    response = _lever(sleutel, batch)
    assert (response.status_code, response.json()["status"]) == (200, "geweigerd")
    (regel,) = [r for r in response.json()["records"] if r["resultaat"] == "geweigerd"]
    assert (regel["bron_id"], list(regel["fouten"])) == ("M-2", ["volhoudtijd"])

    batch["metingen"][1]["volhoudtijd"] = "1_6m"
    assert _lever(sleutel, batch).status_code == 201
    batch["metingen"][0]["score"] = "7"
    response = _lever(sleutel, batch)
    resultaten = {r["bron_id"]: r["resultaat"] for r in response.json()["records"]}
    assert (resultaten["M-1"], resultaten["M-2"]) == ("bijgewerkt", "ongewijzigd")
    assert Meting.objects.count() == 2
    assert Meting.objects.get(type="belasting").score == 7

    batch["metingen"][0]["score"] = "11"
    response = _lever(sleutel, batch)
    assert (response.status_code, response.json()["status"]) == (200, "geweigerd")
    assert "score" in next(r for r in response.json()["records"] if r["bron_id"] == "M-1")["fouten"]


def test_casemanager_uploads_for_own_organisation_only_and_sees_every_bad_record(
    netwerk, aanbieder, client
):
    ander = aanbieder_in(netwerk)
    client.force_login(aanbieder[1].user)
    url = reverse("casemanagement:aanlevering_upload")
    regels = (
        b"bron_id;bsn;voornaam;achternaam;geboortedatum;gemeente\nCL-9;123456789;A;B;x;GM0518\n"
    )
    response = client.post(
        url, {"organisatie": ander.pk, "clienten": SimpleUploadedFile("c.csv", regels)}
    )
    assert "organisatie" in response.context["form"].errors
    response = client.post(
        url, {"organisatie": aanbieder[0].pk, "clienten": SimpleUploadedFile("c.csv", regels)}
    )
    (regel,) = response.context["regels"]
    assert (regel["bron_id"], sorted(regel["fouten"])) == ("CL-9", ["bsn", "geboortedatum"])
    assert Client.objects.count() == 0
