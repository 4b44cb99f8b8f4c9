import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from accounts.actor import Actor
from accounts.models import Notificatie, Role
from inkoop.models import ContractStatus
from rapportage import services
from rapportage.models import Rapport, RapportStatus, RapportType
from rapportage.perioden import parse_periode
from tests.inkoop.factories import ContractFactory
from tests.netwerk.factories import verzekeraar_user
from tests.rapportage.conftest import PERIODE

pytestmark = pytest.mark.django_db


def _concept(netwerk):
    return services.rapport_concept(
        netwerk=netwerk, periode=parse_periode(PERIODE), actor=Actor.of(netwerk.coordinator)
    )


def test_a_second_run_finds_the_existing_concept(gevuld_netwerk):
    first = _concept(gevuld_netwerk)
    second = _concept(gevuld_netwerk)
    assert first.pk == second.pk
    assert Rapport.objects.count() == 1
    assert first.pdf and len(first.sha256) == 64
    assert first.data["wachtlijst"]["aantal_wachtend"] == 7


def test_vaststellen_needs_the_coordinators_texts(gevuld_netwerk):
    rapport = _concept(gevuld_netwerk)
    with pytest.raises(ValidationError, match="resultaten"):
        services.rapport_vaststellen(rapport=rapport, actor=Actor.of(gevuld_netwerk.coordinator))


def _adopted(netwerk):
    rapport = services.rapport_teksten(
        rapport=_concept(netwerk),
        actor=Actor.of(netwerk.coordinator),
        resultaten="Wachttijd gedaald.",
        knelpunten="Te weinig verpleegkundigen.",
    )
    return services.rapport_vaststellen(rapport=rapport, actor=Actor.of(netwerk.coordinator))


def test_vastgesteld_report_is_immutable_in_the_database(gevuld_netwerk):
    rapport = _adopted(gevuld_netwerk)
    assert rapport.status == RapportStatus.VASTGESTELD
    for sql in (
        "UPDATE rapportage_rapport SET sha256 = 'x' WHERE id = %s",
        "UPDATE rapportage_rapport SET tekst_knelpunten = 'anders' WHERE id = %s",
        "DELETE FROM rapportage_rapport WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="vastgesteld rapport"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [rapport.pk])
    with pytest.raises(ValidationError):
        services.rapport_teksten(
            rapport=rapport,
            actor=Actor.of(gevuld_netwerk.coordinator),
            resultaten="x",
            knelpunten="y",
        )


def test_stored_pdf_matches_its_sha256(gevuld_netwerk):
    import hashlib

    rapport = _adopted(gevuld_netwerk)
    assert hashlib.sha256(rapport.pdf.read()).hexdigest() == rapport.sha256


def test_new_version_supersedes_without_deleting(gevuld_netwerk):
    first = _adopted(gevuld_netwerk)
    second = services.rapport_nieuwe_versie(
        rapport=first, actor=Actor.of(gevuld_netwerk.coordinator)
    )
    assert (second.versie, second.status) == (2, RapportStatus.CONCEPT)
    assert second.tekst_resultaten == first.tekst_resultaten
    services.rapport_vaststellen(rapport=second, actor=Actor.of(gevuld_netwerk.coordinator))
    first.refresh_from_db()
    assert first.status == RapportStatus.VERVANGEN
    assert first.pdf  # kept, readable


def test_insurers_of_the_network_are_notified_on_vaststellen(
    gevuld_netwerk, django_capture_on_commit_callbacks
):
    insurer = verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar)
    outsider = verzekeraar_user()
    with django_capture_on_commit_callbacks(execute=True):
        _adopted(gevuld_netwerk)
    assert Notificatie.objects.filter(user=insurer).count() == 1
    assert not Notificatie.objects.filter(user=outsider).exists()
    assert [m.to for m in mail.outbox] == [[insurer.email]]


