"""The melder's personal data is removed once the retention period after closing has
passed (settings.SIGNAAL_BEWAARTERMIJN_MELDER_DAGEN, default 365), by a nightly job."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.actor import Actor
from signaalteam import services
from signaalteam.models import ActieType, Signaal, SignaalStatus
from signaalteam.tasks import melder_gegevens_opschonen_task
from tests.signaalteam.factories import signaal

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


def _closed(user, netwerk, gesloten_op: dt.date) -> Signaal:
    result = signaal(user, netwerk, ontvangen_op=gesloten_op - dt.timedelta(days=30))
    result = services.signaal_take_up(signaal=result, actor=Actor.of(user), op=gesloten_op)
    return services.signaal_close(
        signaal=result,
        actor=Actor.of(user),
        status=SignaalStatus.OPGELOST,
        oplossing="Opgelost.",
        op=gesloten_op,
    )


def _has_melder_data(result: Signaal) -> bool:
    result.refresh_from_db()
    return result.heeft_melder_gegevens


def test_melder_data_stays_until_the_period_has_passed(signaalteam_user, netwerk):
    result = _closed(signaalteam_user, netwerk, VANDAAG - dt.timedelta(days=365))

    assert services.melder_gegevens_opschonen(vandaag=VANDAAG - dt.timedelta(days=1)) == 0
    assert _has_melder_data(result)

    assert services.melder_gegevens_opschonen(vandaag=VANDAAG) == 1
    result.refresh_from_db()
    assert (result.melder_naam, result.melder_organisatie) == ("", "")
    assert (result.melder_email, result.melder_telefoon) == ("", "")
    assert result.melder_gegevens_verwijderd_op is not None
    # the signal itself stays as it was
    assert result.titel == "Wachttijd loopt op"
    assert result.status == SignaalStatus.OPGELOST
    assert result.melder_type == "client_mantelzorger"


def test_open_signals_keep_melder_data_however_old(signaalteam_user, netwerk):
    gemeld = signaal(signaalteam_user, netwerk, ontvangen_op=VANDAAG - dt.timedelta(days=2000))
    in_behandeling = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk, ontvangen_op=VANDAAG - dt.timedelta(days=900)),
        actor=Actor.of(signaalteam_user),
        op=VANDAAG - dt.timedelta(days=899),
    )

    assert services.melder_gegevens_opschonen(vandaag=VANDAAG) == 0
    assert _has_melder_data(gemeld)
    assert _has_melder_data(in_behandeling)


def test_recently_closed_signals_keep_melder_data(signaalteam_user, netwerk):
    result = _closed(signaalteam_user, netwerk, VANDAAG - dt.timedelta(days=30))
    services.melder_gegevens_opschonen(vandaag=VANDAAG)
    assert _has_melder_data(result)


def test_the_period_comes_from_the_settings(signaalteam_user, netwerk, settings):
    settings.SIGNAAL_BEWAARTERMIJN_MELDER_DAGEN = 30
    result = _closed(signaalteam_user, netwerk, VANDAAG - dt.timedelta(days=30))

    assert services.melder_gegevens_opschonen(vandaag=VANDAAG) == 1
    assert not _has_melder_data(result)


def test_second_run_finds_nothing_and_leaves_one_line_on_the_timeline(signaalteam_user, netwerk):
    result = _closed(signaalteam_user, netwerk, VANDAAG - dt.timedelta(days=400))

    assert services.melder_gegevens_opschonen(vandaag=VANDAAG) == 1
    first_removed = Signaal.objects.get(pk=result.pk).melder_gegevens_verwijderd_op
    assert services.melder_gegevens_opschonen(vandaag=VANDAAG) == 0

    assert Signaal.objects.get(pk=result.pk).melder_gegevens_verwijderd_op == first_removed
    lines = result.acties.filter(type=ActieType.SYSTEEM)
    assert lines.count() == 1
    assert "bewaartermijn van 365 dagen" in lines.get().tekst


def test_melder_data_leaves_no_trace_in_history_or_search(signaalteam_user, netwerk):
    result = _closed(signaalteam_user, netwerk, VANDAAG - dt.timedelta(days=400))
    services.melder_gegevens_opschonen(vandaag=VANDAAG)

    for record in result.history.all():
        assert "Geheimnaam" not in str(record.__dict__)
    assert not Signaal.objects.filter(pk=result.pk, zoekvector="Geheimnaam").exists()


def test_nightly_task_runs_the_job(signaalteam_user, netwerk):
    gesloten_op = timezone.localdate() - dt.timedelta(days=366)
    result = _closed(signaalteam_user, netwerk, gesloten_op)

    assert melder_gegevens_opschonen_task.delay().get() == 1
    assert not _has_melder_data(result)
    assert melder_gegevens_opschonen_task.delay().get() == 0
