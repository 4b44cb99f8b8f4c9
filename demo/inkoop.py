"""Demo contracts: for every demo network, this year's and last year's contracts between its
preferente zorgverzekeraar (and one or two other insurers) and the organisations affiliated
with it for casemanagement, each offered by the insurer and accepted by the network side
(decision 0009), so the insurers read the networks they contract in. Idempotent: existing
contracts are left as they are.

Runs after demo.netwerk.seed, which puts ``netwerken``, ``verzekeraars`` and
``organisaties`` in the context.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import Role
from inkoop import services
from inkoop.models import Contract
from netwerk.models import Aansluiting, Membership, Netwerk, Organisatie, Zorgverzekeraar

INDICATOREN = [
    # (naam, eenheid, streefwaarde)
    ("Cliënten binnen 6 weken in zorg", "%", Decimal("90")),
    ("Cliënttevredenheid casemanagement", "rapportcijfer", Decimal("8")),
]
RESULTAATAFSPRAKEN = (
    "Casemanagement volgens de Zorgstandaard Dementie, met één vaste casemanager per cliënt. "
    "Wachttijd tot het eerste contact binnen de Treeknorm van 6 weken."
)


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


def _accepter(netwerk: Netwerk, users: dict):
    """Who accepts a demo contract for the network: the demo coordinator for the network it
    runs, a beheerder elsewhere (both act for the network side, decision 0009)."""
    coordinator = users.get("netwerkcoordinator")
    if (
        coordinator is not None
        and Membership.objects.filter(
            user=coordinator, rol=Role.NETWERKCOORDINATOR, netwerk=netwerk
        ).exists()
    ):
        return coordinator
    return users["beheerder"]


def _contract(
    *,
    user,
    verzekeraar: Zorgverzekeraar,
    organisatie: Organisatie,
    netwerk: Netwerk,
    jaar: int,
    preferent: bool,
) -> Contract | None:
    """The contract with its indicators, in concept and offered to the network; None when it
    exists already (reseeding changes nothing)."""
    if Contract.objects.filter(
        zorgverzekeraar=verzekeraar, organisatie=organisatie, netwerk=netwerk, jaar=jaar
    ).exists():
        return None
    key = f"{netwerk.naam}/{organisatie.naam}/{verzekeraar.naam}/{jaar}"
    # The preferent insurer buys the larger share of the region's volume.
    clienten = _spread(key, 300, 600) if preferent else _spread(key, 100, 250)
    contract = services.contract_create(
        actor=Actor.of(user),
        zorgverzekeraar=verzekeraar,
        organisatie=organisatie,
        netwerk=netwerk,
        jaar=jaar,
        volume_clienten=clienten,
        volume_uren=Decimal(clienten * _spread(key + "/uren", 20, 30)),
        tarief_per_uur=Decimal(_spread(key + "/tarief", 8000, 9500)) / 100,
        resultaatafspraken=RESULTAATAFSPRAKEN,
    )
    for naam, eenheid, streefwaarde in INDICATOREN:
        services.contractindicator_create(
            contract=contract,
            actor=Actor.of(user),
            naam=naam,
            eenheid=eenheid,
            streefwaarde=streefwaarde,
        )
    return services.contract_offer(contract=contract, actor=Actor.of(user))


def seed(context: dict) -> None:
    """Last year's and this year's contracts, offered by the insurer and accepted by the
    network side; in the demo coordinator's network also next year's contract of the
    preferent insurer, offered and waiting for the coordinator's acceptance."""
    users = context.get("users", {})
    user = users.get("beheerder")
    verzekeraars = sorted(context.get("verzekeraars", {}).values(), key=lambda v: v.naam)
    huidig_jaar = timezone.localdate().year
    for netwerk in context.get("netwerken", {}).values():
        accepter = _accepter(netwerk, users)
        for jaar in (huidig_jaar - 1, huidig_jaar):
            for organisatie in _aanbieders(netwerk, jaar):
                for index, verzekeraar in enumerate(_verzekeraars(netwerk, verzekeraars)):
                    contract = _contract(
                        user=user,
                        verzekeraar=verzekeraar,
                        organisatie=organisatie,
                        netwerk=netwerk,
                        jaar=jaar,
                        preferent=index == 0,
                    )
                    if contract is not None:
                        services.contract_accept(contract=contract, actor=Actor.of(accepter))
        aanbieders = _aanbieders(netwerk, huidig_jaar + 1)
        if accepter is not users["beheerder"] and aanbieders and netwerk.preferente_zorgverzekeraar:
            _contract(
                user=user,
                verzekeraar=netwerk.preferente_zorgverzekeraar,
                organisatie=aanbieders[0],
                netwerk=netwerk,
                jaar=huidig_jaar + 1,
                preferent=True,
            )
