"""Demo parties: real Dutch regions and insurers, fictional organisations."""

from __future__ import annotations

from django.utils.text import slugify

from accounts.models import Role

from .models import Membership, Netwerk, Organisatie, Zorgverzekeraar

ZORGVERZEKERAARS = ["Zilveren Kruis", "VGZ", "CZ", "Menzis", "DSW"]

NETWERKEN = [
    # (naam, preferente zorgverzekeraar, organisaties)
    (
        "Dementienetwerk Haaglanden",
        "Zilveren Kruis",
        ["Zorggroep Haaglanden Thuis", "Welzijn Delft e.o.", "Huisartsencoöperatie Hofstad"],
    ),
    (
        "Ketenzorg Dementie Eindhoven",
        "CZ",
        ["Thuiszorg Kempenland", "Geheugenpoli Catharina", "Sociaal Werk Eindhoven"],
    ),
    (
        "Dementienetwerk Midden-Limburg",
        "VGZ",
        ["Zorggroep Maas en Roer", "Alzheimer Nederland afdeling Midden-Limburg"],
    ),
]


def seed(context: dict) -> None:
    verzekeraars = {
        naam: Zorgverzekeraar.objects.get_or_create(naam=naam)[0] for naam in ZORGVERZEKERAARS
    }
    netwerken = {}
    organisaties = {}
    for naam, preferent, orgs in NETWERKEN:
        netwerk, _ = Netwerk.objects.update_or_create(
            slug=slugify(naam),
            defaults={"naam": naam, "preferente_zorgverzekeraar": verzekeraars[preferent]},
        )
        netwerken[naam] = netwerk
        for org_naam in orgs:
            organisaties[org_naam] = Organisatie.objects.get_or_create(naam=org_naam)[0]
    context.update(netwerken=netwerken, organisaties=organisaties, verzekeraars=verzekeraars)

    users = context["users"]
    haaglanden = netwerken["Dementienetwerk Haaglanden"]
    memberships = [
        {"user": users["beheerder"], "rol": Role.BEHEERDER},
        {
            "user": users["netwerkcoordinator"],
            "rol": Role.NETWERKCOORDINATOR,
            "netwerk": haaglanden,
        },
        {
            "user": users["casemanager"],
            "rol": Role.CASEMANAGER,
            "netwerk": haaglanden,
            "organisatie": organisaties["Zorggroep Haaglanden Thuis"],
        },
        {
            "user": users["verzekeraar"],
            "rol": Role.VERZEKERAAR,
            "zorgverzekeraar": verzekeraars["Zilveren Kruis"],
        },
        {"user": users["signaalteam"], "rol": Role.SIGNAALTEAM},
    ]
    for fields in memberships:
        Membership.objects.get_or_create(**fields)
