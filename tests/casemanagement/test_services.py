"""The writes of casemanagement against the real database: registration and the BSN (rule 6),
aanmelding, toewijzing (rules 2 and 3), the traject, the indicatie (rule 4), metingen and the
access log (rule 7)."""

import datetime as dt
import logging
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from accounts.actor import Actor
from accounts.models import AccessAction, AccessLogEntry
from casemanagement.identifiers import bsn_hash
from casemanagement.models import (
    Aanmelding,
    Achtergrond,
    Afmeldreden,
    Casemanager,
    CasemanagerWissel,
    Client,
    Eindreden,
    Fase,
    Indicatie,
    Intensiteit,
    IntensiteitWijziging,
    Mantelzorger,
    Meting,
    MetingType,
    MetWie,
    Overdracht,
    Relatie,
    ToewijzingOverride,
    Traject,
    Uitstel,
    Volhoudtijd,
)
from casemanagement.services import (
    CaseloadVol,
    aanmelding_afmelden,
    aanmelding_assign,
    aanmelding_change_netwerk,
    aanmelding_create,
    casemanager_move,
    client_register,
    client_update,
    contact_log,
    indicatie_cosign,
    indicatie_create,
    mantelzorger_save,
    meting_add,
    traject_change_casemanager,
    traject_close,
    traject_set_intensiteit,
    traject_transfer,
    uitstel_add,
)
from netwerk.models import Aansluiting
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    RegisteredAanmeldingFactory,
    RegisteredClientFactory,
    RegisteredTrajectFactory,
    aanbieder_in,
    gemeente_in,
    valid_bsn,
)
from tests.netwerk.factories import (
    AansluitingFactory,
    GemeenteFactory,
    NetwerkFactory,
    OrganisatieFactory,
    VestigingFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 2)
AANGEMELD = dt.date(2026, 9, 1)
TOEGEWEZEN = dt.date(2026, 9, 10)


@pytest.fixture(autouse=True)
def today():
    moment = dt.datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def aanbieder(netwerk):
    return aanbieder_in(netwerk)


@pytest.fixture
def casemanager_profile(netwerk, aanbieder):
    return CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder)


@pytest.fixture
def colleague(netwerk, aanbieder):
    return CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder)


@pytest.fixture
def aanmelding(netwerk):
    """A waiting aanmelding without provider (central registration at the network)."""
    return RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=AANGEMELD)


@pytest.fixture
def traject(coordinator, aanmelding, casemanager_profile):
    """Assigned, not yet started."""
    return aanmelding_assign(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        casemanager=casemanager_profile,
        op=TOEGEWEZEN,
    )


@pytest.fixture
def traject_in_zorg(traject, casemanager_profile):
    log_contact(traject, casemanager_profile, dt.date(2026, 9, 15))
    traject.refresh_from_db()
    return traject


def client_fields(netwerk, **overrides):
    return {
        "voornaam": "Annie",
        "achternaam": "Jansen",
        "geboortedatum": dt.date(1941, 3, 2),
        "gemeente": gemeente_in(netwerk),
        **overrides,
    }


def log_contact(traject, casemanager, datum, met_wie=(MetWie.CLIENT,), **fields):
    return contact_log(
        actor=Actor.of(casemanager.user),
        traject=traject,
        casemanager=casemanager,
        datum=datum,
        type=fields.pop("type", "huisbezoek"),
        minuten=fields.pop("minuten", 60),
        met_wie=met_wie,
        **fields,
    )


def fill_caseload(casemanager, aantal):
    return RegisteredTrajectFactory.create_batch(aantal, casemanager=casemanager)


def last_log_id() -> int:
    return AccessLogEntry.objects.aggregate(last=Max("id"))["last"] or 0


def log_rows_since(log_id):
    return list(AccessLogEntry.objects.filter(id__gt=log_id).order_by("id"))


# --- Registration and the BSN (rule 6) ----------------------------------------------------


def test_registration_puts_the_client_in_the_network_of_their_gemeente(netwerk, coordinator):
    registratie = client_register(
        actor=Actor.of(coordinator), bsn="1112.22.333", client_fields=client_fields(netwerk)
    )

    client = Client.objects.get(pk=registratie.client.pk)
    assert registratie.bestond_al is False
    assert client.netwerk == netwerk
    assert client.bsn == "111222333"
    assert client.bsn_masked == "******333"
    assert client.aangemaakt_door == coordinator


def test_registration_in_a_gemeente_of_no_network_is_refused(coordinator, netwerk):
    with pytest.raises(ValidationError) as error:
        client_register(
            actor=Actor.of(coordinator),
            bsn=valid_bsn(),
            client_fields=client_fields(netwerk, gemeente=GemeenteFactory()),
        )

    assert "gemeente" in error.value.message_dict
    assert not Client.objects.exists()


def test_registration_with_an_invalid_bsn_is_refused_and_creates_nothing(netwerk, coordinator):
    with pytest.raises(ValidationError) as error:
        client_register(
            actor=Actor.of(coordinator), bsn="123456789", client_fields=client_fields(netwerk)
        )

    assert "geen geldig BSN" in str(error.value)
    assert "123456789" not in str(error.value)
    assert not Client.objects.exists()
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("typed_again", ["111222333", "1112.22.333", "111 222 333", "1112-22-333"])
def test_registering_a_known_bsn_returns_the_existing_client_instead_of_a_duplicate(
    netwerk, coordinator, typed_again
):
    first = client_register(
        actor=Actor.of(coordinator), bsn="111222333", client_fields=client_fields(netwerk)
    )

    again = client_register(
        actor=Actor.of(coordinator),
        bsn=typed_again,
        client_fields=client_fields(netwerk, voornaam="Anna", achternaam="JANSEN"),
    )

    assert again.bestond_al is True
    assert again.client.pk == first.client.pk
    assert Client.objects.count() == 1
    assert Client.objects.get().naam == "Annie Jansen"


def test_registering_a_known_bsn_with_an_aanmelding_adds_it_to_the_existing_client(
    netwerk, coordinator
):
    first = client_register(
        actor=Actor.of(coordinator), bsn="111222333", client_fields=client_fields(netwerk)
    )

    again = client_register(
        actor=Actor.of(coordinator),
        bsn="1112.22.333",
        client_fields=client_fields(netwerk),
        aanmelding_fields={"datum": AANGEMELD, "verwijzer_type": "huisarts"},
    )

    assert again.bestond_al is True
    assert again.aanmelding.client_id == first.client.pk
    assert Client.objects.count() == 1
    assert list(Aanmelding.objects.values_list("client_id", flat=True)) == [first.client.pk]


