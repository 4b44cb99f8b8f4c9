import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import Notificatie, Role
from signaalteam import services
from signaalteam.models import ActieType, Signaal, SignaalStatus
from tests.netwerk.factories import national_user
from tests.signaalteam.factories import signaal

pytestmark = pytest.mark.django_db

GEMELD = SignaalStatus.GEMELD
IN_BEHANDELING = SignaalStatus.IN_BEHANDELING
OPGELOST = SignaalStatus.OPGELOST
ZONDER = SignaalStatus.GESLOTEN_ZONDER_OPLOSSING


def _today():
    return timezone.localdate()


def in_state(user, netwerk, state) -> Signaal:
    """A signal brought to ``state`` through the workflow."""
    result = signaal(user, netwerk, ontvangen_op=_today() - dt.timedelta(days=10))
    if state in (IN_BEHANDELING, OPGELOST):
        result = services.signaal_take_up(signaal=result, actor=Actor.of(user))
    if state == OPGELOST:
        result = services.signaal_close(
            signaal=result,
            actor=Actor.of(user),
            status=OPGELOST,
            oplossing="Opgelost met de regio.",
        )
    if state == ZONDER:
        result = services.signaal_close(
            signaal=result, actor=Actor.of(user), status=ZONDER, oplossing="Dubbele melding."
        )
    return result


def _step(step, result, user):
    if step == "take_up":
        return services.signaal_take_up(signaal=result, actor=Actor.of(user))
    if step in ("close_opgelost", "close_zonder"):
        status = OPGELOST if step == "close_opgelost" else ZONDER
        return services.signaal_close(
            signaal=result, actor=Actor.of(user), status=status, oplossing="Klaar."
        )
    return services.signaal_reopen(signaal=result, actor=Actor.of(user), reden="Het speelt weer.")


# --- Registration --------------------------------------------------------------------------


def test_registered_signal_has_a_reference_of_its_year_and_is_gemeld(signaalteam_user, netwerk):
    first = signaal(signaalteam_user, netwerk, ontvangen_op=dt.date(2025, 12, 30))
    second = signaal(signaalteam_user, netwerk, ontvangen_op=dt.date(2025, 12, 31))
    other_year = signaal(signaalteam_user, netwerk, ontvangen_op=dt.date(2026, 1, 2))

    assert (first.referentie, second.referentie) == ("SIG-2025-0001", "SIG-2025-0002")
    assert other_year.referentie == "SIG-2026-0001"
    assert first.status == GEMELD
    assert list(first.netwerken.all()) == [netwerk]
    assert first.acties.get().type == ActieType.STATUS


def test_reference_numbering_passes_9999(signaalteam_user, netwerk):
    from tests.signaalteam.factories import SignaalFactory

    SignaalFactory(referentie="SIG-2025-9999")
    assert signaal(signaalteam_user, netwerk, ontvangen_op=dt.date(2025, 5, 1)).referentie == (
        "SIG-2025-10000"
    )


@pytest.mark.parametrize("role", [Role.BEHEERDER, Role.NETWERKCOORDINATOR, Role.VERZEKERAAR])
def test_only_the_signaalteam_registers_signals(role, netwerk, coordinator, verzekeraar):
    user = {
        Role.BEHEERDER: national_user(Role.BEHEERDER),
        Role.NETWERKCOORDINATOR: coordinator,
        Role.VERZEKERAAR: verzekeraar,
    }[role]
    with pytest.raises(PermissionDenied):
        signaal(user, netwerk)
    assert not Signaal.objects.exists()


def test_a_signal_is_about_a_network_or_a_region(signaalteam_user):
    with pytest.raises(ValidationError) as error:
        signaal(signaalteam_user, netwerken=[], regio="")
    assert "Kies een netwerk" in str(error.value)
    assert signaal(signaalteam_user, netwerken=[], regio="Gemeente Texel").regio == "Gemeente Texel"


def test_received_date_cannot_lie_in_the_future(signaalteam_user, netwerk):
    with pytest.raises(ValidationError) as error:
        signaal(signaalteam_user, netwerk, ontvangen_op=_today() + dt.timedelta(days=1))
    assert error.value.message_dict == {"ontvangen_op": ["Deze datum ligt in de toekomst."]}


