"""A contract is agreed, not declared: the insurer drafts and offers it, the network side
accepts or declines it, either side ends it (docs/decisions/0009-insurer-visibility.md)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.actor import Actor
from inkoop import selectors, services
from inkoop.models import Contract, ContractStatus
from tests.inkoop.factories import ContractFactory, contract_in_order
from tests.netwerk.factories import (
    BevolkingFactory,
    WerkgebiedFactory,
    ZorgverzekeraarFactory,
    coordinator_of,
    verzekeraar_user,
)

pytestmark = pytest.mark.django_db


def _url(name, contract):
    return reverse(f"inkoop:{name}", args=[contract.pk])


def _offered(netwerk, **fields) -> Contract:
    fields.setdefault("status", ContractStatus.AANGEBODEN)
    return contract_in_order(netwerk, **fields)


# --- Services ------------------------------------------------------------------------------


def test_offer_then_accept_records_who_accepted_and_when(netwerk, verzekeraar, coordinator):
    contract = contract_in_order(netwerk, status=ContractStatus.CONCEPT)

    services.contract_offer(contract=contract, actor=Actor.of(verzekeraar))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AANGEBODEN
    assert contract.geaccepteerd_op is None

    services.contract_accept(contract=contract, actor=Actor.of(coordinator))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AFGESLOTEN
    assert contract.geaccepteerd_door == coordinator
    assert contract.geaccepteerd_op is not None
    assert contract.history.first().history_user == coordinator


def test_only_an_offered_contract_is_accepted(netwerk, coordinator):
    for status in (ContractStatus.CONCEPT, ContractStatus.AFGESLOTEN, ContractStatus.BEEINDIGD):
        contract = contract_in_order(netwerk, status=status)
        with pytest.raises(ValidationError) as error:
            services.contract_accept(contract=contract, actor=Actor.of(coordinator))
        assert "Alleen een aangeboden contract kan worden geaccepteerd" in str(error.value)
        contract.refresh_from_db()
        assert contract.status == status


def test_capacity_counts_a_contract_only_once_the_network_accepted_it(
    netwerk, verzekeraar, coordinator
):
    WerkgebiedFactory(netwerk=netwerk, gemeente=BevolkingFactory(jaar=2026).gemeente)
    contract = contract_in_order(netwerk, status=ContractStatus.CONCEPT, volume_clienten=300)

    assert selectors.capaciteit(netwerk, 2026).gecontracteerde_clienten == 0
    services.contract_offer(contract=contract, actor=Actor.of(verzekeraar))
    assert selectors.capaciteit(netwerk, 2026).gecontracteerde_clienten == 0
    services.contract_accept(contract=contract, actor=Actor.of(coordinator))
    assert selectors.capaciteit(netwerk, 2026).gecontracteerde_clienten == 300


def test_decline_needs_a_reason_and_sends_the_offer_back_to_concept(
    netwerk, verzekeraar, coordinator
):
    contract = _offered(netwerk)

    with pytest.raises(ValidationError) as error:
        services.contract_decline(contract=contract, actor=Actor.of(coordinator), reden="  ")
    assert "Geef aan waarom" in str(error.value)
    services.contract_decline(
        contract=contract, actor=Actor.of(coordinator), reden="Volume te laag."
    )

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT
    assert contract.afwijzing_reden == "Volume te laag."
    services.contract_offer(contract=contract, actor=Actor.of(verzekeraar))
    contract.refresh_from_db()
    assert contract.afwijzing_reden == ""


def test_changing_an_accepted_contract_sends_it_back_to_concept(netwerk, verzekeraar):
    contract = contract_in_order(netwerk, volume_clienten=300)

    services.contract_update(contract=contract, actor=Actor.of(verzekeraar), volume_clienten=300)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AFGESLOTEN  # nothing changed, nothing to accept

    services.contract_update(contract=contract, actor=Actor.of(verzekeraar), volume_clienten=900)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT
    assert contract.geaccepteerd_door is None
    assert contract.geaccepteerd_op is None


def test_a_new_indicator_is_a_new_term(netwerk, verzekeraar):
    contract = contract_in_order(netwerk)

    services.contractindicator_create(
        contract=contract,
        actor=Actor.of(verzekeraar),
        naam="Binnen 6 weken",
        eenheid="%",
        streefwaarde=90,
    )

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT
    assert contract.geaccepteerd_op is None


def test_ending_keeps_the_acceptance_and_freezes_the_contract(netwerk, verzekeraar):
    contract = contract_in_order(netwerk)

    services.contract_end(contract=contract, actor=Actor.of(verzekeraar))

    contract.refresh_from_db()
    assert contract.status == ContractStatus.BEEINDIGD
    assert contract.geaccepteerd_op is not None
    for change in (
        lambda: services.contract_update(
            contract=contract, actor=Actor.of(verzekeraar), volume_clienten=1
        ),
        lambda: services.contractindicator_create(
            contract=contract, actor=Actor.of(verzekeraar), naam="x", eenheid="%", streefwaarde=1
        ),
        lambda: services.contract_end(contract=contract, actor=Actor.of(verzekeraar)),
    ):
        with pytest.raises(ValidationError) as error:
            change()
        assert "beëindigd" in str(error.value)


def test_the_database_refuses_an_afgesloten_contract_nobody_accepted(netwerk):
    contract = contract_in_order(netwerk, status=ContractStatus.AANGEBODEN)

    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(status=ContractStatus.AFGESLOTEN)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(netwerk=netwerk, status=ContractStatus.AFGESLOTEN, geaccepteerd=False)


# --- Pages ---------------------------------------------------------------------------------


def test_insurer_offers_its_concept_from_the_contract_page(client, netwerk, verzekeraar):
    contract = contract_in_order(netwerk, status=ContractStatus.CONCEPT)
    client.force_login(verzekeraar)

    page = client.get(_url("contract_detail", contract)).content.decode()
    assert _url("contract_offer", contract) in page
    assert _url("contract_accept", contract) not in page

    response = client.post(_url("contract_offer", contract))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AANGEBODEN


def test_insurer_cannot_accept_its_own_offer(client, netwerk, verzekeraar):
    contract = _offered(netwerk)
    client.force_login(verzekeraar)

    page = client.get(_url("contract_detail", contract)).content.decode()
    assert _url("contract_accept", contract) not in page
    assert client.get(_url("contract_accept", contract)).status_code == 403
    assert client.post(_url("contract_accept", contract)).status_code == 403
    assert client.post(_url("contract_decline", contract), {"reden": "x"}).status_code == 403

    contract.refresh_from_db()
    assert contract.status == ContractStatus.AANGEBODEN
    assert contract.geaccepteerd_op is None


def test_insurer_cannot_declare_its_contract_afgesloten_through_the_form(
    client, netwerk, verzekeraar
):
    contract = contract_in_order(netwerk, status=ContractStatus.CONCEPT)
    client.force_login(verzekeraar)
    data = {
        "organisatie": contract.organisatie_id,
        "netwerk": netwerk.pk,
        "jaar": "2026",
        "volume_clienten": "300",
        "aansluiting_vereist": "on",
        "conform_zorgstandaard": "on",
        "status": ContractStatus.AFGESLOTEN,
    }

    assert 'name="status"' not in client.get(_url("contract_update", contract)).content.decode()
    client.post(_url("contract_update", contract), data)

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT


def test_coordinator_accepts_an_offer_after_confirming(client, netwerk, coordinator):
    contract = _offered(netwerk, volume_clienten=321)
    client.force_login(coordinator)

    detail = client.get(_url("contract_detail", contract)).content.decode()
    assert _url("contract_accept", contract) in detail
    assert _url("contract_decline", contract) in detail
    confirm = client.get(_url("contract_accept", contract)).content.decode()
    assert "Contract accepteren" in confirm
    assert "321" in confirm
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AANGEBODEN  # the confirmation page changes nothing

    response = client.post(_url("contract_accept", contract), follow=True)

    contract.refresh_from_db()
    assert contract.status == ContractStatus.AFGESLOTEN
    assert contract.geaccepteerd_door == coordinator
    content = response.content.decode()
    assert "Het contract is geaccepteerd en afgesloten." in content
    assert f"Geaccepteerd door {coordinator.naam} namens het netwerk" in content


def test_accepting_twice_gives_a_dutch_message_not_an_error(client, netwerk, coordinator):
    contract = contract_in_order(netwerk)
    client.force_login(coordinator)

    response = client.post(_url("contract_accept", contract), follow=True)

    assert response.status_code == 200
    assert "Alleen een aangeboden contract kan worden geaccepteerd" in response.content.decode()


def test_coordinator_of_another_network_cannot_accept(client, netwerk, other_netwerk):
    contract = _offered(netwerk)
    client.force_login(coordinator_of(other_netwerk))

    assert client.get(_url("contract_accept", contract)).status_code == 404
    assert client.post(_url("contract_accept", contract)).status_code == 404
    assert client.post(_url("contract_decline", contract), {"reden": "x"}).status_code == 404

    contract.refresh_from_db()
    assert contract.status == ContractStatus.AANGEBODEN


def test_beheerder_may_accept_for_the_network(beheerder_client, netwerk, beheerder):
    contract = _offered(netwerk)

    beheerder_client.post(_url("contract_accept", contract))

    contract.refresh_from_db()
    assert contract.status == ContractStatus.AFGESLOTEN
    assert contract.geaccepteerd_door == beheerder


def test_coordinator_declines_with_a_reason_the_insurer_reads(
    client, netwerk, coordinator, verzekeraar
):
    contract = _offered(netwerk)
    client.force_login(coordinator)

    refused = client.post(_url("contract_decline", contract), {"reden": ""})
    assert refused.status_code == 200
    assert "Geef aan waarom het netwerk het contract niet accepteert." in refused.content.decode()
    client.post(_url("contract_decline", contract), {"reden": "Het volume is te laag."})

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT
    client.force_login(verzekeraar)
    page = client.get(_url("contract_detail", contract)).content.decode()
    assert "Afgewezen door het netwerk:" in page
    assert "Het volume is te laag." in page


def test_contract_list_offers_the_coordinator_to_accept(client, netwerk, coordinator):
    offered = _offered(netwerk)
    accepted = contract_in_order(netwerk)
    client.force_login(coordinator)

    content = client.get(reverse("inkoop:contract_list")).content.decode()

    assert "1 contract wacht op acceptatie door het netwerk." in content
    assert _url("contract_accept", offered) in content
    assert _url("contract_accept", accepted) not in content


def test_either_side_ends_an_accepted_contract(client, netwerk, coordinator, verzekeraar):
    by_network = contract_in_order(netwerk)
    by_insurer = contract_in_order(netwerk)
    concept = contract_in_order(netwerk, status=ContractStatus.CONCEPT)

    client.force_login(coordinator)
    assert client.get(_url("contract_end", by_network)).status_code == 200
    client.post(_url("contract_end", by_network))
    # the network is no party to a draft it never accepted
    assert client.post(_url("contract_end", concept)).status_code == 403
    client.force_login(verzekeraar)
    client.post(_url("contract_end", by_insurer))

    for contract in (by_network, by_insurer):
        contract.refresh_from_db()
        assert contract.status == ContractStatus.BEEINDIGD
    concept.refresh_from_db()
    assert concept.status == ContractStatus.CONCEPT


def test_another_insurer_cannot_act_on_a_contract(client, netwerk):
    contract = _offered(netwerk)
    client.force_login(verzekeraar_user(ZorgverzekeraarFactory()))

    for name in ("contract_offer", "contract_accept", "contract_decline", "contract_end"):
        assert client.post(_url(name, contract)).status_code == 404


# --- API -----------------------------------------------------------------------------------


def test_the_contract_api_is_read_only_and_shows_the_acceptance(client, netwerk, verzekeraar):
    accepted = contract_in_order(netwerk, tarief_per_uur=Decimal("80"))
    contract_in_order(netwerk, status=ContractStatus.CONCEPT)
    client.force_login(verzekeraar)
    url = reverse("api:contract-list")

    created = client.post(
        url,
        {
            "organisatie": accepted.organisatie_id,
            "netwerk": netwerk.pk,
            "jaar": 2027,
            "volume_clienten": 10,
            "status": ContractStatus.AFGESLOTEN,
        },
        content_type="application/json",
    )
    rows = client.get(url).json()["results"]

    assert created.status_code == 405
    assert Contract.objects.count() == 2
    by_status = {row["status"]: row for row in rows}
    assert by_status["afgesloten"]["geaccepteerd_op"] is not None
    assert by_status["concept"]["geaccepteerd_op"] is None
