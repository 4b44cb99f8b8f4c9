"""Factories for casemanagement. Clients get valid, unique BSNs (elfproef)."""

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Role
from casemanagement.identifiers import bsn_hash
from casemanagement.models import (
    Aanmelding,
    Achtergrond,
    Casemanager,
    CasemanagerUitnodiging,
    Client,
    Traject,
    VerwijzerType,
)
from casemanagement.models.uitnodigingen import token_hash, token_new
from netwerk.models import Membership
from tests.accounts.factories import UserFactory
from tests.netwerk.factories import AansluitingFactory, GemeenteFactory, WerkgebiedFactory

_numbers = itertools.count(100000001)


def valid_bsn() -> str:
    """The next 9-digit number that passes the elfproef."""
    while True:
        digits = f"{next(_numbers):09d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11 == 0:
            return digits


def gemeente_in(netwerk):
    """A gemeente in the network's werkgebied (created when there is none)."""
    regel = netwerk.werkgebied.select_related("gemeente").first()
    if regel is None:
        regel = WerkgebiedFactory(netwerk=netwerk, gemeente=GemeenteFactory())
    return regel.gemeente


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    class Params:
        netwerk_for = None

    bsn = factory.LazyFunction(valid_bsn)
    bsn_hash = factory.LazyAttribute(lambda o: bsn_hash(o.bsn))
    voornaam = factory.Faker("first_name", locale="nl_NL")
    achternaam = factory.Faker("last_name", locale="nl_NL")
    geboortedatum = dt.date(1940, 5, 17)
    gemeente = factory.LazyAttribute(lambda o: gemeente_in(o.netwerk))
    netwerk = factory.SubFactory("tests.netwerk.factories.NetwerkFactory")


class AanmeldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aanmelding

    client = factory.SubFactory(ClientFactory)
    netwerk = factory.LazyAttribute(lambda o: o.client.netwerk)
    datum = dt.date(2026, 9, 1)
    verwijzer_type = VerwijzerType.HUISARTS


class CasemanagerFactory(factory.django.DjangoModelFactory):
    """A casemanager of an organisation affiliated as casemanagement provider, with the
    matching membership."""

    class Meta:
        model = Casemanager
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    netwerk = factory.SubFactory("tests.netwerk.factories.NetwerkFactory")
    organisatie = factory.LazyAttribute(
        lambda o: AansluitingFactory(netwerk=o.netwerk, geldig_van=dt.date(2015, 1, 1)).organisatie
    )
    achtergrond = Achtergrond.VERPLEEGKUNDIGE
    fte = Decimal("0.80")

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(
                user=obj.user,
                rol=Role.CASEMANAGER,
                netwerk=obj.netwerk,
                organisatie=obj.organisatie,
            )


class CasemanagerUitnodigingFactory(factory.django.DjangoModelFactory):
    """An open invitation, written directly (the service would mail it). Its link's token is
    ``obj.token``; the database keeps only the hash."""

    class Meta:
        model = CasemanagerUitnodiging
        skip_postgeneration_save = True

    token = factory.LazyFunction(token_new)
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))
    netwerk = factory.SubFactory("tests.netwerk.factories.NetwerkFactory")
    email = factory.Sequence(lambda n: f"uitgenodigd{n}@example.nl")
    naam = factory.Faker("name", locale="nl_NL")
    organisatie = factory.LazyAttribute(
        lambda o: AansluitingFactory(netwerk=o.netwerk, geldig_van=dt.date(2015, 1, 1)).organisatie
    )
    achtergrond = Achtergrond.VERPLEEGKUNDIGE
    fte = Decimal("0.80")
    uitgenodigd_door = factory.SubFactory(UserFactory)
    uitgenodigd_op = factory.LazyFunction(timezone.now)
    geldig_tot = factory.LazyAttribute(lambda o: o.uitgenodigd_op + dt.timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token")
        obj = super()._create(model_class, *args, **kwargs)
        obj.token = token
        return obj


class TrajectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Traject

    casemanager = factory.SubFactory(CasemanagerFactory)
    aanmelding = factory.SubFactory(
        AanmeldingFactory,
        client__netwerk=factory.SelfAttribute("...casemanager.netwerk"),
        organisatie=factory.SelfAttribute("..casemanager.organisatie"),
        toegewezen_op=dt.date(2026, 9, 10),
    )
    client = factory.SelfAttribute("aanmelding.client")
    netwerk = factory.SelfAttribute("casemanager.netwerk")
    organisatie = factory.SelfAttribute("casemanager.organisatie")
    toegewezen_op = dt.date(2026, 9, 10)


# --- Helpers for the service, selector, permission and concurrency tests --------------------


def aanbieder_in(netwerk, **aansluiting_fields):
    """An organisation affiliated with the network as casemanagement provider (rule 3)."""
    fields = {"geldig_van": dt.date(2015, 1, 1), **aansluiting_fields}
    return AansluitingFactory(netwerk=netwerk, **fields).organisatie


class RegisteredClientFactory(ClientFactory):
    """A client as client_register writes it: with the user who registered it."""

    aangemaakt_door = factory.SubFactory(UserFactory)


class RegisteredAanmeldingFactory(AanmeldingFactory):
    """An aanmelding as aanmelding_create writes it: with the user who registered it."""

    client = factory.SubFactory(RegisteredClientFactory)
    aangemaakt_door = factory.SelfAttribute("client.aangemaakt_door")


class RegisteredTrajectFactory(TrajectFactory):
    """An assigned traject whose client and aanmelding were written by the services, so every
    later service call can change them."""

    aanmelding = factory.SubFactory(
        RegisteredAanmeldingFactory,
        client__netwerk=factory.SelfAttribute("...casemanager.netwerk"),
        organisatie=factory.SelfAttribute("..casemanager.organisatie"),
        toegewezen_op=dt.date(2026, 9, 10),
    )


class ContactmomentFactory(factory.django.DjangoModelFactory):
    """A logged contact of the traject's own casemanager with the client (written directly,
    so it does not start the traject: use services.contact_log for that)."""

    class Meta:
        model = "casemanagement.Contactmoment"

    traject = factory.SubFactory(RegisteredTrajectFactory)
    casemanager = factory.SelfAttribute("traject.casemanager")
    organisatie = factory.SelfAttribute("traject.organisatie")
    datum = dt.date(2026, 9, 15)
    type = "huisbezoek"
    minuten = 60
    met_wie = factory.LazyFunction(lambda: ["client"])


class MetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casemanagement.Meting"

    traject = factory.SubFactory(RegisteredTrajectFactory)
    datum = dt.date(2026, 10, 1)
    type = "belasting"
    score = Decimal("5")
    volhoudtijd = ""
    door = factory.SubFactory(UserFactory)
