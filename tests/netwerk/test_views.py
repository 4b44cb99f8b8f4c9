import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.actor import Actor
from netwerk import services
from netwerk.models import Onderwerp, PlanStatus
from tests.netwerk.factories import AansluitingFactory, NetwerkFactory, coordinator_of
from tests.netwerk.plans import adopted_plan, filled_plan, goal_with_indicator

pytestmark = pytest.mark.django_db


def _gesprek(netwerk, user, days_ago):
    return services.voortgangsgesprek_create(
        netwerk=netwerk,
        actor=Actor.of(user),
        datum=timezone.localdate() - dt.timedelta(days=days_ago),
        deelnemers="Coördinator\nInkoper",
    )


def test_dashboard_flags_a_network_without_a_meeting_in_twelve_months(client, netwerk, coordinator):
    _gesprek(netwerk, coordinator, days_ago=400)
    client.force_login(coordinator)
    response = client.get(reverse("netwerk:detail", args=[netwerk.pk]))
    assert "geen voortgangsgesprek" in response.content.decode()
    _gesprek(netwerk, coordinator, days_ago=10)
    response = client.get(reverse("netwerk:detail", args=[netwerk.pk]))
    assert "geen voortgangsgesprek" not in response.content.decode()


def test_dashboard_meeting_card_counts_open_agreements_of_every_meeting(
    client, netwerk, coordinator, django_assert_max_num_queries
):
    """The latest held meeting, the planned one, the open agreements of all meetings and the
    follow-up of the newest meeting's first open one; closed ones do not count."""
    actor = Actor.of(coordinator)
    vandaag = timezone.localdate()
    oud = _gesprek(netwerk, coordinator, days_ago=200)
    recent = _gesprek(netwerk, coordinator, days_ago=20)
    gepland = _gesprek(netwerk, coordinator, days_ago=-30)
    for gesprek, dagen in ((oud, 5), (recent, 40), (recent, 12), (oud, 1)):
        services.afspraak_create(
            gesprek=gesprek,
            actor=actor,
            omschrijving="Afspraak",
            eigenaar="Coördinator",
            opvolgdatum=vandaag + dt.timedelta(days=dagen),
        )
    afgerond = services.afspraak_create(
        gesprek=recent, actor=actor, omschrijving="Klaar", eigenaar="Coördinator"
    )
    services.afspraak_update(afspraak=afgerond, actor=actor, afgerond=True)
    client.force_login(coordinator)
    url = reverse("netwerk:detail", args=[netwerk.pk])
    with django_assert_max_num_queries(30) as queries:
        page = client.get(url).content.decode()
    assert "4 open afspraken; eerstvolgende opvolging" in page
    eerstvolgende = vandaag + dt.timedelta(days=12)
    assert f"eerstvolgende opvolging {eerstvolgende.day} " in page
    assert reverse("netwerk:gesprek_detail", args=[recent.pk]) in page
    assert reverse("netwerk:gesprek_detail", args=[gepland.pk]) in page
    for _ in range(5):
        services.afspraak_create(
            gesprek=_gesprek(netwerk, coordinator, days_ago=300),
            actor=actor,
            omschrijving="Nog een",
            eigenaar="Coördinator",
        )
    with django_assert_max_num_queries(len(queries.captured_queries)):
        assert "9 open afspraken" in client.get(url).content.decode()


def test_insurer_overview_flags_networks_without_recent_meeting(
    client, netwerk, verzekeraar, coordinator
):
    _gesprek(netwerk, coordinator, days_ago=500)
    client.force_login(verzekeraar)
    response = client.get(reverse("netwerk:list"))
    content = response.content.decode()
    assert netwerk.naam in content
    assert "Langer dan 12 maanden geleden" in content


def test_casemanager_sees_public_facts_but_not_the_plan(client, netwerk, casemanager, coordinator):
    filled_plan(netwerk, coordinator)
    client.force_login(casemanager)
    response = client.get(reverse("netwerk:detail", args=[netwerk.pk]))
    assert response.status_code == 200
    assert "Meerjarenplan" not in response.content.decode()
    assert client.get(reverse("netwerk:plan_list", args=[netwerk.pk])).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "verzekeraar", "signaalteam_user"])
