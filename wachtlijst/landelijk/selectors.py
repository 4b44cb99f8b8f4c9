"""The figures of the national inventory: for a peildatum, per network the number waiting,
the waits, the number over the norm and the share started within the norm in the quarter
before; networks grouped as geen wachtlijst / 1-99 / 100 or more; totals.

Every figure comes from the clock in the database (wachtlijst.selectors): the whole inventory
takes three queries however many networks or clients there are.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import disclosure
from casemanagement.models import Aanmelding
from netwerk.models import Netwerk

from .. import selectors
from ..selectors import (
    Samenvatting,
    gestart_binnen,
    percentage,
    samenvatting,
    samenvatting_per_netwerk,
)

GROTE_WACHTLIJST = 100  # from this many waiting a network is in the highest category


# --- Categories ------------------------------------------------------------------------------


class Categorie(models.TextChoices):
    GEEN = "geen", _("Geen wachtlijst")
    KLEIN = "1-99", _("1-99 wachtenden")
    GROOT = "100+", _("100 of meer wachtenden")

    @property
    def css(self) -> str:
        return {"geen": "goed", "1-99": "waarschuwing", "100+": "fout"}[self.value]


def categorie_voor(aantal_wachtend: int) -> Categorie:
    if aantal_wachtend == 0:
        return Categorie.GEEN
    if aantal_wachtend < GROTE_WACHTLIJST:
        return Categorie.KLEIN
    return Categorie.GROOT


# --- Figures ---------------------------------------------------------------------------------


def kwartaal_vanaf(peildatum: dt.date) -> dt.date:
    """First day of the quarter ending at the peildatum, as selectors.gestart_binnen counts it
    (from three months before, up to but not including the peildatum)."""
    return peildatum - relativedelta(months=3)


@dataclass(frozen=True)
class Gestart:
    """Clients taken into care from ``vanaf`` up to but not including the peildatum: how
    many, and how many with an adjusted wait of at most 28 and at most 42 days."""

    vanaf: dt.date
    aantal: int
    binnen_4_weken: int
    binnen_treeknorm: int

    def percentage_binnen_treeknorm(self) -> Decimal | None:
        return percentage(self.binnen_treeknorm, self.aantal)

    def percentage_binnen_4_weken(self) -> Decimal | None:
        return percentage(self.binnen_4_weken, self.aantal)


@dataclass(frozen=True)
class NetwerkCijfers:
    """One network's waitlist on the peildatum (``samenvatting``, with the network's own
    warning threshold) and the starts in the quarter before it (``gestart``)."""

    netwerk: Netwerk
    samenvatting: Samenvatting
    gestart: Gestart

    @property
    def peildatum(self) -> dt.date:
        return self.samenvatting.peildatum

    @property
    def categorie(self) -> Categorie:
        return categorie_voor(self.samenvatting.aantal_wachtend)


def lege_samenvatting(peildatum: dt.date) -> Samenvatting:
    """The summary of a network where nobody waits on the peildatum."""
    return Samenvatting(
        peildatum=peildatum,
        aantal_wachtend=0,
        aantal_wenswachtend=0,
        aantal_dreigt=0,
        aantal_boven_treeknorm=0,
        aantal_zes_weken_of_langer=0,
        mediaan_wachtdagen=None,
        p90_wachtdagen=None,
        langste_wachtdagen=None,
        mediaan_wachtdagen_gecorrigeerd=None,
        p90_wachtdagen_gecorrigeerd=None,
        langste_wachtdagen_gecorrigeerd=None,
    )


def netwerk_cijfers(netwerk: Netwerk, peildatum: dt.date) -> NetwerkCijfers:
    """The figures of one network in two queries; ``aantal_dreigt`` uses the network's own
    warning threshold (treeknorm_signaal_dagen)."""
    aanmeldingen = Aanmelding.objects.filter(netwerk=netwerk)
    totaal, binnen_4_weken, binnen_treeknorm = gestart_binnen(aanmeldingen, peildatum)
    return NetwerkCijfers(
        netwerk=netwerk,
        samenvatting=samenvatting(
            aanmeldingen, peildatum, signaal_dagen=netwerk.treeknorm_signaal_dagen
        ),
        gestart=Gestart(kwartaal_vanaf(peildatum), totaal, binnen_4_weken, binnen_treeknorm),
    )


def gestart_binnen_per_netwerk(
    netwerken: QuerySet[Netwerk], peildatum: dt.date
) -> dict[int, tuple[int, int, int]]:
    """selectors.gestart_binnen for many networks in one query: per network id (only those
    with a start in the quarter) the number taken into care, within 28 and within 42 days.
    Must count exactly as gestart_binnen does; a test compares the two."""
    return selectors.gestart_binnen_per_netwerk(
        Aanmelding.objects.filter(netwerk__in=netwerken), peildatum
    )


@dataclass(frozen=True)
class Totalen:
    """Totals over the networks of the inventory. ``netwerken_per_categorie`` has every
    category (also those without networks), keyed by its value."""

    aantal_netwerken: int
    netwerken_per_categorie: dict[str, int]
    aantal_wachtend: int
    aantal_wenswachtend: int
    aantal_boven_treeknorm: int
    aantal_zes_weken_of_langer: int
    aantal_wijkverpleging: int


def totalen_van(regels: Iterable[NetwerkCijfers]) -> Totalen:
    regels = list(regels)
    per_categorie = Counter(regel.categorie for regel in regels)

    def som(veld: str) -> int:
        return sum(getattr(regel.samenvatting, veld) for regel in regels)

    return Totalen(
        aantal_netwerken=len(regels),
        netwerken_per_categorie={c.value: per_categorie[c] for c in Categorie},
        aantal_wachtend=som("aantal_wachtend"),
        aantal_wenswachtend=som("aantal_wenswachtend"),
        aantal_boven_treeknorm=som("aantal_boven_treeknorm"),
        aantal_zes_weken_of_langer=som("aantal_zes_weken_of_langer"),
        aantal_wijkverpleging=som("aantal_wijkverpleging"),
    )


@dataclass(frozen=True)
class Inventarisatie:
    """Every network of ``netwerken`` on the peildatum, by name (networks where nobody waits
    included, as "geen wachtlijst"), with the totals over all of them."""

    peildatum: dt.date
    regels: list[NetwerkCijfers]
    totalen: Totalen


def inventarisatie(netwerken: QuerySet[Netwerk], peildatum: dt.date) -> Inventarisatie:
    """The national inventory of the given networks (pass
    ``permissions.netwerken_voor_landelijk(user)``) in three queries: the networks, the
    waitlist summaries, the starts in the quarter."""
    lijst = list(netwerken.order_by("naam", "pk"))
    wachtlijsten = samenvatting_per_netwerk(netwerken, peildatum)
    starts = gestart_binnen_per_netwerk(netwerken, peildatum)
    vanaf = kwartaal_vanaf(peildatum)
    regels = [
        NetwerkCijfers(
            netwerk=netwerk,
            samenvatting=wachtlijsten.get(netwerk.pk) or lege_samenvatting(peildatum),
            gestart=Gestart(vanaf, *starts.get(netwerk.pk, (0, 0, 0))),
        )
        for netwerk in lijst
    ]
    return Inventarisatie(peildatum=peildatum, regels=regels, totalen=totalen_van(regels))


# --- Choosing and ordering rows --------------------------------------------------------------


class Sortering(models.TextChoices):
    NAAM = "naam", _("Naam netwerk")
    WACHTEND = "wachtend", _("Aantal wachtenden (meeste eerst)")


def regels_voor(regels: list, *, categorie: str = "", sortering: str = Sortering.NAAM) -> list:
    """The rows to show (of the inventory as its reader may see it,
    permissions.zichtbare_inventarisatie): of one category (all when empty), by name or by
    number waiting (most first, then by name). A hidden count sorts as 0, so the order does
    not reveal what it hides."""
    regels = [r for r in regels if not categorie or r.categorie == categorie]
    if sortering == Sortering.WACHTEND:

        def sleutel(regel) -> int:
            aantal = regel.samenvatting.aantal_wachtend
            return 0 if disclosure.is_onderdrukt(aantal) else aantal

        regels.sort(key=sleutel, reverse=True)  # stable: ties stay in name order
    return regels
