"""Delivered contact minutes per month, and a delivered postponement that the provider's
system no longer has; the report of a delivered network equals the report of one typed."""

import copy
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum
from django.urls import reverse

from accounts.actor import Actor
from casemanagement import services
from casemanagement.forms import ContactForm
from casemanagement.models import Aanmelding, BronKoppeling, Contactmoment, Uitstel
from netwerk.models import Gemeente
from rapportage.perioden import Periode
from rapportage.snapshot import netwerk_snapshot
from tests.casemanagement.aanlevering.test_aanlevering import (
    _batch,
    _figuren,
    _getypt,
    _lever,
    _wereld,
)
from tests.casemanagement.factories import CasemanagerFactory, valid_bsn
from tests.netwerk.factories import coordinator_of

pytestmark = pytest.mark.django_db


def _batch_v2() -> dict:
    return dict(_batch(valid_bsn(), valid_bsn()), versie=2)


def _resultaten(response) -> dict:
    return {r["bron_id"]: (r["resultaat"], r["fouten"]) for r in response.json()["records"]}


def _minuten(maand_sep=150, maand_okt=200) -> list[dict]:
    return [
        {"bron_id": "CM-9", "traject": "TR-2", "maand": "2026-09", "minuten": maand_sep},
        {"bron_id": "CM-10", "traject": "TR-2", "maand": "2026-10", "minuten": maand_okt},
    ]


def _totaal() -> int:
    return Contactmoment.objects.aggregate(totaal=Sum("minuten"))["totaal"]


def test_month_totals_count_the_first_contact_in_and_change_on_redelivery(netwerk, sleutel):
    batch = _batch_v2()
    batch["trajecten"][0]["eerste_contact_minuten"] = 45
    batch["contactminuten"] = _minuten()
    response = _lever(sleutel, batch)
    assert response.status_code == 201, response.json()
    assert _resultaten(response)["CM-9"] == ("aangemaakt", {})
    # September: the 45-minute first contact and 105 more; October: 200
    assert _totaal() == 350
    maandtotalen = Contactmoment.objects.filter(type="maandtotaal").order_by("datum")
    assert [(c.datum, c.minuten, c.met_wie) for c in maandtotalen] == [
        (dt.date(2026, 9, 30), 105, []),
        (dt.date(2026, 10, 31), 200, []),
    ]
    # the clock stopped on the first contact, not on a month's total
    assert BronKoppeling.objects.get(bron_id="AM-2").aanmelding.eerste_contact_op == dt.date(
        2026, 9, 25
    )

    assert {r[0] for r in _resultaten(_lever(sleutel, batch)).values()} == {"ongewijzigd"}
    batch["contactminuten"] = _minuten(maand_sep=150, maand_okt=0)
    response = _lever(sleutel, batch)
    assert _resultaten(response)["CM-10"] == ("bijgewerkt", {})
    assert _totaal() == 150
    assert not BronKoppeling.objects.filter(bron_id="CM-10").exists()


def test_a_changed_first_contact_keeps_its_months_delivered_total(netwerk, sleutel):
    batch = _batch_v2()
    batch["trajecten"][0]["eerste_contact_minuten"] = 45
    batch["contactminuten"] = _minuten()[:1]
    assert _lever(sleutel, batch).status_code == 201
    batch["trajecten"][0]["eerste_contact_minuten"] = 60
    response = _lever(sleutel, batch)
    assert _resultaten(response)["TR-2"] == ("bijgewerkt", {})
    assert _resultaten(response)["CM-9"] == ("ongewijzigd", {})
    assert sorted(Contactmoment.objects.values_list("type", "minuten")) == [
        ("huisbezoek", 60),
        ("maandtotaal", 90),
    ]
    batch["trajecten"][0]["eerste_contact_minuten"] = 200
    response = _lever(sleutel, batch)
    assert response.json()["status"] == "geweigerd"
    assert "CM-9" in _resultaten(response)["TR-2"][1]["eerste_contact_minuten"][0]
    assert _totaal() == 150


