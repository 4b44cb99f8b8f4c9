"""The NZa quarterly cycle (docs/decisions/0024): providers confirm or correct their figures
per vestiging by the 10th, reminders on the 5th and the 9th, the coordinator publishes by the
20th with the confirmed figures where present, late confirmations and corrections become new
versions, and the network's file for the NZa's Zorgbeeldportaal."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.actor import Actor
from accounts.models import Notificatie
from tests.casemanagement.factories import AanmeldingFactory, ClientFactory, aanbieder_in
from tests.netwerk.factories import (
    OrganisatieFactory,
    VestigingFactory,
    casemanager_of,
    coordinator_of,
    verzekeraar_user,
)
from wachtlijst.models import (
    KwartaalStatus,
    NzaAanlevering,
    NzaHerinnering,
    NzaKwartaal,
    NzaPortaalAanlevering,
)
from wachtlijst.nza import cyclus, zorgbeeldportaal
from wachtlijst.nza.services import nza_kwartaal_concept, nza_kwartaal_publish
from wachtlijst.tasks import nza_herinneringen, nza_kwartaal_concepten

pytestmark = pytest.mark.django_db

P = dt.date(2026, 10, 1)


def on(day: dt.date, hour: int = 10):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC))


def wachtend(netwerk, vestiging, datum, aantal=1):
    for _index in range(aantal):
        AanmeldingFactory(
            client=ClientFactory(netwerk=netwerk),
            netwerk=netwerk,
            organisatie=vestiging.organisatie,
            vestiging=vestiging,
            datum=datum,
        )


@pytest.fixture
def wereld(netwerk):
    """Alfa (late: confirms after publication), Beta (confirms on time, corrects after
    publication), Gamma (nothing at all); one aanmelding without a provider."""
    alfa = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Zorggroep Alfa"))
    beta = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Buurtzorg Beta"))
    gamma = aanbieder_in(netwerk, organisatie=OrganisatieFactory(naam="Gamma"))
    alfa_v = VestigingFactory(organisatie=alfa, naam="Alfa Noord", agb_code="11000001")
    beta_v = VestigingFactory(organisatie=beta, naam="Beta Centrum", agb_code="12000001")
    gamma_v = VestigingFactory(organisatie=gamma, naam="Gamma", agb_code="13000001")
    wachtend(netwerk, alfa_v, dt.date(2026, 8, 1), aantal=2)  # both 6 weeks or longer
    wachtend(netwerk, alfa_v, dt.date(2026, 9, 25))
    wachtend(netwerk, beta_v, dt.date(2026, 9, 20), aantal=3)
    AanmeldingFactory(client=ClientFactory(netwerk=netwerk), netwerk=netwerk, datum=P)
    return {
        "alfa": alfa,
        "beta": beta,
        "gamma": gamma,
        "alfa_v": alfa_v,
        "beta_v": beta_v,
        "gamma_v": gamma_v,
        "alfa_cm": casemanager_of(netwerk, alfa),
        "beta_cm": casemanager_of(netwerk, beta),
        "coordinator": coordinator_of(netwerk),
    }


def regel(kwartaal, agb):
    return kwartaal.regels.get(agb_code=agb)


def versies(netwerk):
    return list(
        NzaKwartaal.objects.filter(netwerk=netwerk, peildatum=P)
        .order_by("versie")
        .values_list("versie", "status")
    )


def bevestig(w, who, vestiging, **kwargs):
    return cyclus.nza_aanlevering_vastleggen(
        netwerk=vestiging.organisatie.aansluitingen.first().netwerk,
        peildatum=P,
        vestiging=vestiging,
        actor=Actor.of(w[who]),
        **kwargs,
    )


def statussen(netwerk, vandaag):
    stand = cyclus.cyclus_stand(netwerk, P, vandaag)
    return {a.organisatie.naam: a.status for a in stand.aanbieders}


def test_the_cycle_one_late_and_one_correcting_after_publication(
    netwerk, wereld, django_capture_on_commit_callbacks
):
    w = wereld
    with on(P, 6):
        nza_kwartaal_concepten(P.isoformat())
    assert versies(netwerk) == [(1, KwartaalStatus.CONCEPT)]

    # Beta confirms on time; the open concept takes it
    with on(dt.date(2026, 10, 3)):
        bevestig(w, "beta_cm", w["beta_v"])
    concept = NzaKwartaal.objects.get(netwerk=netwerk, peildatum=P)
    assert regel(concept, "12000001").bron == "bevestigd"
    assert regel(concept, "11000001").bron == "berekend"

    # reminders on the 5th and the 9th, once a day, only to those who have not confirmed
    for dag in (5, 9):
        with on(dt.date(2026, 10, dag)), django_capture_on_commit_callbacks(execute=True):
            assert nza_herinneringen() == {"verstuurd": 2, "al_verstuurd": 0}
            assert nza_herinneringen() == {"verstuurd": 0, "al_verstuurd": 2}
    assert sorted(
        NzaHerinnering.objects.filter(organisatie=w["alfa"]).values_list("datum", flat=True)
    ) == [dt.date(2026, 10, 5), dt.date(2026, 10, 9)]
    assert not NzaHerinnering.objects.filter(organisatie=w["beta"]).exists()
    alfa_mails = [m for m in mail.outbox if m.to == [w["alfa_cm"].email]]
    assert len(alfa_mails) == 2
    assert "10-10-2026" in alfa_mails[0].subject
    assert not [m for m in mail.outbox if m.to == [w["beta_cm"].email]]
    assert Notificatie.objects.filter(user=w["alfa_cm"]).count() == 2
    with on(dt.date(2026, 10, 11)):
        assert nza_herinneringen()["verstuurd"] == 0  # past the deadline: no more

    assert statussen(netwerk, dt.date(2026, 10, 15)) == {
        "Buurtzorg Beta": "bevestigd",
        "Zorggroep Alfa": "ontvangen",
        "Gamma": "ontbreekt",
    }

    # the coordinator compiles and publishes by the 20th: Alfa from the computed figures
    coordinator = Actor.of(w["coordinator"])
    with on(dt.date(2026, 10, 15)):
        v1 = nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=coordinator)
        nza_kwartaal_publish(kwartaal=v1, actor=coordinator)
    alfa_v1 = regel(v1, "11000001")
    assert (alfa_v1.bron, alfa_v1.wachtend, alfa_v1.zes_weken_of_langer) == ("berekend", 3, 2)

    # Alfa confirms late: a new version in concept, the published one stays until published
    with on(dt.date(2026, 10, 25)), django_capture_on_commit_callbacks(execute=True):
        bevestig(w, "alfa_cm", w["alfa_v"])
    assert versies(netwerk) == [(1, KwartaalStatus.GEPUBLICEERD), (2, KwartaalStatus.CONCEPT)]
    v2 = NzaKwartaal.objects.get(netwerk=netwerk, peildatum=P, versie=2)
    assert v2.reden.startswith("Late bevestiging van Zorggroep Alfa, AGB-code 11000001")
    assert regel(v2, "11000001").bron == "bevestigd"
    assert Notificatie.objects.filter(user=w["coordinator"], url__contains=str(v2.pk)).exists()
    with on(dt.date(2026, 10, 26)):
        nza_kwartaal_publish(kwartaal=v2, actor=coordinator)

    # Beta corrects after publication: version 3 with the corrected numbers and the reason
    with on(dt.date(2026, 11, 2)):
        bevestig(
            w,
            "beta_cm",
            w["beta_v"],
            correctie={
                "wachtend": "2",
                "zes_weken_of_langer": "0",
                "in_zorg": "4",
                "aantal_casemanagers": "2",
                "fte_casemanagers": "1,6",
            },
            reden="Een aanmelding stond dubbel in ons ECD.",
        )
        v3 = NzaKwartaal.objects.get(netwerk=netwerk, peildatum=P, versie=3)
        nza_kwartaal_publish(kwartaal=v3, actor=coordinator)
    assert versies(netwerk) == [
        (1, KwartaalStatus.VERVANGEN),
        (2, KwartaalStatus.VERVANGEN),
        (3, KwartaalStatus.GEPUBLICEERD),
    ]
    beta_v3 = regel(v3, "12000001")
    assert (beta_v3.bron, beta_v3.wachtend, beta_v3.in_zorg, beta_v3.fte_casemanagers) == (
        "gecorrigeerd",
        2,
        4,
        Decimal("1.60"),
    )
    assert "Een aanmelding stond dubbel" in v3.reden
    assert regel(v3, "11000001").bron == "bevestigd"  # Alfa's late confirmation stays
    assert v3.aantal_wachtend == 3 + 2 + 1  # Alfa, Beta corrected, the central aanmelding
    # the published versions themselves never changed
    assert regel(NzaKwartaal.objects.get(pk=v1.pk), "12000001").wachtend == 3


def test_a_correction_is_checked_and_changes_nothing_when_wrong(netwerk, wereld):
    w = wereld
    with on(dt.date(2026, 10, 3)):
        with pytest.raises(ValidationError) as fout:
            bevestig(
                w,
                "beta_cm",
                w["beta_v"],
                correctie={
                    "wachtend": "1",
                    "zes_weken_of_langer": "2",
                    "in_zorg": "x",
                    "aantal_casemanagers": "-1",
                    "fte_casemanagers": "veel",
                },
                reden="Anders geteld",
            )
        assert set(fout.value.message_dict) == {
            "in_zorg",
            "aantal_casemanagers",
            "fte_casemanagers",
        }
        with pytest.raises(ValidationError) as fout:
            bevestig(w, "beta_cm", w["beta_v"], correctie={"wachtend": "1"}, reden="")
        assert "reden" in fout.value.message_dict
        with pytest.raises(ValidationError) as fout:
            bevestig(w, "coordinator", w["beta_v"])  # on the provider's behalf: name someone
        assert "namens" in fout.value.message_dict
    assert not NzaAanlevering.objects.exists()
    with on(dt.date(2026, 10, 3)):
        bevestig(w, "coordinator", w["beta_v"], namens="J. de Vries, teamleider")
    assert NzaAanlevering.objects.get().namens == "J. de Vries, teamleider"


def test_who_may_confirm_and_deliver(netwerk, other_netwerk, wereld, client):
    w = wereld
    anderen = {
        "casemanager van een andere aanbieder": w["alfa_cm"],
        "coördinator van een ander netwerk": coordinator_of(other_netwerk),
        "verzekeraar": verzekeraar_user(),
    }
    with on(dt.date(2026, 10, 3)):
        for user in anderen.values():
            with pytest.raises(PermissionDenied):
                cyclus.nza_aanlevering_vastleggen(
                    netwerk=netwerk, peildatum=P, vestiging=w["beta_v"], actor=Actor.of(user)
                )
    url = reverse("wachtlijst:nza_aanbieder", args=[netwerk.pk, w["beta"].pk])
    post = {"vestiging": w["beta_v"].pk, "actie": "bevestigen"}
    for user in anderen.values():
        client.force_login(user)
        with on(dt.date(2026, 10, 3)):
            assert client.post(url, post).status_code in (403, 404)
    assert not NzaAanlevering.objects.exists()

    client.force_login(w["beta_cm"])
    with on(dt.date(2026, 10, 3)):
        page = client.get(url)
        assert page.status_code == 200
        # the form posts the vestiging's pk as a plain number (no thousands separator)
        assert f'name="vestiging" value="{w["beta_v"].pk}"' in page.content.decode()
        assert client.post(url, post).status_code == 302
    assert NzaAanlevering.objects.get().vastgelegd_door == w["beta_cm"]

    coordinator = Actor.of(w["coordinator"])
    with on(dt.date(2026, 10, 15)):
        kwartaal = nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=coordinator)
        nza_kwartaal_publish(kwartaal=kwartaal, actor=coordinator)
    download = reverse("wachtlijst:nza_portaal_csv", args=[kwartaal.pk])
    markeren = reverse("wachtlijst:nza_portaal_markeren", args=[kwartaal.pk])
    for user in [w["beta_cm"], *anderen.values()]:
        client.force_login(user)
        assert client.get(download).status_code in (403, 404)
        assert client.post(markeren).status_code in (403, 404)
        with pytest.raises(PermissionDenied):
            cyclus.nza_portaal_aangeleverd(kwartaal=kwartaal, actor=Actor.of(user))
    assert not NzaPortaalAanlevering.objects.exists()


def test_the_zorgbeeldportaal_file_and_its_delivery(netwerk, wereld, client):
    w = wereld
    coordinator = Actor.of(w["coordinator"])
    with on(dt.date(2026, 10, 15)):
        kwartaal = nza_kwartaal_concept(netwerk=netwerk, peildatum=P, actor=coordinator)
        nza_kwartaal_publish(kwartaal=kwartaal, actor=coordinator)
    client.force_login(w["coordinator"])
    response = client.get(reverse("wachtlijst:nza_portaal_csv", args=[kwartaal.pk]))
    assert response.status_code == 200
    assert "nza-zorgbeeldportaal" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        zorgbeeldportaal.KOLOMMEN,
        ["11000001", "2026-10-01", "3", "2", "0", "0,00"],
        ["12000001", "2026-10-01", "3", "0", "0", "0,00"],
        ["13000001", "2026-10-01", "0", "0", "0", "0,00"],
    ]  # small counts as they are (the NZa receives them); the central row cannot be in it
    assert [r.vestiging_naam for r in zorgbeeldportaal.niet_in_bestand(kwartaal)] == [
        "Centraal aangemeld (nog geen aanbieder)"
    ]
    xlsx = client.get(reverse("wachtlijst:nza_portaal_xlsx", args=[kwartaal.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [c.value for c in sheet[2]][:4] == ["11000001", "2026-10-01", 3, 2]

    # werkbak before delivery: the final step is open
    with on(dt.date(2026, 10, 16)):
        page = client.get(reverse("rapportage:werkbak")).content.decode()
    assert "Versie 1 nog niet aangeleverd" in page

    with on(dt.date(2026, 10, 16)):
        assert (
            client.post(reverse("wachtlijst:nza_portaal_markeren", args=[kwartaal.pk])).status_code
            == 302
        )
        client.post(reverse("wachtlijst:nza_portaal_markeren", args=[kwartaal.pk]))  # twice
    aanlevering = NzaPortaalAanlevering.objects.get()
    assert (aanlevering.kwartaal_id, aanlevering.aangeleverd_door) == (
        kwartaal.pk,
        w["coordinator"],
    )
    with on(dt.date(2026, 10, 17)):
        page = client.get(reverse("rapportage:werkbak")).content.decode()
    assert "Aangeleverd" in page and "versie 1 door" in page

    # a correction published later is a new version to deliver; the old one cannot be marked
    with on(dt.date(2026, 10, 25)):
        bevestig(w, "alfa_cm", w["alfa_v"])
        v2 = NzaKwartaal.objects.get(netwerk=netwerk, peildatum=P, versie=2)
        nza_kwartaal_publish(kwartaal=v2, actor=coordinator)
        with pytest.raises(ValidationError):
            cyclus.nza_portaal_aangeleverd(
                kwartaal=NzaKwartaal.objects.get(pk=kwartaal.pk), actor=coordinator
            )
        page = client.get(reverse("rapportage:werkbak")).content.decode()
    assert "Versie 2 nog niet aangeleverd" in page


def test_the_werkbak_shows_each_providers_state(netwerk, wereld, client):
    w = wereld
    client.force_login(w["coordinator"])
    with on(dt.date(2026, 10, 3)):
        bevestig(w, "beta_cm", w["beta_v"])
        page = client.get(reverse("rapportage:werkbak")).content.decode()
    assert f'data-aanbieder="{w["beta"].pk}" data-status="bevestigd"' in page
    assert f'data-aanbieder="{w["alfa"].pk}" data-status="ontvangen"' in page
    assert f'data-aanbieder="{w["gamma"].pk}" data-status="ontbreekt"' in page
    assert "1 bevestigd, 1 ontvangen (nog niet bevestigd), 1 ontbreekt" in page
    assert reverse("wachtlijst:nza_aanbieder", args=[netwerk.pk, w["alfa"].pk]) in page
    with on(dt.date(2026, 10, 11)):
        stand = cyclus.huidige_cyclus(netwerk, dt.date(2026, 10, 11))
    assert stand.aanbieders_te_laat


def test_beat_reminds_on_the_5th_and_the_9th_of_each_peildatum_month():
    from django.conf import settings

    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["nza-herinneringen"]
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert schedule.day_of_month == {5, 9}
    assert schedule.month_of_year == {1, 4, 7, 10}


def test_the_providers_page_refuses_a_bad_correction_with_a_dutch_message(netwerk, wereld, client):
    w = wereld
    client.force_login(w["beta_cm"])
    url = reverse("wachtlijst:nza_aanbieder", args=[netwerk.pk, w["beta"].pk])
    fout = {
        "vestiging": w["beta_v"].pk,
        "actie": "corrigeren",
        "wachtend": "1",
        "zes_weken_of_langer": "3",
        "in_zorg": "0",
        "aantal_casemanagers": "1",
        "fte_casemanagers": "0,8",
        "reden": "ECD telt anders",
    }
    with on(dt.date(2026, 10, 3)):
        response = client.post(url, fout)
        assert response.status_code == 200
        assert "niet groter dan het aantal wachtenden" in response.content.decode()
        assert not NzaAanlevering.objects.exists()
        # a vestiging of another provider cannot be slipped in
        andere = {**fout, "vestiging": w["alfa_v"].pk, "zes_weken_of_langer": "0"}
        assert client.post(url, andere).status_code == 404
        assert not NzaAanlevering.objects.exists()
        assert client.post(url, {**fout, "zes_weken_of_langer": "0"}).status_code == 302
    aanlevering = NzaAanlevering.objects.get()
    assert (aanlevering.status, aanlevering.fte_casemanagers) == ("gecorrigeerd", Decimal("0.80"))
    with on(dt.date(2026, 10, 3)):  # a decimal point is read as a decimal point too
        client.post(url, {**fout, "zes_weken_of_langer": "0", "fte_casemanagers": "1.30"})
    assert NzaAanlevering.objects.latest("id").fte_casemanagers == Decimal("1.30")