def test_owner_must_be_a_signaalteam_member(signaalteam_user, coordinator, netwerk):
    with pytest.raises(ValidationError) as error:
        signaal(signaalteam_user, netwerk, eigenaar=coordinator)
    assert error.value.message_dict == {
        "eigenaar": ["De eigenaar moet lid zijn van het signaalteam."]
    }


def test_text_with_a_bsn_is_refused_and_nothing_is_stored(signaalteam_user, netwerk):
    with pytest.raises(ValidationError) as error:
        signaal(signaalteam_user, netwerk, omschrijving="Cliënt met BSN 1234.56.782 wacht al lang.")
    assert "burgerservicenummer" in str(error.value.message_dict["omschrijving"])
    assert not Signaal.objects.exists()


def test_update_changes_fields_and_records_who_in_the_history(
    signaalteam_user, netwerk, other_netwerk
):
    result = signaal(signaalteam_user, netwerk)
    services.signaal_update(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        titel="Nieuwe titel",
        netwerken=[other_netwerk],
    )
    result.refresh_from_db()
    assert result.titel == "Nieuwe titel"
    assert list(result.netwerken.all()) == [other_netwerk]
    latest = result.history.first()
    assert latest.history_user == signaalteam_user
    assert latest.titel == "Nieuwe titel"


def test_melder_details_are_not_kept_in_the_history(signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    record = result.history.first()
    for name in ("melder_naam", "melder_email", "melder_telefoon", "melder_organisatie"):
        assert not hasattr(record, name)


# --- Workflow ------------------------------------------------------------------------------

ALLOWED = [
    (GEMELD, "take_up", IN_BEHANDELING),
    (GEMELD, "close_zonder", ZONDER),
    (IN_BEHANDELING, "close_opgelost", OPGELOST),
    (IN_BEHANDELING, "close_zonder", ZONDER),
    (OPGELOST, "reopen", IN_BEHANDELING),
    (ZONDER, "reopen", IN_BEHANDELING),
]
REFUSED = [
    (GEMELD, "close_opgelost"),
    (GEMELD, "reopen"),
    (IN_BEHANDELING, "take_up"),
    (IN_BEHANDELING, "reopen"),
    (OPGELOST, "take_up"),
    (OPGELOST, "close_opgelost"),
    (OPGELOST, "close_zonder"),
    (ZONDER, "take_up"),
    (ZONDER, "close_opgelost"),
]


@pytest.mark.parametrize(("start", "step", "end"), ALLOWED)
def test_allowed_transitions(signaalteam_user, netwerk, start, step, end):
    result = _step(step, in_state(signaalteam_user, netwerk, start), signaalteam_user)

    result.refresh_from_db()
    assert result.status == end
    assert result.acties.filter(type=ActieType.STATUS).count() >= 2


@pytest.mark.parametrize(("start", "step"), REFUSED)
def test_refused_transitions_change_nothing(signaalteam_user, netwerk, start, step):
    result = in_state(signaalteam_user, netwerk, start)
    actions = result.acties.count()

    with pytest.raises(ValidationError):
        _step(step, result, signaalteam_user)

    result.refresh_from_db()
    assert result.status == start
    assert result.acties.count() == actions


def test_take_up_makes_the_acting_member_owner_and_records_the_date(signaalteam_user, netwerk):
    result = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk), actor=Actor.of(signaalteam_user)
    )
    assert result.eigenaar == signaalteam_user
    assert result.in_behandeling_op == _today()
    assert "In behandeling genomen" in result.acties.first().tekst


def test_take_up_before_receipt_is_refused(signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk, ontvangen_op=_today() - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as error:
        services.signaal_take_up(
            signaal=result, actor=Actor.of(signaalteam_user), op=_today() - dt.timedelta(days=3)
        )
    assert "vóór de ontvangst" in error.value.message_dict["datum"][0]


@pytest.mark.parametrize("oplossing", ["", "   \n  "])
def test_closing_without_a_summary_is_refused(signaalteam_user, netwerk, oplossing):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)

    with pytest.raises(ValidationError) as error:
        services.signaal_close(
            signaal=result, actor=Actor.of(signaalteam_user), status=OPGELOST, oplossing=oplossing
        )

    assert error.value.message_dict == {
        "oplossing": ["Vat de oplossing samen, of waarom het signaal sluit."]
    }
    result.refresh_from_db()
    assert result.status == IN_BEHANDELING
    assert result.gesloten_op is None


