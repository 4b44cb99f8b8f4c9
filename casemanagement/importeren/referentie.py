"""What the checks need from the database, loaded once for the whole file."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from netwerk.models import Aansluiting, Gemeente, Netwerk, Vestiging, Werkgebied

from ..models import Casemanager
from .lezen import Cel

_CBS_CODE = re.compile(r"^GM\d{4}$")


@dataclass
class Referentie:
    netwerk: Netwerk
    gemeenten_op_code: dict[str, Gemeente]
    gemeenten_op_naam: dict[str, Gemeente]
    werkgebied: dict[int, list[Werkgebied]]
    casemanagers: dict[str, Casemanager]
    vestigingen: dict[str, Vestiging]
    aansluitingen: dict[int, list[Aansluiting]]

    @classmethod
    def laad(cls, netwerk: Netwerk, rijen: list[dict[str, Cel]]) -> Referentie:
        gemeenten = list(Gemeente.objects.order_by("actief", "naam"))
        werkgebied = defaultdict(list)
        for regel in Werkgebied.objects.filter(netwerk=netwerk):
            werkgebied[regel.gemeente_id].append(regel)
        agb_codes = {str(r.get("aanbieder_agb", "")) for r in rijen} - {""}
        aansluitingen = defaultdict(list)
        for aansluiting in Aansluiting.objects.filter(netwerk=netwerk, levert_casemanagement=True):
            aansluitingen[aansluiting.organisatie_id].append(aansluiting)
        return cls(
            netwerk=netwerk,
            gemeenten_op_code={g.cbs_code: g for g in gemeenten},
            # inactive (merged) gemeenten first, so an active one with the same name wins
            gemeenten_op_naam={g.naam.lower(): g for g in gemeenten},
            werkgebied=werkgebied,
            casemanagers={
                cm.user.email.lower(): cm
                for cm in Casemanager.objects.filter(netwerk=netwerk).with_caseload()
            },
            vestigingen={
                v.agb_code: v
                for v in Vestiging.objects.filter(agb_code__in=agb_codes).select_related(
                    "organisatie"
                )
            },
            aansluitingen=aansluitingen,
        )

    def gemeente(self, value: str) -> Gemeente | None:
        code = value.upper().replace(" ", "")
        if code.isdigit() and len(code) <= 4:
            code = f"GM{int(code):04d}"
        if _CBS_CODE.match(code):
            return self.gemeenten_op_code.get(code)
        return self.gemeenten_op_naam.get(value.lower())

    def in_werkgebied(self, gemeente: Gemeente, datum: dt.date) -> bool:
        return any(
            regel.geldig_van <= datum and (regel.geldig_tot is None or datum < regel.geldig_tot)
            for regel in self.werkgebied.get(gemeente.pk, [])
        )

    def is_aanbieder(self, organisatie_id: int, datum: dt.date) -> bool:
        return any(a.is_actief_op(datum) for a in self.aansluitingen.get(organisatie_id, []))
