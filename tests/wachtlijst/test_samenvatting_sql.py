"""The figures at the top of the waitlist (samenvatting, samenvatting_per_netwerk,
gestart_binnen, gestart_binnen_per_netwerk) compile the clock once and aggregate over it in
SQL (issue #17, docs/decisions/0023-bench-profiling.md and 0028). They must give exactly
what the ORM formulation with the status_filter / zes_weken_of_langer twins gives (pinned to
the pure function in test_clock): that formulation is kept here as the reference."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, F, Max, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casemanagement.models import Aanmelding, Uitstel
from netwerk.models import Netwerk
from tests.casemanagement.factories import ClientFactory
from wachtlijst.clock import TREEKNORM_DAGEN, Status
from wachtlijst.selectors import (
    GESTART_BINNEN_4_WEKEN,
    Percentile,
    _samenvatting,
    gestart_binnen,
    gestart_binnen_per_netwerk,
    met_wachttijd,
    samenvatting,
    samenvatting_per_netwerk,
    status_filter,
    wachtend_op,
    zes_weken_of_langer,
)

from .test_clock import BEGIN, days, histories


def _orm_aggregates(signaal_dagen) -> dict:
    return {
        "aantal_wachtend": Count("pk"),
        "aantal_wenswachtend": Count("pk", filter=Q(wenswachtend=True)),
        "aantal_dreigt": Count("pk", filter=status_filter(Status.DREIGT, signaal_dagen)),
        "aantal_boven_treeknorm": Count("pk", filter=status_filter(Status.OVERSCHREDEN)),
        "aantal_zes_weken_of_langer": Count("pk", filter=zes_weken_of_langer()),
        "mediaan_wachtdagen": Percentile("nza_dagen", 0.5),
        "p90_wachtdagen": Percentile("nza_dagen", 0.9),
        "langste_wachtdagen": Max("nza_dagen"),
        "mediaan_wachtdagen_gecorrigeerd": Percentile("gecorrigeerd_dagen", 0.5),
        "p90_wachtdagen_gecorrigeerd": Percentile("gecorrigeerd_dagen", 0.9),
        "langste_wachtdagen_gecorrigeerd": Max("gecorrigeerd_dagen"),
    }


def _orm_samenvatting(aanmeldingen, peildatum, signaal_dagen):
    waiting = met_wachttijd(wachtend_op(aanmeldingen, peildatum), peildatum)
    return _samenvatting(peildatum, waiting.aggregate(**_orm_aggregates(signaal_dagen)))


def _orm_gestart_binnen(aanmeldingen, peildatum):
    begin = peildatum - relativedelta(months=3)
    gestart = met_wachttijd(
        aanmeldingen.filter(eerste_contact_op__gte=begin, eerste_contact_op__lt=peildatum),
        peildatum,
    ).filter(Q(afgemeld_op__isnull=True) | Q(afgemeld_op__gt=F("eerste_contact_op")))
    row = gestart.aggregate(
        totaal=Count("pk"),
        binnen_4_weken=Count("pk", filter=Q(gecorrigeerd_dagen__lte=GESTART_BINNEN_4_WEKEN)),
        binnen_6_weken=Count("pk", filter=Q(gecorrigeerd_dagen__lte=TREEKNORM_DAGEN)),
    )
    return row["totaal"], row["binnen_4_weken"], row["binnen_6_weken"]


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    history=st.lists(histories(), min_size=0, max_size=8),
    peil=days,
    signaal=st.integers(min_value=1, max_value=60),
)
def test_figures_in_sql_equal_the_orm_formulation(netwerk, history, peil, signaal):
    peildatum = BEGIN + dt.timedelta(days=peil)
    with transaction.atomic():
        Netwerk.objects.filter(pk=netwerk.pk).update(treeknorm_signaal_dagen=signaal)
        for g in history:
            aanmelding = Aanmelding.objects.create(
                client=ClientFactory(netwerk=netwerk),
                netwerk=netwerk,
                datum=g.aanmelddatum,
                verwijzer_type="huisarts",
                eerste_contact_op=g.eerste_contact,
                afgemeld_op=g.afgemeld,
                afmeldreden="afzien" if g.afgemeld else "",
            )
            Uitstel.objects.bulk_create(
                [Uitstel(aanmelding=aanmelding, van=a, tot=b) for a, b in g.uitstellen]
            )
        alle = Aanmelding.objects.filter(netwerk=netwerk)
        expected = _orm_samenvatting(alle, peildatum, signaal)
        assert samenvatting(alle, peildatum, signaal) == expected
        per_netwerk = samenvatting_per_netwerk(Netwerk.objects.filter(pk=netwerk.pk), peildatum)
        if expected.aantal_wachtend:
            assert per_netwerk == {netwerk.pk: expected}
        else:
            assert per_netwerk == {}
        gestart = _orm_gestart_binnen(alle, peildatum)
        assert gestart_binnen(alle, peildatum) == gestart
        assert gestart_binnen_per_netwerk(alle, peildatum) == (
            {netwerk.pk: gestart} if gestart[0] else {}
        )
        transaction.set_rollback(True)