@pytest.mark.parametrize(
    ("record", "veld", "tekst"),
    [
        ({"maand": "2026-08"}, "maand", "voor het eerste contact (25-09-2026)"),
        ({"minuten": 30}, "minuten", "kleiner dan de 60 minuten"),
        ({"maand": "2026-13"}, "maand", "JJJJ-MM"),
        ({"minuten": 6001}, "minuten", "6000"),
        ({"traject": "TR-onbekend"}, "traject", "Onbekend traject"),
        ({"maand": "2027-01"}, "maand", "nog niet begonnen"),
    ],
)
def test_a_wrong_month_total_is_refused_by_field(netwerk, sleutel, record, veld, tekst):
    batch = _batch_v2()
    batch["contactminuten"] = [dict(_minuten()[0], **record)]
    response = _lever(sleutel, batch)
    fouten = response.json()
    regel = (
        _resultaten(response)["CM-9"][1]
        if "records" in fouten
        else fouten["contactminuten"]["CM-9"]
    )
    assert tekst in " ".join(regel[veld])
    assert not Contactmoment.objects.exists()


def test_minutes_need_the_first_contact_and_one_record_per_month(netwerk, sleutel):
    batch = _batch_v2()
    del batch["trajecten"][0]["eerste_contact_op"]
    batch["contactminuten"] = _minuten()[:1]
    fouten = _resultaten(_lever(sleutel, batch))["CM-9"][1]
    assert "nog geen eerste contact" in fouten["minuten"][0]

    batch = _batch_v2()
    batch["contactminuten"] = _minuten()[:1]
    assert _lever(sleutel, batch).status_code == 201
    batch["contactminuten"] = [dict(_minuten()[0], bron_id="CM-9-bis")]
    fouten = _resultaten(_lever(sleutel, batch))["CM-9-bis"][1]
    assert "al aangeleverd als CM-9" in fouten["maand"][0]


def test_a_casemanager_cannot_type_a_month_total():
    form = ContactForm(
        data={"datum": "2026-10-01", "type": "maandtotaal", "minuten": 900, "met_wie": []}
    )
    assert "type" in form.errors
    assert "maandtotaal" not in dict(form.fields["type"].choices)


def test_redelivered_postponements_replace_the_delivered_ones_and_keep_typed_ones(
    netwerk, sleutel, coordinator
):
    batch = _batch_v2()
    assert _lever(sleutel, batch).status_code == 201
    aanmelding = BronKoppeling.objects.get(bron_id="AM-1").aanmelding
    services.uitstel_add(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        van=dt.date(2026, 9, 1),
        tot=dt.date(2026, 9, 5),
    )
    batch["aanmeldingen"][0]["uitstel"] = [{"van": "2026-08-10", "tot": "2026-08-25"}]
    response = _lever(sleutel, batch)
    assert _resultaten(response)["AM-1"] == ("bijgewerkt", {})
    assert sorted(aanmelding.uitstellen.values_list("van", "tot")) == [
        (dt.date(2026, 8, 10), dt.date(2026, 8, 25)),
        (dt.date(2026, 9, 1), dt.date(2026, 9, 5)),  # typed in the application: stays
    ]
    # left out of the field: nothing changes; an empty list: the delivered one is gone
    del batch["aanmeldingen"][0]["uitstel"]
    assert _resultaten(_lever(sleutel, batch))["AM-1"][0] == "ongewijzigd"
    batch["aanmeldingen"][0]["uitstel"] = []
    assert _resultaten(_lever(sleutel, batch))["AM-1"][0] == "bijgewerkt"
    assert list(aanmelding.uitstellen.values_list("van", flat=True)) == [dt.date(2026, 9, 1)]
    # both delivered periods are gone, their history kept
    assert Uitstel.history.filter(history_type="-", van=dt.date(2026, 8, 10)).count() == 2


def test_version_1_keeps_adding_postponements_and_has_no_month_totals(netwerk, sleutel):
    batch = _batch(valid_bsn(), valid_bsn())
    assert _lever(sleutel, batch).status_code == 201
    batch["aanmeldingen"][0]["uitstel"] = []
    assert _resultaten(_lever(sleutel, batch))["AM-1"][0] == "ongewijzigd"
    assert Uitstel.objects.count() == 1
    batch["contactminuten"] = _minuten()
    response = _lever(sleutel, batch)
    assert response.status_code == 400
    assert "vanaf versie 2" in response.json()["fouten"]["contactminuten"][0]
    assert not Contactmoment.objects.filter(type="maandtotaal").exists()


