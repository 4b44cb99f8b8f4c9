"""Which client, aanmelding and traject a write service lets the actor touch (decision 0015):
the service checks it itself, so a Celery task, a command or an API caller that skips the
page's ``visible_to`` fetch is refused just the same, and nothing is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.actor import Actor
from casemanagement.models import (
    Aanmelding,
    Achtergrond,
    Casemanager,
    Client,
    Contactmoment,
    Indicatie,
    Mantelzorger,
    Meting,
    MetingType,
    Relatie,
    Uitstel,
)
from casemanagement.services import (
    aanmelding_afmelden,
    aanmelding_create,
    client_register,
    client_update,
    contact_log,
    indicatie_cosign,
    indicatie_create,
    mantelzorger_save,
    meting_add,
    metingen_add,
    uitstel_add,
)
from tests.casemanagement.factories import (
    CasemanagerFactory,
    RegisteredTrajectFactory,
    aanbieder_in,
    gemeente_in,
    valid_bsn,
)
from tests.netwerk.factories import coordinator_of, verzekeraar_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def today():
    moment = dt.datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def eigen(netwerk):
    """The traject's own casemanager (a verpleegkundige)."""
    return CasemanagerFactory(netwerk=netwerk)


@pytest.fixture
def traject(eigen):
    """Assigned on 10 September, not yet started: its aanmelding still waits."""
    return RegisteredTrajectFactory(casemanager=eigen)


# Who is refused: the casemanager profile they act with (None: not a casemanager).
REFUSED = {
    "casemanager-other-organisation": lambda netwerk, other: CasemanagerFactory(netwerk=netwerk),
    "casemanager-other-network": lambda netwerk, other: CasemanagerFactory(netwerk=other),
    "coordinator-other-network": lambda netwerk, other: coordinator_of(other),
    "verzekeraar": lambda netwerk, other: verzekeraar_user(netwerk.preferente_zorgverzekeraar),
}


@pytest.fixture(params=list(REFUSED), ids=list(REFUSED))
def refused(request, netwerk, other_netwerk):
    """(user, casemanager profile or None) of someone who may not touch the traject."""
    made = REFUSED[request.param](netwerk, other_netwerk)
    if isinstance(made, Casemanager):
        return made.user, made
    return made, None


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Client,
            Aanmelding,
            Mantelzorger,
            Uitstel,
            Contactmoment,
            Meting,
            Indicatie,
        )
    }


def _refused_and_nothing_written(call) -> None:
    before = _counts()
    with pytest.raises(PermissionDenied):
        call()
    assert _counts() == before


# --- Client and carers ------------------------------------------------------------------


def test_client_update_is_refused_outside_scope(traject, refused):
    user, _ = refused
    _refused_and_nothing_written(
        lambda: client_update(actor=Actor.of(user), client=traject.client, woonplaats="Elders")
    )
    traject.client.refresh_from_db()
    assert traject.client.woonplaats != "Elders"


def test_client_update_by_the_casemanager_and_the_coordinator(traject, eigen, netwerk):
    for user in (eigen.user, coordinator_of(netwerk)):
        client_update(actor=Actor.of(user), client=traject.client, woonplaats="Rijswijk")
    traject.client.refresh_from_db()
    assert traject.client.woonplaats == "Rijswijk"


def _carer(client, **fields):
    return Mantelzorger(client=client, naam="Piet", relatie=Relatie.PARTNER, **fields)


def test_adding_a_carer_is_refused_outside_scope(traject, refused):
    user, _ = refused
    _refused_and_nothing_written(
        lambda: mantelzorger_save(actor=Actor.of(user), mantelzorger=_carer(traject.client))
    )


def test_a_carer_cannot_be_moved_to_a_client_one_may_see(traject, eigen, other_netwerk):
    """Changing a carer of a client one may not see by pointing it at one's own client."""
    vreemd = RegisteredTrajectFactory(casemanager=CasemanagerFactory(netwerk=other_netwerk))
    carer = Mantelzorger.objects.create(client=vreemd.client, naam="Piet", relatie="partner")
    carer.client = traject.client
    carer.naam = "Overgenomen"

    _refused_and_nothing_written(
        lambda: mantelzorger_save(actor=Actor.of(eigen.user), mantelzorger=carer)
    )
    carer.refresh_from_db()
    assert (carer.client_id, carer.naam) == (vreemd.client_id, "Piet")


def test_the_casemanager_adds_a_carer(traject, eigen):
    mantelzorger_save(actor=Actor.of(eigen.user), mantelzorger=_carer(traject.client))

    assert traject.client.mantelzorgers.count() == 1


# --- Aanmeldingen -------------------------------------------------------------------------


