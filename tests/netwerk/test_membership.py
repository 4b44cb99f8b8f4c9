import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from netwerk.models import Membership, Netwerk
from tests.netwerk.factories import (
    MembershipFactory,
    NetwerkFactory,
    OrganisatieFactory,
    ZorgverzekeraarFactory,
    casemanager_of,
    verzekeraar_user,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rol", "parties"),
    [
        (Role.NETWERKCOORDINATOR, {}),
        (Role.CASEMANAGER, {"netwerk": True}),
        (Role.VERZEKERAAR, {}),
        (Role.BEHEERDER, {"netwerk": True}),
        (Role.SIGNAALTEAM, {"zorgverzekeraar": True}),
    ],
)
def test_role_must_fit_its_party(rol, parties):
    membership = MembershipFactory.build(
        user=MembershipFactory().user,
        rol=rol,
        netwerk=NetwerkFactory() if parties.get("netwerk") else None,
        organisatie=None,
        zorgverzekeraar=ZorgverzekeraarFactory() if parties.get("zorgverzekeraar") else None,
    )
    with pytest.raises(ValidationError, match="past niet bij de gekozen partij"):
        membership.full_clean()


def test_casemanager_membership_needs_organisation_and_network():
    netwerk = NetwerkFactory()
    membership = Membership(
        user=MembershipFactory().user,
        rol=Role.CASEMANAGER,
        netwerk=netwerk,
        organisatie=OrganisatieFactory(),
    )
    membership.full_clean()


def test_coordinator_sees_only_own_network(coordinator, netwerk, other_netwerk):
    assert list(Netwerk.objects.visible_to(coordinator)) == [netwerk]


def test_casemanager_sees_only_own_network(netwerk, other_netwerk):
    user = casemanager_of(netwerk)
    assert list(Netwerk.objects.visible_to(user)) == [netwerk]


def test_insurer_sees_networks_where_it_is_preferent(netwerk, other_netwerk):
    user = verzekeraar_user(netwerk.preferente_zorgverzekeraar)
    assert list(Netwerk.objects.visible_to(user)) == [netwerk]


def test_national_roles_see_all_networks(signaalteam_user, beheerder, netwerk, other_netwerk):
    assert Netwerk.objects.visible_to(signaalteam_user).count() == 2
    assert Netwerk.objects.visible_to(beheerder).count() == 2


def test_user_without_membership_sees_nothing(netwerk):
    from tests.accounts.factories import UserFactory

    assert not Netwerk.objects.visible_to(UserFactory()).exists()
