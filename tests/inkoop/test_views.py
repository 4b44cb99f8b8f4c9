import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inkoop.models import Contract, ContractIndicator, ContractStatus
from tests.inkoop.factories import ContractFactory, ContractIndicatorFactory, contract_in_order
from tests.netwerk.factories import (
    BevolkingFactory,
    OrganisatieFactory,
    WerkgebiedFactory,
    ZorgverzekeraarFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("inkoop:contract_list")
CREATE = reverse("inkoop:contract_create")
GEEN_REALISATIE = (
    "Nog geen realisatie beschikbaar: de contactregistratie van casemanagement levert deze "
    "cijfers zodra die in gebruik is."
)


def _detail(contract):
    return reverse("inkoop:contract_detail", args=[contract.pk])


def _update(contract):
    return reverse("inkoop:contract_update", args=[contract.pk])


def _capaciteit(netwerk, query=""):
    return reverse("inkoop:capaciteit", args=[netwerk.pk]) + query


def _login(client, user):
    client.force_login(user)
    return client


def _form_data(netwerk, organisatie, /, **overrides):
    data = {
        "organisatie": organisatie.pk,
        "netwerk": netwerk.pk,
        "jaar": "2026",
        "volume_clienten": "250",
        "volume_uren": "6000",
        "tarief_per_uur": "88.50",
        "aansluiting_vereist": "on",
        "conform_zorgstandaard": "on",
        "resultaatafspraken": "Binnen 6 weken in zorg.",
        # not a field of the form: an insurer that posts it anyway declares nothing
        "status": ContractStatus.AFGESLOTEN,
    }
    data.update(overrides)
    return data


@dataclass
class Gerealiseerd:
    uren: Decimal
    clienten: int


def fake_realisatie(organisatie_ids, jaar):
    return {pk: Gerealiseerd(uren=Decimal("3750"), clienten=3) for pk in organisatie_ids}


@pytest.fixture
def with_realisatie(realisatie_bron):
    realisatie_bron(fake_realisatie)


# --- List ----------------------------------------------------------------------------------


def test_insurer_lists_only_its_own_contracts(client, netwerk, verzekeraar):
    own = contract_in_order(netwerk, organisatie=OrganisatieFactory(naam="Eigen Zorg"))
    ContractFactory(netwerk=netwerk, organisatie=OrganisatieFactory(naam="Andermans Zorg"))

    response = _login(client, verzekeraar).get(LIST)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Eigen Zorg" in content
    assert "Andermans Zorg" not in content
    assert _detail(own) in content


def test_coordinator_lists_the_contracts_for_its_network_only(
    client, netwerk, other_netwerk, coordinator
):
    ContractFactory(netwerk=netwerk, organisatie=OrganisatieFactory(naam="Hier Zorg"))
    ContractFactory(netwerk=other_netwerk, organisatie=OrganisatieFactory(naam="Daar Zorg"))

    content = _login(client, coordinator).get(LIST).content.decode()

    assert "Hier Zorg" in content
    assert "Daar Zorg" not in content
    assert CREATE not in content


def test_casemanager_is_refused_the_contract_list(client, casemanager):
    assert _login(client, casemanager).get(LIST).status_code == 403


def test_list_shows_signal_and_status_in_words(client, netwerk, verzekeraar):
    contract_in_order(netwerk, organisatie=OrganisatieFactory(naam="Aangesloten Zorg"))
    ContractFactory(
        netwerk=netwerk,
        zorgverzekeraar=netwerk.preferente_zorgverzekeraar,
        organisatie=OrganisatieFactory(naam="Losse Zorg"),
        status=ContractStatus.CONCEPT,
    )

    content = _login(client, verzekeraar).get(LIST).content.decode()

    assert 'status--goed">In orde' in content
    assert 'status--fout">Signaal' in content
    assert "Losse Zorg is in 2026 niet bij Dementienetwerk Haaglanden aangesloten" in content
    assert 'status--neutraal">Concept' in content
    assert 'status--goed">Afgesloten' in content


def test_list_filters_by_year_network_status_and_signal(
    client, netwerk, other_netwerk, beheerder_client
):
    ContractFactory(netwerk=netwerk, jaar=2025, organisatie=OrganisatieFactory(naam="Vorig Jaar"))
    ContractFactory(netwerk=other_netwerk, organisatie=OrganisatieFactory(naam="Ander Netwerk"))
    ContractFactory(
        netwerk=netwerk,
        status=ContractStatus.CONCEPT,
        organisatie=OrganisatieFactory(naam="Nog Concept"),
    )
    contract_in_order(netwerk, organisatie=OrganisatieFactory(naam="Goed Geregeld"))

    def names(query):
        content = beheerder_client.get(LIST + query).content.decode()
        return {
            naam
            for naam in ("Vorig Jaar", "Ander Netwerk", "Nog Concept", "Goed Geregeld")
            if naam in content
        }

    assert names("?jaar=2025") == {"Vorig Jaar"}
    assert names(f"?netwerk={other_netwerk.pk}") == {"Ander Netwerk"}
    assert names("?status=concept") == {"Nog Concept"}
    assert names(f"?jaar=2026&netwerk={netwerk.pk}&signalen=on") == {"Nog Concept"}


@pytest.mark.parametrize(
    "query",
    [
        "?jaar=abc",
        "?jaar=99999999999999999999",
        "?netwerk=zzz",
        "?netwerk=999999",
        "?status=kapot",
        "?pagina=zzz",
        "?pagina=-1",
        "?pagina=99999",
        "?jaar=%00",
    ],
)
def test_garbage_filters_give_a_message_not_an_error(client, netwerk, verzekeraar, query):
    contract_in_order(netwerk, organisatie=OrganisatieFactory(naam="Blijft Zichtbaar"))

    response = _login(client, verzekeraar).get(LIST + query)

    assert response.status_code == 200
    assert "Blijft Zichtbaar" in response.content.decode()


def test_invalid_year_filter_is_explained_in_dutch(client, verzekeraar):
    content = _login(client, verzekeraar).get(LIST + "?jaar=abc").content.decode()

    assert "Een filter is niet toegepast" in content
    assert "Vul het jaar in cijfers in" in content


def test_list_says_realisation_is_not_available_without_the_contact_log(
    client, netwerk, verzekeraar, realisatie_bron
):
    realisatie_bron(None)
    contract_in_order(netwerk)

    content = _login(client, verzekeraar).get(LIST).content.decode()

    assert GEEN_REALISATIE in content
    assert "Gerealiseerd cliënten" not in content


def test_list_shows_realisation_and_masks_small_counts_for_insurers(
    client, netwerk, verzekeraar, coordinator, with_realisatie
):
    contract_in_order(netwerk, volume_clienten=300, volume_uren=Decimal("7500"))

    insurer_page = _login(client, verzekeraar).get(LIST).content.decode()
    coordinator_page = _login(client, coordinator).get(LIST).content.decode()

    assert GEEN_REALISATIE not in insurer_page
    assert "3.750 (50%)" in insurer_page
    # the share would reveal the masked count, so it is left out too
    assert ">&lt;5 (x)<" in insurer_page
    assert "3 (1%)" in coordinator_page


@pytest.mark.parametrize("with_fake_supplier", [False, True])
def test_list_query_count_does_not_grow_with_rows(
    client,
    netwerk,
    verzekeraar,
    realisatie_bron,
    with_fake_supplier,
    django_assert_max_num_queries,
):
    if with_fake_supplier:
        realisatie_bron(fake_realisatie)
    _login(client, verzekeraar)

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    for _ in range(3):
        contract_in_order(netwerk)
    few = page_queries()
    for _ in range(27):
        contract_in_order(netwerk)
    many = page_queries()

    assert few == many
    with django_assert_max_num_queries(8):
        client.get(LIST)


def test_list_is_paginated(client, netwerk, verzekeraar):
    for _ in range(51):
        ContractFactory(netwerk=netwerk, zorgverzekeraar=netwerk.preferente_zorgverzekeraar)
    _login(client, verzekeraar)

    first = client.get(LIST).content.decode()
    second = client.get(LIST + "?pagina=2").content.decode()

    assert "Pagina 1 van 2" in first
    assert "Pagina 2 van 2" in second
    assert "51 contracten" in first
    filtered = client.get(LIST + "?jaar=2026&status=afgesloten&jaar_typo=1").content.decode()
    assert "?jaar=2026&amp;status=afgesloten&amp;pagina=2" in filtered


# --- Detail --------------------------------------------------------------------------------


def test_insurer_sees_its_contract_with_indicators_tariff_and_history(client, netwerk, verzekeraar):
    contract = contract_in_order(netwerk, tarief_per_uur=Decimal("1087.50"))
    ContractIndicatorFactory(contract=contract, naam="Binnen 6 weken in zorg")

    response = _login(client, verzekeraar).get(_detail(contract))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Binnen 6 weken in zorg" in content
    assert "€ 1.087,50" in content
    assert "Geschiedenis" in content
    assert 'status--goed">In orde' in content
    assert _update(contract) in content


def test_coordinator_reads_a_contract_without_tariff_or_edit_link(client, netwerk, coordinator):
    contract = contract_in_order(netwerk, tarief_per_uur=Decimal("87.50"))

    content = _login(client, coordinator).get(_detail(contract)).content.decode()

    assert "87,50" not in content
    assert _update(contract) not in content


def test_insurer_cannot_open_another_insurers_contract(client, netwerk, verzekeraar):
    foreign = ContractFactory(netwerk=netwerk)

    assert _login(client, verzekeraar).get(_detail(foreign)).status_code == 404
    assert client.get(_update(foreign)).status_code == 404


def test_casemanager_cannot_open_a_contract(client, netwerk, casemanager):
    contract = contract_in_order(netwerk)

    assert _login(client, casemanager).get(_detail(contract)).status_code == 404


def test_detail_shows_realisation_from_the_supplier(client, netwerk, coordinator, with_realisatie):
    contract = contract_in_order(netwerk, volume_clienten=300, volume_uren=Decimal("7500"))

    content = _login(client, coordinator).get(_detail(contract)).content.decode()

    assert GEEN_REALISATIE not in content
    assert "3.750" in content
    assert "50%" in content


# --- Create and update ---------------------------------------------------------------------


def test_insurer_creates_a_contract_for_itself_only(client, netwerk, verzekeraar):
    organisatie = OrganisatieFactory()
    other_insurer = ZorgverzekeraarFactory()

    response = _login(client, verzekeraar).post(
        CREATE, _form_data(netwerk, organisatie, zorgverzekeraar=other_insurer.pk)
    )

    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(contract)
    assert contract.zorgverzekeraar == netwerk.preferente_zorgverzekeraar
    assert contract.volume_clienten == 250
    assert contract.tarief_per_uur == Decimal("88.50")
    assert contract.status == ContractStatus.CONCEPT
    assert contract.geaccepteerd_op is None
    assert contract.history.get().history_user == verzekeraar


def test_create_form_does_not_offer_an_insurer_the_choice_of_insurer(client, verzekeraar):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        content = _login(client, verzekeraar).get(CREATE).content.decode()

    assert 'name="zorgverzekeraar"' not in content
    assert 'name="organisatie"' in content
    assert 'name="jaar" value="2026"' in content


def test_beheerder_picks_the_insurer(beheerder_client, netwerk):
    insurer = ZorgverzekeraarFactory()

    response = beheerder_client.post(
        CREATE, _form_data(netwerk, OrganisatieFactory(), zorgverzekeraar=insurer.pk)
    )

    assert response.status_code == 302
    assert Contract.objects.get().zorgverzekeraar == insurer


def test_beheerder_must_pick_an_insurer(beheerder_client, netwerk):
    response = beheerder_client.post(CREATE, _form_data(netwerk, OrganisatieFactory()))

    assert response.status_code == 200
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"volume_clienten": "veel", "volume_uren": "1.000,5"}, "Voer een geheel getal in"),
        ({"volume_clienten": "", "volume_uren": ""}, "Vul een volume in"),
        ({"tarief_per_uur": "-5"}, "tarief"),
        ({"jaar": "abc"}, "jaar"),
        ({"jaar": "1850"}, "2000"),
        ({"netwerk": "999999"}, "geldige keuze"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_is_saved(
    client, netwerk, verzekeraar, overrides, message
):
    response = _login(client, verzekeraar).post(
        CREATE, _form_data(netwerk, OrganisatieFactory(), **overrides)
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Het formulier is niet opgeslagen" in content
    assert message.lower() in content.lower()
    assert not Contract.objects.exists()


def test_duplicate_contract_is_refused_with_the_reason(client, netwerk, verzekeraar):
    existing = contract_in_order(netwerk)

    response = _login(client, verzekeraar).post(
        CREATE, _form_data(netwerk, existing.organisatie, jaar=str(existing.jaar))
    )

    assert response.status_code == 200
    assert "heeft voor dit jaar al een contract met deze organisatie" in response.content.decode()
    assert Contract.objects.count() == 1


def test_coordinator_and_casemanager_cannot_create_contracts(
    client, netwerk, coordinator, casemanager
):
    for user in (coordinator, casemanager):
        _login(client, user)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, _form_data(netwerk, OrganisatieFactory())).status_code == 403
    assert not Contract.objects.exists()


def test_insurer_updates_its_contract(client, netwerk, verzekeraar):
    contract = contract_in_order(netwerk, volume_clienten=300)
    data = _form_data(netwerk, contract.organisatie, volume_clienten="450")

    response = _login(client, verzekeraar).post(_update(contract), data)

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.volume_clienten == 450
    assert contract.zorgverzekeraar == netwerk.preferente_zorgverzekeraar
    # new terms are not what the network accepted: back to concept, acceptance cleared
    assert contract.status == ContractStatus.CONCEPT
    assert contract.geaccepteerd_op is None
    history = client.get(_detail(contract)).content.decode()
    assert "Volume in cliënten" in history
    assert "het netwerk moet de nieuwe afspraken opnieuw accepteren" in history


def test_update_with_bad_input_changes_nothing(client, netwerk, verzekeraar):
    contract = contract_in_order(netwerk, volume_clienten=300)
    data = _form_data(netwerk, contract.organisatie, volume_clienten="drie")

    response = _login(client, verzekeraar).post(_update(contract), data)

    assert response.status_code == 200
    contract.refresh_from_db()
    assert contract.volume_clienten == 300


def test_coordinator_cannot_edit_a_contract(client, netwerk, coordinator):
    contract = contract_in_order(netwerk)

    _login(client, coordinator)
    assert client.get(_update(contract)).status_code == 403
    data = _form_data(netwerk, contract.organisatie, volume_clienten="1")
    assert client.post(_update(contract), data).status_code == 403
    contract.refresh_from_db()
    assert contract.volume_clienten == 300


# --- Indicators ----------------------------------------------------------------------------


def test_insurer_adds_an_indicator(client, netwerk, verzekeraar):
    contract = contract_in_order(netwerk)
    url = reverse("inkoop:contractindicator_create", args=[contract.pk])

    response = _login(client, verzekeraar).post(
        url, {"naam": "Cliënttevredenheid", "eenheid": "cijfer", "streefwaarde": "8"}
    )

    assert response.status_code == 302
    assert contract.indicatoren.get().naam == "Cliënttevredenheid"


def test_indicator_with_bad_target_is_refused(client, netwerk, verzekeraar):
    contract = contract_in_order(netwerk)
    url = reverse("inkoop:contractindicator_create", args=[contract.pk])

    response = _login(client, verzekeraar).post(
        url, {"naam": "x", "eenheid": "%", "streefwaarde": "hoog"}
    )

    assert response.status_code == 200
    assert "Voer een getal in" in response.content.decode()
    assert not ContractIndicator.objects.exists()


def test_coordinator_cannot_add_an_indicator(client, netwerk, coordinator):
    contract = contract_in_order(netwerk)
    url = reverse("inkoop:contractindicator_create", args=[contract.pk])

    response = _login(client, coordinator).post(
        url, {"naam": "x", "eenheid": "%", "streefwaarde": "1"}
    )

    assert response.status_code == 403
    assert not ContractIndicator.objects.exists()


# --- Capacity ------------------------------------------------------------------------------


@pytest.fixture
def regio(netwerk):
    """The hand-computed example: 20.000 inwoners 65+, 700 cliënten gecontracteerd."""
    for aantal in (12000, 8000):
        werkgebied = WerkgebiedFactory(netwerk=netwerk)
        BevolkingFactory(gemeente=werkgebied.gemeente, jaar=2026, inwoners_65_plus=aantal)
    ContractFactory(netwerk=netwerk, volume_clienten=300, volume_uren=Decimal("7500"))
    ContractFactory(netwerk=netwerk, volume_clienten=400, volume_uren=Decimal("10000"))
    return netwerk


def test_capacity_page_shows_population_factors_and_shortage_the_dutch_way(
    client, regio, coordinator
):
    response = _login(client, coordinator).get(_capaciteit(regio, "?jaar=2026"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Capaciteit casemanagement 2026" in content
    for figure in ("20.000", "5,60%", "1.120", "80%", "896", "22,4", "700", "17.500", "17,5"):
        assert f">{figure}<" in content, figure
    assert 'status--fout">Tekort' in content
    assert "196 cliënten (4,9 fte)" in content
    assert 'name="caseload_norm"' in content


def test_capacity_defaults_to_the_current_year(client, regio, coordinator):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        content = _login(client, coordinator).get(_capaciteit(regio)).content.decode()

    assert "Capaciteit casemanagement 2026" in content
    assert ">896<" in content


@pytest.mark.parametrize("query", ["?jaar=abc", "?jaar=1800", "?jaar=", "?jaar=2026.5"])
def test_capacity_with_a_bad_year_explains_and_shows_this_year(client, regio, coordinator, query):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))):
        response = _login(client, coordinator).get(_capaciteit(regio, query))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Capaciteit casemanagement 2026" in content
    if query != "?jaar=":
        assert "Dit jaar kan niet worden getoond" in content