def test_database_refuses_a_closed_signal_without_a_summary(signaalteam_user, netwerk):
    from django.db import IntegrityError, transaction

    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signaal.objects.filter(pk=result.pk).update(status=OPGELOST, gesloten_op=_today())


def test_closing_records_date_summary_and_doorlooptijd(signaalteam_user, netwerk):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)

    result = services.signaal_close(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        status=OPGELOST,
        oplossing="Cliënten overgegaan.",
    )

    assert result.gesloten_op == _today()
    assert result.oplossing == "Cliënten overgegaan."
    assert result.doorlooptijd() == 10
    assert "Cliënten overgegaan." in result.acties.first().tekst


def test_reopening_requires_a_reason(signaalteam_user, netwerk):
    result = in_state(signaalteam_user, netwerk, OPGELOST)
    with pytest.raises(ValidationError) as error:
        services.signaal_reopen(signaal=result, actor=Actor.of(signaalteam_user), reden="  ")
    assert error.value.message_dict == {"reden": ["Geef de reden om het signaal te heropenen."]}
    result.refresh_from_db()
    assert result.status == OPGELOST


def test_reopening_logs_the_reason_and_keeps_the_old_summary_on_the_timeline(
    signaalteam_user, netwerk
):
    result = in_state(signaalteam_user, netwerk, OPGELOST)

    result = services.signaal_reopen(
        signaal=result, actor=Actor.of(signaalteam_user), reden="De wachtlijst is terug."
    )

    assert result.status == IN_BEHANDELING
    assert result.gesloten_op is None
    assert result.oplossing == ""
    texts = list(result.acties.values_list("tekst", flat=True))
    assert texts[0] == "Heropend: De wachtlijst is terug."
    assert any("Opgelost met de regio." in text for text in texts)


@pytest.mark.parametrize("role", [Role.BEHEERDER, Role.NETWERKCOORDINATOR, Role.VERZEKERAAR])
def test_only_the_signaalteam_takes_up_closes_and_reopens(
    signaalteam_user, netwerk, coordinator, verzekeraar, role
):
    user = {
        Role.BEHEERDER: national_user(Role.BEHEERDER),
        Role.NETWERKCOORDINATOR: coordinator,
        Role.VERZEKERAAR: verzekeraar,
    }[role]
    gemeld = in_state(signaalteam_user, netwerk, GEMELD)
    with pytest.raises(PermissionDenied):
        services.signaal_take_up(signaal=gemeld, actor=Actor.of(user))
    with pytest.raises(PermissionDenied):
        services.signaal_close(signaal=gemeld, actor=Actor.of(user), status=ZONDER, oplossing="x")
    gesloten = in_state(signaalteam_user, netwerk, OPGELOST)
    with pytest.raises(PermissionDenied):
        services.signaal_reopen(signaal=gesloten, actor=Actor.of(user), reden="x")


# --- Actions -------------------------------------------------------------------------------


def test_signaalteam_adds_an_agreement_with_a_follow_up_date(signaalteam_user, netwerk):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)

    actie = services.actie_add(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        type=ActieType.AFSPRAAK,
        tekst="Verzekeraar koopt extra in.",
        opvolgdatum=_today() + dt.timedelta(days=14),
    )

    assert actie.auteur == signaalteam_user
    assert actie.datum == _today()
    assert not actie.opgevolgd


def test_only_an_agreement_has_a_follow_up_date(signaalteam_user, netwerk):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)
    with pytest.raises(ValidationError) as error:
        services.actie_add(
            signaal=result,
            actor=Actor.of(signaalteam_user),
            type=ActieType.GESPREK,
            tekst="Gesprek.",
            opvolgdatum=_today(),
        )
    assert "Alleen een afspraak" in str(error.value)


