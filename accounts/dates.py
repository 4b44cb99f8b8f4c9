"""The date rules of the project: one function per rule, called by the model fields
(``validators=[...]``, so ModelForms, DRF ModelSerializers and ``full_clean`` in the
services pick them up), by the plain forms and serializers, by the client import and by the
query parameters that take a date. A rule that lives in one place cannot drift.

The window (docs/decisions/0008-date-bounds.md):

- a **geboortedatum** lies on or after 1 January 1900 and not in the future;
- a **gebeurtenis** (an aanmelding, contact, measurement, realisation, meeting, a signal
  received, a peildatum) lies on or after 1 January 2000 (``BEGIN_OF_RECORDS``: no network,
  referral or report of this application is older) and not after today;
- a **planned** date (an indication period, a postponement, a deadline, a follow-up date,
  the end of an affiliation, a filter period) lies on or after 1 January 2000 and at most
  ``PLANNING_YEARS`` years ahead;
- a period does not end before it starts; a client is not born after their referral.

"Today" is the local date in Europe/Amsterdam; callers that inject a peildatum or
``vandaag`` (the import, the national inventory) pass it as ``vandaag``. Every refusal is a
Django ``ValidationError`` with a Dutch message that names the allowed window; DRF turns it
into a 400 with that message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_GEBOORTEDATUM = dt.date(1900, 1, 1)
BEGIN_OF_RECORDS = dt.date(2000, 1, 1)
PLANNING_YEARS = 2


def today() -> dt.date:
    return timezone.localdate()


def latest_planned(vandaag: dt.date | None = None) -> dt.date:
    """The last day a planned date may fall on: ``PLANNING_YEARS`` years after today
    (29 February becomes 28 February)."""
    vandaag = vandaag or today()
    try:
        return vandaag.replace(year=vandaag.year + PLANNING_YEARS)
    except ValueError:
        return vandaag.replace(year=vandaag.year + PLANNING_YEARS, day=28)


def dag_tekst(value: dt.date) -> str:
    """dd-mm-jjjj, also for the years before 1000 that strftime writes short."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def korte_datum(value: dt.date, *, met_jaar: bool = False) -> str:
    """A date as Dutch writes it short: '1 okt.', '3 mei', '12 jan. 2026' (Django's "M"
    writes 'Okt', capitalised and without the point)."""
    from django.utils.formats import date_format

    maand = date_format(value, "b") + ("" if value.month == 5 else ".")
    return f"{value.day} {maand}" + (f" {value.year}" if met_jaar else "")


def _is_date(value: object) -> bool:
    # A datetime is a date too; compare days, not moments.
    return isinstance(value, dt.date)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def validate_geboortedatum(value: dt.date | None, *, vandaag: dt.date | None = None) -> None:
    """A birth date: on or after 1 January 1900 and not after today."""
    if not _is_date(value):
        return
    value = _as_date(value)
    if value < EARLIEST_GEBOORTEDATUM:
        raise ValidationError(
            _("Een geboortedatum ligt niet voor 1 januari 1900. Controleer het jaar."),
            code="geboortedatum_te_vroeg",
        )
    if value > (vandaag or today()):
        raise ValidationError(
            _("Een geboortedatum ligt niet in de toekomst."), code="geboortedatum_toekomst"
        )


def validate_event_date(value: dt.date | None, *, vandaag: dt.date | None = None) -> None:
    """Something that has happened: on or after 1 January 2000 and not after today."""
    if not _is_date(value):
        return
    value = _as_date(value)
    _not_before_records(value)
    if value > (vandaag or today()):
        raise ValidationError(_("Deze datum ligt in de toekomst."), code="toekomst")


def validate_planned_date(value: dt.date | None, *, vandaag: dt.date | None = None) -> None:
    """A date that may lie ahead: on or after 1 January 2000 and at most PLANNING_YEARS
    years after today."""
    if not _is_date(value):
        return
    value = _as_date(value)
    _not_before_records(value)
    laatste = latest_planned(vandaag)
    if value > laatste:
        raise ValidationError(
            _(
                "Deze datum ligt meer dan %(jaren)s jaar vooruit. Kies een datum tot en met "
                "%(laatste)s."
            )
            % {"jaren": PLANNING_YEARS, "laatste": dag_tekst(laatste)},
            code="te_ver_vooruit",
        )


def _not_before_records(value: dt.date) -> None:
    if value < BEGIN_OF_RECORDS:
        raise ValidationError(
            _("Deze datum ligt voor 1 januari 2000. Controleer het jaar."), code="te_vroeg"
        )


def validate_period(begin: dt.date | None, eind: dt.date | None) -> None:
    """A period whose end (inclusive) is not before its start; open ends pass."""
    if _is_date(begin) and _is_date(eind) and _as_date(eind) < _as_date(begin):
        raise ValidationError(_("De einddatum ligt vóór de begindatum."), code="periode_omgekeerd")


def validate_born_before(geboortedatum: dt.date | None, datum: dt.date | None) -> None:
    """A client is born on or before the date of their aanmelding."""
    if _is_date(geboortedatum) and _is_date(datum) and geboortedatum > datum:
        raise ValidationError(
            _("De geboortedatum ligt na de datum van aanmelding (%(datum)s).")
            % {"datum": dag_tekst(datum)},
            code="geboren_na_aanmelding",
        )


def check_field(field: str, rule: Callable[..., None], value: dt.date | None, **kwargs) -> None:
    """Run a rule in a service and name the field in its refusal, so a form shows the
    message next to what was typed and the API under the field's name."""
    try:
        rule(value, **kwargs)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from None
