"""The invitation services against the real database: who may invite, that inviting never
looks at accounts, and which accounts may become a casemanager by accepting
(docs/decisions/0010)."""

from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.actor import Actor
from accounts.models import Role
from casemanagement.models import Casemanager, CasemanagerUitnodiging, UitnodigingStatus
from casemanagement.services import casemanager_save
from casemanagement.services.uitnodigingen import (
    casemanager_invitation_accept,
    casemanager_invitation_resend,
    casemanager_invitation_revoke,
    casemanager_invite,
)
from netwerk.models import Membership
from tests.accounts.factories import UserFactory
from tests.casemanagement.factories import (
    CasemanagerFactory,
    CasemanagerUitnodigingFactory,
    aanbieder_in,
)
from tests.netwerk.factories import (
    MembershipFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanbieder(netwerk):
    return aanbieder_in(netwerk)


def _invite(coordinator, netwerk, aanbieder, email="nieuw@example.nl"):
    return casemanager_invite(
        actor=Actor.of(coordinator),
        netwerk=netwerk,
        email=email,
        naam="Sanne Bakker",
        organisatie=aanbieder,
        achtergrond="verpleegkundige",
        fte=Decimal("0.8"),
    )


def test_only_the_networks_coordinator_may_invite(netwerk, other_netwerk, aanbieder):
    for user in (
        coordinator_of(other_netwerk),
        verzekeraar_user(netwerk.preferente_zorgverzekeraar),
        national_user(Role.BEHEERDER),
        CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder).user,
    ):
        with pytest.raises(PermissionDenied):
            _invite(user, netwerk, aanbieder)
    assert not CasemanagerUitnodiging.objects.exists()


def test_inviting_never_reads_other_accounts(coordinator, netwerk, aanbieder):
    """What the coordinator sees cannot depend on an account the service never reads: it
    reads only the coordinator's own memberships, and accounts only as casemanagers of the
    coordinator's own network (which the coordinator sees anyway)."""
    insurer = verzekeraar_user(netwerk.preferente_zorgverzekeraar)
    with CaptureQueriesContext(connection) as queries:
        _invite(coordinator, netwerk, aanbieder, insurer.email)
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    for sql in selects:
        if 'FROM "netwerk_membership"' in sql:
            assert f'"netwerk_membership"."user_id" = {coordinator.pk}' in sql
        if '"accounts_user"' in sql and f'"accounts_user"."id" = {coordinator.pk} ' not in sql:
            assert 'FROM "casemanagement_casemanager"' in sql
            assert f'"casemanagement_casemanager"."netwerk_id" = {netwerk.pk}' in sql
    assert any('FROM "casemanagement_casemanager"' in sql for sql in selects)  # it did run


def test_invitation_is_mailed_after_commit_only(
    coordinator, netwerk, aanbieder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invite(coordinator, netwerk, aanbieder)
    assert not mail.outbox
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["nieuw@example.nl"]]


