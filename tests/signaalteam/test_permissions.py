import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from signaalteam.models import Signaal
from signaalteam.permissions import (
    can_list_signalen,
    can_view_melder_gegevens,
    filter_visible_signalen,
)
from tests.accounts.factories import UserFactory
from tests.inkoop.factories import ContractFactory
from tests.netwerk.factories import NetwerkFactory, casemanager_of, national_user, verzekeraar_user
from tests.signaalteam.factories import SignaalFactory

pytestmark = pytest.mark.django_db


def _visible(user) -> set[int]:
    return set(filter_visible_signalen(Signaal.objects.all(), user).values_list("pk", flat=True))


@pytest.fixture
def signalen(netwerk, other_netwerk):
    return {
        "eigen": SignaalFactory(netwerken=[netwerk]),
        "ander": SignaalFactory(netwerken=[other_netwerk]),
        "beide": SignaalFactory(netwerken=[netwerk, other_netwerk]),
        "regio": SignaalFactory(regio="Alleen een regio"),
    }


def test_national_roles_see_every_signal(signalen):
    everything = {s.pk for s in signalen.values()}
    assert _visible(national_user(Role.SIGNAALTEAM)) == everything
    assert _visible(national_user(Role.BEHEERDER)) == everything


def test_coordinator_sees_the_signals_about_its_own_network(signalen, coordinator):
    assert _visible(coordinator) == {signalen["eigen"].pk, signalen["beide"].pk}


def test_insurer_sees_the_signals_about_networks_where_it_is_preferent(
    signalen, netwerk, verzekeraar
):
    # a contract elsewhere does not widen the insurer's region
    ContractFactory(zorgverzekeraar=netwerk.preferente_zorgverzekeraar, netwerk=NetwerkFactory())
    assert _visible(verzekeraar) == {signalen["eigen"].pk, signalen["beide"].pk}


def test_insurer_preferent_nowhere_sees_nothing(signalen):
    assert _visible(verzekeraar_user()) == set()


def test_each_signal_is_listed_once(signalen, coordinator):
    visible = filter_visible_signalen(Signaal.objects.all(), coordinator)
    assert visible.count() == len(set(visible.values_list("pk", flat=True)))


def test_casemanager_unknown_and_anonymous_users_see_nothing(signalen, netwerk):
    for user in (casemanager_of(netwerk), UserFactory(), AnonymousUser()):
        assert _visible(user) == set()
        assert not can_list_signalen(user)


def test_only_the_signaalteam_sees_melder_details(coordinator, verzekeraar, netwerk):
    assert can_view_melder_gegevens(national_user(Role.SIGNAALTEAM))
    for user in (national_user(Role.BEHEERDER), coordinator, verzekeraar, casemanager_of(netwerk)):
        assert not can_view_melder_gegevens(user)
