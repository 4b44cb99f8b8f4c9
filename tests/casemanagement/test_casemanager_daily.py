"""The casemanager's daily work, the hundredth time (issue #15): Mijn cliënten in the order
that needs them, a contact that updates its row, the four measurements in one form, what
they are told, and no "(optioneel)" on a field that is then required."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.actor import Actor
from accounts.models import AccessAction, AccessLogEntry, Notificatie
from casemanagement import services
from casemanagement.models import Achtergrond, Meting, MetingType
from tests.casemanagement.factories import (
    CasemanagerFactory,
    ContactmomentFactory,
    MetingFactory,
    RegisteredAanmeldingFactory,
    RegisteredTrajectFactory,
    aanbieder_in,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def today():
    moment = dt.datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def cm(netwerk):
    return CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder_in(netwerk))


@pytest.fixture
def cm_client(client, cm):
    client.force_login(cm.user)
    return client


def _traject(cm, achternaam, **fields):
    return RegisteredTrajectFactory(
        casemanager=cm, aanmelding__client__achternaam=achternaam, **fields
    )


def _names_in_order(html: str) -> list[str]:
    rows = re.findall(r'<th scope="row" class="caseload__client"><a [^>]*>([^<]+)</a>', html)
    return [row.split()[-1] for row in rows]


# --- Mijn cliënten --------------------------------------------------------------------------


def test_mijn_clienten_lists_waiting_then_overdue_measurements_then_stale_contacts_then_by_name(
    cm_client, cm
):
    started = TODAY - dt.timedelta(days=30)
    in_orde = _traject(cm, "Aalders", startdatum=started)
    # measured a month ago: nothing due, contact recent
    for type_ in MetingType:
        MetingFactory(
            traject=in_orde,
            type=type_,
            datum=started,
            score=None if type_ == MetingType.VOLHOUDTIJD else Decimal(20),
            volhoudtijd="1_2j" if type_ == MetingType.VOLHOUDTIJD else "",
            door=cm.user,
        )
    ContactmomentFactory(traject=in_orde, datum=TODAY - dt.timedelta(days=3))
    oud_contact = _traject(cm, "Bakker", startdatum=started, toegewezen_op=dt.date(2026, 6, 1))
    for type_ in MetingType:
        MetingFactory(
            traject=oud_contact,
            type=type_,
            datum=started,
            score=None if type_ == MetingType.VOLHOUDTIJD else Decimal(20),
            volhoudtijd="1_2j" if type_ == MetingType.VOLHOUDTIJD else "",
            door=cm.user,
        )
    ContactmomentFactory(traject=oud_contact, datum=dt.date(2026, 7, 1))
    te_laat = _traject(cm, "Claassen", startdatum=TODAY - dt.timedelta(days=50))
    ContactmomentFactory(traject=te_laat, datum=TODAY - dt.timedelta(days=3))
    wacht = _traject(cm, "Zwart")  # assigned, no first contact yet

    html = cm_client.get(reverse("casemanagement:mijn_clienten")).content.decode()

    assert _names_in_order(html) == ["Zwart", "Claassen", "Bakker", "Aalders"]
    assert wacht.client.naam in html


def test_measurement_badges_are_short_with_the_full_name_for_screen_readers(cm_client, cm):
    _traject(cm, "Claassen", startdatum=TODAY - dt.timedelta(days=50))
    html = cm_client.get(reverse("casemanagement:mijn_clienten")).content.decode()
    badge = re.search(r'<a [^>]*class="status status--kort[^"]*"[^>]*>QoL<span', html)
    assert badge is not None
    assert 'title="Kwaliteit van leven cliënt (QoL-AD, 13-52) – te laat"' in badge.group(0)
    assert (
        '<span class="visually-hidden">: Kwaliteit van leven cliënt (QoL-AD, 13-52) – te laat'
        in html
    )
    assert ">Oordeel<span" in html and ">Belasting<span" in html


# --- The contact, inline ----------------------------------------------------------------


def test_contact_form_starts_with_today_a_home_visit_and_its_usual_minutes(cm_client, cm):
    traject = _traject(cm, "Zwart")
    html = cm_client.get(
        reverse("casemanagement:contact_create", args=[traject.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert re.search(r'<input type="number" name="minuten" value="60"', html)
    assert '<option value="huisbezoek" selected>' in html
    # the kind changes the minutes in the browser (static/js/app.js)
    assert "data-minuten-per-soort=" in html and "&quot;telefonisch&quot;: 15" in html
    # the focus goes to the first field still to choose
    assert re.search(r'<select name="type"[^>]*data-focus-after-swap', html)


def test_logging_the_first_contact_with_htmx_updates_the_whole_row(cm_client, cm):
    traject = _traject(cm, "Zwart")
    mijn = cm_client.get(reverse("casemanagement:mijn_clienten")).content.decode()
    assert "Nog niet in zorg genomen" in mijn

    html = cm_client.post(
        reverse("casemanagement:contact_create", args=[traject.pk]),
        {
            "idempotentie_sleutel": str(uuid.uuid4()),
            "datum": TODAY.isoformat(),
            "type": "huisbezoek",
            "minuten": "60",
            "met_wie": "client",
        },
        headers={"HX-Request": "true"},
    ).content.decode()

    assert "Vastgelegd" in html
    assert re.search(r'role="status" tabindex="-1" data-focus-after-swap', html)
    zorgstatus = re.search(
        rf'<span id="zorgstatus-{traject.pk}" hx-swap-oob="true">(.*?)</span>', html, re.S
    )
    assert zorgstatus is not None and zorgstatus.group(1).strip() == ""
    laatste = re.search(
        rf'<span id="laatste-contact-{traject.pk}" hx-swap-oob="true">(.*?)</span>', html, re.S
    )
    assert laatste is not None and re.match(r"\s*2 \w+\.? 2026\s*$", laatste.group(1))


def test_a_refused_contact_puts_the_focus_on_the_field_to_correct(cm_client, cm):
    traject = _traject(cm, "Zwart")
    html = cm_client.post(
        reverse("casemanagement:contact_create", args=[traject.pk]),
        {"datum": TODAY.isoformat(), "type": "telefonisch", "minuten": "0"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert re.search(
        r'<input type="number" name="minuten" value="0"[^>]*data-focus-after-swap', html
    )


# --- The four measurements in one form ---------------------------------------------------


def _metingen(client, traject, **values):
    data = {"datum": TODAY.isoformat(), **values}
    return client.post(reverse("casemanagement:meting_create", args=[traject.pk]), data)


def test_the_four_measurements_are_recorded_with_one_submit(cm_client, cm):
    traject = _traject(cm, "Zwart", startdatum=TODAY - dt.timedelta(days=20))
    response = _metingen(
        cm_client,
        traject,
        kwaliteit_van_leven="34",
        belasting="6,5",
        volhoudtijd="6_12m",
        clientoordeel="8",
    )
    assert response.status_code == 302
    metingen = {m.type: m for m in Meting.objects.filter(traject=traject)}
    assert set(metingen) == {t.value for t in MetingType}
    assert metingen["belasting"].score == Decimal("6.5")
    assert metingen["volhoudtijd"].volhoudtijd == "6_12m"
    logged = AccessLogEntry.objects.filter(
        client_id=traject.client_id, object_type="meting", action=AccessAction.AANMAKEN
    )
    assert logged.count() == 4


def test_only_what_was_measured_is_recorded(cm_client, cm):
    traject = _traject(cm, "Zwart", startdatum=TODAY - dt.timedelta(days=20))
    _metingen(cm_client, traject, belasting="4", volhoudtijd="")
    assert list(Meting.objects.values_list("type", flat=True)) == ["belasting"]


def test_measurement_errors_stand_beside_each_field_and_nothing_typed_is_lost(cm_client, cm):
    traject = _traject(cm, "Zwart", startdatum=TODAY - dt.timedelta(days=20))
    response = _metingen(
        cm_client, traject, kwaliteit_van_leven="60", belasting="12", clientoordeel="8"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De score ligt tussen 13 en 52." in html
    assert "De score ligt tussen 0 en 10." in html
    assert 'value="60"' in html and 'value="12"' in html and 'value="8"' in html
    assert not Meting.objects.exists()


def test_an_empty_measurement_form_asks_for_one_and_says_no_optioneel(cm_client, cm):
    traject = _traject(cm, "Zwart", startdatum=TODAY - dt.timedelta(days=20))
    blank = cm_client.get(reverse("casemanagement:meting_create", args=[traject.pk]))
    assert "optioneel" not in blank.content.decode()
    html = _metingen(cm_client, traject).content.decode()
    assert "Vul ten minste één uitkomstmaat in" in html
    assert not Meting.objects.exists()


def test_the_service_refuses_all_wrong_scores_at_once_by_instrument(cm):
    traject = _traject(cm, "Zwart", startdatum=TODAY - dt.timedelta(days=20))
    with pytest.raises(ValidationError) as error:
        services.metingen_add(
            actor=Actor.of(cm.user),
            traject=traject,
            datum=TODAY,
            waarden={"kwaliteit_van_leven": Decimal(5), "clientoordeel": Decimal(11)},
        )
    assert set(error.value.message_dict) == {"kwaliteit_van_leven", "clientoordeel"}
    assert not Meting.objects.exists()


# --- No "(optioneel)" on a field that is then required ----------------------------------------


def test_meldpunt_does_not_call_the_contact_fields_optional(client):
    html = client.get(reverse("signaalteam:meldpunt")).content.decode()
    for label in ("E-mailadres", "Telefoonnummer", "Dementienetwerk", "Gemeente"):
        assert re.search(rf">{label}</label>", html), label
    assert "Vul een e-mailadres of een telefoonnummer in" in html


def test_a_sociaal_werker_is_asked_for_the_cosigner_as_a_required_field(client, netwerk, cm):
    sociaal_werker = CasemanagerFactory(
        netwerk=netwerk, organisatie=cm.organisatie, achtergrond=Achtergrond.SOCIAAL_WERK
    )
    traject = _traject(sociaal_werker, "Zwart", startdatum=TODAY - dt.timedelta(days=20))
    client.force_login(sociaal_werker.user)
    url = reverse("casemanagement:indicatie_create", args=[traject.pk])
    html = client.get(url).content.decode()
    assert re.search(r"Medeondertekening door \(verpleegkundige\)</label>", html)
    html = client.post(
        url, {"uren": "36", "periode_van": "2026-11-02", "periode_tot": "2027-11-01"}
    ).content.decode()
    assert "Kies de verpleegkundige die de indicatie medeondertekent." in html


def test_a_verpleegkundige_is_not_asked_for_a_cosigner(cm_client, cm):
    traject = _traject(cm, "Zwart", startdatum=TODAY - dt.timedelta(days=20))
    html = cm_client.get(
        reverse("casemanagement:indicatie_create", args=[traject.pk])
    ).content.decode()
    assert "Medeondertekening door" not in html


# --- Notifications -----------------------------------------------------------------------------


def test_the_casemanager_is_told_in_the_app_and_by_email_when_a_client_is_assigned(
    coordinator, netwerk, cm, mailoutbox, django_capture_on_commit_callbacks
):
    aanmelding = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        traject = services.aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=cm
        )
    notificatie = Notificatie.objects.get(user=cm.user)
    assert notificatie.titel == "Er is een cliënt aan u toegewezen"
    assert notificatie.url == reverse("casemanagement:client_detail", args=[traject.client_id])
    assert aanmelding.client.achternaam not in notificatie.tekst
    assert [mail.to for mail in mailoutbox] == [[cm.user.email]]
    assert aanmelding.client.achternaam not in mailoutbox[0].body


def test_a_casemanager_who_wants_no_email_is_told_in_the_app_only(
    coordinator, netwerk, cm, mailoutbox, django_capture_on_commit_callbacks
):
    cm_client_login = cm.user
    cm_client_login.meldingen_per_email = False
    cm_client_login.save()
    aanmelding = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=cm
        )
    assert Notificatie.objects.filter(user=cm.user).count() == 1
    assert mailoutbox == []


def test_the_verpleegkundige_is_told_when_a_cosignature_is_asked(
    netwerk, cm, mailoutbox, django_capture_on_commit_callbacks
):
    sociaal_werker = CasemanagerFactory(
        netwerk=netwerk, organisatie=cm.organisatie, achtergrond=Achtergrond.SOCIAAL_WERK
    )
    traject = _traject(sociaal_werker, "Zwart", startdatum=TODAY - dt.timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        indicatie = services.indicatie_create(
            actor=Actor.of(sociaal_werker.user),
            traject=traject,
            opgesteld_door=sociaal_werker,
            uren=Decimal(36),
            periode_van=TODAY,
            periode_tot=TODAY + dt.timedelta(days=364),
            medeondertekening_door=cm,
        )
    notificatie = Notificatie.objects.get(user=cm.user)
    assert notificatie.url == reverse("casemanagement:indicatie_cosign", args=[indicatie.pk])
    assert [mail.to for mail in mailoutbox] == [[cm.user.email]]
    assert not Notificatie.objects.filter(user=sociaal_werker.user).exists()


def test_the_user_turns_email_notifications_off_on_the_settings_page(cm_client, cm):
    start = cm_client.get(reverse("casemanagement:mijn_clienten")).content.decode()
    assert f'href="{reverse("accounts:instellingen")}"' in start  # in the user menu
    page = cm_client.get(reverse("accounts:instellingen")).content.decode()
    assert "In de applicatie en per e-mail" in page
    response = cm_client.post(reverse("accounts:instellingen"), {"per_email": "nee"})
    assert response.status_code == 302
    cm.user.refresh_from_db()
    assert cm.user.meldingen_per_email is False
    cm_client.post(reverse("accounts:instellingen"), {"per_email": "ja"})
    cm.user.refresh_from_db()
    assert cm.user.meldingen_per_email is True