@pytest.fixture
def unredacted_log(caplog):
    """Every log line exactly as the code wrote it, SQL included. The console handler's
    redaction filter (the safety net) rewrites records in place, so this handler goes first:
    what it sees is what the code itself logged."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())
            if record.exc_info:
                lines.append(logging.Formatter().formatException(record.exc_info))

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    root.handlers.insert(0, handler)
    try:
        yield lines
    finally:
        root.removeHandler(handler)


def test_bsn_never_appears_in_log_output_when_registering(
    netwerk, coordinator, caplog, unredacted_log
):
    # Every SQL statement is logged too (debug cursor): the BSN is not even in the queries.
    with CaptureQueriesContext(connection):
        client_register(
            actor=Actor.of(coordinator),
            bsn="1112.22.333",
            client_fields=client_fields(netwerk),
            aanmelding_fields={"datum": AANGEMELD, "verwijzer_type": "huisarts"},
        )
        client_register(
            actor=Actor.of(coordinator), bsn="111 222 333", client_fields=client_fields(netwerk)
        )
        with pytest.raises(ValidationError):
            client_register(
                actor=Actor.of(coordinator), bsn="111222334", client_fields=client_fields(netwerk)
            )

    written = "\n".join(unredacted_log)
    assert "INSERT INTO" in written  # the capture works, so the checks below can fail
    for text in (written, caplog.text):
        for form in ("111222333", "1112.22.333", "111 222 333", "111222334"):
            assert form not in text


def test_bsn_is_not_in_the_access_log_rows_of_a_registration(netwerk, coordinator):
    registratie = client_register(
        actor=Actor.of(coordinator),
        bsn="111222333",
        client_fields=client_fields(netwerk),
        aanmelding_fields={"datum": AANGEMELD, "verwijzer_type": "huisarts"},
    )

    rows = list(AccessLogEntry.objects.values())
    assert len(rows) == 2
    assert {row["client_id"] for row in rows} == {registratie.client.pk}
    for row in rows:
        assert all("111222333" not in str(value) for value in row.values())


def test_plain_bsn_is_stored_in_no_table_after_registration(netwerk, coordinator):
    client_register(
        actor=Actor.of(coordinator),
        bsn="111222333",
        client_fields=client_fields(netwerk),
        aanmelding_fields={"datum": AANGEMELD, "verwijzer_type": "huisarts"},
    )
    client = Client.objects.get()
    client_update(actor=Actor.of(coordinator), client=client, woonplaats="Delft")

    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*) FROM {quoted} AS r WHERE r::text LIKE %s",  # noqa: S608
                ["%111222333%"],
            )
            if cursor.fetchone()[0]:
                found.append(table)
    assert found == []


# --- Aanmelding ---------------------------------------------------------------------------


def test_aanmelding_goes_to_the_network_of_the_clients_gemeente(netwerk, coordinator):
    registratie = client_register(
        actor=Actor.of(coordinator),
        bsn=valid_bsn(),
        client_fields=client_fields(netwerk),
        aanmelding_fields={"datum": AANGEMELD, "verwijzer_type": "geheugenpoli"},
    )

    aanmelding = Aanmelding.objects.get()
    assert aanmelding == registratie.aanmelding
    assert aanmelding.netwerk == netwerk
    assert aanmelding.netwerk_reden == ""
    assert aanmelding.is_wachtend


def test_aanmelding_in_another_network_needs_a_reason(netwerk, other_netwerk, coordinator):
    client = RegisteredClientFactory(netwerk=netwerk)

    with pytest.raises(ValidationError) as error:
        aanmelding_create(
            actor=Actor.of(coordinator),
            client=client,
            datum=dt.date(2026, 10, 1),
            verwijzer_type="huisarts",
            netwerk=other_netwerk,
            netwerk_reden="   ",
        )
    assert "netwerk_reden" in error.value.message_dict
    assert netwerk.naam in error.value.message_dict["netwerk_reden"][0]

    aanmelding = aanmelding_create(
        actor=Actor.of(coordinator),
        client=client,
        datum=dt.date(2026, 10, 1),
        verwijzer_type="huisarts",
        netwerk=other_netwerk,
        netwerk_reden="Dochter woont in Enschede, cliënt verblijft daar",
    )
    assert aanmelding.netwerk == other_netwerk


def _no_provider(netwerk):
    return OrganisatieFactory()


def _affiliated_without_casemanagement(netwerk):
    return AansluitingFactory(netwerk=netwerk, levert_casemanagement=False).organisatie


def _affiliation_ended(netwerk):
    return AansluitingFactory(
        netwerk=netwerk, geldig_van=dt.date(2015, 1, 1), geldig_tot=dt.date(2026, 7, 1)
    ).organisatie


def _provider_in_other_network(netwerk):
    return aanbieder_in(NetwerkFactory())


@pytest.mark.parametrize(
    "organisatie_for",
    [
        _no_provider,
        _affiliated_without_casemanagement,
        _affiliation_ended,
        _provider_in_other_network,
    ],
    ids=["not-affiliated", "no-casemanagement", "affiliation-ended", "other-network"],
)
def test_aanmelding_at_an_organisation_that_is_no_casemanagement_provider_is_refused(
    netwerk, coordinator, organisatie_for
):
    organisatie = organisatie_for(netwerk)
    client = RegisteredClientFactory(netwerk=netwerk)

    with pytest.raises(ValidationError) as error:
        aanmelding_create(
            actor=Actor.of(coordinator),
            client=client,
            datum=AANGEMELD,
            verwijzer_type="huisarts",
            organisatie=organisatie,
        )

    assert "levert geen casemanagement" in error.value.message_dict["organisatie"][0]
    assert not Aanmelding.objects.filter(client=client, datum=AANGEMELD).exists()


def test_aanmelding_at_a_provider_takes_its_vestiging_but_not_another_ones(
    netwerk, coordinator, aanbieder
):
    client = RegisteredClientFactory(netwerk=netwerk)
    eigen = VestigingFactory(organisatie=aanbieder)

    with pytest.raises(ValidationError) as error:
        aanmelding_create(
            actor=Actor.of(coordinator),
            client=client,
            datum=AANGEMELD,
            verwijzer_type="huisarts",
            organisatie=aanbieder,
            vestiging=VestigingFactory(),
        )
    assert "vestiging" in error.value.message_dict

    aanmelding = aanmelding_create(
        actor=Actor.of(coordinator),
        client=client,
        datum=AANGEMELD,
        verwijzer_type="huisarts",
        organisatie=aanbieder,
        vestiging=eigen,
    )
    assert (aanmelding.organisatie, aanmelding.vestiging) == (aanbieder, eigen)


def test_client_cannot_be_on_the_waitlist_twice(coordinator, aanmelding):
    with pytest.raises(ValidationError) as error:
        aanmelding_create(
            actor=Actor.of(coordinator),
            client=aanmelding.client,
            datum=dt.date(2026, 10, 1),
            verwijzer_type="wijkteam",
        )

    assert "Deze cliënt staat al op de wachtlijst." in error.value.messages
    assert Aanmelding.objects.filter(client=aanmelding.client).count() == 1


def test_client_who_left_the_waitlist_can_be_referred_again(coordinator, aanmelding):
    aanmelding_afmelden(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        datum=dt.date(2026, 9, 20),
        reden="afzien",
    )

    nieuw = aanmelding_create(
        actor=Actor.of(coordinator),
        client=aanmelding.client,
        datum=dt.date(2026, 10, 1),
        verwijzer_type="zelf",
    )

    assert nieuw.is_wachtend
    assert Aanmelding.objects.filter(client=aanmelding.client).wachtend().get() == nieuw


def test_aanmelding_dated_in_the_future_is_refused(netwerk, coordinator):
    client = RegisteredClientFactory(netwerk=netwerk)

    with pytest.raises(ValidationError) as error:
        aanmelding_create(
            actor=Actor.of(coordinator),
            client=client,
            datum=TODAY + dt.timedelta(days=1),
            verwijzer_type="huisarts",
        )

    assert error.value.message_dict == {"datum": ["Deze datum ligt in de toekomst."]}


def test_aanmelding_dated_today_is_accepted(netwerk, coordinator):
    client = RegisteredClientFactory(netwerk=netwerk)

    aanmelding = aanmelding_create(
        actor=Actor.of(coordinator), client=client, datum=TODAY, verwijzer_type="huisarts"
    )

    assert aanmelding.datum == TODAY


def test_change_of_network_of_a_waiting_aanmelding_needs_a_reason(
    coordinator, aanmelding, other_netwerk
):
    with pytest.raises(ValidationError) as error:
        aanmelding_change_netwerk(
            actor=Actor.of(coordinator), aanmelding=aanmelding, netwerk=other_netwerk, reden=""
        )
    assert "reden" in error.value.message_dict

    aanmelding_change_netwerk(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        netwerk=other_netwerk,
        reden="Verhuist naar Twente",
    )
    aanmelding.refresh_from_db()
    assert (aanmelding.netwerk, aanmelding.netwerk_reden) == (other_netwerk, "Verhuist naar Twente")


def test_uitstel_is_recorded_while_waiting(coordinator, aanmelding):
    uitstel = uitstel_add(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        van=dt.date(2026, 9, 5),
        tot=dt.date(2026, 9, 19),
        reden="Op vakantie",
    )

    assert list(aanmelding.uitstellen.all()) == [uitstel]
    assert (uitstel.van, uitstel.tot) == (dt.date(2026, 9, 5), dt.date(2026, 9, 19))


def test_uitstel_cannot_start_before_the_aanmelding(coordinator, aanmelding):
    with pytest.raises(ValidationError) as error:
        uitstel_add(
            actor=Actor.of(coordinator),
            aanmelding=aanmelding,
            van=AANGEMELD - dt.timedelta(days=1),
            tot=dt.date(2026, 9, 19),
        )

    assert "van" in error.value.message_dict
    assert not Uitstel.objects.exists()


def test_uitstel_must_end_after_it_starts(coordinator, aanmelding):
    with pytest.raises(ValidationError) as error:
        uitstel_add(
            actor=Actor.of(coordinator),
            aanmelding=aanmelding,
            van=dt.date(2026, 9, 5),
            tot=dt.date(2026, 9, 5),
        )

    assert "De datum ‘weer beschikbaar’ ligt niet na het begin." in error.value.messages


def test_uitstel_is_refused_once_the_client_is_in_care(coordinator, traject_in_zorg):
    with pytest.raises(ValidationError) as error:
        uitstel_add(
            actor=Actor.of(coordinator),
            aanmelding=traject_in_zorg.aanmelding,
            van=dt.date(2026, 9, 20),
            tot=dt.date(2026, 10, 1),
        )

    assert error.value.messages == ["Deze aanmelding staat niet meer op de wachtlijst."]


def test_uitstel_is_refused_after_afmelding(coordinator, aanmelding):
    aanmelding_afmelden(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        datum=dt.date(2026, 9, 3),
        reden="opname",
    )

    with pytest.raises(ValidationError):
        uitstel_add(
            actor=Actor.of(coordinator),
            aanmelding=aanmelding,
            van=dt.date(2026, 9, 5),
            tot=dt.date(2026, 9, 9),
        )


def test_afmelden_takes_the_client_off_the_waitlist_with_date_and_reason(coordinator, aanmelding):
    aanmelding_afmelden(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        datum=dt.date(2026, 9, 20),
        reden="opname",
    )

    aanmelding.refresh_from_db()
    assert aanmelding.afgemeld_op == dt.date(2026, 9, 20)
    assert aanmelding.afmeldreden == Afmeldreden.OPNAME
    assert not Aanmelding.objects.wachtend().filter(pk=aanmelding.pk).exists()


def test_afmelden_ends_an_assigned_traject_that_had_not_started(coordinator, traject):
    aanmelding_afmelden(
        actor=Actor.of(coordinator),
        aanmelding=traject.aanmelding,
        datum=dt.date(2026, 9, 20),
        reden="overlijden",
    )

    traject.refresh_from_db()
    assert traject.einddatum == dt.date(2026, 9, 20)
    assert traject.eindreden == Eindreden.OVERLIJDEN
    assert not Traject.objects.open().filter(client=traject.client).exists()


@pytest.mark.parametrize(
    ("datum", "reden", "field_or_message"),
    [
        (TODAY + dt.timedelta(days=1), "afzien", "datum"),
        (dt.date(2026, 9, 20), "", "Geef de reden van de afmelding."),
        (dt.date(2026, 9, 20), "ziek", "afmeldreden"),
        (
            AANGEMELD - dt.timedelta(days=1),
            "afzien",
            "Een datum ligt voor de datum van aanmelding.",
        ),
    ],
    ids=["future", "no-reason", "unknown-reason", "before-aanmelding"],
)
def test_afmelden_is_refused_without_valid_date_and_reason(
    coordinator, aanmelding, datum, reden, field_or_message
):
    with pytest.raises(ValidationError) as error:
        aanmelding_afmelden(
            actor=Actor.of(coordinator), aanmelding=aanmelding, datum=datum, reden=reden
        )

    assert field_or_message in error.value.message_dict or field_or_message in str(error.value)
    aanmelding.refresh_from_db()
    assert aanmelding.is_wachtend


def test_afmelden_is_refused_once_the_client_is_in_care(coordinator, traject_in_zorg):
    with pytest.raises(ValidationError) as error:
        aanmelding_afmelden(
            actor=Actor.of(coordinator),
            aanmelding=traject_in_zorg.aanmelding,
            datum=dt.date(2026, 10, 1),
            reden="afzien",
        )

    assert error.value.messages == ["Deze aanmelding staat niet meer op de wachtlijst."]
    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.is_open


@pytest.mark.parametrize(
    ("reden", "fase"), [("overlijden", Fase.OVERLEDEN), ("opname", Fase.OPNAME)]
)
def test_afmelden_because_of_death_or_admission_updates_the_clients_fase(
    coordinator, aanmelding, reden, fase
):
    aanmelding_afmelden(
        actor=Actor.of(coordinator), aanmelding=aanmelding, datum=dt.date(2026, 9, 20), reden=reden
    )

    aanmelding.client.refresh_from_db()
    assert aanmelding.client.fase == fase


# Records written without a registering user: the demo seed (casemanagement/demo.py) and the
# import create clients and aanmeldingen with aangemaakt_door NULL; every service must still
# be able to change them.


def test_aanmelding_without_registering_user_can_be_assigned(
    netwerk, coordinator, casemanager_profile
):
    aanmelding = AanmeldingFactory(client__netwerk=netwerk, datum=AANGEMELD)
    assert aanmelding.aangemaakt_door is None

    traject = aanmelding_assign(
        actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=casemanager_profile
    )

    assert traject.is_open


def test_aanmelding_without_registering_user_can_be_afgemeld(netwerk, coordinator):
    aanmelding = AanmeldingFactory(client__netwerk=netwerk, datum=AANGEMELD)

    aanmelding_afmelden(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        datum=dt.date(2026, 9, 20),
        reden="afzien",
    )

    aanmelding.refresh_from_db()
    assert aanmelding.afgemeld_op == dt.date(2026, 9, 20)


def test_client_without_registering_user_can_be_updated(netwerk, coordinator):
    client = ClientFactory(netwerk=netwerk)
    assert client.aangemaakt_door is None

    client_update(actor=Actor.of(coordinator), client=client, woonplaats="Delft")

    assert Client.objects.get(pk=client.pk).woonplaats == "Delft"


# --- Toewijzing (rules 2 and 3) -----------------------------------------------------------


def test_assignment_creates_an_open_traject_at_the_casemanagers_organisation(
    coordinator, aanmelding, casemanager_profile
):
    assert aanmelding.organisatie is None

    traject = aanmelding_assign(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        casemanager=casemanager_profile,
        op=TOEGEWEZEN,
    )

    traject.refresh_from_db()
    aanmelding.refresh_from_db()
    assert traject.is_open
    assert traject.startdatum is None
    assert traject.client == aanmelding.client
    assert traject.casemanager == casemanager_profile
    assert traject.organisatie == casemanager_profile.organisatie
    assert traject.netwerk == aanmelding.netwerk
    assert aanmelding.toegewezen_op == TOEGEWEZEN
    assert aanmelding.organisatie == casemanager_profile.organisatie
    # assigned is not yet in care: the client is still waiting
    assert aanmelding.is_wachtend


def test_assignment_without_a_date_is_dated_today(coordinator, aanmelding, casemanager_profile):
    traject = aanmelding_assign(
        actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=casemanager_profile
    )

    assert traject.toegewezen_op == TODAY


def test_second_assignment_of_the_same_aanmelding_is_refused(coordinator, traject, colleague):
    with pytest.raises(ValidationError) as error:
        aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=traject.aanmelding, casemanager=colleague
        )

    assert error.value.messages == ["Deze aanmelding is al toegewezen."]
    assert Traject.objects.filter(client=traject.client).count() == 1


def test_assignment_of_an_aanmelding_that_left_the_waitlist_is_refused(
    coordinator, aanmelding, casemanager_profile
):
    aanmelding_afmelden(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        datum=dt.date(2026, 9, 3),
        reden="afzien",
    )

    with pytest.raises(ValidationError):
        aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=casemanager_profile
        )
    assert not Traject.objects.exists()


@pytest.fixture
def small_casemanager(netwerk, aanbieder):
    """fte 0.1 x caseload norm 40 = 4 places."""
    assert netwerk.caseload_norm == Decimal("40.0")
    return CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder, fte=Decimal("0.10"))


def test_casemanager_at_the_caseload_norm_is_refused(coordinator, aanmelding, small_casemanager):
    fill_caseload(small_casemanager, 4)

    with pytest.raises(CaseloadVol) as error:
        aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=small_casemanager
        )

    assert (error.value.load, error.value.capaciteit) == (4, 4)
    assert "heeft al 4 cliënten bij een norm van 4" in error.value.messages[0]
    assert error.value.code == "caseload_vol"
    assert not Traject.objects.filter(aanmelding=aanmelding).exists()
    assert not ToewijzingOverride.objects.exists()


def test_casemanager_with_one_free_place_gets_the_assignment(
    coordinator, aanmelding, small_casemanager
):
    fill_caseload(small_casemanager, 3)

    aanmelding_assign(
        actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=small_casemanager
    )

    assert Traject.objects.open().filter(casemanager=small_casemanager).count() == 4
    assert not ToewijzingOverride.objects.exists()


def test_closed_trajecten_do_not_count_for_the_caseload(coordinator, aanmelding, small_casemanager):
    trajecten = fill_caseload(small_casemanager, 4)
    Traject.objects.filter(pk=trajecten[0].pk).update(
        einddatum=dt.date(2026, 10, 1), eindreden=Eindreden.VERHUIZING
    )

    traject = aanmelding_assign(
        actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=small_casemanager
    )

    assert traject.casemanager == small_casemanager


def test_override_with_a_reason_assigns_past_the_norm_and_records_who_why_and_the_load(
    coordinator, aanmelding, small_casemanager
):
    fill_caseload(small_casemanager, 5)

    traject = aanmelding_assign(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        casemanager=small_casemanager,
        override_reden="  Kent de cliënt al van eerdere opname  ",
    )

    override = ToewijzingOverride.objects.get()
    assert override.traject == traject
    assert override.casemanager == small_casemanager
    assert override.door == coordinator
    assert override.reden == "Kent de cliënt al van eerdere opname"
    assert (override.caseload, override.capaciteit) == (5, 4)
    assert Traject.objects.open().filter(casemanager=small_casemanager).count() == 6


def test_blank_override_reason_is_no_override(coordinator, aanmelding, small_casemanager):
    fill_caseload(small_casemanager, 4)

    with pytest.raises(CaseloadVol):
        aanmelding_assign(
            actor=Actor.of(coordinator),
            aanmelding=aanmelding,
            casemanager=small_casemanager,
            override_reden="   ",
        )


def test_override_reason_below_the_norm_records_no_override(
    coordinator, aanmelding, small_casemanager
):
    aanmelding_assign(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        casemanager=small_casemanager,
        override_reden="Voor de zekerheid",
    )

    assert not ToewijzingOverride.objects.exists()


def test_casemanager_of_an_organisation_no_longer_affiliated_cannot_be_assigned(
    coordinator, aanmelding, casemanager_profile, netwerk
):
    Aansluiting.objects.filter(netwerk=netwerk, organisatie=casemanager_profile.organisatie).update(
        geldig_tot=dt.date(2026, 10, 1)
    )

    with pytest.raises(ValidationError) as error:
        aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=casemanager_profile
        )

    assert "alleen aangesloten aanbieders" in error.value.message_dict["organisatie"][0]
    assert not Traject.objects.exists()


def test_casemanager_of_an_affiliated_organisation_without_casemanagement_cannot_be_assigned(
    coordinator, aanmelding, netwerk
):
    partner = AansluitingFactory(netwerk=netwerk, levert_casemanagement=False).organisatie
    # written directly: casemanager_save would already refuse this profile
    casemanager = CasemanagerFactory(netwerk=netwerk, organisatie=partner)

    with pytest.raises(ValidationError) as error:
        aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=casemanager
        )

    assert "organisatie" in error.value.message_dict
    assert not Traject.objects.exists()


def test_casemanager_of_another_network_cannot_be_assigned(coordinator, aanmelding, other_netwerk):
    elders = CasemanagerFactory(netwerk=other_netwerk)

    with pytest.raises(ValidationError) as error:
        aanmelding_assign(actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=elders)

    assert "casemanager" in error.value.message_dict


def test_inactive_casemanager_cannot_be_assigned(coordinator, aanmelding, casemanager_profile):
    Casemanager.objects.filter(pk=casemanager_profile.pk).update(actief=False)

    with pytest.raises(ValidationError) as error:
        aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=casemanager_profile
        )

    assert error.value.message_dict == {"casemanager": ["Deze casemanager is niet meer actief."]}


def test_client_in_care_cannot_get_a_second_open_traject(coordinator, traject_in_zorg, colleague):
    tweede = aanmelding_create(
        actor=Actor.of(coordinator),
        client=traject_in_zorg.client,
        datum=dt.date(2026, 10, 1),
        verwijzer_type="huisarts",
    )

    with pytest.raises(ValidationError) as error:
        aanmelding_assign(actor=Actor.of(coordinator), aanmelding=tweede, casemanager=colleague)

    assert error.value.messages == ["Deze cliënt heeft al een lopend traject."]
    assert Traject.objects.open().filter(client=traject_in_zorg.client).count() == 1


def test_database_refuses_a_second_open_traject_for_a_client_even_when_inserted_directly(
    traject_in_zorg, colleague
):
    tweede = RegisteredAanmeldingFactory(client=traject_in_zorg.client, datum=dt.date(2026, 10, 1))

    with (
        pytest.raises(IntegrityError, match="traject_een_open_per_client"),
        transaction.atomic(),
    ):
        Traject.objects.create(
            client=traject_in_zorg.client,
            aanmelding=tweede,
            netwerk=traject_in_zorg.netwerk,
            organisatie=colleague.organisatie,
            casemanager=colleague,
            toegewezen_op=dt.date(2026, 10, 2),
        )

    assert Traject.objects.filter(client=traject_in_zorg.client).count() == 1


def test_client_may_get_a_new_traject_after_the_previous_one_ended(
    coordinator, traject_in_zorg, casemanager_profile
):
    traject_close(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        datum=dt.date(2026, 10, 1),
        reden="huisarts",
    )
    tweede = aanmelding_create(
        actor=Actor.of(coordinator),
        client=traject_in_zorg.client,
        datum=dt.date(2026, 10, 5),
        verwijzer_type="huisarts",
    )

    nieuw = aanmelding_assign(
        actor=Actor.of(coordinator), aanmelding=tweede, casemanager=casemanager_profile
    )

    assert Traject.objects.open().get(client=traject_in_zorg.client) == nieuw


# --- Traject ------------------------------------------------------------------------------


def test_first_contact_of_the_own_casemanager_with_the_client_starts_care_and_stops_the_clock(
    traject, casemanager_profile
):
    log_contact(traject, casemanager_profile, dt.date(2026, 9, 15))

    traject.refresh_from_db()
    traject.aanmelding.refresh_from_db()
    assert traject.startdatum == dt.date(2026, 9, 15)
    assert traject.aanmelding.eerste_contact_op == dt.date(2026, 9, 15)
    assert not traject.aanmelding.is_wachtend


def test_contact_of_a_covering_colleague_does_not_start_care(traject, colleague):
    log_contact(traject, colleague, dt.date(2026, 9, 15))

    traject.refresh_from_db()
    traject.aanmelding.refresh_from_db()
    assert traject.startdatum is None
    assert traject.aanmelding.eerste_contact_op is None
    assert traject.contacten.count() == 1


def test_contact_only_with_the_mantelzorger_does_not_start_care(traject, casemanager_profile):
    log_contact(traject, casemanager_profile, dt.date(2026, 9, 15), met_wie=[MetWie.MANTELZORGER])

    traject.refresh_from_db()
    assert traject.startdatum is None
    assert Aanmelding.objects.get(pk=traject.aanmelding_id).eerste_contact_op is None

    log_contact(
        traject,
        casemanager_profile,
        dt.date(2026, 9, 18),
        met_wie=[MetWie.MANTELZORGER, MetWie.CLIENT],
    )
    traject.refresh_from_db()
    assert traject.startdatum == dt.date(2026, 9, 18)


def test_later_contacts_do_not_move_the_start(traject_in_zorg, casemanager_profile):
    log_contact(traject_in_zorg, casemanager_profile, dt.date(2026, 10, 20))

    traject_in_zorg.refresh_from_db()
    traject_in_zorg.aanmelding.refresh_from_db()
    assert traject_in_zorg.startdatum == dt.date(2026, 9, 15)
    assert traject_in_zorg.aanmelding.eerste_contact_op == dt.date(2026, 9, 15)


def test_backdated_earlier_contact_becomes_the_first_contact(traject, casemanager_profile):
    log_contact(traject, casemanager_profile, dt.date(2026, 9, 20))
    # the casemanager enters the phone call of the 12th a few days later
    log_contact(traject, casemanager_profile, dt.date(2026, 9, 12), type="telefonisch")

    traject.refresh_from_db()
    traject.aanmelding.refresh_from_db()
    assert traject.aanmelding.eerste_contact_op == dt.date(2026, 9, 12)
    assert traject.startdatum == dt.date(2026, 9, 12)


@pytest.mark.parametrize(
    ("datum", "field"),
    [(TODAY + dt.timedelta(days=1), "datum"), (AANGEMELD - dt.timedelta(days=1), "datum")],
    ids=["future", "before-aanmelding"],
)
def test_contact_with_an_impossible_date_is_refused(traject, casemanager_profile, datum, field):
    with pytest.raises(ValidationError) as error:
        log_contact(traject, casemanager_profile, datum)

    assert field in error.value.message_dict
    assert not traject.contacten.exists()


def test_contact_on_a_closed_traject_is_refused(coordinator, traject_in_zorg, casemanager_profile):
    traject_close(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        datum=dt.date(2026, 10, 1),
        reden="verhuizing",
    )

    with pytest.raises(ValidationError) as error:
        log_contact(traject_in_zorg, casemanager_profile, dt.date(2026, 10, 5))

    assert error.value.messages == ["Dit traject is afgesloten."]


def test_intensity_changes_keep_their_history_with_the_same_casemanager(
    traject_in_zorg, casemanager_profile
):
    user = casemanager_profile.user
    traject_set_intensiteit(
        actor=Actor.of(user),
        traject=traject_in_zorg,
        intensiteit="intensief",
        datum=dt.date(2026, 10, 1),
    )
    traject_set_intensiteit(
        actor=Actor.of(user),
        traject=traject_in_zorg,
        intensiteit="licht",
        datum=dt.date(2026, 10, 20),
    )

    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.intensiteit == Intensiteit.LICHT
    assert traject_in_zorg.casemanager == casemanager_profile
    assert list(
        IntensiteitWijziging.objects.filter(traject=traject_in_zorg).values_list(
            "datum", "intensiteit", "door"
        )
    ) == [
        (dt.date(2026, 10, 1), Intensiteit.INTENSIEF, user.pk),
        (dt.date(2026, 10, 20), Intensiteit.LICHT, user.pk),
    ]
    assert not CasemanagerWissel.objects.exists()


def test_setting_the_same_intensity_again_is_refused(traject_in_zorg, casemanager_profile):
    with pytest.raises(ValidationError) as error:
        traject_set_intensiteit(
            actor=Actor.of(casemanager_profile.user), traject=traject_in_zorg, intensiteit="midden"
        )

    assert "intensiteit" in error.value.message_dict
    assert not IntensiteitWijziging.objects.exists()


def test_change_of_casemanager_needs_a_reason(coordinator, traject_in_zorg, colleague):
    with pytest.raises(ValidationError) as error:
        traject_change_casemanager(
            actor=Actor.of(coordinator), traject=traject_in_zorg, casemanager=colleague, reden="  "
        )

    assert "reden" in error.value.message_dict
    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.casemanager != colleague


def test_change_of_casemanager_is_recorded_with_its_reason(
    coordinator, traject_in_zorg, casemanager_profile, colleague
):
    traject_change_casemanager(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        casemanager=colleague,
        reden="Langdurig ziek",
    )

    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.casemanager == colleague
    wissel = CasemanagerWissel.objects.get()
    assert (wissel.traject, wissel.van, wissel.naar) == (
        traject_in_zorg,
        casemanager_profile,
        colleague,
    )
    assert (wissel.reden, wissel.door, wissel.datum) == ("Langdurig ziek", coordinator, TODAY)


def test_change_to_a_full_casemanager_needs_an_override(
    coordinator, traject_in_zorg, small_casemanager
):
    fill_caseload(small_casemanager, 4)

    with pytest.raises(CaseloadVol):
        traject_change_casemanager(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            casemanager=small_casemanager,
            reden="Ziek",
        )
    assert not CasemanagerWissel.objects.exists()

    traject_change_casemanager(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        casemanager=small_casemanager,
        reden="Ziek",
        override_reden="Enige casemanager in de wijk",
    )
    override = ToewijzingOverride.objects.get()
    assert (override.traject, override.caseload, override.capaciteit) == (traject_in_zorg, 4, 4)


@pytest.fixture
def nieuwe_aanbieder(netwerk):
    return aanbieder_in(netwerk)


def test_provider_stops_and_its_clients_move_to_another_provider_keeping_their_casemanager(
    netwerk, coordinator, aanbieder, nieuwe_aanbieder, casemanager_profile, colleague
):
    """The scenario of the issue: a provider stops; its casemanagers join another provider
    and every client keeps their own casemanager."""
    eigen = fill_caseload(casemanager_profile, 3)
    van_collega = fill_caseload(colleague, 2)
    afgesloten = RegisteredTrajectFactory(
        casemanager=casemanager_profile, einddatum=dt.date(2026, 10, 1), eindreden="verhuizing"
    )

    moved = casemanager_move(
        actor=Actor.of(coordinator),
        casemanager=casemanager_profile,
        naar_organisatie=nieuwe_aanbieder,
        reden="Aanbieder stopt met casemanagement",
    )
    moved += casemanager_move(
        actor=Actor.of(coordinator),
        casemanager=colleague,
        naar_organisatie=nieuwe_aanbieder,
        reden="Aanbieder stopt met casemanagement",
    )
    Aansluiting.objects.filter(netwerk=netwerk, organisatie=aanbieder).update(
        geldig_tot=TODAY + dt.timedelta(days=1)
    )

    assert moved == 5
    for casemanager, trajecten in ((casemanager_profile, eigen), (colleague, van_collega)):
        casemanager.refresh_from_db()
        assert casemanager.organisatie == nieuwe_aanbieder
        for traject in trajecten:
            traject.refresh_from_db()
            assert traject.organisatie == nieuwe_aanbieder
            assert traject.casemanager == casemanager
            assert traject.is_open
    overdrachten = Overdracht.objects.all()
    assert len(overdrachten) == 5
    assert {o.traject_id for o in overdrachten} == {t.pk for t in eigen + van_collega}
    assert all(o.casemanager_behouden for o in overdrachten)
    assert {(o.van_organisatie, o.naar_organisatie) for o in overdrachten} == {
        (aanbieder, nieuwe_aanbieder)
    }
    assert {(o.reden, o.door, o.datum) for o in overdrachten} == {
        ("Aanbieder stopt met casemanagement", coordinator, TODAY)
    }
    afgesloten.refresh_from_db()
    assert afgesloten.organisatie == aanbieder
    assert not CasemanagerWissel.objects.exists()


def test_moved_casemanager_keeps_taking_clients_into_care(
    coordinator, traject, casemanager_profile, nieuwe_aanbieder
):
    casemanager_move(
        actor=Actor.of(coordinator),
        casemanager=casemanager_profile,
        naar_organisatie=nieuwe_aanbieder,
        reden="Aanbieder stopt",
    )
    casemanager_profile.refresh_from_db()

    log_contact(traject, casemanager_profile, dt.date(2026, 10, 1))

    traject.refresh_from_db()
    assert traject.startdatum == dt.date(2026, 10, 1)
    assert traject.organisatie == nieuwe_aanbieder


def test_casemanager_cannot_move_to_an_organisation_that_provides_no_casemanagement(
    coordinator, traject, casemanager_profile, aanbieder
):
    with pytest.raises(ValidationError) as error:
        casemanager_move(
            actor=Actor.of(coordinator),
            casemanager=casemanager_profile,
            naar_organisatie=OrganisatieFactory(),
            reden="Overstap",
        )

    assert "organisatie" in error.value.message_dict
    casemanager_profile.refresh_from_db()
    traject.refresh_from_db()
    assert casemanager_profile.organisatie == aanbieder
    assert traject.organisatie == aanbieder
    assert not Overdracht.objects.exists()


@pytest.mark.parametrize("reden", ["", "   "])
def test_casemanager_move_needs_a_reason(coordinator, casemanager_profile, nieuwe_aanbieder, reden):
    with pytest.raises(ValidationError) as error:
        casemanager_move(
            actor=Actor.of(coordinator),
            casemanager=casemanager_profile,
            naar_organisatie=nieuwe_aanbieder,
            reden=reden,
        )

    assert "reden" in error.value.message_dict


def test_transfer_to_an_organisation_where_the_casemanager_does_not_work_needs_its_casemanager(
    coordinator, traject_in_zorg, casemanager_profile, nieuwe_aanbieder, aanbieder
):
    with pytest.raises(ValidationError) as error:
        traject_transfer(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            naar_organisatie=nieuwe_aanbieder,
            reden="Cliënt wil naar andere aanbieder",
        )
    assert "Kies een casemanager van die organisatie" in error.value.message_dict["casemanager"][0]
    assert not Overdracht.objects.exists()

    # a casemanager of the old organisation is no choice either
    with pytest.raises(ValidationError):
        traject_transfer(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            naar_organisatie=nieuwe_aanbieder,
            reden="Cliënt wil naar andere aanbieder",
            casemanager=CasemanagerFactory(
                netwerk=casemanager_profile.netwerk, organisatie=aanbieder
            ),
        )
    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.organisatie == aanbieder


def test_transfer_with_a_casemanager_of_the_new_organisation_records_handover_and_change(
    netwerk, coordinator, traject_in_zorg, casemanager_profile, nieuwe_aanbieder, aanbieder
):
    nieuwe = CasemanagerFactory(netwerk=netwerk, organisatie=nieuwe_aanbieder)

    traject_transfer(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        naar_organisatie=nieuwe_aanbieder,
        reden="Cliënt wil naar andere aanbieder",
        casemanager=nieuwe,
    )

    traject_in_zorg.refresh_from_db()
    assert (traject_in_zorg.organisatie, traject_in_zorg.casemanager) == (nieuwe_aanbieder, nieuwe)
    assert traject_in_zorg.startdatum == dt.date(2026, 9, 15)
    overdracht = Overdracht.objects.get()
    assert (overdracht.van_organisatie, overdracht.naar_organisatie) == (
        aanbieder,
        nieuwe_aanbieder,
    )
    assert overdracht.casemanager_behouden is False
    wissel = CasemanagerWissel.objects.get()
    assert (wissel.van, wissel.naar) == (casemanager_profile, nieuwe)


def test_transfer_to_a_provider_where_the_casemanager_now_works_keeps_the_casemanager(
    coordinator, traject_in_zorg, casemanager_profile, nieuwe_aanbieder, aanbieder
):
    Casemanager.objects.filter(pk=casemanager_profile.pk).update(organisatie=nieuwe_aanbieder)

    traject_transfer(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        naar_organisatie=nieuwe_aanbieder,
        reden="Casemanager werkt nu bij de nieuwe aanbieder",
    )

    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.organisatie == nieuwe_aanbieder
    assert traject_in_zorg.casemanager == casemanager_profile
    assert Overdracht.objects.get().casemanager_behouden is True
    assert not CasemanagerWissel.objects.exists()


def test_transfer_to_an_organisation_that_is_no_provider_is_refused(coordinator, traject_in_zorg):
    with pytest.raises(ValidationError) as error:
        traject_transfer(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            naar_organisatie=OrganisatieFactory(),
            reden="Overstap",
        )

    assert "organisatie" in error.value.message_dict


def test_transfer_needs_a_reason(coordinator, traject_in_zorg, nieuwe_aanbieder):
    with pytest.raises(ValidationError) as error:
        traject_transfer(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            naar_organisatie=nieuwe_aanbieder,
            reden="",
        )

    assert "reden" in error.value.message_dict


@pytest.mark.parametrize("reden", ["", "ontslagen"])
def test_closing_a_traject_needs_a_valid_reason(coordinator, traject_in_zorg, reden):
    with pytest.raises(ValidationError):
        traject_close(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            datum=dt.date(2026, 10, 1),
            reden=reden,
        )

    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.is_open


@pytest.mark.parametrize(
    ("reden", "fase", "nazorg_tot", "wlz"),
    [
        ("opname", Fase.OPNAME, dt.date(2026, 10, 1) + dt.timedelta(days=92), True),
        ("overlijden", Fase.OVERLEDEN, dt.date(2026, 10, 1) + dt.timedelta(days=92), False),
        ("verhuizing", Fase.VERHUISD, None, False),
        ("afzien", Fase.AFGEZIEN, None, False),
    ],
)
def test_closing_a_traject_sets_nazorg_and_the_clients_fase(
    coordinator, traject_in_zorg, reden, fase, nazorg_tot, wlz
):
    traject_close(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        datum=dt.date(2026, 10, 1),
        reden=reden,
    )

    traject_in_zorg.refresh_from_db()
    client = Client.objects.get(pk=traject_in_zorg.client_id)
    assert traject_in_zorg.einddatum == dt.date(2026, 10, 1)
    assert traject_in_zorg.eindreden == reden
    assert traject_in_zorg.nazorg_tot == nazorg_tot
    assert client.fase == fase
    assert client.wlz_indicatie is wlz


def test_closing_with_a_handover_to_the_gp_keeps_the_clients_fase(coordinator, traject_in_zorg):
    traject_close(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        datum=dt.date(2026, 10, 1),
        reden="huisarts",
    )

    assert Client.objects.get(pk=traject_in_zorg.client_id).fase == Fase.NIET_PLUIS


def test_nazorg_period_can_be_chosen(coordinator, traject_in_zorg):
    traject_close(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        datum=dt.date(2026, 10, 1),
        reden="overlijden",
        nazorg_dagen=30,
    )

    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.nazorg_tot == dt.date(2026, 10, 31)


def test_closing_a_traject_that_never_started_takes_the_aanmelding_off_the_waitlist(
    coordinator, traject
):
    traject_close(
        actor=Actor.of(coordinator), traject=traject, datum=dt.date(2026, 9, 20), reden="opname"
    )

    aanmelding = Aanmelding.objects.get(pk=traject.aanmelding_id)
    assert aanmelding.afgemeld_op == dt.date(2026, 9, 20)
    assert aanmelding.afmeldreden == Afmeldreden.OPNAME
    assert aanmelding.eerste_contact_op is None
    assert not Aanmelding.objects.wachtend().filter(pk=aanmelding.pk).exists()


def test_closing_a_started_traject_leaves_the_first_contact_in_place(coordinator, traject_in_zorg):
    traject_close(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        datum=dt.date(2026, 10, 1),
        reden="verhuizing",
    )

    aanmelding = Aanmelding.objects.get(pk=traject_in_zorg.aanmelding_id)
    assert aanmelding.eerste_contact_op == dt.date(2026, 9, 15)
    assert aanmelding.afgemeld_op is None


@pytest.mark.parametrize(
    "datum",
    [TOEGEWEZEN - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)],
    ids=["before-assignment", "future"],
)
def test_closing_with_an_impossible_date_is_refused(coordinator, traject_in_zorg, datum):
    with pytest.raises(ValidationError) as error:
        traject_close(
            actor=Actor.of(coordinator), traject=traject_in_zorg, datum=datum, reden="afzien"
        )

    assert "datum" in error.value.message_dict


def test_closing_a_closed_traject_again_is_refused(coordinator, traject_in_zorg):
    traject_close(
        actor=Actor.of(coordinator),
        traject=traject_in_zorg,
        datum=dt.date(2026, 10, 1),
        reden="afzien",
    )

    with pytest.raises(ValidationError) as error:
        traject_close(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            datum=dt.date(2026, 10, 2),
            reden="opname",
        )

    assert error.value.messages == ["Dit traject is afgesloten."]


def test_traject_cannot_end_before_it_started(coordinator, traject_in_zorg):
    # assigned 10 September, in care since 15 September
    with pytest.raises(ValidationError):
        traject_close(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            datum=dt.date(2026, 9, 12),
            reden="afzien",
        )


# --- Indicatie (rule 4) -------------------------------------------------------------------


@pytest.fixture
def sociaal_werker(netwerk, aanbieder):
    return CasemanagerFactory(
        netwerk=netwerk, organisatie=aanbieder, achtergrond=Achtergrond.SOCIAAL_WERK
    )


@pytest.fixture
def traject_van_sociaal_werker(coordinator, netwerk, sociaal_werker):
    aanmelding = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=AANGEMELD)
    traject = aanmelding_assign(
        actor=Actor.of(coordinator),
        aanmelding=aanmelding,
        casemanager=sociaal_werker,
        op=TOEGEWEZEN,
    )
    log_contact(traject, sociaal_werker, dt.date(2026, 9, 15))
    return traject


def create_indicatie(traject, opgesteld_door, **fields):
    return indicatie_create(
        actor=Actor.of(opgesteld_door.user),
        traject=traject,
        opgesteld_door=opgesteld_door,
        uren=Decimal("36"),
        periode_van=dt.date(2026, 9, 15),
        periode_tot=dt.date(2027, 9, 14),
        **fields,
    )


def test_indicatie_of_a_verpleegkundige_is_valid_at_once(traject_in_zorg, casemanager_profile):
    indicatie = create_indicatie(traject_in_zorg, casemanager_profile)

    assert indicatie.is_geldig
    assert list(Indicatie.objects.geldig()) == [indicatie]
    assert indicatie.medeondertekening_door is None


def test_verpleegkundige_needs_no_co_signer_even_when_one_is_named(
    traject_in_zorg, casemanager_profile, colleague
):
    indicatie = create_indicatie(
        traject_in_zorg, casemanager_profile, medeondertekening_door=colleague
    )

    assert indicatie.medeondertekening_door is None
    assert indicatie.is_geldig


def test_indicatie_of_a_sociaal_werker_needs_a_co_signer(
    traject_van_sociaal_werker, sociaal_werker
):
    with pytest.raises(ValidationError) as error:
        create_indicatie(traject_van_sociaal_werker, sociaal_werker)

    assert (
        "pas geldig na medeondertekening" in error.value.message_dict["medeondertekening_door"][0]
    )
    assert not Indicatie.objects.exists()


def test_indicatie_of_a_sociaal_werker_is_not_valid_until_co_signed(
    traject_van_sociaal_werker, sociaal_werker, colleague
):
    indicatie = create_indicatie(
        traject_van_sociaal_werker, sociaal_werker, medeondertekening_door=colleague
    )

    indicatie.refresh_from_db()
    assert indicatie.medeondertekening_door == colleague
    assert not indicatie.is_geldig
    assert not Indicatie.objects.geldig().exists()

    indicatie_cosign(actor=Actor.of(colleague.user), indicatie=indicatie, door=colleague)

    indicatie.refresh_from_db()
    assert indicatie.medeondertekend_door == colleague
    assert indicatie.medeondertekend_op is not None
    assert indicatie.is_geldig
    assert list(Indicatie.objects.geldig()) == [indicatie]


def test_sociaal_werker_cannot_be_the_co_signer(
    netwerk, aanbieder, traject_van_sociaal_werker, sociaal_werker
):
    andere = CasemanagerFactory(
        netwerk=netwerk, organisatie=aanbieder, achtergrond=Achtergrond.SOCIAAL_WERK
    )

    with pytest.raises(ValidationError) as error:
        create_indicatie(traject_van_sociaal_werker, sociaal_werker, medeondertekening_door=andere)

    assert error.value.message_dict == {
        "medeondertekening_door": ["Alleen een verpleegkundige kan een indicatie medeondertekenen."]
    }


def test_co_signing_by_a_sociaal_werker_is_refused(
    netwerk, aanbieder, traject_van_sociaal_werker, sociaal_werker, colleague
):
    indicatie = create_indicatie(
        traject_van_sociaal_werker, sociaal_werker, medeondertekening_door=colleague
    )
    andere = CasemanagerFactory(
        netwerk=netwerk, organisatie=aanbieder, achtergrond=Achtergrond.SOCIAAL_WERK
    )

    with pytest.raises(PermissionDenied):
        indicatie_cosign(actor=Actor.of(andere.user), indicatie=indicatie, door=andere)

    indicatie.refresh_from_db()
    assert indicatie.medeondertekend_door is None
    assert not Indicatie.objects.geldig().exists()


def test_only_the_verpleegkundige_who_was_asked_co_signs(
    netwerk, aanbieder, traject_van_sociaal_werker, sociaal_werker, colleague
):
    indicatie = create_indicatie(
        traject_van_sociaal_werker, sociaal_werker, medeondertekening_door=colleague
    )
    niet_gevraagd = CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder)
    assert niet_gevraagd.is_verpleegkundige

    with pytest.raises(PermissionDenied):
        indicatie_cosign(
            actor=Actor.of(niet_gevraagd.user), indicatie=indicatie, door=niet_gevraagd
        )
    indicatie_cosign(actor=Actor.of(colleague.user), indicatie=indicatie, door=colleague)

    indicatie.refresh_from_db()
    assert indicatie.medeondertekend_door == colleague


@pytest.mark.parametrize("reason", ["other-network", "inactive"])
def test_co_signer_must_be_an_active_verpleegkundige_of_the_same_network(
    other_netwerk, traject_van_sociaal_werker, sociaal_werker, colleague, reason
):
    if reason == "other-network":
        cosigner = CasemanagerFactory(netwerk=other_netwerk)
    else:
        Casemanager.objects.filter(pk=colleague.pk).update(actief=False)
        cosigner = Casemanager.objects.get(pk=colleague.pk)

    with pytest.raises(ValidationError) as error:
        create_indicatie(
            traject_van_sociaal_werker, sociaal_werker, medeondertekening_door=cosigner
        )

    assert error.value.message_dict == {
        "medeondertekening_door": ["Deze verpleegkundige werkt niet (meer) in dit netwerk."]
    }


def test_a_valid_indicatie_cannot_be_co_signed_again(
    traject_in_zorg, casemanager_profile, colleague, traject_van_sociaal_werker, sociaal_werker
):
    # a verpleegkundige's own indication asks nobody: a colleague may not sign it
    indicatie = create_indicatie(traject_in_zorg, casemanager_profile)
    with pytest.raises(PermissionDenied):
        indicatie_cosign(actor=Actor.of(colleague.user), indicatie=indicatie, door=colleague)

    asked = create_indicatie(
        traject_van_sociaal_werker, sociaal_werker, medeondertekening_door=colleague
    )
    indicatie_cosign(actor=Actor.of(colleague.user), indicatie=asked, door=colleague)
    with pytest.raises(ValidationError) as error:
        indicatie_cosign(actor=Actor.of(colleague.user), indicatie=asked, door=colleague)

    assert error.value.messages == ["Deze indicatie is al geldig."]


# --- Metingen -----------------------------------------------------------------------------


def add_meting(traject, user, **fields):
    return meting_add(actor=Actor.of(user), traject=traject, datum=dt.date(2026, 10, 1), **fields)


@pytest.mark.parametrize(
    ("type", "score", "message"),
    [
        (MetingType.KWALITEIT_VAN_LEVEN, Decimal("12"), "De score ligt tussen 13 en 52."),
        (MetingType.KWALITEIT_VAN_LEVEN, Decimal("52.5"), "De score ligt tussen 13 en 52."),
        (MetingType.BELASTING, Decimal("-0.5"), "De score ligt tussen 0 en 10."),
        (MetingType.BELASTING, Decimal("10.5"), "De score ligt tussen 0 en 10."),
        (MetingType.CLIENTOORDEEL, Decimal("0"), "De score ligt tussen 1 en 10."),
        (MetingType.CLIENTOORDEEL, Decimal("11"), "De score ligt tussen 1 en 10."),
    ],
)
def test_score_outside_its_range_is_refused_in_dutch(
    traject_in_zorg, casemanager_profile, type, score, message
):
    with pytest.raises(ValidationError) as error:
        add_meting(traject_in_zorg, casemanager_profile.user, type=type, score=score)

    assert error.value.message_dict == {"score": [message]}
    assert not Meting.objects.exists()


@pytest.mark.parametrize(
    ("type", "score"),
    [
        (MetingType.KWALITEIT_VAN_LEVEN, Decimal("13")),
        (MetingType.KWALITEIT_VAN_LEVEN, Decimal("52")),
        (MetingType.BELASTING, Decimal("0")),
        (MetingType.BELASTING, Decimal("10")),
        (MetingType.CLIENTOORDEEL, Decimal("1")),
        (MetingType.CLIENTOORDEEL, Decimal("10")),
    ],
)
def test_score_on_the_edge_of_its_range_is_accepted(
    traject_in_zorg, casemanager_profile, type, score
):
    meting = add_meting(traject_in_zorg, casemanager_profile.user, type=type, score=score)

    meting.refresh_from_db()
    assert meting.score == score
    assert meting.door == casemanager_profile.user


def test_score_is_required_for_a_scored_measurement(traject_in_zorg, casemanager_profile):
    with pytest.raises(ValidationError) as error:
        add_meting(traject_in_zorg, casemanager_profile.user, type=MetingType.BELASTING)

    assert "score" in error.value.message_dict


def test_volhoudtijd_needs_a_category(traject_in_zorg, casemanager_profile):
    with pytest.raises(ValidationError) as error:
        add_meting(traject_in_zorg, casemanager_profile.user, type=MetingType.VOLHOUDTIJD, score=5)
    assert "volhoudtijd" in error.value.message_dict

    meting = add_meting(
        traject_in_zorg,
        casemanager_profile.user,
        type=MetingType.VOLHOUDTIJD,
        volhoudtijd=Volhoudtijd.ZES_TOT_TWAALF_MAANDEN,
        score=5,
    )
    meting.refresh_from_db()
    assert meting.volhoudtijd == Volhoudtijd.ZES_TOT_TWAALF_MAANDEN
    assert meting.score is None


def test_measurement_in_the_future_is_refused(traject_in_zorg, casemanager_profile):
    with pytest.raises(ValidationError) as error:
        meting_add(
            actor=Actor.of(casemanager_profile.user),
            traject=traject_in_zorg,
            datum=TODAY + dt.timedelta(days=1),
            type=MetingType.BELASTING,
            score=Decimal("4"),
        )

    assert "datum" in error.value.message_dict


# --- Access log (rule 7) ------------------------------------------------------------------


@pytest.fixture
def world(
    netwerk,
    other_netwerk,
    coordinator,
    casemanager_profile,
    colleague,
    nieuwe_aanbieder,
    traject_in_zorg,
):
    wachtend = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=AANGEMELD)
    return {
        "netwerk": netwerk,
        "other_netwerk": other_netwerk,
        "coordinator": coordinator,
        "casemanager": casemanager_profile,
        "colleague": colleague,
        "nieuwe_aanbieder": nieuwe_aanbieder,
        "traject": traject_in_zorg,
        "wachtend": wachtend,
    }


def _register(w):
    registratie = client_register(
        actor=Actor.of(w["coordinator"]), bsn=valid_bsn(), client_fields=client_fields(w["netwerk"])
    )
    return w["coordinator"], registratie.client.pk


def _register_with_aanmelding(w):
    registratie = client_register(
        actor=Actor.of(w["coordinator"]),
        bsn=valid_bsn(),
        client_fields=client_fields(w["netwerk"]),
        aanmelding_fields={"datum": AANGEMELD, "verwijzer_type": "huisarts"},
    )
    return w["coordinator"], registratie.client.pk


def _update_client(w):
    client_update(
        actor=Actor.of(w["coordinator"]), client=w["traject"].client, woonplaats="Rijswijk"
    )
    return w["coordinator"], w["traject"].client_id


def _add_mantelzorger(w):
    user = w["casemanager"].user
    mantelzorger_save(
        actor=Actor.of(user),
        mantelzorger=Mantelzorger(
            client=w["traject"].client, naam="Piet", relatie=Relatie.PARTNER, is_primair=True
        ),
    )
    return user, w["traject"].client_id


def _change_mantelzorger(w):
    mantelzorger = Mantelzorger.objects.create(
        client=w["traject"].client, naam="Piet", relatie=Relatie.PARTNER
    )
    mantelzorger.telefoon = "0612345678"
    mantelzorger_save(actor=Actor.of(w["coordinator"]), mantelzorger=mantelzorger)
    return w["coordinator"], w["traject"].client_id


def _create_aanmelding(w):
    client = w["wachtend"].client
    aanmelding_afmelden(
        actor=Actor.of(w["coordinator"]), aanmelding=w["wachtend"], datum=AANGEMELD, reden="afzien"
    )
    log_id = last_log_id()
    aanmelding_create(
        actor=Actor.of(w["coordinator"]),
        client=client,
        datum=dt.date(2026, 10, 1),
        verwijzer_type="zelf",
    )
    return w["coordinator"], client.pk, log_id


def _change_netwerk(w):
    aanmelding_change_netwerk(
        actor=Actor.of(w["coordinator"]),
        aanmelding=w["wachtend"],
        netwerk=w["other_netwerk"],
        reden="Verhuist",
    )
    return w["coordinator"], w["wachtend"].client_id


def _add_uitstel(w):
    uitstel_add(
        actor=Actor.of(w["coordinator"]),
        aanmelding=w["wachtend"],
        van=dt.date(2026, 9, 3),
        tot=dt.date(2026, 9, 10),
    )
    return w["coordinator"], w["wachtend"].client_id


def _afmelden(w):
    aanmelding_afmelden(
        actor=Actor.of(w["coordinator"]),
        aanmelding=w["wachtend"],
        datum=dt.date(2026, 9, 3),
        reden="afzien",
    )
    return w["coordinator"], w["wachtend"].client_id


def _assign(w):
    aanmelding_assign(
        actor=Actor.of(w["coordinator"]), aanmelding=w["wachtend"], casemanager=w["colleague"]
    )
    return w["coordinator"], w["wachtend"].client_id


def _log_contact(w):
    log_contact(w["traject"], w["casemanager"], dt.date(2026, 10, 1))
    return w["casemanager"].user, w["traject"].client_id


def _set_intensiteit(w):
    user = w["casemanager"].user
    traject_set_intensiteit(actor=Actor.of(user), traject=w["traject"], intensiteit="licht")
    return user, w["traject"].client_id


def _change_casemanager(w):
    traject_change_casemanager(
        actor=Actor.of(w["coordinator"]),
        traject=w["traject"],
        casemanager=w["colleague"],
        reden="Ziek",
    )
    return w["coordinator"], w["traject"].client_id


def _transfer(w):
    nieuwe = CasemanagerFactory(netwerk=w["netwerk"], organisatie=w["nieuwe_aanbieder"])
    log_id = last_log_id()
    traject_transfer(
        actor=Actor.of(w["coordinator"]),
        traject=w["traject"],
        naar_organisatie=w["nieuwe_aanbieder"],
        reden="Wens cliënt",
        casemanager=nieuwe,
    )
    return w["coordinator"], w["traject"].client_id, log_id


def _move(w):
    casemanager_move(
        actor=Actor.of(w["coordinator"]),
        casemanager=w["casemanager"],
        naar_organisatie=w["nieuwe_aanbieder"],
        reden="Aanbieder stopt",
    )
    return w["coordinator"], w["traject"].client_id


def _close(w):
    traject_close(
        actor=Actor.of(w["coordinator"]),
        traject=w["traject"],
        datum=dt.date(2026, 10, 1),
        reden="opname",
    )
    return w["coordinator"], w["traject"].client_id


def _create_indicatie(w):
    create_indicatie(w["traject"], w["casemanager"])
    return w["casemanager"].user, w["traject"].client_id


def _cosign_indicatie(w):
    sociaal_werker = CasemanagerFactory(
        netwerk=w["netwerk"],
        organisatie=w["casemanager"].organisatie,
        achtergrond=Achtergrond.SOCIAAL_WERK,
    )
    traject_change_casemanager(
        actor=Actor.of(w["coordinator"]),
        traject=w["traject"],
        casemanager=sociaal_werker,
        reden="Ziek",
    )
    indicatie = create_indicatie(
        w["traject"], sociaal_werker, medeondertekening_door=w["colleague"]
    )
    log_id = last_log_id()
    indicatie_cosign(actor=Actor.of(w["colleague"].user), indicatie=indicatie, door=w["colleague"])
    return w["colleague"].user, w["traject"].client_id, log_id


def _add_meting(w):
    user = w["casemanager"].user
    add_meting(w["traject"], user, type=MetingType.BELASTING, score=Decimal("6"))
    return user, w["traject"].client_id


AANMAKEN, WIJZIGEN = AccessAction.AANMAKEN, AccessAction.WIJZIGEN


CHANGES = [
    (_register, [(AANMAKEN, "client")]),
    (_register_with_aanmelding, [(AANMAKEN, "client"), (AANMAKEN, "aanmelding")]),
    (_update_client, [(WIJZIGEN, "client")]),
    (_add_mantelzorger, [(AANMAKEN, "mantelzorger")]),
    (_change_mantelzorger, [(WIJZIGEN, "mantelzorger")]),
    (_create_aanmelding, [(AANMAKEN, "aanmelding")]),
    (_change_netwerk, [(WIJZIGEN, "aanmelding")]),
    (_add_uitstel, [(WIJZIGEN, "aanmelding")]),
    (_afmelden, [(WIJZIGEN, "aanmelding")]),
    (_log_contact, [(AANMAKEN, "contactmoment")]),
    (_set_intensiteit, [(WIJZIGEN, "traject")]),
    (_change_casemanager, [(WIJZIGEN, "traject")]),
    (_transfer, [(WIJZIGEN, "traject")]),
    (_move, [(WIJZIGEN, "traject")]),
    (_close, [(WIJZIGEN, "traject")]),
    (_create_indicatie, [(AANMAKEN, "indicatie")]),
    (_cosign_indicatie, [(WIJZIGEN, "indicatie")]),
    (_add_meting, [(AANMAKEN, "meting")]),
]


@pytest.mark.parametrize(
    ("change", "expected"), CHANGES, ids=[change.__name__.lstrip("_") for change, _ in CHANGES]
)
def test_every_change_of_client_data_writes_an_access_log_row(world, change, expected):
    log_id = last_log_id()

    user, client_id, *later_log_id = change(world)

    rows = log_rows_since(later_log_id[0] if later_log_id else log_id)
    # one row per kind of change (a transfer that also changes the casemanager may write two)
    assert rows
    assert {(row.action, row.object_type) for row in rows} == set(expected)
    for row in rows:
        assert row.client_id == client_id
        assert row.user == user
        assert row.role == user.memberships.get().rol
        assert row.object_id
        assert row.outcome == "toegestaan"


def test_assignment_writes_an_access_log_row_for_the_client(world):
    log_id = last_log_id()

    _assign(world)

    rows = log_rows_since(log_id)
    assert [(row.client_id, row.user) for row in rows] == [
        (world["wachtend"].client_id, world["coordinator"])
    ]


def test_assignment_logs_the_creation_of_the_traject(world):
    log_id = last_log_id()

    traject = aanmelding_assign(
        actor=Actor.of(world["coordinator"]),
        aanmelding=world["wachtend"],
        casemanager=world["colleague"],
    )

    rows = log_rows_since(log_id)
    assert (AANMAKEN, "traject", str(traject.pk)) in [
        (row.action, row.object_type, row.object_id) for row in rows
    ]


def test_failed_registration_leaves_no_client_and_no_log_row(netwerk, other_netwerk, coordinator):
    log_id = last_log_id()

    with pytest.raises(ValidationError) as error:
        client_register(
            actor=Actor.of(coordinator),
            bsn="111222333",
            client_fields=client_fields(netwerk),
            aanmelding_fields={
                "datum": AANGEMELD,
                "verwijzer_type": "huisarts",
                "netwerk": other_netwerk,
            },
        )

    # registration goes to the gemeente's network; another is the coordinator's change
    assert "netwerk" in error.value.message_dict
    assert not Client.objects.filter(bsn_hash=bsn_hash("111222333")).exists()
    assert log_rows_since(log_id) == []


def test_refused_assignment_leaves_no_traject_and_no_log_row(
    coordinator, aanmelding, small_casemanager
):
    fill_caseload(small_casemanager, 4)
    log_id = last_log_id()

    with pytest.raises(CaseloadVol):
        aanmelding_assign(
            actor=Actor.of(coordinator), aanmelding=aanmelding, casemanager=small_casemanager
        )

    aanmelding.refresh_from_db()
    assert aanmelding.toegewezen_op is None
    assert not Traject.objects.filter(aanmelding=aanmelding).exists()
    assert log_rows_since(log_id) == []


def test_failed_transfer_leaves_traject_handover_and_log_unchanged(
    netwerk, coordinator, traject_in_zorg, casemanager_profile, nieuwe_aanbieder, aanbieder
):
    vol = CasemanagerFactory(netwerk=netwerk, organisatie=nieuwe_aanbieder, fte=Decimal("0.10"))
    fill_caseload(vol, 4)
    log_id = last_log_id()

    with pytest.raises(CaseloadVol):
        traject_transfer(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            naar_organisatie=nieuwe_aanbieder,
            reden="Wens cliënt",
            casemanager=vol,
        )

    traject_in_zorg.refresh_from_db()
    assert (traject_in_zorg.organisatie, traject_in_zorg.casemanager) == (
        aanbieder,
        casemanager_profile,
    )
    assert not Overdracht.objects.exists()
    assert not CasemanagerWissel.objects.exists()
    assert log_rows_since(log_id) == []


def test_failed_close_leaves_the_traject_the_client_and_the_log_unchanged(
    coordinator, traject_in_zorg
):
    log_id = last_log_id()

    with pytest.raises(ValidationError):
        traject_close(
            actor=Actor.of(coordinator),
            traject=traject_in_zorg,
            datum=dt.date(2026, 10, 1),
            reden="",
        )

    traject_in_zorg.refresh_from_db()
    assert traject_in_zorg.is_open
    assert Client.objects.get(pk=traject_in_zorg.client_id).fase == Fase.NIET_PLUIS
    assert log_rows_since(log_id) == []