def test_uitstel_is_refused_outside_scope(traject, refused):
    user, _ = refused
    _refused_and_nothing_written(
        lambda: uitstel_add(
            actor=Actor.of(user),
            aanmelding=traject.aanmelding,
            van=dt.date(2026, 9, 20),
            tot=dt.date(2026, 10, 20),
        )
    )


def test_afmelden_is_refused_outside_scope(traject, refused):
    user, _ = refused
    _refused_and_nothing_written(
        lambda: aanmelding_afmelden(
            actor=Actor.of(user),
            aanmelding=traject.aanmelding,
            datum=dt.date(2026, 10, 1),
            reden="anders",
        )
    )
    traject.aanmelding.refresh_from_db()
    traject.refresh_from_db()
    assert traject.aanmelding.afgemeld_op is None
    assert traject.einddatum is None


def test_uitstel_and_afmelden_by_the_casemanager(traject, eigen):
    actor = Actor.of(eigen.user)
    uitstel_add(
        actor=actor,
        aanmelding=traject.aanmelding,
        van=dt.date(2026, 9, 20),
        tot=dt.date(2026, 10, 20),
    )
    aanmelding_afmelden(
        actor=actor, aanmelding=traject.aanmelding, datum=dt.date(2026, 10, 21), reden="anders"
    )

    traject.aanmelding.refresh_from_db()
    assert traject.aanmelding.uitstellen.count() == 1
    assert traject.aanmelding.afgemeld_op == dt.date(2026, 10, 21)


def test_a_new_aanmelding_for_a_client_one_may_not_see_is_refused(traject, refused):
    user, _ = refused
    aanmelding_afmelden(
        actor=Actor.of(traject.casemanager.user),
        aanmelding=traject.aanmelding,
        datum=dt.date(2026, 10, 1),
        reden="anders",
    )
    _refused_and_nothing_written(
        lambda: aanmelding_create(
            actor=Actor.of(user),
            client=traject.client,
            datum=dt.date(2026, 10, 15),
            verwijzer_type="huisarts",
        )
    )


def test_a_coordinator_cannot_place_an_aanmelding_at_another_networks_aanbieder(
    netwerk, other_netwerk
):
    coordinator = coordinator_of(netwerk)
    registratie = client_register(
        actor=Actor.of(coordinator),
        bsn=valid_bsn(),
        client_fields={
            "voornaam": "Annie",
            "achternaam": "Jansen",
            "geboortedatum": dt.date(1941, 3, 2),
            "gemeente": gemeente_in(netwerk),
        },
    )

    before = _counts()
    # the coordinator may register; the aanbieder they chose is the mistake: a message on it
    with pytest.raises(ValidationError) as error:
        aanmelding_create(
            actor=Actor.of(coordinator),
            client=registratie.client,
            datum=dt.date(2026, 10, 15),
            verwijzer_type="huisarts",
            netwerk=other_netwerk,
            netwerk_reden="Dochter woont daar",
            organisatie=aanbieder_in(other_netwerk),
        )
    assert "centraal" in error.value.message_dict["organisatie"][0]
    assert _counts() == before
    # centrally at the other network, whose coordinator assigns it: allowed
    aanmelding = aanmelding_create(
        actor=Actor.of(coordinator),
        client=registratie.client,
        datum=dt.date(2026, 10, 15),
        verwijzer_type="huisarts",
        netwerk=other_netwerk,
        netwerk_reden="Dochter woont daar",
    )
    assert (aanmelding.netwerk, aanmelding.organisatie) == (other_netwerk, None)


def test_registration_does_not_take_a_network_other_than_the_gemeentes(netwerk, other_netwerk):
    """Page, API and import all register at the network of the client's gemeente; a caller
    cannot pass another (that is the coordinator's change of network, with its reason)."""
    coordinator = coordinator_of(other_netwerk)
    before = _counts()

    with pytest.raises(ValidationError) as error:
        client_register(
            actor=Actor.of(coordinator),
            bsn=valid_bsn(),
            client_fields={
                "voornaam": "Annie",
                "achternaam": "Jansen",
                "geboortedatum": dt.date(1941, 3, 2),
                "gemeente": gemeente_in(netwerk),
            },
            aanmelding_fields={
                "datum": dt.date(2026, 10, 15),
                "verwijzer_type": "huisarts",
                "netwerk": other_netwerk,
                "netwerk_reden": "Eigen netwerk",
                "organisatie": aanbieder_in(other_netwerk),
            },
        )

    assert "netwerk" in error.value.message_dict
    assert _counts() == before


# --- Contacts and measurements ----------------------------------------------------------


def _contact(user, traject, casemanager):
    return contact_log(
        actor=Actor.of(user),
        traject=traject,
        casemanager=casemanager,
        datum=dt.date(2026, 9, 15),
        type="huisbezoek",
        minuten=60,
    )


