"""Signals raised from the data: wachtlijst announces per network whether it is over a
threshold; the signaalteam keeps at most one open automatic signal per network and
category and notes on it when the network goes back under (or over again)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import Notificatie
from casemanagement.models import Aanmelding
from signaalteam import services
from signaalteam.models import ActieType, Bron, Categorie, MelderType, Signaal, SignaalStatus
from tests.casemanagement.factories import AanmeldingFactory, ClientFactory
from tests.signaalteam.factories import SignaalFactory
from wachtlijst.models import WachtlijstMeting
from wachtlijst.services import wachtlijst_meten
from wachtlijst.signals import wachtlijst_gemeten

pytestmark = pytest.mark.django_db

REDENEN = ["120 mensen wachten (drempel 100)."]


def _today():
    return timezone.localdate()


def meting(netwerk, boven: bool, peildatum=None, redenen=REDENEN):
    return services.wachtlijst_meting_verwerken(
        netwerk_id=netwerk.pk,
        peildatum=peildatum or _today(),
        boven_drempel=boven,
        redenen=redenen if boven else [],
    )


def automatische(netwerk):
    return Signaal.objects.filter(automatisch_netwerk=netwerk, categorie=Categorie.WACHTLIJST)


def test_network_over_a_threshold_gets_one_automatic_signal(netwerk, signaalteam_user):
    result = meting(netwerk, True)

    assert result.status == SignaalStatus.GEMELD
    assert result.categorie == Categorie.WACHTLIJST
    assert result.bron == Bron.SYSTEEM
    assert result.melder_type == MelderType.SYSTEEM
    assert list(result.netwerken.all()) == [netwerk]
    assert netwerk.naam in result.titel
    assert "120 mensen wachten" in result.omschrijving
    assert result.eigenaar is None
    # the signaalteam hears about it in the application
    assert Notificatie.objects.filter(user=signaalteam_user, titel__contains=result.referentie)


def test_network_under_every_threshold_gets_no_signal(netwerk):
    assert meting(netwerk, False) is None
    assert not Signaal.objects.exists()


def test_repeated_measurements_over_the_threshold_keep_one_signal_without_new_updates(netwerk):
    first = meting(netwerk, True)
    for days in range(1, 4):
        assert meting(netwerk, True, peildatum=_today() - dt.timedelta(days=days)) == first

    assert automatische(netwerk).count() == 1
    assert first.acties.count() == 1  # only the registration line


def test_one_open_signal_per_network_and_category_not_per_network(netwerk, other_netwerk):
    meting(netwerk, True)
    meting(other_netwerk, True)
    meting(netwerk, True)

    assert automatische(netwerk).count() == 1
    assert automatische(other_netwerk).count() == 1


def test_back_under_the_threshold_adds_one_update_and_keeps_the_signal_open(netwerk):
    signaal = meting(netwerk, True)

    meting(netwerk, False)
    meting(netwerk, False)  # the same state again adds nothing

    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.GEMELD
    assert signaal.drempel_overschreden is False
    updates = list(signaal.acties.filter(type=ActieType.SYSTEEM).order_by("id"))
    assert len(updates) == 2  # registration + back under
    assert "weer onder de drempel" in updates[-1].tekst
    assert "blijft open" in updates[-1].tekst


def test_over_again_while_open_adds_one_update_saying_so(netwerk):
    signaal = meting(netwerk, True)
    meting(netwerk, False)

    meting(netwerk, True, redenen=["Een cliënt wacht 80 dagen langer dan de Treeknorm."])
    meting(netwerk, True)

    signaal.refresh_from_db()
    assert automatische(netwerk).count() == 1
    assert signaal.drempel_overschreden is True
    latest = signaal.acties.order_by("-id").first()
    assert "opnieuw boven de drempel" in latest.tekst
    assert "80 dagen" in latest.tekst
    assert signaal.acties.count() == 3


def test_signal_in_behandeling_still_counts_as_the_open_one(netwerk, signaalteam_user):
    signaal = meting(netwerk, True)
    services.signaal_take_up(signaal=signaal, actor=Actor.of(signaalteam_user))

    assert meting(netwerk, True) == signaal
    assert automatische(netwerk).count() == 1


def test_after_closing_a_network_still_over_the_threshold_gets_a_new_signal(
    netwerk, signaalteam_user
):
    first = meting(netwerk, True)
    services.signaal_close(
        signaal=first,
        actor=Actor.of(signaalteam_user),
        status=SignaalStatus.GESLOTEN_ZONDER_OPLOSSING,
        oplossing="Bekend probleem.",
    )

    second = meting(netwerk, True)

    assert second != first
    assert automatische(netwerk).filter(status__in=["gemeld", "in_behandeling"]).get() == second


def test_reopening_an_automatic_signal_while_another_is_open_is_refused(netwerk, signaalteam_user):
    from django.core.exceptions import ValidationError

    first = meting(netwerk, True)
    services.signaal_close(
        signaal=first,
        actor=Actor.of(signaalteam_user),
        status="gesloten_zonder_oplossing",
        oplossing="x",
    )
    meting(netwerk, True)

    with pytest.raises(ValidationError) as error:
        services.signaal_reopen(
            signaal=first, actor=Actor.of(signaalteam_user), reden="Toch niet opgelost"
        )
    assert "al een open automatisch signaal" in str(error.value)


def test_database_allows_one_open_automatic_signal_per_network_and_category(netwerk):
    SignaalFactory(
        automatisch_netwerk=netwerk,
        bron=Bron.SYSTEEM,
        melder_type=MelderType.SYSTEEM,
        categorie=Categorie.WACHTLIJST,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SignaalFactory(
            automatisch_netwerk=netwerk,
            bron=Bron.SYSTEEM,
            melder_type=MelderType.SYSTEEM,
            categorie=Categorie.WACHTLIJST,
            status=SignaalStatus.IN_BEHANDELING,
            in_behandeling_op=_today(),
        )
    # a closed one and another category are fine
    SignaalFactory(
        automatisch_netwerk=netwerk,
        bron=Bron.SYSTEEM,
        melder_type=MelderType.SYSTEEM,
        categorie=Categorie.WACHTLIJST,
        status=SignaalStatus.OPGELOST,
        gesloten_op=_today(),
        oplossing="Opgelost.",
    )
    SignaalFactory(
        automatisch_netwerk=netwerk,
        bron=Bron.SYSTEEM,
        melder_type=MelderType.SYSTEEM,
        categorie=Categorie.PERSONEEL,
    )


def test_receiver_is_connected_and_acts_after_the_measurement_commits(
    netwerk, django_capture_on_commit_callbacks
):
    meting_row = WachtlijstMeting.objects.create(
        netwerk=netwerk,
        peildatum=_today(),
        aantal_wachtend=120,
        aantal_wenswachtend=0,
        aantal_dreigt=0,
        aantal_boven_treeknorm=0,
        aantal_zes_weken_of_langer=0,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        wachtlijst_gemeten.send(
            sender=WachtlijstMeting,
            netwerk=netwerk,
            peildatum=_today(),
            meting=meting_row,
            boven_drempel=True,
            redenen=REDENEN,
        )
        assert not Signaal.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    callbacks[0]()  # a second delivery changes nothing
    assert automatische(netwerk).count() == 1


def test_daily_measurement_end_to_end(netwerk, settings, django_capture_on_commit_callbacks):
    settings.WACHTLIJST_DREMPELS = {"aantal_wachtend": 2, "dagen_boven_norm": 28}
    vandaag = _today()
    aanmeldingen = [
        AanmeldingFactory(
            client=ClientFactory(netwerk=netwerk),
            netwerk=netwerk,
            datum=vandaag - dt.timedelta(days=dagen),
        )
        for dagen in (3, 10)
    ]

    with django_capture_on_commit_callbacks(execute=True):
        wachtlijst_meten(peildatum=vandaag)
    signaal = automatische(netwerk).get()
    assert signaal.drempel_overschreden is True

    Aanmelding.objects.filter(pk=aanmeldingen[0].pk).update(eerste_contact_op=vandaag)
    with django_capture_on_commit_callbacks(execute=True):
        wachtlijst_meten(peildatum=vandaag)

    signaal.refresh_from_db()
    assert signaal.status == SignaalStatus.GEMELD
    assert signaal.drempel_overschreden is False
    assert "weer onder de drempel" in signaal.acties.order_by("-id").first().tekst


def test_a_failing_receiver_never_undoes_the_measurement(
    netwerk, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WACHTLIJST_DREMPELS = {"aantal_wachtend": 0, "dagen_boven_norm": 28}

    def broken(**kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(services, "wachtlijst_meting_verwerken", broken)
    with django_capture_on_commit_callbacks(execute=True):
        wachtlijst_meten(peildatum=_today())

    assert WachtlijstMeting.objects.filter(netwerk=netwerk).exists()
    assert not Signaal.objects.exists()


def test_an_automatic_signal_keeps_the_system_as_melder(netwerk, signaalteam_user):
    from django.core.exceptions import ValidationError

    signaal = meting(netwerk, True)
    with pytest.raises(ValidationError):
        services.signaal_update(
            signaal=signaal, actor=Actor.of(signaalteam_user), melder_type="anders"
        )