def test_coordinator_adds_an_update_from_the_region_to_its_networks_signal(
    signaalteam_user, netwerk, coordinator
):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)

    actie = services.actie_add(
        signaal=result,
        actor=Actor.of(coordinator),
        type=ActieType.UPDATE_REGIO,
        tekst="Twee extra fte.",
    )

    assert actie.type == ActieType.UPDATE_REGIO
    # the owner hears about it, without melder data in the text
    notificatie = Notificatie.objects.get(user=signaalteam_user)
    assert result.referentie in notificatie.titel
    assert "Geheimnaam" not in notificatie.titel + notificatie.tekst


@pytest.mark.parametrize("type", [ActieType.GESPREK, ActieType.AFSPRAAK, ActieType.ESCALATIE])
def test_coordinator_cannot_add_other_kinds_of_action(signaalteam_user, netwerk, coordinator, type):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)
    with pytest.raises(PermissionDenied):
        services.actie_add(signaal=result, actor=Actor.of(coordinator), type=type, tekst="x")


def test_coordinator_cannot_update_another_networks_signal(
    signaalteam_user, other_netwerk, coordinator
):
    result = in_state(signaalteam_user, other_netwerk, IN_BEHANDELING)
    with pytest.raises(PermissionDenied):
        services.actie_add(
            signaal=result, actor=Actor.of(coordinator), type=ActieType.UPDATE_REGIO, tekst="x"
        )


def test_insurer_and_beheerder_add_no_actions(signaalteam_user, netwerk, verzekeraar):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)
    for user in (verzekeraar, national_user(Role.BEHEERDER)):
        with pytest.raises(PermissionDenied):
            services.actie_add(
                signaal=result, actor=Actor.of(user), type=ActieType.UPDATE_REGIO, tekst="x"
            )


@pytest.mark.parametrize("state", [OPGELOST, ZONDER])
def test_no_actions_on_a_closed_signal(signaalteam_user, netwerk, coordinator, state):
    result = in_state(signaalteam_user, netwerk, state)
    for user, type in (
        (signaalteam_user, ActieType.GESPREK),
        (coordinator, ActieType.UPDATE_REGIO),
    ):
        with pytest.raises(ValidationError) as error:
            services.actie_add(signaal=result, actor=Actor.of(user), type=type, tekst="x")
        assert "Heropen het" in str(error.value)


def test_system_kinds_of_action_cannot_be_added_by_hand(signaalteam_user, netwerk):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)
    for type in (ActieType.STATUS, ActieType.SYSTEEM):
        with pytest.raises(PermissionDenied):
            services.actie_add(
                signaal=result, actor=Actor.of(signaalteam_user), type=type, tekst="x"
            )


def test_follow_up_done_is_idempotent_and_for_agreements_only(signaalteam_user, netwerk):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)
    afspraak = services.actie_add(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        type=ActieType.AFSPRAAK,
        tekst="Afspraak.",
        opvolgdatum=_today(),
    )
    first = services.afspraak_opgevolgd(actie=afspraak, actor=Actor.of(signaalteam_user))
    second = services.afspraak_opgevolgd(actie=afspraak, actor=Actor.of(signaalteam_user))
    assert first.opgevolgd and second.opgevolgd
    assert first.opgevolgd_op == second.opgevolgd_op

    gesprek = services.actie_add(
        signaal=result, actor=Actor.of(signaalteam_user), type=ActieType.GESPREK, tekst="Gesprek."
    )
    with pytest.raises(ValidationError):
        services.afspraak_opgevolgd(actie=gesprek, actor=Actor.of(signaalteam_user))


def test_coordinator_cannot_mark_a_follow_up_done(signaalteam_user, netwerk, coordinator):
    result = in_state(signaalteam_user, netwerk, IN_BEHANDELING)
    afspraak = services.actie_add(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        type=ActieType.AFSPRAAK,
        tekst="Afspraak.",
        opvolgdatum=_today(),
    )
    with pytest.raises(PermissionDenied):
        services.afspraak_opgevolgd(actie=afspraak, actor=Actor.of(coordinator))
