"""casemanagement orders unassigned aanmeldingen by the day the Treeknorm passes, in SQL
(it may not import wachtlijst); the clock says the same day in Python. This pins the two
together on generated cases, with postponements that overlap, touch, begin before the
aanmelding or are far apart."""

import datetime as dt
import random

import pytest

from casemanagement.models import Aanmelding, Uitstel
from casemanagement.selectors import TREEKNORM_DAGEN, met_urgentie_en_normdatum
from tests.casemanagement.factories import RegisteredAanmeldingFactory
from wachtlijst.clock import TREEKNORM_DAGEN as KLOK_TREEKNORM_DAGEN
from wachtlijst.clock import Gebeurtenissen, norm_overschreden_vanaf

pytestmark = pytest.mark.django_db


def test_the_treeknorm_is_the_same_number_of_days():
    assert TREEKNORM_DAGEN == KLOK_TREEKNORM_DAGEN


@pytest.mark.parametrize("seed", [19, 20, 21])
def test_sql_norm_date_agrees_with_the_clock(netwerk, seed):
    rng = random.Random(seed)
    peildatum = dt.date(2026, 9, 1)
    verwacht = {}
    for _case in range(25):
        datum = peildatum - dt.timedelta(days=rng.randint(0, 40))
        aanmelding = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=datum)
        uitstellen = []
        begin = datum + dt.timedelta(days=rng.randint(0, 20))
        for _uitstel in range(rng.randint(0, 4)):
            einde = begin + dt.timedelta(days=rng.randint(1, 25))
            uitstellen.append((begin, einde))
            Uitstel.objects.create(aanmelding=aanmelding, van=begin, tot=einde)
            # the next one may overlap this one, touch it, or begin well after it
            begin = begin + dt.timedelta(days=rng.randint(0, 60))
        verwacht[aanmelding.pk] = norm_overschreden_vanaf(
            Gebeurtenissen(aanmelddatum=datum, uitstellen=tuple(uitstellen)), peildatum
        )

    rows = met_urgentie_en_normdatum(Aanmelding.objects.filter(pk__in=verwacht))
    assert {row.pk: row.norm_datum for row in rows} == verwacht


def test_overlapping_postponements_count_each_day_once(netwerk):
    """Two records of the same ten days of wenswachtend do not move the norm by twenty."""
    datum = dt.date(2026, 8, 1)
    aanmelding = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=datum)
    Uitstel.objects.create(aanmelding=aanmelding, van=dt.date(2026, 8, 5), tot=dt.date(2026, 8, 15))
    Uitstel.objects.create(
        aanmelding=aanmelding, van=dt.date(2026, 8, 10), tot=dt.date(2026, 8, 15)
    )

    row = met_urgentie_en_normdatum(Aanmelding.objects.filter(pk=aanmelding.pk)).get()

    assert row.norm_datum == datum + dt.timedelta(days=TREEKNORM_DAGEN + 1 + 10)
