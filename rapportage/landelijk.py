"""Snapshots of the national reports: the waitlist inventory on a peildatum and the overview
of signals for a period (for the signaalteam, as sent with a progress letter to parliament)."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Q

from netwerk.models import Netwerk
from signaalteam.models import Signaal
from wachtlijst.landelijk.selectors import inventarisatie

from .perioden import Periode
from .snapshot import _dec, _iso, _signaal


def wachtlijst_snapshot(periode: Periode) -> dict:
    """The national inventory of all networks on the day after the period."""
    resultaat = inventarisatie(Netwerk.objects.all(), periode.peildatum)
    return {
        "periode": {
            "code": periode.code,
            "label": periode.label,
            "peildatum": _iso(periode.peildatum),
        },
        "netwerken": [
            {
                "naam": regel.netwerk.naam,
                "categorie": regel.categorie.value,
                "categorie_label": str(regel.categorie.label),
                "aantal_wachtend": regel.samenvatting.aantal_wachtend,
                "aantal_boven_treeknorm": regel.samenvatting.aantal_boven_treeknorm,
                "aantal_zes_weken_of_langer": regel.samenvatting.aantal_zes_weken_of_langer,
                "mediaan_wachtdagen": _dec(regel.samenvatting.mediaan_wachtdagen),
                "langste_wachtdagen": regel.samenvatting.langste_wachtdagen,
            }
            for regel in resultaat.regels
        ],
        "totalen": {
            "aantal_netwerken": resultaat.totalen.aantal_netwerken,
            "netwerken_per_categorie": resultaat.totalen.netwerken_per_categorie,
            "aantal_wachtend": resultaat.totalen.aantal_wachtend,
            "aantal_boven_treeknorm": resultaat.totalen.aantal_boven_treeknorm,
            "aantal_zes_weken_of_langer": resultaat.totalen.aantal_zes_weken_of_langer,
        },
    }


def signalen_snapshot(periode: Periode) -> dict:
    """Signals received or closed in the period, counts per category and status, and the
    average doorlooptijd of the closed ones (no melder data)."""
    in_periode = Signaal.objects.filter(
        Q(ontvangen_op__gte=periode.begin, ontvangen_op__lte=periode.eind)
        | Q(gesloten_op__gte=periode.begin, gesloten_op__lte=periode.eind)
    ).prefetch_related("netwerken")
    per_categorie = list(
        in_periode.values("categorie").annotate(aantal=Count("pk")).order_by("categorie")
    )
    per_status = list(in_periode.values("status").annotate(aantal=Count("pk")).order_by("status"))
    doorlooptijd = in_periode.filter(gesloten_op__isnull=False).aggregate(
        dagen=Avg(F("gesloten_op") - F("ontvangen_op"))
    )["dagen"]
    labels = dict(Signaal._meta.get_field("categorie").choices)
    status_labels = dict(Signaal._meta.get_field("status").choices)
    return {
        "periode": {
            "code": periode.code,
            "label": periode.label,
            "begin": _iso(periode.begin),
            "eind": _iso(periode.eind),
        },
        "per_categorie": [
            {"label": str(labels[r["categorie"]]), "aantal": r["aantal"]} for r in per_categorie
        ],
        "per_status": [
            {"label": str(status_labels[r["status"]]), "aantal": r["aantal"]} for r in per_status
        ],
        "gemiddelde_doorlooptijd_dagen": _dec(doorlooptijd.days if doorlooptijd else None),
        "signalen": [
            {**_signaal(s), "netwerken": ", ".join(n.naam for n in s.netwerken.all())}
            for s in in_periode.order_by("ontvangen_op", "pk")
        ],
    }