def test_dashboard_loads_capacity_and_waitlist_as_panels_with_plain_links(
    client, netwerk, role, request
):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("netwerk:detail", args=[netwerk.pk])).content.decode()

    capaciteit = reverse("inkoop:capaciteit_paneel", args=[netwerk.pk])
    wachtlijst = reverse("wachtlijst:wachtlijst_paneel", args=[netwerk.pk])
    assert f'hx-get="{capaciteit}" hx-trigger="load"' in page
    assert f'href="{reverse("inkoop:capaciteit", args=[netwerk.pk])}"' in page
    assert f'hx-get="{wachtlijst}" hx-trigger="load"' in page
    assert f'href="{wachtlijst}"' in page


def test_casemanager_dashboard_loads_no_capacity_or_waitlist_panel(client, netwerk, casemanager):
    client.force_login(casemanager)
    page = client.get(reverse("netwerk:detail", args=[netwerk.pk])).content.decode()

    assert reverse("inkoop:capaciteit_paneel", args=[netwerk.pk]) not in page
    assert reverse("wachtlijst:wachtlijst_paneel", args=[netwerk.pk]) not in page


def test_submitting_via_the_page_names_the_empty_topic(client, netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    sectie = plan.secties.get(onderwerp=Onderwerp.AANSLUITING)
    services.plansectie_update(sectie=sectie, actor=Actor.of(coordinator), tekst="")
    client.force_login(coordinator)
    response = client.post(reverse("netwerk:plan_submit", args=[plan.pk]), follow=True)
    assert "Aansluiting op regionale plannen en structuren" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONCEPT


def test_adopted_plan_cannot_be_edited_through_the_pages(client, netwerk, coordinator):
    plan = adopted_plan(netwerk, coordinator)
    sectie = plan.secties.first()
    client.force_login(coordinator)
    response = client.post(
        reverse("netwerk:sectie_update", args=[plan.pk, sectie.pk]), {"tekst": "gewijzigd"}
    )
    assert response.status_code == 200
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    sectie.refresh_from_db()
    assert sectie.tekst != "gewijzigd"
    page = client.get(reverse("netwerk:plan_detail", args=[plan.pk])).content.decode()
    assert "alleen te lezen" in page
    assert reverse("netwerk:sectie_update", args=[plan.pk, sectie.pk]) not in page


@pytest.mark.parametrize("page", ["netwerk:detail", "netwerk:partner_list"])
def test_network_menu_offers_a_casemanager_no_page_they_would_be_refused(
    client, netwerk, casemanager, coordinator, page
):
    plan_list = reverse("netwerk:plan_list", args=[netwerk.pk])
    client.force_login(casemanager)
    assert plan_list not in client.get(reverse(page, args=[netwerk.pk])).content.decode()
    client.force_login(coordinator)
    assert plan_list in client.get(reverse(page, args=[netwerk.pk])).content.decode()


def test_section_is_edited_inline_with_htmx_and_keeps_typed_text_on_error(
    client, netwerk, coordinator
):
    plan = filled_plan(netwerk, coordinator)
    sectie = plan.secties.first()
    client.force_login(coordinator)
    url = reverse("netwerk:sectie_update", args=[plan.pk, sectie.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert 'name="tekst"' in fragment
    saved = client.post(url, {"tekst": "Nieuwe tekst"}, headers={"HX-Request": "true"})
    assert "Opgeslagen" in saved.content.decode()
    sectie.refresh_from_db()
    assert sectie.tekst == "Nieuwe tekst"


def test_history_is_shown_on_the_plan_page(client, netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("netwerk:plan_detail", args=[plan.pk])).content.decode()
    assert "Geschiedenis" in page
    assert coordinator.naam in page
    assert "gewijzigd" in page


def test_bad_measurement_input_gets_a_dutch_message_and_changes_nothing(
    client, netwerk, coordinator
):
    plan = adopted_plan(netwerk, coordinator)
    plan.status = PlanStatus.CONCEPT
    _doel, indicator = None, None
    client.force_login(coordinator)
    copy = services.meerjarenplan_new_version(plan=plan, actor=Actor.of(coordinator))
    _doel, indicator = goal_with_indicator(copy, coordinator)
    response = client.post(
        reverse("netwerk:realisatie_create", args=[indicator.pk]),
        {"datum": "31-31-2026", "waarde": "veel"},
    )
    assert response.status_code == 200
    assert "Voer een geldige datum in" in response.content.decode()
    assert not indicator.realisaties.exists()


def test_garbage_query_parameters_never_cause_a_server_error(client, coordinator, netwerk):
    client.force_login(coordinator)
    for url in [
        reverse("netwerk:list") + "?pagina=zzz&zoek=" + "x" * 500,
        reverse("netwerk:detail", args=[netwerk.pk]) + "?jaar=abc",
    ]:
        assert client.get(url).status_code == 200


def test_search_with_a_nul_character_finds_the_network_instead_of_failing(
    client, coordinator, netwerk
):
    client.force_login(coordinator)
    response = client.get(reverse("netwerk:list"), {"zoek": "Haag\x00landen"})
    assert response.status_code == 200
    assert "Dementienetwerk Haaglanden" in response.content.decode()


def test_partner_registration_creates_organisation_and_affiliation(client, netwerk, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("netwerk:partner_create", args=[netwerk.pk]),
        {
            "naam": "Zorggroep Nieuw",
            "type": "vvt",
            "kvk_nummer": "12345678",
            "geldig_van": "2026-01-01",
            "levert_casemanagement": "on",
        },
    )
    assert response.status_code == 302
    aansluiting = netwerk.aansluitingen.get()
    assert aansluiting.organisatie.naam == "Zorggroep Nieuw"
    assert aansluiting.levert_casemanagement


def test_partner_registration_with_bad_kvk_keeps_nothing(client, netwerk, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("netwerk:partner_create", args=[netwerk.pk]),
        {"naam": "Zorggroep Nieuw", "type": "vvt", "kvk_nummer": "123", "geldig_van": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "8 cijfers" in response.content.decode()
    assert 'value="Zorggroep Nieuw"' in response.content.decode()
    assert not netwerk.aansluitingen.exists()


def test_coordinator_cannot_change_another_network(client, coordinator, other_netwerk):
    client.force_login(coordinator)
    assert client.get(reverse("netwerk:settings", args=[other_netwerk.pk])).status_code == 404


def test_population_upload_reports_row_errors_in_dutch(beheerder_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "bevolking.csv", b"cbs_code,jaar,inwoners_65_plus\nGM0363,twee,5\n", "text/csv"
    )
    response = beheerder_client.post(reverse("netwerk:bevolking_upload"), {"bestand": upload})
    assert "Regel 2: jaar en aantallen moeten hele getallen zijn." in response.content.decode()


def test_network_list_query_count_does_not_grow_with_networks(
    client, signaalteam_user, django_assert_max_num_queries
):
    client.force_login(signaalteam_user)
    for _ in range(3):
        coordinator_of(NetwerkFactory())
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("netwerk:list"))
    for _ in range(20):
        netwerk = NetwerkFactory()
        AansluitingFactory(netwerk=netwerk)
        _gesprek(netwerk, coordinator_of(netwerk), days_ago=30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("netwerk:list"))


def test_dashboard_and_plan_page_query_counts_do_not_grow_with_goals(
    client, netwerk, coordinator, django_assert_max_num_queries
):
    plan = filled_plan(netwerk, coordinator)
    goal_with_indicator(plan, coordinator)
    AansluitingFactory(netwerk=netwerk)
    client.force_login(coordinator)
    urls = [
        reverse("netwerk:detail", args=[netwerk.pk]),
        reverse("netwerk:plan_detail", args=[plan.pk]),
    ]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(60) as queries:
            client.get(url)
        counts.append(len(queries.captured_queries))
    for _ in range(8):
        goal_with_indicator(plan, coordinator)
        AansluitingFactory(netwerk=netwerk)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_the_network_menu_leads_to_the_providers_tasks_and_the_delivery_keys(
    client, netwerk, casemanager, coordinator
):
    """The NZa confirmation and the delivery pages are reached from the network's menu, not
    only from a reminder e-mail."""
    client.force_login(casemanager)
    page = client.get(reverse("netwerk:detail", args=[netwerk.pk])).content.decode()
    membership = casemanager.memberships.get()
    for url in (
        reverse("wachtlijst:nza_aanbieder", args=[netwerk.pk, membership.organisatie_id]),
        reverse("casemanagement:aanlevering_upload"),
    ):
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200

    client.force_login(coordinator)
    page = client.get(reverse("netwerk:detail", args=[netwerk.pk])).content.decode()
    assert f'href="{reverse("casemanagement:aanlevering_sleutels")}"' in page