def test_insurers_with_an_accepted_contract_are_notified_not_those_with_a_draft(
    gevuld_netwerk, django_capture_on_commit_callbacks
):
    """Only insurers that may read the report are told about it (decision 0009): an accepted
    (or accepted and later ended) contract counts, a concept or an offer does not."""
    accepted = verzekeraar_user(ContractFactory(netwerk=gevuld_netwerk).zorgverzekeraar)
    ended = verzekeraar_user(
        ContractFactory(
            netwerk=gevuld_netwerk, status=ContractStatus.BEEINDIGD, geaccepteerd=True
        ).zorgverzekeraar
    )
    drafts = [
        verzekeraar_user(ContractFactory(netwerk=gevuld_netwerk, status=status).zorgverzekeraar)
        for status in (ContractStatus.CONCEPT, ContractStatus.AANGEBODEN)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        _adopted(gevuld_netwerk)
    assert Notificatie.objects.filter(user__in=[accepted, ended]).count() == 2
    assert not Notificatie.objects.filter(user__in=drafts).exists()


def test_beat_job_queues_a_concept_for_each_network_without_one(gevuld_netwerk, other_netwerk):
    import datetime as dt

    work = services.concepten_na_periode(vandaag=dt.date(2026, 10, 2))
    assert sorted(work) == sorted([(gevuld_netwerk.pk, PERIODE), (other_netwerk.pk, PERIODE)])
    _concept(gevuld_netwerk)
    assert services.concepten_na_periode(vandaag=dt.date(2026, 10, 2)) == [
        (other_netwerk.pk, PERIODE)
    ]


# --- who generates (decision 0015: the service checks, the view's check is a convenience) --


@pytest.mark.parametrize("who", ["casemanager", "verzekeraar", "andere coordinator", "signaalteam"])
def test_only_the_coordinator_generates_the_networks_concept(gevuld_netwerk, other_netwerk, who):
    from tests.netwerk.factories import casemanager_of, coordinator_of, national_user

    users = {
        "casemanager": lambda: casemanager_of(gevuld_netwerk),
        "verzekeraar": lambda: verzekeraar_user(gevuld_netwerk.preferente_zorgverzekeraar),
        "andere coordinator": lambda: coordinator_of(other_netwerk),
        "signaalteam": lambda: national_user(Role.SIGNAALTEAM),
    }
    with pytest.raises(PermissionDenied):
        services.rapport_concept(
            netwerk=gevuld_netwerk, periode=parse_periode(PERIODE), actor=Actor.of(users[who]())
        )
    assert not Rapport.objects.exists()


def test_a_national_report_is_generated_by_the_national_roles_and_the_system(gevuld_netwerk):
    from tests.netwerk.factories import national_user

    periode = parse_periode(PERIODE)
    with pytest.raises(PermissionDenied):
        services.rapport_concept(
            netwerk=None,
            periode=periode,
            type=RapportType.SIGNALEN,
            actor=Actor.of(gevuld_netwerk.coordinator),
        )
    assert not Rapport.objects.exists()
    rapport = services.rapport_concept(
        netwerk=None,
        periode=periode,
        type=RapportType.SIGNALEN,
        actor=Actor.of(national_user(Role.SIGNAALTEAM)),
    )
    again = services.rapport_concept(
        netwerk=None, periode=periode, type=RapportType.SIGNALEN, actor=Actor.system()
    )
    assert again.pk == rapport.pk


def test_the_task_acts_as_the_user_who_asked_or_as_the_system(gevuld_netwerk):
    from rapportage.tasks import rapport_genereren
    from tests.netwerk.factories import casemanager_of

    with pytest.raises(PermissionDenied):
        rapport_genereren.apply(
            args=(gevuld_netwerk.pk, PERIODE),
            kwargs={"user_id": casemanager_of(gevuld_netwerk).pk},
        ).get()
    assert not Rapport.objects.exists()
    asked = rapport_genereren.apply(
        args=(gevuld_netwerk.pk, PERIODE), kwargs={"user_id": gevuld_netwerk.coordinator.pk}
    ).get()
    scheduled = rapport_genereren.apply(args=(gevuld_netwerk.pk, PERIODE)).get()
    assert asked["rapport"] == scheduled["rapport"] == Rapport.objects.get().pk


def test_the_task_acts_in_the_membership_the_user_asked_in(gevuld_netwerk, other_netwerk):
    """A coordinator of two networks who asks while working for the other network is checked
    as that membership, whatever their stored preference; someone else's membership is no
    right at all."""
    from netwerk.models import Membership
    from rapportage.tasks import rapport_genereren
    from tests.netwerk.factories import coordinator_of

    user = gevuld_netwerk.coordinator
    elders = Membership.objects.create(
        user=user, netwerk=other_netwerk, rol="netwerkcoordinator", actief=True
    )
    with pytest.raises(PermissionDenied):
        rapport_genereren.apply(
            args=(gevuld_netwerk.pk, PERIODE),
            kwargs={"user_id": user.pk, "membership_id": elders.pk},
        ).get()
    vreemd = coordinator_of(other_netwerk).memberships.get()
    with pytest.raises(PermissionDenied):
        rapport_genereren.apply(
            args=(other_netwerk.pk, PERIODE),
            kwargs={"user_id": user.pk, "membership_id": vreemd.pk},
        ).get()
    assert not Rapport.objects.exists()
