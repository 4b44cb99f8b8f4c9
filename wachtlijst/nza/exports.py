"""A stored quarter as CSV and as Excel: a row per vestiging, then the network total (with
the average wait). With ``maskeren`` (insurers) the figures as accounts.disclosure shows
them: "<5" and "x" in the cells, the explanation on the second sheet."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import disclosure, exports

from ..models import NzaKwartaal
from .selectors import zichtbaar_kwartaal

KOPPEN = [
    gettext_lazy("AGB-code"),
    gettext_lazy("Vestiging"),
    gettext_lazy("Organisatie"),
    gettext_lazy("Wachtend"),
    gettext_lazy("Wachtend 6 weken of langer"),
    gettext_lazy("In zorg"),
    gettext_lazy("Aantal casemanagers"),
    gettext_lazy("Fte casemanagers"),
    gettext_lazy("Gemiddelde wachttijd (dagen)"),
]


def _export_rows(kwartaal: NzaKwartaal, maskeren: bool) -> list[list]:
    """The table: a row per vestiging, then the network total (with the average wait)."""
    cijfers = zichtbaar_kwartaal(kwartaal, onderdrukken=maskeren)
    aantal = disclosure.cel

    rows = [
        [
            regel.agb_code,
            regel.vestiging_naam,
            regel.organisatie_naam,
            aantal(regel.wachtend),
            aantal(regel.zes_weken_of_langer),
            aantal(regel.in_zorg),
            aantal(regel.aantal_casemanagers),
            regel.fte_casemanagers,
            None,
        ]
        for regel in cijfers.regels
    ]
    rows.append(
        [
            "",
            _("Totaal netwerk"),
            kwartaal.netwerk.naam,
            aantal(cijfers.aantal_wachtend),
            aantal(cijfers.aantal_zes_weken_of_langer),
            aantal(cijfers.aantal_in_zorg),
            aantal(cijfers.aantal_casemanagers),
            cijfers.fte_casemanagers,
            disclosure.cel(cijfers.gemiddelde_wachtdagen),
        ]
    )
    return rows


def filename(kwartaal: NzaKwartaal, ext: str) -> str:
    return f"nza-{kwartaal.netwerk.slug}-{kwartaal.peildatum:%Y-%m-%d}-v{kwartaal.versie}.{ext}"


def nza_csv(kwartaal: NzaKwartaal, *, maskeren: bool) -> bytes:
    return exports.csv_bytes(KOPPEN, _export_rows(kwartaal, maskeren))


def _tabel(kwartaal: NzaKwartaal, maskeren: bool) -> exports.Sheet:
    widths = {index: max(12, len(str(kop)) + 2) for index, kop in enumerate(KOPPEN)}
    return exports.Sheet(
        title=_("NZa-cijfers"),
        header=KOPPEN,
        rows=_export_rows(kwartaal, maskeren),
        # AGB codes keep their leading zeros; fte with two decimals, the wait with one.
        number_formats={0: "@", 7: "0.00", 8: "0.0"},
        widths={**widths, 1: 40, 2: 40},
        bold_last_row=True,  # the network total
    )


def _verantwoording(kwartaal: NzaKwartaal, maskeren: bool) -> exports.Sheet:
    """What the table is: network, peildatum, version, status, correction, how waits count."""
    toelichting = _(
        "Wachttijd volgens de NZa: van aanmelding tot het eerste contact met de "
        "casemanager, in kalenderdagen."
    )
    if maskeren:
        toelichting = f"{toelichting} {disclosure.TOELICHTING}"
    return exports.Sheet(
        title=_("Verantwoording"),
        rows=[
            (_("Netwerk"), kwartaal.netwerk.naam),
            (_("Peildatum"), kwartaal.peildatum),
            (_("Versie"), kwartaal.versie),
            (_("Status"), kwartaal.get_status_display()),
            (_("Berekend op"), kwartaal.aangemaakt_op),
            (_("Gepubliceerd op"), kwartaal.gepubliceerd_op),
            (_("Reden van de correctie"), kwartaal.reden),
            (_("Toelichting"), toelichting),
        ],
        widths={0: 26, 1: 60},
        freeze=None,
    )


def nza_xlsx(kwartaal: NzaKwartaal, *, maskeren: bool) -> bytes:
    """The table on the first sheet, what it is (network, peildatum, version, status,
    correction) on the second."""
    return exports.xlsx_bytes(_tabel(kwartaal, maskeren), _verantwoording(kwartaal, maskeren))


EXPORTS = {"csv": nza_csv, "xlsx": nza_xlsx}
