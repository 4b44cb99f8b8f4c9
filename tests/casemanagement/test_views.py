import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessAction, AccessLogEntry, AccessOutcome
from casemanagement.models import (
    Aanmelding,
    Client,
    Contactmoment,
    Indicatie,
    Meting,
    MetingType,
    Traject,
)
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    TrajectFactory,
    gemeente_in,
    valid_bsn,
)
from tests.netwerk.factories import coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cm(netwerk):
    return CasemanagerFactory(netwerk=netwerk)


@pytest.fixture
def cm_client(client, cm):
    client.force_login(cm.user)
    return client


def _registration(netwerk, **overrides):
    data = {
        "bsn": valid_bsn(),
        "voornaam": "Grietje",
        "achternaam": "Hoogland",
        "geboortedatum": "1941-03-02",
        "geslacht": "vrouw",
        "gemeente": gemeente_in(netwerk).pk,
        "diagnose_status": "geen",
        "datum": timezone.localdate().isoformat(),
        "verwijzer_type": "huisarts",
        "urgentie": "normaal",
    }
    return {**data, **overrides}


def test_casemanager_registers_a_client_with_the_aanmelding_in_one_form(cm_client, cm, netwerk):
    data = _registration(netwerk)
    response = cm_client.post(reverse("casemanagement:client_create"), data)
    client = Client.objects.get(achternaam="Hoogland")
    assert response.status_code == 302
    assert response["Location"] == reverse("casemanagement:client_detail", args=[client.pk])
    aanmelding = client.aanmeldingen.get()
    assert aanmelding.organisatie == cm.organisatie  # a casemanager registers at their own
    assert aanmelding.netwerk == netwerk
    actions = set(
        AccessLogEntry.objects.filter(client_id=client.pk).values_list("action", flat=True)
    )
    assert {AccessAction.AANMAKEN} <= actions
    assert data["bsn"] not in response["Location"]


def test_registering_a_known_bsn_leads_to_the_existing_record(cm_client, cm, netwerk):
    data = _registration(netwerk)
    cm_client.post(reverse("casemanagement:client_create"), data)
    Aanmelding.objects.update(afgemeld_op=timezone.localdate(), afmeldreden="afzien")
    bsn_with_dots = f"{data['bsn'][:4]}.{data['bsn'][4:6]}.{data['bsn'][6:]}"
    response = cm_client.post(
        reverse("casemanagement:client_create"),
        {
            **data,
            "bsn": bsn_with_dots,
            "datum": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "voornaam": "G.",
        },
        follow=True,
    )
    assert Client.objects.count() == 1
    assert "al geregistreerd" in response.content.decode()


