"""The national inventory as CSV (one row per network) and as Excel (that, and the totals
over every network of the inventory). Counts below 5 as "<5" when ``maskeren`` (insurers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from accounts import exports

from ..permissions import klein_aantal
from .selectors import Categorie, Inventarisatie, NetwerkCijfers


def _kolommen() -> list[str]:
    return [
        _("Peildatum"),
        _("Netwerk"),
        _("Wachtlijst"),
        _("Wachtend"),
        _("Wenswachtend"),
        _("Dreigt (boven signaalgrens)"),
        _("Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"),
        _("Wachtend 6 weken of langer (NZa)"),
        _("Mediaan wachttijd (dagen)"),
        _("P90 wachttijd (dagen)"),
        _("Langste wachttijd (dagen)"),
        _("Mediaan gecorrigeerde wachttijd (dagen)"),
        _("P90 gecorrigeerde wachttijd (dagen)"),
        _("Langste gecorrigeerde wachttijd (dagen)"),
        _("Gestart in kwartaal voor peildatum"),
        _("Gestart binnen Treeknorm (%)"),
        _("Gestart binnen 4 weken (%)"),
        _("Streefpercentage binnen 4 weken (%)"),
    ]


def _rij(regel: NetwerkCijfers, maskeren: bool) -> list[Any]:
    s, gestart = regel.samenvatting, regel.gestart

    def aantal(value: int) -> int | str:
        return klein_aantal(value, maskeren=maskeren)

    return [
        regel.peildatum,
        regel.netwerk.naam,
        str(regel.categorie.label),
        aantal(s.aantal_wachtend),
        aantal(s.aantal_wenswachtend),
        aantal(s.aantal_dreigt),
        aantal(s.aantal_boven_treeknorm),
        aantal(s.aantal_zes_weken_of_langer),
        s.mediaan_wachtdagen,
        s.p90_wachtdagen,
        s.langste_wachtdagen,
        s.mediaan_wachtdagen_gecorrigeerd,
        s.p90_wachtdagen_gecorrigeerd,
        s.langste_wachtdagen_gecorrigeerd,
        aantal(gestart.aantal),
        gestart.percentage_binnen_treeknorm(maskeren=maskeren),
        gestart.percentage_binnen_4_weken(maskeren=maskeren),
        regel.netwerk.streefpercentage_binnen_4_weken,
    ]


def _totalen(inventaris: Inventarisatie, maskeren: bool) -> list[tuple[str, Any]]:
    totalen = inventaris.totalen

    def aantal(value: int) -> int | str:
        return klein_aantal(value, maskeren=maskeren)

    rows: list[tuple[str, Any]] = [
        (_("Peildatum"), inventaris.peildatum),
        (_("Netwerken"), totalen.aantal_netwerken),
    ]
    for categorie in Categorie:
        rows.append(
            (
                _("Netwerken: %(categorie)s") % {"categorie": categorie.label},
                totalen.netwerken_per_categorie[categorie.value],
            )
        )
    return [
        *rows,
        (_("Wachtend"), aantal(totalen.aantal_wachtend)),
        (_("Wenswachtend"), aantal(totalen.aantal_wenswachtend)),
        (
            _("Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"),
            aantal(totalen.aantal_boven_treeknorm),
        ),
        (_("Wachtend 6 weken of langer (NZa)"), aantal(totalen.aantal_zes_weken_of_langer)),
    ]


def _csv(inventaris: Inventarisatie, regels: list[NetwerkCijfers], maskeren: bool) -> bytes:
    """One row per network; the totals are in the Excel file."""
    return exports.csv_bytes(_kolommen(), (_rij(regel, maskeren) for regel in regels))


def _xlsx(inventaris: Inventarisatie, regels: list[NetwerkCijfers], maskeren: bool) -> bytes:
    """Two sheets: one row per network, and the totals over every network of the
    inventory."""
    kolommen = _kolommen()
    return exports.xlsx_bytes(
        exports.Sheet(
            title=_("Inventarisatie"),
            header=kolommen,
            rows=(_rij(regel, maskeren) for regel in regels),
            widths={i: max(12, min(len(naam) + 2, 40)) for i, naam in enumerate(kolommen)},
            freeze="B2",
        ),
        exports.Sheet(
            title=_("Totalen"),
            header=[_("Totalen over alle netwerken van de inventarisatie"), ""],
            rows=_totalen(inventaris, maskeren),
            widths={0: 52, 1: 14},
            freeze=None,
        ),
    )


EXPORTS: dict[str, Callable[..., bytes]] = {"csv": _csv, "xlsx": _xlsx}