def test_a_failing_mail_server_keeps_the_invitation_and_logs_without_the_address(
    coordinator, netwerk, aanbieder, django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch(
            "casemanagement.services.uitnodigingen.send_mail", side_effect=OSError("x@y refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        uitnodiging = _invite(coordinator, netwerk, aanbieder)
    assert CasemanagerUitnodiging.objects.filter(pk=uitnodiging.pk).exists()
    assert "casemanager_invitation_mail_failed" in caplog.text
    assert "nieuw@example.nl" not in caplog.text


@pytest.mark.parametrize(
    "kind",
    ["verzekeraar", "signaalteam", "beheerder", "coordinator", "staff", "superuser"],
)
def test_account_with_another_role_is_refused_and_the_invitation_closed(
    netwerk, other_netwerk, aanbieder, kind
):
    account = {
        "verzekeraar": lambda: verzekeraar_user(netwerk.preferente_zorgverzekeraar),
        "signaalteam": lambda: national_user(Role.SIGNAALTEAM),
        "beheerder": lambda: national_user(Role.BEHEERDER),
        "coordinator": lambda: coordinator_of(other_netwerk),
        "staff": lambda: UserFactory(is_staff=True),
        "superuser": lambda: UserFactory(is_superuser=True),
    }[kind]()
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=netwerk, organisatie=aanbieder, email=account.email
    )

    with pytest.raises(ValidationError) as error:
        casemanager_invitation_accept(token=uitnodiging.token, actor=Actor.of(account))

    assert "Dit account heeft al een andere rol" in error.value.messages[0]
    assert not Casemanager.objects.filter(user=account).exists()
    assert not Membership.objects.filter(user=account, rol=Role.CASEMANAGER).exists()
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == UitnodigingStatus.NIET_AANGENOMEN
    assert uitnodiging.afgehandeld_op is not None


def test_an_inactive_membership_in_another_role_does_not_count(netwerk, aanbieder):
    """Someone who used to work for an insurer (membership ended by the beheerder)."""
    vroeger = MembershipFactory(
        rol=Role.VERZEKERAAR,
        netwerk=None,
        zorgverzekeraar=netwerk.preferente_zorgverzekeraar,
        actief=False,
    ).user
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=netwerk, organisatie=aanbieder, email=vroeger.email
    )

    casemanager = casemanager_invitation_accept(token=uitnodiging.token, actor=Actor.of(vroeger))

    assert casemanager.user == vroeger
    assert (
        Membership.objects.get(user=vroeger, rol=Role.CASEMANAGER, actief=True).netwerk == netwerk
    )


def test_account_acting_as_casemanager_elsewhere_is_refused(netwerk, other_netwerk, aanbieder):
    """A casemanager membership without a profile (set by a beheerder) still is a role in
    another network: moving it is the beheerder's job."""
    elders = casemanager_of(other_netwerk)
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=netwerk, organisatie=aanbieder, email=elders.email
    )

    with pytest.raises(ValidationError) as error:
        casemanager_invitation_accept(token=uitnodiging.token, actor=Actor.of(elders))

    assert "werkt al als casemanager" in error.value.messages[0]
    assert not Casemanager.objects.filter(user=elders).exists()
    assert not Membership.objects.filter(user=elders, netwerk=netwerk).exists()


def test_a_logged_in_account_with_another_address_changes_nothing(netwerk, aanbieder):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    iemand = UserFactory()

    with pytest.raises(ValidationError):
        casemanager_invitation_accept(token=uitnodiging.token, actor=Actor.of(iemand))

    uitnodiging.refresh_from_db()
    assert uitnodiging.status == UitnodigingStatus.OPEN
    assert not Casemanager.objects.exists()


def test_new_account_needs_a_password_the_validators_accept(netwerk, aanbieder):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)

    for password, expected in [
        ("kort", "te kort"),
        ("123456789012345", "niet alleen uit cijfers"),
        ("password1234", "te vaak gebruikt"),
    ]:
        with pytest.raises(ValidationError) as error:
            casemanager_invitation_accept(
                token=uitnodiging.token, actor=Actor.system(), naam="Sanne", password=password
            )
        assert expected in " ".join(error.value.message_dict["password"])
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == UitnodigingStatus.OPEN


def test_revoking_or_resending_a_closed_invitation_is_refused(coordinator, netwerk, aanbieder):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    casemanager_invitation_revoke(actor=Actor.of(coordinator), uitnodiging=uitnodiging)

    for service in (casemanager_invitation_revoke, casemanager_invitation_resend):
        with pytest.raises(ValidationError):
            service(actor=Actor.of(coordinator), uitnodiging=uitnodiging)


def test_coordinator_of_another_network_cannot_revoke_through_the_service(
    netwerk, other_netwerk, aanbieder
):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    with pytest.raises(PermissionDenied):
        casemanager_invitation_revoke(
            actor=Actor.of(coordinator_of(other_netwerk)), uitnodiging=uitnodiging
        )
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == UitnodigingStatus.OPEN


def test_casemanager_save_no_longer_creates_profiles(netwerk, aanbieder, coordinator):
    """The hole of issue #12 item 3: linking any account by creating its profile directly."""
    insurer = verzekeraar_user(netwerk.preferente_zorgverzekeraar)
    with pytest.raises(ValueError, match="invite"):
        casemanager_save(
            actor=Actor.of(coordinator),
            casemanager=Casemanager(
                user=insurer,
                netwerk=netwerk,
                organisatie=aanbieder,
                achtergrond="verpleegkundige",
                fte=Decimal("0.5"),
            ),
        )
    assert not Membership.objects.filter(user=insurer, rol=Role.CASEMANAGER).exists()