def test_redelivered_referral_details_follow_the_providers_system(netwerk, sleutel):
    batch = _batch_v2()
    assert _lever(sleutel, batch).status_code == 201
    batch["aanmeldingen"][1].update(urgentie="hoog", verwijzer_naam="Dr. Jansen")
    response = _lever(sleutel, batch)
    assert _resultaten(response)["AM-2"] == ("bijgewerkt", {})
    aanmelding = BronKoppeling.objects.get(bron_id="AM-2").aanmelding
    assert (aanmelding.urgentie, aanmelding.verwijzer_naam) == ("hoog", "Dr. Jansen")
    assert aanmelding.verwijzer_type == "geheugenpoli"  # given again, unchanged
    batch["aanmeldingen"][1]["vestiging_agb"] = "99999999"
    response = _lever(sleutel, batch)
    assert "AGB-code" in _resultaten(response)["AM-2"][1]["vestiging_agb"][0]


def test_another_casemanager_in_the_providers_system_is_a_wissel_unless_the_app_changed_it(
    netwerk, sleutel, aanbieder, coordinator
):
    batch = _batch_v2()
    assert _lever(sleutel, batch).status_code == 201
    ann = CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder[0], user__email="ann@z.nl")
    batch["trajecten"][0]["casemanager_email"] = "ann@z.nl"
    response = _lever(sleutel, batch)
    assert _resultaten(response)["TR-2"] == ("bijgewerkt", {})
    traject = BronKoppeling.objects.get(bron_id="TR-2", soort="traject").traject
    assert traject.casemanager == ann
    assert traject.wissels.get().reden.startswith("Aangeleverd door")

    services.traject_change_casemanager(
        actor=Actor.of(coordinator), traject=traject, casemanager=aanbieder[1], reden="Ziekte"
    )
    batch["trajecten"][0]["casemanager_email"] = "ann@z.nl"
    response = _lever(sleutel, batch)
    assert "gewisseld" in _resultaten(response)["TR-2"][1]["casemanager_email"][0]
    traject.refresh_from_db()
    assert traject.casemanager == aanbieder[1]

    batch["trajecten"][0].update(
        casemanager_email=aanbieder[1].user.email, toegewezen_op="2026-09-21"
    )
    response = _lever(sleutel, batch)
    assert "20-09-2026" in _resultaten(response)["TR-2"][1]["toegewezen_op"][0]


def test_a_postponement_cannot_go_once_the_clock_stopped(netwerk, sleutel):
    batch = _batch_v2()
    batch["aanmeldingen"][1]["uitstel"] = [{"van": "2026-09-05", "tot": "2026-09-10"}]
    assert _lever(sleutel, batch).status_code == 201
    gewijzigd = copy.deepcopy(batch)
    gewijzigd["aanmeldingen"][1]["uitstel"] = []
    response = _lever(sleutel, gewijzigd)
    assert response.json()["status"] == "geweigerd"
    assert "al gestopt" in _resultaten(response)["AM-2"][1]["uitstel"][0]
    assert Uitstel.objects.filter(aanmelding__datum=dt.date(2026, 9, 1)).count() == 1


def test_an_empty_postponement_cell_in_a_file_clears_the_delivered_ones(
    netwerk, aanbieder, coordinator, client
):
    batch = _batch_v2()
    client.force_login(coordinator)
    url = reverse("casemanagement:aanlevering_upload")

    def lever(uitstel_cel: str):
        kolommen = "bron_id;client;aanmelddatum;verwijzer_type;uitstel"
        regel = f"AM-1;CL-1;2026-08-01;huisarts;{uitstel_cel}"
        clienten = batch["clienten"][:1]
        kop = ";".join(clienten[0])
        rij = ";".join(str(v) for v in clienten[0].values())
        return client.post(
            url,
            {
                "organisatie": aanbieder[0].pk,
                "clienten": SimpleUploadedFile("c.csv", f"{kop}\n{rij}".encode()),
                "aanmeldingen": SimpleUploadedFile("a.csv", f"{kolommen}\n{regel}".encode()),
            },
        )

    assert lever("2026-08-10/2026-08-20").context["ontvangstbewijs"]["status"] == "verwerkt"
    assert Uitstel.objects.count() == 1
    assert lever("").context["ontvangstbewijs"]["status"] == "verwerkt"
    assert Uitstel.objects.count() == 0


