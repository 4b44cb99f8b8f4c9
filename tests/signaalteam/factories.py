"""Signals for tests. ``signaal`` goes through the service, as the application does (a
reference, a timeline, a search vector); SignaalFactory writes a row directly for tests
that need a state the workflow reaches only over time."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from accounts.actor import Actor
from signaalteam import services
from signaalteam.models import Bron, Categorie, MelderType, Signaal, SignaalActie, SignaalStatus


class SignaalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signaal
        skip_postgeneration_save = True

    referentie = factory.Sequence(lambda n: f"SIG-2020-{n + 1:04d}")
    titel = factory.Sequence(lambda n: f"Signaal {n}")
    omschrijving = "Omschrijving van het signaal."
    categorie = Categorie.OVERIG
    status = SignaalStatus.GEMELD
    bron = Bron.HANDMATIG
    melder_type = MelderType.ZORGAANBIEDER
    ontvangen_op = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))

    @factory.post_generation
    def netwerken(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.netwerken.set(extracted)
            services.zoekvector_bijwerken([obj.pk])


class SignaalActieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignaalActie

    signaal = factory.SubFactory(SignaalFactory)
    type = "gesprek"
    datum = factory.LazyFunction(timezone.localdate)
    tekst = "Gesprek gevoerd met de regio."


def signaal(user, netwerk=None, **fields) -> Signaal:
    """A signal registered by the signaalteam member ``user`` through the service."""
    values = {
        "titel": "Wachttijd loopt op",
        "omschrijving": "Mensen wachten lang op een casemanager.",
        "categorie": Categorie.WACHTLIJST,
        "melder_type": MelderType.CLIENT_MANTELZORGER,
        "melder_naam": "Melder Geheimnaam",
        "melder_email": "melder.geheim@example.nl",
        "melder_telefoon": "06 12345678",
        "melder_organisatie": "Geheime Organisatie",
    }
    values.update(fields)
    if netwerk is not None:
        values.setdefault("netwerken", [netwerk])
    elif "netwerken" not in values:
        values.setdefault("regio", "Ergens")
    return services.signaal_create(actor=Actor.of(user), **values)
