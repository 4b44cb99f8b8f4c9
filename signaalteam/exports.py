"""The overview as CSV and XLSX, exactly as filtered on the list.

The melder's contact details go into a file only for those who may see them
(permissions.can_view_melder_gegevens). Texts typed on the public meldpunt end up in these
files; accounts.exports writes them, so a text a spreadsheet would read as a formula stays
text.

The PDF "overzicht van signalen" of a period is not here: it is rendered by the rapportage
app's PDF machinery (rapportage.views.signalen_overzicht, from ``selectors.overzicht``),
which never puts melder data in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from accounts import exports

from .models import Signaal


def kolommen(met_melder: bool) -> list[str]:
    columns = [
        _("Referentie"),
        _("Titel"),
        _("Categorie"),
        _("Status"),
        _("Netwerken"),
        _("Regio"),
        _("Bron"),
        _("Soort melder"),
    ]
    if met_melder:
        columns += [
            _("Naam melder"),
            _("Organisatie melder"),
            _("E-mail melder"),
            _("Telefoon melder"),
        ]
    return [
        *columns,
        _("Betrokken partijen"),
        _("Eigenaar"),
        _("Ontvangen op"),
        _("In behandeling op"),
        _("Gesloten op"),
        _("Doorlooptijd (dagen)"),
        _("Oplossing"),
        _("Omschrijving"),
    ]


def rijen(signalen: Iterable[Signaal], *, met_melder: bool, vandaag: dt.date):
    """One row per signal, dates as dates."""
    for signaal in signalen:
        row = [
            signaal.referentie,
            signaal.titel,
            signaal.get_categorie_display(),
            signaal.get_status_display(),
            ", ".join(netwerk.naam for netwerk in signaal.netwerken.all()),
            signaal.regio,
            signaal.get_bron_display(),
            signaal.get_melder_type_display(),
        ]
        if met_melder:
            row += [
                signaal.melder_naam,
                signaal.melder_organisatie,
                signaal.melder_email,
                signaal.melder_telefoon,
            ]
        row += [
            signaal.betrokken_partijen,
            str(signaal.eigenaar) if signaal.eigenaar else "",
            signaal.ontvangen_op,
            signaal.in_behandeling_op,
            signaal.gesloten_op,
            signaal.doorlooptijd(vandaag),
            signaal.oplossing,
            signaal.omschrijving,
        ]
        yield row


def as_csv(signalen: Iterable[Signaal], *, met_melder: bool, vandaag: dt.date) -> bytes:
    return exports.csv_bytes(
        kolommen(met_melder), rijen(signalen, met_melder=met_melder, vandaag=vandaag)
    )


def as_xlsx(signalen: Iterable[Signaal], *, met_melder: bool, vandaag: dt.date) -> bytes:
    return exports.xlsx_bytes(
        exports.Sheet(
            title=_("Signalen"),
            header=kolommen(met_melder),
            rows=rijen(signalen, met_melder=met_melder, vandaag=vandaag),
        )
    )
