import factory

from accounts.models import Role
from netwerk.models import Membership, Netwerk, Organisatie, Zorgverzekeraar
from tests.accounts.factories import UserFactory


class ZorgverzekeraarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zorgverzekeraar
        django_get_or_create = ["naam"]

    naam = factory.Sequence(lambda n: f"Verzekeraar {n}")


class NetwerkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Netwerk

    naam = factory.Sequence(lambda n: f"Dementienetwerk Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    preferente_zorgverzekeraar = factory.SubFactory(ZorgverzekeraarFactory)


class OrganisatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisatie

    naam = factory.Sequence(lambda n: f"Zorgorganisatie {n}")


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
