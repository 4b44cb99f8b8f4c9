"""casemanagement orders unassigned aanmeldingen by the day the Treeknorm passes, in SQL
(it may not import wachtlijst); the clock says the same day in Python. This pins the two
together on generated cases of non-overlapping postponements."""

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


def test_sql_norm_date_agrees_with_the_clock(netwerk):
    rng = random.Random(19)
    peildatum = dt.date(2026, 9, 1)
    verwacht = {}
    for _case in range(25):
        datum = peildatum - dt.timedelta(days=rng.randint(0, 40))
        aanmelding = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=datum)
        uitstellen = []
        begin = datum + dt.timedelta(days=rng.randint(0, 20))
        for _uitstel in range(rng.randint(0, 2)):
            einde = begin + dt.timedelta(days=rng.randint(1, 25))
            uitstellen.append((begin, einde))
            Uitstel.objects.create(aanmelding=aanmelding, van=begin, tot=einde)
            begin = einde + dt.timedelta(days=rng.randint(0, 30))
        verwacht[aanmelding.pk] = norm_overschreden_vanaf(
            Gebeurtenissen(aanmelddatum=datum, uitstellen=tuple(uitstellen)), peildatum
        )

    rows = met_urgentie_en_normdatum(Aanmelding.objects.filter(pk__in=verwacht))
    assert {row.pk: row.norm_datum for row in rows} == verwacht