def test_invalid_bsn_gets_a_dutch_message_and_keeps_what_was_typed(cm_client, netwerk):
    response = cm_client.post(
        reverse("casemanagement:client_create"), _registration(netwerk, bsn="123456789")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "elfproef" in content
    assert 'value="Hoogland"' in content
    assert not Client.objects.exists()


def test_mijn_clienten_shows_caseload_stale_contacts_and_due_measurements(cm_client, cm):
    vandaag = timezone.localdate()
    traject = TrajectFactory(
        casemanager=cm,
        toegewezen_op=vandaag - dt.timedelta(days=200),
        aanmelding__datum=vandaag - dt.timedelta(days=210),
        startdatum=vandaag - dt.timedelta(days=190),
    )
    Contactmoment.objects.create(
        traject=traject,
        casemanager=cm,
        organisatie=cm.organisatie,
        datum=vandaag - dt.timedelta(days=120),
        type="huisbezoek",
        minuten=60,
    )
    response = cm_client.get(reverse("casemanagement:mijn_clienten"))
    content = response.content.decode()
    assert traject.client.naam in content
    assert "Langer dan 3 maanden" in content
    assert "te laat" in content  # intake measurements were due within 6 weeks of the start
    logged = AccessLogEntry.objects.filter(object_type="caseload", client_id=traject.client_id)
    assert logged.count() == 1


def test_mijn_clienten_query_count_does_not_grow_with_the_caseload(
    cm_client, cm, django_assert_max_num_queries
):
    vandaag = timezone.localdate()

    def add():
        traject = TrajectFactory(casemanager=cm, startdatum=dt.date(2026, 9, 12))
        Contactmoment.objects.create(
            traject=traject,
            casemanager=cm,
            organisatie=cm.organisatie,
            datum=vandaag,
            type="telefonisch",
            minuten=10,
        )
        Meting.objects.create(
            traject=traject,
            datum=vandaag,
            type=MetingType.BELASTING,
            score=Decimal(4),
            door=cm.user,
        )

    add()
    with django_assert_max_num_queries(30) as few:
        cm_client.get(reverse("casemanagement:mijn_clienten"))
    for _ in range(15):
        add()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = cm_client.get(reverse("casemanagement:mijn_clienten"))
    assert response.status_code == 200


def test_quick_contact_with_three_fields_via_htmx_takes_the_client_into_care(cm_client, cm):
    traject = TrajectFactory(casemanager=cm)
    url = reverse("casemanagement:contact_create", args=[traject.pk])
    form = cm_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in form
    response = cm_client.post(
        url,
        {
            "idempotentie_sleutel": str(uuid.uuid4()),
            "datum": timezone.localdate().isoformat(),
            "type": "huisbezoek",
            "minuten": "45",
            "met_wie": "client",
        },
        headers={"HX-Request": "true"},
    )
    assert "Vastgelegd" in response.content.decode()
    traject.refresh_from_db()
    traject.aanmelding.refresh_from_db()
    assert traject.startdatum == timezone.localdate()
    assert traject.aanmelding.eerste_contact_op == timezone.localdate()


def test_contact_with_bad_minutes_keeps_the_typed_note(cm_client, cm):
    traject = TrajectFactory(casemanager=cm)
    response = cm_client.post(
        reverse("casemanagement:contact_create", args=[traject.pk]),
        {
            "datum": timezone.localdate().isoformat(),
            "type": "telefonisch",
            "minuten": "abc",
            "notitie": "Dochter gebeld",
        },
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "Dochter gebeld" in content
    assert "Voer een geheel getal in" in content
    assert not Contactmoment.objects.exists()


def test_coordinator_assigns_with_suggestions_and_needs_a_reason_past_the_norm(client, netwerk):
    coordinator = coordinator_of(netwerk)
    full = CasemanagerFactory(netwerk=netwerk, fte=Decimal("0.05"))  # 2 places at norm 40
    TrajectFactory(casemanager=full)
    TrajectFactory(casemanager=full)
    aanmelding = AanmeldingFactory(client=ClientFactory(netwerk=netwerk))
    client.force_login(coordinator)
    url = reverse("casemanagement:aanmelding_assign", args=[aanmelding.pk])
    page = client.get(url).content.decode()
    assert str(full) in page
    refused = client.post(url, {"casemanager": full.pk})
    assert "Toewijzen boven de norm kan alleen met een reden" in refused.content.decode()
    assert not Traject.objects.filter(aanmelding=aanmelding).exists()
    ok = client.post(url, {"casemanager": full.pk, "override_reden": "Crisis, vaste relatie"})
    assert ok.status_code == 302
    traject = Traject.objects.get(aanmelding=aanmelding)
    assert traject.overrides.get().reden == "Crisis, vaste relatie"


def test_search_finds_by_name_and_exact_bsn_and_logs_each_result(cm_client, cm):
    traject = TrajectFactory(casemanager=cm, aanmelding__client__achternaam="Zwanenburg")
    url = reverse("casemanagement:client_list")
    by_name = cm_client.post(url, {"q": "zwanen"}).content.decode()
    assert "Zwanenburg" in by_name
    by_bsn = cm_client.post(url, {"q": traject.client.bsn}).content.decode()
    assert "Zwanenburg" in by_bsn
    partial = cm_client.post(url, {"q": traject.client.bsn[:5]}).content.decode()
    assert "Zwanenburg" not in partial
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.ZOEKEN, client_id=traject.client_id
        ).count()
        == 2
    )