def test_contact_is_refused_outside_scope(traject, refused):
    user, profile = refused
    _refused_and_nothing_written(lambda: _contact(user, traject, profile or traject.casemanager))
    traject.refresh_from_db()
    assert traject.startdatum is None


def test_a_casemanager_logs_contacts_only_as_themselves(traject, netwerk):
    collega = CasemanagerFactory(netwerk=netwerk, organisatie=traject.organisatie)

    _refused_and_nothing_written(lambda: _contact(collega.user, traject, traject.casemanager))


def test_the_casemanager_and_the_coordinator_log_contacts(traject, netwerk):
    """The coordinator's import logs the first contact as the traject's casemanager."""
    _contact(coordinator_of(netwerk), traject, traject.casemanager)
    collega = CasemanagerFactory(netwerk=netwerk, organisatie=traject.organisatie)
    _contact(collega.user, traject, collega)

    traject.refresh_from_db()
    assert Contactmoment.objects.filter(traject=traject).count() == 2
    assert traject.startdatum == dt.date(2026, 9, 15)


def _meting(user, traject):
    return meting_add(
        actor=Actor.of(user),
        traject=traject,
        datum=dt.date(2026, 10, 1),
        type=MetingType.BELASTING,
        score=Decimal("6"),
    )


def _metingen(user, traject):
    return metingen_add(
        actor=Actor.of(user),
        traject=traject,
        datum=dt.date(2026, 10, 1),
        waarden={MetingType.BELASTING.value: Decimal("6")},
    )


@pytest.mark.parametrize("add", [_meting, _metingen], ids=["meting_add", "metingen_add"])
def test_measurements_are_refused_outside_scope(traject, refused, add):
    user, _ = refused
    _refused_and_nothing_written(lambda: add(user, traject))


@pytest.mark.parametrize("add", [_meting, _metingen], ids=["meting_add", "metingen_add"])
def test_the_casemanager_adds_measurements(traject, eigen, add):
    add(eigen.user, traject)

    assert Meting.objects.filter(traject=traject).count() == 1


# --- Indications ------------------------------------------------------------------------


def _indicatie(user, traject, opgesteld_door, **fields):
    return indicatie_create(
        actor=Actor.of(user),
        traject=traject,
        opgesteld_door=opgesteld_door,
        uren=Decimal("12"),
        periode_van=dt.date(2026, 10, 1),
        periode_tot=dt.date(2027, 3, 31),
        **fields,
    )


def test_indication_is_refused_outside_scope(traject, refused):
    user, profile = refused
    _refused_and_nothing_written(lambda: _indicatie(user, traject, profile or traject.casemanager))


def test_an_indication_is_set_only_in_ones_own_name(traject, netwerk):
    _refused_and_nothing_written(
        lambda: _indicatie(coordinator_of(netwerk), traject, traject.casemanager)
    )
    collega = CasemanagerFactory(netwerk=netwerk, organisatie=traject.organisatie)
    _refused_and_nothing_written(lambda: _indicatie(collega.user, traject, traject.casemanager))


def test_the_casemanager_sets_an_indication(traject, eigen):
    _indicatie(eigen.user, traject, eigen)

    assert Indicatie.objects.geldig().filter(traject=traject).count() == 1


@pytest.fixture
def te_tekenen(netwerk, traject):
    """An indication of a sociaal werker waiting for the co-signature of a verpleegkundige."""
    sociaal_werker = CasemanagerFactory(
        netwerk=netwerk, organisatie=traject.organisatie, achtergrond=Achtergrond.SOCIAAL_WERK
    )
    gevraagd = CasemanagerFactory(netwerk=netwerk, organisatie=traject.organisatie)
    indicatie = _indicatie(
        sociaal_werker.user, traject, sociaal_werker, medeondertekening_door=gevraagd
    )
    return indicatie, gevraagd


def test_co_signing_is_refused_to_anyone_but_the_one_asked(te_tekenen, refused, netwerk):
    indicatie, gevraagd = te_tekenen
    user, _ = refused
    for actor in (user, coordinator_of(netwerk), indicatie.traject.casemanager.user):
        _refused_and_nothing_written(
            lambda actor=actor: indicatie_cosign(
                actor=Actor.of(actor), indicatie=indicatie, door=gevraagd
            )
        )
    indicatie.refresh_from_db()
    assert indicatie.medeondertekend_door is None


def test_the_verpleegkundige_asked_co_signs(te_tekenen):
    indicatie, gevraagd = te_tekenen
    indicatie_cosign(actor=Actor.of(gevraagd.user), indicatie=indicatie, door=gevraagd)

    indicatie.refresh_from_db()
    assert indicatie.medeondertekend_door == gevraagd
