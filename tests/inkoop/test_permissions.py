import pytest

from accounts import disclosure
from accounts.models import Role
from inkoop.models import Contract
from inkoop.permissions import (
    can_change_contract,
    can_create_contract,
    can_list_contracten,
    can_view_capaciteit,
    can_view_contract,
    can_view_tarief,
    fixed_zorgverzekeraar_id,
)
from tests.inkoop.factories import ContractFactory
from tests.netwerk.factories import ZorgverzekeraarFactory, national_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracten(netwerk, other_netwerk):
    """own: the insurer's contract in its network; foreign_insurer: another insurer's in the
    same network; other_network: the insurer's contract in another network."""
    mine = netwerk.preferente_zorgverzekeraar
    return {
        "own": ContractFactory(netwerk=netwerk, zorgverzekeraar=mine),
        "foreign_insurer": ContractFactory(
            netwerk=netwerk, zorgverzekeraar=ZorgverzekeraarFactory()
        ),
        "other_network": ContractFactory(netwerk=other_netwerk, zorgverzekeraar=mine),
        "elsewhere": ContractFactory(
            netwerk=other_netwerk, zorgverzekeraar=other_netwerk.preferente_zorgverzekeraar
        ),
    }


def _visible(user) -> set:
    return set(Contract.objects.visible_to(user))


def test_insurer_sees_only_its_own_contracts(verzekeraar, contracten):
    assert _visible(verzekeraar) == {contracten["own"], contracten["other_network"]}


def test_coordinator_sees_only_the_contracts_for_its_own_network(coordinator, contracten):
    assert _visible(coordinator) == {contracten["own"], contracten["foreign_insurer"]}


def test_casemanager_sees_no_contracts(casemanager, contracten):
    assert _visible(casemanager) == set()
    assert not can_list_contracten(casemanager)


def test_national_roles_see_all_contracts(beheerder, signaalteam_user, contracten):
    assert _visible(beheerder) == set(contracten.values())
    assert _visible(signaalteam_user) == set(contracten.values())


def test_user_without_membership_sees_nothing(contracten):
    from tests.accounts.factories import UserFactory

    user = UserFactory()
    assert _visible(user) == set()
    assert not can_list_contracten(user)
    assert not can_create_contract(user)


def test_only_the_owning_insurer_and_beheerders_change_a_contract(
    verzekeraar, coordinator, signaalteam_user, beheerder, casemanager, contracten
):
    own, foreign = contracten["own"], contracten["foreign_insurer"]

    assert can_change_contract(verzekeraar, own)
    assert not can_change_contract(verzekeraar, foreign)
    assert can_change_contract(beheerder, foreign)
    for read_only in (coordinator, signaalteam_user, casemanager):
        assert not can_change_contract(read_only, own)


def test_tariff_is_shown_only_to_who_may_change_the_contract(verzekeraar, coordinator, contracten):
    assert can_view_tarief(verzekeraar, contracten["own"])
    assert not can_view_tarief(coordinator, contracten["own"])


def test_insurers_and_beheerders_create_contracts(
    verzekeraar, beheerder, coordinator, casemanager, signaalteam_user, netwerk
):
    assert can_create_contract(verzekeraar)
    assert can_create_contract(beheerder)
    assert not can_create_contract(coordinator)
    assert not can_create_contract(casemanager)
    assert not can_create_contract(signaalteam_user)
    assert fixed_zorgverzekeraar_id(verzekeraar) == netwerk.preferente_zorgverzekeraar_id
    assert fixed_zorgverzekeraar_id(beheerder) is None


def test_can_view_contract_follows_visibility(verzekeraar, contracten):
    assert can_view_contract(verzekeraar, contracten["own"])
    assert not can_view_contract(verzekeraar, contracten["elsewhere"])


def test_capacity_is_for_who_reads_the_networks_details(
    netwerk, other_netwerk, coordinator, casemanager, verzekeraar, signaalteam_user
):
    assert can_view_capaciteit(coordinator, netwerk)
    assert not can_view_capaciteit(coordinator, other_netwerk)
    assert not can_view_capaciteit(casemanager, netwerk)
    assert can_view_capaciteit(verzekeraar, netwerk)
    assert not can_view_capaciteit(verzekeraar, other_netwerk)
    assert can_view_capaciteit(signaalteam_user, other_netwerk)


def test_only_insurers_get_small_counts_masked(verzekeraar, coordinator):
    assert disclosure.moet_onderdrukken(verzekeraar)
    assert not disclosure.moet_onderdrukken(coordinator)
    assert not disclosure.moet_onderdrukken(national_user(Role.SIGNAALTEAM))
