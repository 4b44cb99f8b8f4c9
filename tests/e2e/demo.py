"""The demo data the browser tests (and the security-header walk) run on."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.utils import timezone

from accounts.actor import Actor

HAAGLANDEN = "Dementienetwerk Haaglanden"


def arrange_demo() -> None:
    """The demo (`seed_demo`), plus what only exists once people have worked with it: a
    published NZa quarter and an adopted report of Haaglanden."""
    from accounts.models import User
    from demo.accounts import DEMO_USERS
    from netwerk.models import Gemeente, Netwerk
    from netwerk.reference import load_gemeenten
    from rapportage import services as rapportage
    from rapportage.perioden import vorige_periodes
    from wachtlijst import nza

    load_gemeenten(Gemeente)
    call_command("seed_demo", stdout=io.StringIO())
    haaglanden = Netwerk.objects.get(naam=HAAGLANDEN)
    coordinator = User.objects.get(email=DEMO_USERS["netwerkcoordinator"][0])
    vandaag = timezone.localdate()
    kwartaal = nza.nza_kwartaal_concept(
        netwerk=haaglanden, peildatum=nza.laatste_peildatum(vandaag), actor=Actor.of(coordinator)
    )
    nza.nza_kwartaal_publish(kwartaal=kwartaal, actor=Actor.of(coordinator))
    rapport = rapportage.rapport_concept(
        netwerk=haaglanden, periode=vorige_periodes(vandaag)[0], actor=Actor.of(coordinator)
    )
    rapport = rapportage.rapport_teksten(
        rapport=rapport,
        actor=Actor.of(coordinator),
        resultaten="De wachtlijst is korter geworden.",
        knelpunten="Te weinig casemanagers in de randgemeenten.",
    )
    rapportage.rapport_vaststellen(rapport=rapport, actor=Actor.of(coordinator))