def test_search_never_puts_what_was_typed_in_a_url(cm_client, cm):
    traject = TrajectFactory(casemanager=cm, aanmelding__client__achternaam="Zwanenburg")
    url = reverse("casemanagement:client_list")

    page = cm_client.get(url).content.decode()
    in_url = cm_client.get(url, {"q": traject.client.bsn}).content.decode()

    assert 'method="post"' in page and "hx-push-url" not in page
    assert "Zwanenburg" not in in_url  # a search in the query string is not carried out
    mijn = cm_client.get(reverse("casemanagement:mijn_clienten")).content.decode()
    zoekformulier = mijn[mijn.index('role="search"') - 80 :]
    assert 'method="post"' in zoekformulier[:200]


def test_client_of_another_organisation_is_not_found_and_the_attempt_is_logged(
    cm_client, cm, netwerk
):
    other = TrajectFactory(casemanager=CasemanagerFactory(netwerk=netwerk))
    response = cm_client.get(reverse("casemanagement:client_detail", args=[other.client_id]))
    assert response.status_code == 404
    refused = AccessLogEntry.objects.get(client_id=other.client_id)
    assert refused.outcome == AccessOutcome.GEWEIGERD
    assert refused.user == cm.user


def test_client_page_shows_masked_bsn_and_logs_the_read(cm_client, cm):
    traject = TrajectFactory(casemanager=cm)
    content = cm_client.get(
        reverse("casemanagement:client_detail", args=[traject.client_id])
    ).content.decode()
    assert traject.client.bsn not in content
    assert traject.client.bsn_masked in content
    assert AccessLogEntry.objects.filter(
        client_id=traject.client_id, action=AccessAction.LEZEN, outcome=AccessOutcome.TOEGESTAAN
    ).exists()


def test_coordinator_exports_the_network_clients_and_each_is_logged(client, netwerk):
    coordinator = coordinator_of(netwerk)
    trajecten = [TrajectFactory(casemanager__netwerk=netwerk) for _ in range(3)]
    client.force_login(coordinator)
    response = client.get(reverse("casemanagement:client_export"))
    content = response.content.decode("utf-8-sig")
    assert all(t.client.achternaam in content for t in trajecten)
    assert all(t.client.bsn not in content for t in trajecten)
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORTEREN).count() == 3


def test_casemanager_moves_with_all_clients_to_another_provider(client, netwerk):
    coordinator = coordinator_of(netwerk)
    cm = CasemanagerFactory(netwerk=netwerk)
    trajecten = [TrajectFactory(casemanager=cm) for _ in range(2)]
    nieuw = CasemanagerFactory(netwerk=netwerk).organisatie
    client.force_login(coordinator)
    response = client.post(
        reverse("casemanagement:casemanager_move", args=[cm.pk]),
        {"naar_organisatie": nieuw.pk, "reden": "Aanbieder stopt"},
        follow=True,
    )
    assert "2 cliënten houden hun casemanager" in response.content.decode()
    for traject in trajecten:
        traject.refresh_from_db()
        assert (traject.casemanager, traject.organisatie) == (cm, nieuw)


