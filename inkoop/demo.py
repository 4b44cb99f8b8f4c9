"""Demo contracts: for every demo network, this year's and last year's contracts between its
preferente zorgverzekeraar (and one or two other insurers) and the organisations affiliated
with it for casemanagement. Idempotent: existing contracts are left as they are.

Runs after netwerk.demo.seed, which puts ``netwerken``, ``verzekeraars`` and
``organisaties`` in the context.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from netwerk.models import Aansluiting, Netwerk, Organisatie, Zorgverzekeraar

from . import services
from .models import Contract, ContractStatus

INDICATOREN = [
    # (naam, eenheid, streefwaarde)
    ("Cliënten binnen 6 weken in zorg", "%", Decimal("90")),
    ("Cliënttevredenheid casemanagement", "rapportcijfer", Decimal("8")),
]


def _spread(key: str, low: int, high: int) -> int:
    """A stable pseudo-random number in [low, high] for the key, so reseeding gives the same
    figures."""
    return low + zlib.crc32(key.encode()) % (high - low + 1)


def _aanbieders(netwerk: Netwerk, jaar: int) -> list[Organisatie]:
    """Organisations affiliated with levert_casemanagement on any day of the year."""
    aansluitingen = Aansluiting.objects.filter(
        Q(geldig_tot__isnull=True) | Q(geldig_tot__gt=dt.date(jaar, 1, 1)),
        netwerk=netwerk,
        levert_casemanagement=True,
        geldig_van__lte=dt.date(jaar, 12, 31),
    ).select_related("organisatie")
    return sorted({a.organisatie for a in aansluitingen}, key=lambda o: o.naam)


def _verzekeraars(netwerk: Netwerk, alle: list[Zorgverzekeraar]) -> list[Zorgverzekeraar]:
    """The preferent insurer first, then one or two others (chosen stably per network)."""
    preferent = netwerk.preferente_zorgverzekeraar
    others = [v for v in alle if v != preferent]
    if not others:
        return [preferent] if preferent else []
    start = _spread(netwerk.naam, 0, len(others) - 1)
    count = min(len(others), _spread(netwerk.naam + "/aantal", 1, 2))
    chosen = [others[(start + i) % len(others)] for i in range(count)]
    return ([preferent] if preferent else []) + chosen


def seed(context: dict) -> None:
    user = context.get("users", {}).get("beheerder")
    verzekeraars = sorted(context.get("verzekeraars", {}).values(), key=lambda v: v.naam)
    huidig_jaar = timezone.localdate().year
    for netwerk in context.get("netwerken", {}).values():
        for jaar in (huidig_jaar - 1, huidig_jaar):
            for organisatie in _aanbieders(netwerk, jaar):
                for index, verzekeraar in enumerate(_verzekeraars(netwerk, verzekeraars)):
                    key = f"{netwerk.naam}/{organisatie.naam}/{verzekeraar.naam}/{jaar}"
                    if Contract.objects.filter(
                        zorgverzekeraar=verzekeraar,
                        organisatie=organisatie,
                        netwerk=netwerk,
                        jaar=jaar,
                    ).exists():
                        continue
                    # The preferent insurer buys the larger share of the region's volume.
                    clienten = _spread(key, 300, 600) if index == 0 else _spread(key, 100, 250)
                    contract = services.contract_create(
                        user=user,
                        zorgverzekeraar=verzekeraar,
                        organisatie=organisatie,
                        netwerk=netwerk,
                        jaar=jaar,
                        volume_clienten=clienten,
                        volume_uren=Decimal(clienten * _spread(key + "/uren", 20, 30)),
                        tarief_per_uur=Decimal(_spread(key + "/tarief", 8000, 9500)) / 100,
                        resultaatafspraken=(
                            "Casemanagement volgens de Zorgstandaard Dementie, met één vaste "
                            "casemanager per cliënt. Wachttijd tot het eerste contact binnen "
                            "de Treeknorm van 6 weken."
                        ),
                        status=ContractStatus.AFGESLOTEN,
                    )
                    for naam, eenheid, streefwaarde in INDICATOREN:
                        services.contractindicator_create(
                            contract=contract,
                            user=user,
                            naam=naam,
                            eenheid=eenheid,
                            streefwaarde=streefwaarde,
                        )
