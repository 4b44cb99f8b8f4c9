"""Services take an Actor and check the right themselves (docs/decisions/0015): a page, the
API, a task and a command call them the same way, and a refusal by the service is a 403,
never a 500, also when a view forgot its own early check."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.actor import Actor, actor_of
from casemanagement.models import Client
from netwerk import services as netwerk_services
from netwerk.models import Meerjarenplan, PlanStatus
from tests.casemanagement.test_api import AANMELDINGEN, body
from tests.netwerk.factories import WerkgebiedFactory
from tests.netwerk.plans import filled_plan

pytestmark = pytest.mark.django_db


def test_actor_of_a_request_carries_user_membership_address_and_path(coordinator):
    request = RequestFactory().get("/netwerken/?q=x", REMOTE_ADDR="10.9.8.7")
    request.user = coordinator

    actor = actor_of(request)

    assert actor.user == coordinator
    assert actor.membership.pk == coordinator.memberships.get().pk
    assert actor.role == "netwerkcoordinator"
    assert (actor.ip_address, actor.path) == ("10.9.8.7", "/netwerken/")


def test_the_system_actor_has_no_user_and_no_role():
    actor = Actor.system()
    assert actor.is_system and actor.role == "" and actor.membership is None


def test_a_service_refuses_an_actor_without_the_right_whoever_calls_it(
    netwerk, coordinator, verzekeraar, other_netwerk
):
    with pytest.raises(PermissionDenied):
        netwerk_services.meerjarenplan_create(
            netwerk=netwerk, actor=Actor.of(verzekeraar), titel="x", startjaar=2026, eindjaar=2027
        )
    with pytest.raises(PermissionDenied):
        netwerk_services.meerjarenplan_create(
            netwerk=other_netwerk,
            actor=Actor.of(coordinator),
            titel="x",
            startjaar=2026,
            eindjaar=2027,
        )
    with pytest.raises(PermissionDenied):
        netwerk_services.meerjarenplan_create(
            netwerk=netwerk, actor=Actor.system(), titel="x", startjaar=2026, eindjaar=2027
        )
    assert not Meerjarenplan.objects.exists()


def test_a_refusal_by_the_service_is_a_403_page_when_the_view_lets_it_through(
    client, monkeypatch, netwerk, coordinator, verzekeraar
):
    plan = filled_plan(netwerk, coordinator)
    # a view that forgot its early check: the service still refuses
    monkeypatch.setattr("netwerk.views._common.can_change_netwerk", lambda user, netwerk: True)
    monkeypatch.setattr("netwerk.views._common.can_view_netwerk_details", lambda user, n: True)
    client.force_login(verzekeraar)

    response = client.post(reverse("netwerk:plan_submit", args=[plan.pk]))

    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONCEPT


def test_a_refusal_by_the_service_is_a_403_in_the_api_when_the_view_lets_it_through(
    monkeypatch, netwerk, verzekeraar
):
    from netwerk.models import Gemeente

    WerkgebiedFactory(netwerk=netwerk, gemeente=Gemeente.objects.get(cbs_code="GM0518"))
    monkeypatch.setattr(
        "casemanagement.api.MayRegisterClients.has_permission", lambda self, request, view: True
    )
    api = APIClient()
    api.force_authenticate(verzekeraar)

    response = api.post(AANMELDINGEN, body(), format="json")

    assert response.status_code == 403
    assert not Client.objects.exists()


def test_an_actor_acts_in_its_membership_for_the_checks_not_only_in_the_log(
    netwerk, other_netwerk, coordinator
):
    """A user with two roles: Actor.of(user, membership=m) is checked as m, whatever the
    user's own preferred membership is, and the caller's user object is left alone."""
    from casemanagement.permissions import is_coordinator_of
    from netwerk.models import Membership

    second = Membership.objects.create(
        user=coordinator, netwerk=other_netwerk, rol="netwerkcoordinator", actief=True
    )
    first = coordinator.memberships.exclude(pk=second.pk).get()

    as_second = Actor.of(coordinator, membership=second)
    as_first = Actor.of(coordinator, membership=first)

    assert as_second.membership.pk == second.pk
    assert is_coordinator_of(as_second.user, other_netwerk.pk)
    assert not is_coordinator_of(as_second.user, netwerk.pk)
    assert is_coordinator_of(as_first.user, netwerk.pk)
    assert not is_coordinator_of(as_first.user, other_netwerk.pk)
    assert getattr(coordinator, "_preferred_membership_id", None) is None


def test_a_membership_of_someone_else_gives_no_right(netwerk, coordinator, verzekeraar):
    with pytest.raises(PermissionDenied):
        Actor.of(verzekeraar, membership=coordinator.memberships.get())
