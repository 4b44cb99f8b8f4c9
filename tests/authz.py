"""The world the role-by-URL authorization test runs in: for each side (the acting user's
own party, and another), a network with everything a URL parameter can point at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile

from accounts.actor import Actor
from accounts.models import Role
from casemanagement.aanlevering.models import AanleverSleutel
from casemanagement.aanlevering.sleutels import dienstgebruiker
from casemanagement.models import (
    Achtergrond,
    Indicatie,
    Mantelzorger,
    Relatie,
    Vernietigingsverzoek,
)
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
from rapportage.models import MdsExport, MdsExportStatus, Rapport, RapportStatus, RapportType
from signaalteam.models import Signaal, SignaalActie
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    CasemanagerUitnodigingFactory,
    ClientFactory,
    TrajectFactory,
)
from tests.conftest import verify_second_factor
from tests.inkoop.factories import ContractFactory
from tests.netwerk.factories import (
    AansluitingFactory,
    NetwerkFactory,
    VestigingFactory,
    ZorgverzekeraarFactory,
    coordinator_of,
    national_user,
    verzekeraar_user,
)
from wachtlijst.nza import nza_kwartaal_concept, nza_kwartaal_publish

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
    casemanager = CasemanagerFactory(netwerk=netwerk, organisatie=organisatie)
    collega = CasemanagerFactory(
        netwerk=netwerk, organisatie=organisatie, achtergrond=Achtergrond.SOCIAAL_WERK
    )
    # A casemanager of another care organisation in the same network: sees the network, not
    # this organisation's clients.
    buur = CasemanagerFactory(
        netwerk=netwerk, organisatie=AansluitingFactory(netwerk=netwerk).organisatie
    )
    traject = TrajectFactory(casemanager=casemanager, startdatum=dt.date(2026, 9, 12))
    mantelzorger = Mantelzorger.objects.create(
        client=traject.client, naam="Mantelzorger", relatie=Relatie.PARTNER
    )
    indicatie = Indicatie.objects.create(
        traject=traject,
        uren=Decimal(10),
        periode_van=dt.date(2026, 9, 12),
        periode_tot=dt.date(2027, 9, 11),
        opgesteld_door=collega,
        medeondertekening_door=casemanager,
    )
    # an open invitation to an address without an account: its link is public
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=netwerk,
        organisatie=organisatie,
        email=f"uitgenodigd-{label}-{netwerk.pk}@example.nl",
        uitgenodigd_door=coordinator_of(netwerk),
    )
    wachtend = AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk), netwerk=netwerk, organisatie=organisatie
    )
    kwartaal = nza_kwartaal_publish(
        kwartaal=nza_kwartaal_concept(
            netwerk=netwerk, peildatum=dt.date(2026, 10, 1), actor=Actor.system()
        ),
        actor=Actor.of(coordinator_of(netwerk)),
    )
    signaal = Signaal.objects.create(
        referentie=f"SIG-2026-{netwerk.pk:04d}",
        titel="Signaal",
        omschrijving="Omschrijving",
        categorie="wachtlijst",
        bron="handmatig",
        melder_type="anders",
        ontvangen_op=dt.date(2026, 1, 1),
    )
    signaal.netwerken.add(netwerk)
    signaal_afspraak = SignaalActie.objects.create(
        signaal=signaal,
        type="afspraak",
        datum=dt.date(2026, 1, 2),
        tekst="Afspraak",
        opvolgdatum=dt.date(2026, 1, 3),
    )
    rapport = Rapport(
        netwerk=netwerk,
        type=RapportType.KWARTAAL,
        periode="2026Q3",
        periode_begin=dt.date(2026, 7, 1),
        periode_eind=dt.date(2026, 9, 30),
        status=RapportStatus.VASTGESTELD,
        data={},
    )
    rapport.pdf.save(f"authz-{netwerk.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    rapport.save()
    mds_export = MdsExport(
        netwerk=netwerk,
        periode="2026Q3",
        periode_begin=dt.date(2026, 7, 1),
        periode_eind=dt.date(2026, 9, 30),
        status=MdsExportStatus.KLAAR,
    )
    mds_export.csv.save(f"authz-{netwerk.pk}.csv", ContentFile(b"pseudoniem\r\n"), save=False)
    mds_export.save()
    verzoek = Vernietigingsverzoek.objects.create(
        referentie=f"VV-2026-{netwerk.pk:04d}",
        netwerk=netwerk,
        client=wachtend.client,
        verzoeker="client",
        ontvangen_op=dt.date(2026, 1, 1),
        vastgelegd_door=coordinator_of(netwerk),
        vastgelegd_op=dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC),
    )
    sleutel = AanleverSleutel.objects.create(
        organisatie=organisatie,
        netwerk=netwerk,
        naam="ECD",
        prefix=f"authz{netwerk.pk}",
        geheim_hash="0" * 64,
        gebruiker=dienstgebruiker(organisatie),
    )
    side = Side(
        {
            "verzoek_pk": verzoek.pk,
            "sleutel_pk": sleutel.pk,
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
            "kwartaal_pk": kwartaal.pk,
            "netwerk_slug": netwerk.slug,
            "signaal_pk": signaal.pk,
            "rapport_pk": rapport.pk,
            "export_pk": mds_export.pk,
            "formaat": "csv",
            "signaalactie_pk": signaal_afspraak.pk,
            "client_pk": traject.client_id,
            "traject_pk": traject.pk,
            "mantelzorger_pk": mantelzorger.pk,
            "indicatie_pk": indicatie.pk,
            "aanmelding_pk": wachtend.pk,
            "casemanager_pk": collega.pk,
            "uitnodiging_pk": uitnodiging.pk,
            "token": uitnodiging.token,
        }
    )
    parties = {
        "netwerk": netwerk,
        "organisatie": organisatie,
        "zorgverzekeraar": zorgverzekeraar,
        "casemanager": casemanager,
        "casemanager andere organisatie": buur,
    }
    return side, parties


def user_for(role: str, parties: dict, client, *, andere_organisatie: bool = False):
    if role == Role.NETWERKCOORDINATOR:
        user = coordinator_of(parties["netwerk"])
    elif role == Role.CASEMANAGER and andere_organisatie:
        user = parties["casemanager andere organisatie"].user
    elif role == Role.CASEMANAGER:
        user = parties["casemanager"].user  # the treating casemanager of the side's traject
    elif role == Role.VERZEKERAAR:
        user = verzekeraar_user(parties["zorgverzekeraar"])
    else:
        user = national_user(role)
    if role == Role.BEHEERDER:
        verify_second_factor(client, user)
    else:
        client.force_login(user)
    return user