def test_coordinator_changes_the_factors_on_the_capacity_page(client, regio, coordinator):
    response = _login(client, coordinator).post(
        _capaciteit(regio, "?jaar=2026"),
        {
            "prevalentie_thuiswonend": "5.00",
            "aandeel_vraag_casemanagement": "75",
            "caseload_norm": "50",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == _capaciteit(regio, "?jaar=2026")
    regio.refresh_from_db()
    assert regio.prevalentie_thuiswonend == Decimal("5.00")
    # 20.000 × 5% = 1.000 mensen × 75% = 750 cliënten / 50 = 15,0 fte
    content = client.get(response["Location"]).content.decode()
    assert ">750<" in content
    assert ">15,0<" in content
    assert regio.history.first().history_user == coordinator


def test_bad_factors_are_refused_and_the_figures_stay(client, regio, coordinator):
    response = _login(client, coordinator).post(
        _capaciteit(regio, "?jaar=2026"),
        {
            "prevalentie_thuiswonend": "veel",
            "aandeel_vraag_casemanagement": "150",
            "caseload_norm": "0",
        },
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Het formulier is niet opgeslagen" in content
    assert ">896<" in content
    regio.refresh_from_db()
    assert regio.prevalentie_thuiswonend == Decimal("5.60")
    assert regio.caseload_norm == Decimal("40.0")


def test_insurer_reads_capacity_but_cannot_change_the_factors(client, regio, verzekeraar):
    _login(client, verzekeraar)

    content = client.get(_capaciteit(regio, "?jaar=2026")).content.decode()
    response = client.post(_capaciteit(regio), {"caseload_norm": "10"})

    assert ">896<" in content
    assert 'name="caseload_norm"' not in content
    assert response.status_code == 403
    regio.refresh_from_db()
    assert regio.caseload_norm == Decimal("40.0")


def test_insurer_sees_only_its_own_contracts_below_the_capacity_totals(client, regio, verzekeraar):
    ContractFactory(
        netwerk=regio,
        zorgverzekeraar=regio.preferente_zorgverzekeraar,
        organisatie=OrganisatieFactory(naam="Eigen Aanbieder"),
        volume_clienten=100,
    )

    content = _login(client, verzekeraar).get(_capaciteit(regio, "?jaar=2026")).content.decode()

    assert "Eigen Aanbieder" in content
    assert ">800<" in content  # all insurers' contracts count in the total
    assert "Zorgorganisatie" not in content  # other insurers' providers are not listed


def test_capacity_is_refused_to_casemanagers_and_other_networks(
    client, regio, other_netwerk, casemanager, coordinator
):
    assert _login(client, casemanager).get(_capaciteit(regio)).status_code == 403
    assert _login(client, coordinator).get(_capaciteit(other_netwerk)).status_code == 404


def test_capacity_page_loads_the_waitlist_panel_of_its_year_with_a_plain_link(
    client, regio, coordinator
):
    page = _login(client, coordinator).get(_capaciteit(regio, "?jaar=2025")).content.decode()

    panel = reverse("wachtlijst:wachtlijst_paneel", args=[regio.pk]) + "?jaar=2025"
    assert f'hx-get="{panel}" hx-trigger="load"' in page
    assert f'href="{panel}"' in page


def test_capacity_without_population_figures_says_so(client, netwerk, coordinator):
    content = _login(client, coordinator).get(_capaciteit(netwerk, "?jaar=2026")).content.decode()

    assert "nog geen bevolkingscijfers" in content


# --- Capacity panel on the network dashboard -------------------------------------------------

HTMX = {"HX-Request": "true"}
JUNE_2026 = dt.datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))


def _paneel(netwerk):
    return reverse("inkoop:capaciteit_paneel", args=[netwerk.pk])


def test_capacity_panel_shows_this_years_demand_and_contracts_as_a_fragment(
    client, regio, coordinator
):
    with time_machine.travel(JUNE_2026):
        response = _login(client, coordinator).get(_paneel(regio), headers=HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "Verwachte vraag: 896 cliënten" in content
    assert "Gecontracteerd: 700 cliënten" in content
    assert 'status--fout">Tekort' in content
    assert f'href="{_capaciteit(regio)}"' in content


def test_capacity_panel_without_htmx_is_a_page_of_its_own(client, regio, coordinator):
    with time_machine.travel(JUNE_2026):
        content = _login(client, coordinator).get(_paneel(regio)).content.decode()

    assert "<html" in content
    assert "<h1>Capaciteit casemanagement 2026</h1>" in content
    assert "Verwachte vraag: 896 cliënten" in content


def test_capacity_panel_has_the_visibility_of_the_capacity_page(
    client, regio, other_netwerk, casemanager, coordinator, verzekeraar
):
    assert _login(client, verzekeraar).get(_paneel(regio), headers=HTMX).status_code == 200
    assert _login(client, casemanager).get(_paneel(regio), headers=HTMX).status_code == 403
    assert _login(client, coordinator).get(_paneel(other_netwerk), headers=HTMX).status_code == 404


def test_capacity_panel_query_count_does_not_grow_with_contracts(
    client, regio, coordinator, django_assert_max_num_queries
):
    _login(client, coordinator)
    with django_assert_max_num_queries(10) as few:
        client.get(_paneel(regio), headers=HTMX)
    for _ in range(10):
        ContractFactory(netwerk=regio, volume_clienten=10)
        WerkgebiedFactory(netwerk=regio)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_paneel(regio), headers=HTMX)


def test_factor_inputs_show_and_accept_dutch_decimals_and_the_page_has_a_chart(
    client, regio, coordinator
):
    page = _login(client, coordinator).get(_capaciteit(regio, "?jaar=2026")).content.decode()
    assert 'value="5,60"' in page and 'value="40,0"' in page
    assert '<svg class="chart"' in page and "Verwachte vraag (cliënten)" in page

    client.post(
        _capaciteit(regio, "?jaar=2026"),
        {
            "prevalentie_thuiswonend": "5,25",
            "aandeel_vraag_casemanagement": "75",
            "caseload_norm": "45,5",
        },
    )
    regio.refresh_from_db()
    assert (regio.prevalentie_thuiswonend, regio.caseload_norm) == (
        Decimal("5.25"),
        Decimal("45.5"),
    )

    # a point is a decimal point in a number, and left alone in anything else typed
    client.post(
        _capaciteit(regio, "?jaar=2026"),
        {
            "prevalentie_thuiswonend": "5.5",
            "aandeel_vraag_casemanagement": "75",
            "caseload_norm": "40",
        },
    )
    regio.refresh_from_db()
    assert regio.prevalentie_thuiswonend == Decimal("5.5")
    page = client.post(
        _capaciteit(regio, "?jaar=2026"),
        {
            "prevalentie_thuiswonend": "5",
            "aandeel_vraag_casemanagement": "75",
            "caseload_norm": "Zie noot.",
        },
    ).content.decode()
    assert 'value="Zie noot."' in page
