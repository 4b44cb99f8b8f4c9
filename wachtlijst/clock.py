"""The Treeknorm clock (DESIGN.md rule 1), as one pure function of an aanmelding's events
and a peildatum. selectors.py computes the same in the database for a whole network or the
country; tests/wachtlijst/test_clock.py compares the two on generated histories.

- NZa wait = (stop date, or the peildatum while still waiting) - aanmelding date, in days.
  Stop = the first contact of the treating casemanager, or the afmelding, whichever is first.
- A client waits on P when aanmelding <= P and no stop happened on or before P; those inside
  a postponement on P (A <= P < B) are also wenswachtend (and stay in the waiting total).
- Adjusted wait = NZa wait minus the postponement days: a postponement from A to B removes
  the days A .. B-1 (B, the day the client is available again, counts as waiting), clipped
  to the waiting period; overlapping postponements count once.
- Status on the adjusted wait: binnen norm up to the network's threshold (default 28),
  dreigt above it up to 42, overschreden above 42 (``status_voor``; its SQL twin is
  ``selectors.status_filter``). "Wachtend 6 weken of langer" (NZa) is a client still waiting
  on P with an NZa wait of 42 days or more (``selectors.zes_weken_of_langer``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

TREEKNORM_DAGEN = 42
SIGNAAL_DAGEN = 28


class Status(StrEnum):
    BINNEN_NORM = "binnen_norm"
    DREIGT = "dreigt"
    OVERSCHREDEN = "overschreden"

    @property
    def label(self) -> str:
        return {"binnen_norm": "Binnen norm", "dreigt": "Dreigt", "overschreden": "Overschreden"}[
            self.value
        ]

    @property
    def css(self) -> str:
        return {"binnen_norm": "goed", "dreigt": "waarschuwing", "overschreden": "fout"}[self.value]


@dataclass(frozen=True)
class Gebeurtenissen:
    """What the clock reads of one aanmelding."""

    aanmelddatum: dt.date
    eerste_contact: dt.date | None = None
    afgemeld: dt.date | None = None
    uitstellen: tuple[tuple[dt.date, dt.date], ...] = ()

    @property
    def stopdatum(self) -> dt.date | None:
        stops = [d for d in (self.eerste_contact, self.afgemeld) if d is not None]
        return min(stops) if stops else None


@dataclass(frozen=True)
class Wachttijd:
    peildatum: dt.date
    wachtend: bool  # on the list on the peildatum
    wenswachtend: bool  # waiting and inside a postponement on the peildatum
    nza_dagen: int  # up to the stop, or up to the peildatum while waiting
    gecorrigeerd_dagen: int  # minus postponement days
    gestopt_op: dt.date | None  # the stop, when it happened on or before the peildatum

    def status(self, signaal_dagen: int = SIGNAAL_DAGEN) -> Status:
        return status_voor(self.gecorrigeerd_dagen, signaal_dagen)

    @property
    def zes_weken_of_langer(self) -> bool:
        """The NZa figure "wachtend 6 weken of langer": still waiting on the peildatum with an
        NZa wait of 42 days or more, whatever postponements the client asked for. A client
        whose wait stopped (first contact or afmelding) is no longer counted."""
        return self.wachtend and self.nza_dagen >= TREEKNORM_DAGEN


def status_voor(gecorrigeerd_dagen: int, signaal_dagen: int = SIGNAAL_DAGEN) -> Status:
    if gecorrigeerd_dagen > TREEKNORM_DAGEN:
        return Status.OVERSCHREDEN
    if gecorrigeerd_dagen > signaal_dagen:
        return Status.DREIGT
    return Status.BINNEN_NORM


def _merged(uitstellen: Iterable[tuple[dt.date, dt.date]], begin: dt.date) -> list[list[dt.date]]:
    merged: list[list[dt.date]] = []
    for a, b in sorted((max(a, begin), b) for a, b in uitstellen if b > begin):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def uitsteldagen(
    uitstellen: Iterable[tuple[dt.date, dt.date]], begin: dt.date, einde: dt.date
) -> int:
    """Days d with begin <= d < einde that fall inside at least one postponement [A, B)."""
    return sum((min(b, einde) - a).days for a, b in _merged(uitstellen, begin) if a < min(b, einde))


def wachttijd(gebeurtenissen: Gebeurtenissen, peildatum: dt.date) -> Wachttijd | None:
    """The clock of one aanmelding on a peildatum; None when it was not yet registered."""
    if gebeurtenissen.aanmelddatum > peildatum:
        return None
    stop = gebeurtenissen.stopdatum
    gestopt = stop is not None and stop <= peildatum
    einde = stop if gestopt else peildatum
    nza = (einde - gebeurtenissen.aanmelddatum).days
    gecorrigeerd = nza - uitsteldagen(gebeurtenissen.uitstellen, gebeurtenissen.aanmelddatum, einde)
    wachtend = not gestopt
    wenswachtend = wachtend and any(a <= peildatum < b for a, b in gebeurtenissen.uitstellen)
    return Wachttijd(
        peildatum=peildatum,
        wachtend=wachtend,
        wenswachtend=wenswachtend,
        nza_dagen=nza,
        gecorrigeerd_dagen=gecorrigeerd,
        gestopt_op=stop if gestopt else None,
    )


def norm_overschreden_vanaf(gebeurtenissen: Gebeurtenissen, peildatum: dt.date) -> dt.date | None:
    """The first day on which the adjusted wait is over 42 days if the client keeps waiting
    (with the postponements known now); None when not waiting on the peildatum.

    The adjusted wait on day d counts the days from the aanmelding up to d that fall in no
    postponement, so the norm is passed the day after the 43rd such day.
    """
    huidig = wachttijd(gebeurtenissen, peildatum)
    if huidig is None or not huidig.wachtend:
        return None
    nodig = TREEKNORM_DAGEN + 1
    cursor = gebeurtenissen.aanmelddatum
    for begin, einde in _merged(gebeurtenissen.uitstellen, cursor):
        vrij = (begin - cursor).days
        if nodig <= vrij:
            break
        nodig -= max(vrij, 0)
        cursor = max(cursor, einde)
    return cursor + dt.timedelta(days=nodig)
