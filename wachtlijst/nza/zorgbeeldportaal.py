"""The network's delivery of a published quarter to the NZa's Zorgbeeldportaal: a row per
vestiging (AGB code) with the four figures of the NZa's "Wachttijden casemanagement dementie"
(docs/nza-zorgbeeldportaal.md describes the layout and where it comes from).

These counts go to the NZa as the network's own delivery, not to insurers or the public, so
small counts are not suppressed here (docs/decisions/0024); what insurers and the public see
still goes through accounts.disclosure. Rows without an AGB code (aanmeldingen without a
provider, a provider without an active vestiging) cannot be delivered per AGB code: they are
left out of the file and listed on the XLSX's second sheet, for the coordinator to resolve.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import exports

from ..models import NzaKwartaal
from .selectors import NzaRegel, cijfers_van_kwartaal

# The column names of the file (machine-readable, fixed; not translated).
KOLOMMEN = [
    "agb_code",
    "peildatum",
    "aantal_wachtend",
    "aantal_wachtend_6_weken_of_langer",
    "aantal_in_zorg",
    "fte_casemanagers",
]


def _regels(kwartaal: NzaKwartaal) -> tuple[list[NzaRegel], list[NzaRegel]]:
    """(rows with an AGB code, rows without one) of the stored version."""
    regels = cijfers_van_kwartaal(kwartaal).regels
    return [r for r in regels if r.agb_code], [r for r in regels if not r.agb_code]


def portaal_rijen(kwartaal: NzaKwartaal) -> list[list]:
    """The file's rows, by AGB code; the peildatum as ISO date, fte with two decimals."""
    met_agb, _zonder = _regels(kwartaal)
    return [
        [
            regel.agb_code,
            kwartaal.peildatum.isoformat(),
            regel.wachtend,
            regel.zes_weken_of_langer,
            regel.in_zorg,
            regel.fte_casemanagers,
        ]
        for regel in sorted(met_agb, key=lambda r: r.agb_code)
    ]


def niet_in_bestand(kwartaal: NzaKwartaal) -> list[NzaRegel]:
    """Rows of the quarter without an AGB code, which the file cannot carry."""
    return _regels(kwartaal)[1]


def bestandsnaam(kwartaal: NzaKwartaal, ext: str) -> str:
    return (
        f"nza-zorgbeeldportaal-{kwartaal.netwerk.slug}-{kwartaal.peildatum:%Y-%m-%d}"
        f"-v{kwartaal.versie}.{ext}"
    )


def portaal_csv(kwartaal: NzaKwartaal) -> bytes:
    return exports.csv_bytes(KOLOMMEN, portaal_rijen(kwartaal))


def portaal_xlsx(kwartaal: NzaKwartaal) -> bytes:
    """The rows on the first sheet; what the file is, and the rows it cannot carry, on the
    second."""
    tabel = exports.Sheet(
        title=_("Aanlevering"),
        header=KOLOMMEN,
        rows=portaal_rijen(kwartaal),
        number_formats={0: "@", 1: "@", 5: "0.00"},
        widths={0: 12, 1: 12, 2: 16, 3: 34, 4: 16, 5: 18},
    )
    toelichting = [
        (_("Netwerk"), kwartaal.netwerk.naam),
        (_("Peildatum"), kwartaal.peildatum),
        (_("Versie"), kwartaal.versie),
        (_("Gepubliceerd op"), kwartaal.gepubliceerd_op),
        (_("Reden van de correctie"), kwartaal.reden),
    ]
    for regel in niet_in_bestand(kwartaal):
        toelichting.append(
            (
                _("Niet in het bestand (geen AGB-code)"),
                f"{regel.organisatie_naam or regel.vestiging_naam}: {regel.wachtend} "
                f"{_('wachtend')}, {regel.in_zorg} {_('in zorg')}",
            )
        )
    return exports.xlsx_bytes(
        tabel,
        exports.Sheet(
            title=_("Verantwoording"), rows=toelichting, widths={0: 34, 1: 60}, freeze=None
        ),
    )


EXPORTS = {"csv": portaal_csv, "xlsx": portaal_xlsx}