@pytest.mark.parametrize("next_url", ["https://kwaadwillend.example/", "a b", "//evil.example"])
def test_co_signing_ends_on_mijn_clienten_whatever_next_says(client, next_url):
    from tests.authz import build_side

    side, parties = build_side("eigen")
    client.force_login(parties["casemanager"].user)  # the co-signer the indicatie asks for

    response = client.post(
        reverse("casemanagement:indicatie_cosign", args=[side.objects["indicatie_pk"]]),
        {"next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("casemanagement:mijn_clienten")


def test_the_co_signer_of_another_organisation_sees_the_indication_not_the_record(client, netwerk):
    from casemanagement.models import Achtergrond, Indicatie

    auteur = CasemanagerFactory(netwerk=netwerk, achtergrond=Achtergrond.SOCIAAL_WERK)
    traject = TrajectFactory(
        casemanager=auteur,
        aanmelding__client__achternaam="Teken",
        aanmelding__client__straat_huisnummer="Geheime Laan 7",
    )
    elders = CasemanagerFactory(netwerk=netwerk)  # a verpleegkundige of another organisation
    assert elders.organisatie_id != auteur.organisatie_id
    indicatie = Indicatie.objects.create(
        traject=traject,
        uren=Decimal(12),
        periode_van=timezone.localdate(),
        periode_tot=timezone.localdate() + dt.timedelta(days=90),
        opgesteld_door=auteur,
        medeondertekening_door=elders,
    )
    url = reverse("casemanagement:indicatie_cosign", args=[indicatie.pk])
    client.force_login(elders.user)

    start = client.get(reverse("casemanagement:mijn_clienten")).content.decode()
    page = client.get(url)
    detail = client.get(reverse("casemanagement:client_detail", args=[traject.client_id]))

    assert url in start
    assert page.status_code == 200 and "Teken" in page.content.decode()
    assert "Geheime Laan 7" not in page.content.decode()
    assert detail.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=elders.user,
        client_id=traject.client_id,
        object_type="indicatie",
        outcome=AccessOutcome.TOEGESTAAN,
    ).exists()

    client.post(url)
    indicatie.refresh_from_db()
    assert indicatie.medeondertekend_door == elders


def test_a_verpleegkundige_who_was_not_asked_cannot_open_or_sign(client, netwerk):
    from tests.authz import build_side

    side, parties = build_side("eigen")
    collega = CasemanagerFactory(
        netwerk=parties["netwerk"], organisatie=parties["organisatie"]
    )  # a verpleegkundige colleague who may see the client, but was not asked
    url = reverse("casemanagement:indicatie_cosign", args=[side.objects["indicatie_pk"]])
    client.force_login(collega.user)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Indicatie.objects.filter(medeondertekend_door__isnull=False).exists()


def _contact(key=None):
    data = {
        "datum": timezone.localdate().isoformat(),
        "type": "telefonisch",
        "minuten": "20",
        "met_wie": "client",
    }
    if key is not None:
        data["idempotentie_sleutel"] = key
    return data


def test_posting_the_same_contact_form_twice_logs_one_contact(cm_client, cm):
    traject = TrajectFactory(casemanager=cm)
    url = reverse("casemanagement:contact_create", args=[traject.pk])
    form = cm_client.get(url).content.decode()
    key = form.split('name="idempotentie_sleutel" value="', 1)[1].split('"', 1)[0]

    first = cm_client.post(url, _contact(key), headers={"HX-Request": "true"})
    second = cm_client.post(url, _contact(key), headers={"HX-Request": "true"})

    assert "Vastgelegd" in first.content.decode() and "Vastgelegd" in second.content.decode()
    assert Contactmoment.objects.filter(traject=traject).count() == 1
    cm_client.post(url, _contact(str(uuid.uuid4())), headers={"HX-Request": "true"})
    assert Contactmoment.objects.filter(traject=traject).count() == 2


def test_a_contact_form_without_its_key_is_refused_and_can_be_sent_again(cm_client, cm):
    traject = TrajectFactory(casemanager=cm)
    url = reverse("casemanagement:contact_create", args=[traject.pk])

    response = cm_client.post(url, _contact(), headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "niet volledig verstuurd" in content
    assert not Contactmoment.objects.exists()
    key = content.split('name="idempotentie_sleutel" value="', 1)[1].split('"', 1)[0]
    assert uuid.UUID(key)
