"""The national inventory as CSV (one row per network) and as Excel (that, and the totals
over every network of the inventory), as the reader may see them
(permissions.zichtbare_inventarisatie, accounts.disclosure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from accounts import disclosure, exports

from .permissions import ZichtbareInventarisatie, ZichtbareRegel
from .selectors import Categorie


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
        _("Wachtend met wijkverpleging"),
    ]


def _rij(regel: ZichtbareRegel) -> list[Any]:
    s, gestart = regel.samenvatting, regel.gestart
    cel = disclosure.cel

    return [
        regel.peildatum,
        regel.netwerk.naam,
        str(regel.categorie.label),
        cel(s.aantal_wachtend),
        cel(s.aantal_wenswachtend),
        cel(s.aantal_dreigt),
        cel(s.aantal_boven_treeknorm),
        cel(s.aantal_zes_weken_of_langer),
        cel(s.mediaan_wachtdagen),
        cel(s.p90_wachtdagen),
        cel(s.langste_wachtdagen),
        cel(s.mediaan_wachtdagen_gecorrigeerd),
        cel(s.p90_wachtdagen_gecorrigeerd),
        cel(s.langste_wachtdagen_gecorrigeerd),
        cel(gestart.aantal),
        cel(gestart.percentage_binnen_treeknorm),
        cel(gestart.percentage_binnen_4_weken),
        regel.netwerk.streefpercentage_binnen_4_weken,
        cel(s.aantal_wijkverpleging),
    ]


def _totalen(inventaris: ZichtbareInventarisatie, maskeren: bool) -> list[tuple[str, Any]]:
    totalen = inventaris.totalen
    aantal = disclosure.cel

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
        (_("Wachtend met wijkverpleging"), aantal(totalen.aantal_wijkverpleging)),
        (
            _("Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"),
            aantal(totalen.aantal_boven_treeknorm),
        ),
        (_("Wachtend 6 weken of langer (NZa)"), aantal(totalen.aantal_zes_weken_of_langer)),
        *([(_("Toelichting"), str(disclosure.TOELICHTING))] if maskeren else []),
    ]


def _csv(
    inventaris: ZichtbareInventarisatie, regels: list[ZichtbareRegel], maskeren: bool
) -> bytes:
    """One row per network; the totals are in the Excel file."""
    return exports.csv_bytes(_kolommen(), (_rij(regel) for regel in regels))


def _xlsx(
    inventaris: ZichtbareInventarisatie, regels: list[ZichtbareRegel], maskeren: bool
) -> bytes:
    """Two sheets: one row per network, and the totals over every network of the
    inventory."""
    kolommen = _kolommen()
    return exports.xlsx_bytes(
        exports.Sheet(
            title=_("Inventarisatie"),
            header=kolommen,
            rows=(_rij(regel) for regel in regels),
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
