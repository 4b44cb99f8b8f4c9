"""Report periods: a quarter ("2026Q3") or a year ("2026")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from accounts.dates import dag_tekst, validate_planned_date

_PERIODE = re.compile(r"^(?P<jaar>\d{4})(?:[Qq](?P<kwartaal>[1-4]))?$")


@dataclass(frozen=True)
class Periode:
    code: str  # "2026Q3" or "2026"
    begin: dt.date
    eind: dt.date  # inclusive

    @property
    def is_kwartaal(self) -> bool:
        return "Q" in self.code

    @property
    def peildatum(self) -> dt.date:
        """The day after the period: the quarter's NZa peildatum (1 Jan/Apr/Jul/Oct)."""
        return self.eind + dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return periode_label(self.code)

    def kwartalen_terug(self, aantal: int) -> list[dt.date]:
        """The peildata of this and the previous quarters, oldest first (for trends)."""
        return [self.peildatum - relativedelta(months=3 * i) for i in reversed(range(aantal))]


def periode_label(code: str) -> str:
    """How a person reads a period code: '2026Q3' -> '3e kwartaal 2026', '2026' -> '2026'.
    No validation: stored reports keep their label whatever today's window of dates."""
    match = _PERIODE.match((code or "").strip())
    if match and match["kwartaal"]:
        return f"{match['kwartaal']}e kwartaal {match['jaar']}"
    return code


def periode_in_bestandsnaam(code: str) -> str:
    """A period in a file name, sortable and readable: '2026Q3' -> '2026-Q3', '2026' -> '2026'."""
    match = _PERIODE.match((code or "").strip())
    if match and match["kwartaal"]:
        return f"{match['jaar']}-Q{match['kwartaal']}"
    return code


def parse_periode(code: str) -> Periode:
    """'2026Q3' or '2026'; ValueError with a Dutch message otherwise. A period starts in the
    window of planned dates (accounts.dates): not before 2000, at most two years ahead."""
    match = _PERIODE.match((code or "").strip())
    if not match or int(match["jaar"]) == 0:
        raise ValueError(f"Onbekende periode {code!r}: gebruik bijvoorbeeld 2026Q3 of 2026.")
    jaar = int(match["jaar"])
    kwartaal = int(match["kwartaal"]) if match["kwartaal"] else None
    begin = dt.date(jaar, 3 * kwartaal - 2 if kwartaal else 1, 1)
    try:
        validate_planned_date(begin)
    except ValidationError as error:
        raise ValueError(
            f"De periode {code.strip()} begint op {dag_tekst(begin)}. {error.messages[0]}"
        ) from None
    if kwartaal:
        return Periode(f"{jaar}Q{kwartaal}", begin, begin + relativedelta(months=3, days=-1))
    return Periode(str(jaar), begin, dt.date(jaar, 12, 31))


def vorige_periodes(vandaag: dt.date) -> list[Periode]:
    """The periods that ended most recently before today: the last quarter, and the last
    year when today is in January (what the beat job generates after a period ends)."""
    vorig_kwartaal_eind = dt.date(
        vandaag.year, 3 * ((vandaag.month - 1) // 3) + 1, 1
    ) - dt.timedelta(days=1)
    q = (vorig_kwartaal_eind.month - 1) // 3 + 1
    periodes = [parse_periode(f"{vorig_kwartaal_eind.year}Q{q}")]
    if vandaag.month == 1:
        periodes.append(parse_periode(str(vandaag.year - 1)))
    return periodes
