"""accounts.roles reaches the memberships (held by netwerk, a higher app) through a hook
that netwerk fills when Django starts (docs/decisions/0014-no-upward-edges.md)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts import roles
from accounts.models import Role
from netwerk.selectors import memberships_for_user
from tests.netwerk.factories import coordinator_of

pytestmark = pytest.mark.django_db


def test_netwerk_registers_its_memberships_when_django_starts(netwerk):
    user = coordinator_of(netwerk)

    assert roles._memberships_loader is memberships_for_user
    assert roles.acting_role(user) == Role.NETWERKCOORDINATOR


def test_without_a_registered_loader_nobody_has_a_role_and_django_refuses_to_start(
    netwerk, monkeypatch
):
    monkeypatch.setattr(roles, "_memberships_loader", None)
    user = coordinator_of(netwerk)

    assert roles.acting_role(user) == ""
    with pytest.raises(SystemCheckError, match=r"accounts\.E001"):
        call_command("check")