def test_the_report_of_a_delivered_network_equals_the_typed_one(netwerk, other_netwerk, sleutel):
    batch = _batch_v2()
    batch["contactminuten"] = [
        {"bron_id": "CM-9", "traject": "TR-2", "maand": "2026-09", "minuten": 150}
    ]
    assert _lever(sleutel, batch).status_code == 201

    _organisatie, casemanager = _wereld(other_netwerk, "GM0153", "els@zorg.example.nl")
    _getypt(
        other_netwerk,
        coordinator_of(other_netwerk),
        casemanager,
        Gemeente.objects.get(cbs_code="GM0153"),
    )
    traject = casemanager.trajecten.get()
    services.contact_log(
        actor=Actor.of(casemanager.user),
        traject=traject,
        casemanager=casemanager,
        datum=dt.date(2026, 9, 28),
        type="telefonisch",
        minuten=90,
    )

    def rapport(n):
        snapshot = netwerk_snapshot(n, Periode("2026Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)))
        del snapshot["netwerk"]
        for rij in snapshot["inkoop"]["per_aanbieder"]:
            del rij["organisatie"]
        return snapshot

    assert rapport(netwerk) == rapport(other_netwerk)
    assert _totaal() == 2 * 150  # 60 + 90 in each network

    # redelivered changed, and the same changes typed: AM-1 afgemeld, 50 more minutes in
    # September, TR-2 ended
    batch["aanmeldingen"][0].update(afgemeld_op="2026-09-15", afmeldreden="verhuizing")
    batch["trajecten"][0].update(einddatum="2026-09-29", eindreden="opname")
    batch["contactminuten"][0]["minuten"] = 200
    assert _lever(sleutel, batch).status_code == 201
    coordinator = coordinator_of(other_netwerk)
    services.aanmelding_afmelden(
        actor=Actor.of(coordinator),
        aanmelding=Aanmelding.objects.get(netwerk=other_netwerk, datum=dt.date(2026, 8, 1)),
        datum=dt.date(2026, 9, 15),
        reden="verhuizing",
    )
    services.contact_log(
        actor=Actor.of(casemanager.user),
        traject=traject,
        casemanager=casemanager,
        datum=dt.date(2026, 9, 29),
        type="telefonisch",
        minuten=50,
    )
    services.traject_close(
        actor=Actor.of(casemanager.user),
        traject=traject,
        datum=dt.date(2026, 9, 29),
        reden="opname",
    )
    assert rapport(netwerk) == rapport(other_netwerk)
    assert _figuren(netwerk) == _figuren(other_netwerk)
    assert _totaal() == 2 * 200


@pytest.mark.parametrize(
    "contactminuten",
    [
        {"bron_id": "CM-9"},
        [{"bron_id": "CM-9", "traject": "TR-2", "maand": ["2026-09"], "minuten": 10}],
        [{"bron_id": "CM-9", "traject": "TR-2", "maand": {"j": 2026}, "minuten": 10}],
        [{"bron_id": "CM-9", "traject": "TR-2", "maand": "2026-09-31", "minuten": 10}],
        [{"bron_id": "CM-9", "traject": "TR-2", "maand": "2026-09", "minuten": -1}],
        [{"bron_id": "CM-9", "traject": "TR-2", "maand": "2026-09", "minuten": "veel"}],
        [{"bron_id": "CM-9", "traject": None, "maand": "2026-09", "minuten": 10}],
        ["CM-9"],
        [{"bron_id": "CM-9", "traject": "TR-2", "maand": "0000-01", "minuten": 10}],
    ],
)
def test_hostile_month_totals_are_refused_in_dutch_and_change_nothing(
    netwerk, sleutel, contactminuten
):
    batch = _batch_v2()
    batch["contactminuten"] = contactminuten
    response = _lever(sleutel, batch)
    assert response.status_code in (200, 400), response.content
    assert response.json()["status"] == "geweigerd"
    assert not Contactmoment.objects.exists()
