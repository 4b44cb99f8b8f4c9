import datetime as dt

import factory

from accounts.models import Role
from netwerk.models import (
    Aansluiting,
    Bevolking,
    Gemeente,
    Membership,
    Netwerk,
    Organisatie,
    OrganisatieType,
    Provincie,
    Vestiging,
    Werkgebied,
    Zorgverzekeraar,
)
from tests.accounts.factories import UserFactory


class ZorgverzekeraarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zorgverzekeraar
        django_get_or_create = ["naam"]

    naam = factory.Sequence(lambda n: f"Verzekeraar {n}")
    # codes repeat across tests (each test rolls back), never within the 4-digit format
    uzovi_code = factory.Sequence(lambda n: f"{6000 + n % 3999:04d}")


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ["cbs_code"]

    # GM9000-GM9999 are not real gemeenten; codes repeat across tests, not within one
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    naam = factory.Sequence(lambda n: f"Testgemeente {n}")
    provincie = Provincie.ZUID_HOLLAND


class NetwerkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Netwerk

    naam = factory.Sequence(lambda n: f"Dementienetwerk Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    preferente_zorgverzekeraar = factory.SubFactory(ZorgverzekeraarFactory)


class WerkgebiedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Werkgebied

    netwerk = factory.SubFactory(NetwerkFactory)
    gemeente = factory.SubFactory(GemeenteFactory)


class BevolkingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bevolking

    gemeente = factory.SubFactory(GemeenteFactory)
    jaar = 2026
    inwoners_65_plus = 10000


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Zorgorganisatie {n}")
    type = OrganisatieType.VVT
    kvk_nummer = factory.Sequence(lambda n: f"{40000000 + n:08d}")


class VestigingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vestiging

    organisatie = factory.SubFactory(OrganisatieFactory)
    naam = factory.Sequence(lambda n: f"Vestiging {n}")
    agb_code = factory.Sequence(lambda n: f"{47000000 + n:08d}")


class AansluitingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aansluiting

    netwerk = factory.SubFactory(NetwerkFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    geldig_van = dt.date(2020, 1, 1)
    levert_casemanagement = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    rol = Role.NETWERKCOORDINATOR
    netwerk = factory.SubFactory(NetwerkFactory)


def coordinator_of(netwerk, **user_fields):
    return MembershipFactory(rol=Role.NETWERKCOORDINATOR, netwerk=netwerk, **user_fields).user


def casemanager_of(netwerk, organisatie=None, **user_fields):
    organisatie = organisatie or OrganisatieFactory()
    return MembershipFactory(
        rol=Role.CASEMANAGER, netwerk=netwerk, organisatie=organisatie, **user_fields
    ).user


def verzekeraar_user(zorgverzekeraar=None, **user_fields):
    zorgverzekeraar = zorgverzekeraar or ZorgverzekeraarFactory()
    return MembershipFactory(
        rol=Role.VERZEKERAAR, netwerk=None, zorgverzekeraar=zorgverzekeraar, **user_fields
    ).user


def national_user(rol, **user_fields):
    return MembershipFactory(rol=rol, netwerk=None, **user_fields).user
