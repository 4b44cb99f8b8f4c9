"""Who sees which clients (Client, Aanmelding and Traject querysets through ``visible_to``) and
who may do what with them. Deny by default."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.actor import Actor
from accounts.models import Role, User
from casemanagement.models import Aanmelding, Casemanager, Client, Traject
from casemanagement.permissions import (
    can_assign,
    can_log_contact,
    can_manage_traject,
    can_reassign,
    own_casemanager,
)
from casemanagement.services import casemanager_move, traject_close
from tests.accounts.factories import UserFactory
from tests.casemanagement.factories import (
    CasemanagerFactory,
    RegisteredAanmeldingFactory,
    RegisteredTrajectFactory,
    aanbieder_in,
)
from tests.netwerk.factories import AansluitingFactory, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    moment = dt.datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield


class Region:
    """Two providers (X and Y) in a network, and provider X also in a second network."""

    def __init__(self, netwerk, other_netwerk):
        self.netwerk = netwerk
        self.other_netwerk = other_netwerk
        self.x = aanbieder_in(netwerk)
        self.y = aanbieder_in(netwerk)
        AansluitingFactory(
            netwerk=other_netwerk,
            organisatie=self.x,
            geldig_van=dt.date(2015, 1, 1),
            levert_casemanagement=True,
        )
        self.cm_x = CasemanagerFactory(netwerk=netwerk, organisatie=self.x)
        self.colleague_x = CasemanagerFactory(netwerk=netwerk, organisatie=self.x)
        self.cm_y = CasemanagerFactory(netwerk=netwerk, organisatie=self.y)
        self.cm_x_elders = CasemanagerFactory(netwerk=other_netwerk, organisatie=self.x)

        # waiting at provider X
        self.wacht_bij_x = RegisteredAanmeldingFactory(
            client__netwerk=netwerk, organisatie=self.x
        ).client
        # waiting centrally at the network: no provider yet
        self.wacht_centraal = RegisteredAanmeldingFactory(client__netwerk=netwerk).client
        self.eigen = RegisteredTrajectFactory(casemanager=self.cm_x).client
        self.van_collega = RegisteredTrajectFactory(casemanager=self.colleague_x).client
        self.bij_y = RegisteredTrajectFactory(casemanager=self.cm_y).client
        # the same provider, in the other network
        self.x_elders = RegisteredTrajectFactory(casemanager=self.cm_x_elders).client
        # lives in the other network, referred to this one (with a reason)
        self.doorverwezen = RegisteredAanmeldingFactory(
            client__netwerk=other_netwerk,
            netwerk=netwerk,
            netwerk_reden="Mantelzorger woont hier",
        ).client


@pytest.fixture
def region(netwerk, other_netwerk):
    return Region(netwerk, other_netwerk)


def fresh(user):
    """The user as a new request would load it (memberships are cached per object)."""
    return User.objects.get(pk=user.pk)


def visible_clients(user):
    return set(Client.objects.visible_to(fresh(user)))


def visible_aanmelding_clients(user):
    return {a.client for a in Aanmelding.objects.visible_to(fresh(user)).select_related("client")}


def visible_traject_clients(user):
    return {t.client for t in Traject.objects.visible_to(fresh(user)).select_related("client")}


def test_casemanager_sees_the_clients_of_their_own_organisation_in_their_network(region):
    expected = {region.wacht_bij_x, region.eigen, region.van_collega}

    assert visible_clients(region.cm_x.user) == expected
    assert visible_clients(region.colleague_x.user) == expected
    assert visible_aanmelding_clients(region.cm_x.user) == expected
    assert visible_traject_clients(region.cm_x.user) == {region.eigen, region.van_collega}


def test_casemanager_does_not_see_clients_of_another_organisation_in_the_same_network(region):
    seen = visible_clients(region.cm_x.user)

    assert region.bij_y not in seen
    assert visible_clients(region.cm_y.user) == {region.bij_y}
    assert region.bij_y not in visible_aanmelding_clients(region.cm_x.user)
    assert region.bij_y not in visible_traject_clients(region.cm_x.user)


def test_casemanager_does_not_see_their_organisations_clients_in_another_network(region):
    assert region.x_elders not in visible_clients(region.cm_x.user)
    assert visible_clients(region.cm_x_elders.user) == {region.x_elders}


def test_casemanager_does_not_see_central_waitlist_or_referrals_without_provider(region):
    seen = visible_clients(region.cm_x.user)

    assert region.wacht_centraal not in seen
    assert region.doorverwezen not in seen


def test_casemanager_keeps_seeing_the_clients_of_their_own_trajecten_after_these_moved(region):
    """A traject that moved to another organisation stays visible to its own casemanager."""
    traject = Traject.objects.get(client=region.eigen)
    Traject.objects.filter(pk=traject.pk).update(organisatie=region.y)
    Aanmelding.objects.filter(pk=traject.aanmelding_id).update(organisatie=region.y)

    assert region.eigen in visible_clients(region.cm_x.user)
    assert region.eigen in visible_traject_clients(region.cm_x.user)
    assert region.eigen in visible_aanmelding_clients(region.cm_x.user)
    assert region.eigen in visible_clients(region.cm_y.user)


def test_casemanager_who_moved_with_their_clients_still_sees_them(region, coordinator):
    casemanager_move(
        actor=Actor.of(coordinator),
        casemanager=region.cm_x,
        naar_organisatie=region.y,
        reden="Aanbieder X stopt",
    )

    seen = visible_clients(region.cm_x.user)

    assert region.eigen in seen
    assert region.eigen in visible_traject_clients(region.cm_x.user)
    # their new colleagues at Y see the moved client too, for cover
    assert region.eigen in visible_clients(region.cm_y.user)


def test_casemanager_who_moved_sees_the_new_organisations_clients_and_no_longer_the_old(
    region, coordinator
):
    casemanager_move(
        actor=Actor.of(coordinator),
        casemanager=region.cm_x,
        naar_organisatie=region.y,
        reden="Aanbieder X stopt",
    )

    seen = visible_clients(region.cm_x.user)

    assert region.bij_y in seen
    assert region.van_collega not in seen
    assert region.wacht_bij_x not in seen


def test_coordinator_sees_all_clients_of_their_network_only(region, coordinator):
    expected = {
        region.wacht_bij_x,
        region.wacht_centraal,
        region.eigen,
        region.van_collega,
        region.bij_y,
        region.doorverwezen,
    }

    assert visible_clients(coordinator) == expected
    assert visible_aanmelding_clients(coordinator) == expected
    assert visible_traject_clients(coordinator) == {region.eigen, region.van_collega, region.bij_y}


def test_coordinator_of_another_network_sees_only_that_network(region, other_netwerk):
    other = coordinator_of(other_netwerk)

    # the referred client lives in the other network, but its aanmelding is not there
    assert visible_clients(other) == {region.x_elders, region.doorverwezen}
    assert visible_aanmelding_clients(other) == {region.x_elders}
    assert visible_traject_clients(other) == {region.x_elders}


@pytest.mark.parametrize("role", [Role.VERZEKERAAR, Role.SIGNAALTEAM, Role.BEHEERDER, None])
def test_insurer_signaalteam_beheerder_and_users_without_role_see_no_client(
    region, verzekeraar, signaalteam_user, beheerder, role
):
    user = {
        Role.VERZEKERAAR: verzekeraar,
        Role.SIGNAALTEAM: signaalteam_user,
        Role.BEHEERDER: beheerder,
        None: UserFactory(),
    }[role]

    assert visible_clients(user) == set()
    assert visible_aanmelding_clients(user) == set()
    assert visible_traject_clients(user) == set()


def test_superuser_without_membership_sees_no_client(region):
    superuser = UserFactory(is_superuser=True, is_staff=True)

    assert visible_clients(superuser) == set()
    assert not Traject.objects.visible_to(fresh(superuser)).exists()


def test_inactive_casemanager_membership_sees_no_client(region):
    region.cm_x.user.memberships.update(actief=False)

    assert visible_clients(region.cm_x.user) == set()


def test_colleagues_are_visible_for_co_signing_within_organisation_and_network(
    region, coordinator, beheerder, verzekeraar
):
    def visible(user):
        return set(Casemanager.objects.visible_to(fresh(user)))

    assert visible(region.cm_x.user) == {region.cm_x, region.colleague_x}
    assert visible(coordinator) == {region.cm_x, region.colleague_x, region.cm_y}
    assert visible(beheerder) == set(Casemanager.objects.all())
    assert visible(verzekeraar) == set()


def test_assignment_and_reassignment_are_for_the_coordinator_of_the_network(
    region, coordinator, other_netwerk
):
    aanmelding = Aanmelding.objects.get(client=region.wacht_centraal)
    traject = Traject.objects.get(client=region.eigen)

    assert can_assign(fresh(coordinator), aanmelding)
    assert can_reassign(fresh(coordinator), traject)
    for user in (region.cm_x.user, coordinator_of(other_netwerk)):
        assert not can_assign(fresh(user), aanmelding)
        assert not can_reassign(fresh(user), traject)


def test_traject_is_managed_by_its_casemanager_or_the_coordinator(region, coordinator):
    traject = Traject.objects.get(client=region.eigen)

    assert can_manage_traject(fresh(region.cm_x.user), traject)
    assert can_manage_traject(fresh(coordinator), traject)
    assert not can_manage_traject(fresh(region.colleague_x.user), traject)
    assert not can_manage_traject(fresh(region.cm_y.user), traject)


def test_contacts_are_logged_by_casemanagers_on_open_trajecten_only(region, coordinator):
    traject = Traject.objects.get(client=region.van_collega)

    assert can_log_contact(fresh(region.cm_x.user), traject)
    assert not can_log_contact(fresh(coordinator), traject)
    traject_close(
        actor=Actor.of(coordinator), traject=traject, datum=dt.date(2026, 10, 1), reden="afzien"
    )
    traject.refresh_from_db()
    assert not can_log_contact(fresh(region.colleague_x.user), traject)


def test_own_casemanager_profile_only_when_acting_as_casemanager(region, coordinator):
    assert own_casemanager(fresh(region.cm_x.user)) == region.cm_x
    assert own_casemanager(fresh(coordinator)) is None
