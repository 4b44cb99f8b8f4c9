"""The NZa peildata: 1 January, April, July and October (QUARTER_MONTHS, also enforced by a
database constraint on NzaKwartaal)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.dates import validate_event_date

from ..models.nza import QUARTER_MONTHS


def is_peildatum(datum: dt.date) -> bool:
    """1 January, April, July or October."""
    return datum.day == 1 and datum.month in QUARTER_MONTHS


def laatste_peildatum(vandaag: dt.date) -> dt.date:
    """Today when today is a peildatum, else the most recent one before it."""
    return dt.date(vandaag.year, (vandaag.month - 1) // 3 * 3 + 1, 1)


def peildata_tot(vandaag: dt.date, aantal: int) -> list[dt.date]:
    """The ``aantal`` most recent peildata up to and including today, newest first."""
    peildatum = laatste_peildatum(vandaag)
    result = []
    for _index in range(aantal):
        result.append(peildatum)
        peildatum = laatste_peildatum(peildatum - dt.timedelta(days=1))
    return result


def peildatum_error(peildatum: dt.date, vandaag: dt.date) -> str | None:
    """Why the date cannot be a peildatum of NZa figures, or None when it can."""
    if not is_peildatum(peildatum):
        return _("Een peildatum is 1 januari, 1 april, 1 juli of 1 oktober.")
    try:
        validate_event_date(peildatum, vandaag=vandaag)
    except ValidationError as error:
        return error.messages[0]
    return None


# The cycle of a quarter (DESIGN.md, NZa-transparantie; docs/decisions/0024): providers
# confirm or correct their figures by the 10th, reminders go out on the 5th and the 9th to
# those that have not, the network compiles and publishes by the 20th; days counted from the
# peildatum (the 1st), so in the peildatum's own month.
AANBIEDERS_UITERLIJK_DAG = 10
NETWERK_UITERLIJK_DAG = 20
HERINNERING_DAGEN = (5, 9)


def aanbieders_uiterlijk(peildatum: dt.date) -> dt.date:
    """The last day for the providers to confirm or correct their figures."""
    return peildatum.replace(day=AANBIEDERS_UITERLIJK_DAG)


def netwerk_uiterlijk(peildatum: dt.date) -> dt.date:
    """The last day for the network to compile and publish its figures."""
    return peildatum.replace(day=NETWERK_UITERLIJK_DAG)
