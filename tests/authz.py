"""The world the role-by-URL authorization test runs in: for each side (the acting user's
own party, and another), a network with everything a URL parameter can point at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import Role
from netwerk.models import (
    Actie,
    Afspraak,
    Doel,
    Indicator,
    Jaarplan,
    Meerjarenplan,
    Onderwerp,
    PlanSectie,
    Voortgangsgesprek,
)
from tests.conftest import verify_second_factor
from tests.inkoop.factories import ContractFactory
from tests.netwerk.factories import (
    AansluitingFactory,
    NetwerkFactory,
    VestigingFactory,
    ZorgverzekeraarFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)

ROLES = [
    Role.BEHEERDER,
    Role.NETWERKCOORDINATOR,
    Role.CASEMANAGER,
    Role.VERZEKERAAR,
    Role.SIGNAALTEAM,
]
NATIONAL = {Role.BEHEERDER, Role.SIGNAALTEAM}
ALL = set(ROLES)
DETAILS = {Role.BEHEERDER, Role.NETWERKCOORDINATOR, Role.VERZEKERAAR, Role.SIGNAALTEAM}
COORDINATION = {Role.BEHEERDER, Role.NETWERKCOORDINATOR}


@dataclass
class Side:
    objects: dict[str, int] = field(default_factory=dict)


def build_side(label: str) -> tuple[Side, dict]:
    zorgverzekeraar = ZorgverzekeraarFactory(naam=f"Verzekeraar {label}")
    netwerk = NetwerkFactory(naam=f"Netwerk {label}", preferente_zorgverzekeraar=zorgverzekeraar)
    aansluiting = AansluitingFactory(netwerk=netwerk)
    organisatie = aansluiting.organisatie
    contract = ContractFactory(
        zorgverzekeraar=zorgverzekeraar, organisatie=organisatie, netwerk=netwerk
    )
    VestigingFactory(organisatie=organisatie)
    plan = Meerjarenplan.objects.create(
        netwerk=netwerk, titel="Plan", startjaar=2025, eindjaar=2028
    )
    sectie = PlanSectie.objects.create(plan=plan, onderwerp=Onderwerp.WACHTLIJST, tekst="x")
    jaarplan = Jaarplan.objects.create(plan=plan, jaar=2026)
    actie = Actie.objects.create(jaarplan=jaarplan, omschrijving="Actie", eigenaar="Iemand")
    doel = Doel.objects.create(plan=plan, titel="Doel")
    indicator = Indicator.objects.create(
        doel=doel, naam="Indicator", eenheid="%", basiswaarde=Decimal("1")
    )
    gesprek = Voortgangsgesprek.objects.create(
        netwerk=netwerk, zorgverzekeraar=zorgverzekeraar, datum=dt.date(2026, 1, 1), deelnemers="x"
    )
    afspraak = Afspraak.objects.create(gesprek=gesprek, omschrijving="Afspraak", eigenaar="x")
    side = Side(
        {
            "netwerk_pk": netwerk.pk,
            "aansluiting_pk": aansluiting.pk,
            "organisatie_pk": organisatie.pk,
            "plan_pk": plan.pk,
            "sectie_pk": sectie.pk,
            "jaar": jaarplan.jaar,
            "actie_pk": actie.pk,
            "doel_pk": doel.pk,
            "indicator_pk": indicator.pk,
            "gesprek_pk": gesprek.pk,
            "afspraak_pk": afspraak.pk,
            "contract_pk": contract.pk,
        }
    )
    parties = {"netwerk": netwerk, "organisatie": organisatie, "zorgverzekeraar": zorgverzekeraar}
    return side, parties


def user_for(role: str, parties: dict, client):
    if role == Role.NETWERKCOORDINATOR:
        user = coordinator_of(parties["netwerk"])
    elif role == Role.CASEMANAGER:
        user = casemanager_of(parties["netwerk"], parties["organisatie"])
    elif role == Role.VERZEKERAAR:
        user = verzekeraar_user(parties["zorgverzekeraar"])
    else:
        user = national_user(role)
    if role == Role.BEHEERDER:
        verify_second_factor(client, user)
    else:
        client.force_login(user)
    return user
