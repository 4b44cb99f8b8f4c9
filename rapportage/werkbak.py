"""The coordinator's werkbak: what needs doing in their network today, on one page.

It reads every app below it (waitlist, assignment, plan, meetings, NZa, reports, signals),
which is why it lives in rapportage, the top domain app (docs/decisions/0019). Every part
is one or two queries whatever the size of the network; lists are cut to ``LIMIET`` rows
with the total beside them and a link to the full page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from casemanagement.models import Aanmelding
from casemanagement.selectors import wachtend_zonder_casemanager
from netwerk.models import (
    Actie,
    ActieStatus,
    Afspraak,
    Meerjarenplan,
    Netwerk,
    PlanStatus,
    Voortgangsgesprek,
)
from netwerk.selectors import MEETING_INTERVAL
from signaalteam.models import OPEN_STATUSES, Signaal
from wachtlijst.models.nza import KwartaalStatus, NzaKwartaal
from wachtlijst.nza.cyclus import CyclusStand, huidige_cyclus
from wachtlijst.nza.peildata import (
    AANBIEDERS_UITERLIJK_DAG,
    NETWERK_UITERLIJK_DAG,
    laatste_peildatum,
)
from wachtlijst.nza.selectors import volledigheid_per_netwerk
from wachtlijst.selectors import Samenvatting, samenvatting_netwerk

from .models import Rapport, RapportStatus

LIMIET = 10


@dataclass
class Deadline:
    datum: dt.date
    wat: str
    url: str
    klaar: bool

    def over_tijd(self, vandaag: dt.date) -> bool:
        return not self.klaar and self.datum < vandaag


@dataclass
class Werkbak:
    netwerk: Netwerk
    vandaag: dt.date
    wachtlijst: Samenvatting
    toe_te_wijzen: list[Aanmelding]
    aantal_toe_te_wijzen: int
    afspraken_over_tijd: list[Afspraak]
    acties_over_tijd: list[Actie]
    laatste_gesprek: dt.date | None
    geplande_gesprekken: list[Voortgangsgesprek]
    plannen_in_behandeling: list[Meerjarenplan]
    deadlines: list[Deadline]
    vast_te_stellen: list[Rapport]
    signalen: list[Signaal]
    aantal_signalen: int
    client_ids: list[int] = field(default_factory=list)
    nza_cyclus: CyclusStand | None = None

    @property
    def gesprek_nodig_voor(self) -> dt.date:
        """The day by which the next voortgangsgesprek must be held (12 months after the
        last held one; today when none was ever held)."""
        if self.laatste_gesprek is None:
            return self.vandaag
        return self.laatste_gesprek + MEETING_INTERVAL

    @property
    def gesprek_achterstallig(self) -> bool:
        return self.gesprek_nodig_voor < self.vandaag or self.laatste_gesprek is None


def _volgende_peildatum(peildatum: dt.date) -> dt.date:
    month = peildatum.month + 3
    return dt.date(peildatum.year + (month > 12), (month - 1) % 12 + 1, 1)


def nza_deadlines(netwerk: Netwerk, vandaag: dt.date) -> list[Deadline]:
    """The NZa deadlines of the current quarter (peildatum on or before today) and, once
    those are past, of the next: providers' figures by the 10th, the network's by the 20th."""
    peildatum = laatste_peildatum(vandaag)
    gepubliceerd = set(
        NzaKwartaal.objects.filter(
            netwerk=netwerk,
            peildatum__in=[peildatum, _volgende_peildatum(peildatum)],
            status=KwartaalStatus.GEPUBLICEERD,
        ).values_list("peildatum", flat=True)
    )
    deadlines = []
    for datum in (peildatum, _volgende_peildatum(peildatum)):
        klaar = datum in gepubliceerd
        aanbieders = datum.replace(day=AANBIEDERS_UITERLIJK_DAG)
        netwerk_dag = datum.replace(day=NETWERK_UITERLIJK_DAG)
        if datum != peildatum and vandaag < peildatum.replace(day=NETWERK_UITERLIJK_DAG):
            break  # the current quarter's deadlines are still ahead
        # the providers' step is done when every vestiging confirmed or corrected (decision
        # 0024), not because its day passed or the network published from computed figures;
        # a network without provider vestigingen has received nothing
        volledig = volledigheid_per_netwerk(Netwerk.objects.filter(pk=netwerk.pk), datum)
        aanbieders_klaar = bool(volledig) and all(
            v.bevestigd == v.vestigingen for v in volledig.values()
        )
        url = reverse("wachtlijst:nza_list", args=[netwerk.pk])
        tekst = datum.strftime("%d-%m-%Y")
        deadlines += [
            Deadline(
                aanbieders,
                _("NZa-cijfers van de aanbieders (peildatum %(peildatum)s)") % {"peildatum": tekst},
                url,
                aanbieders_klaar,
            ),
            Deadline(
                netwerk_dag,
                _("NZa-cijfers van het netwerk doorgeven en publiceren (peildatum %(peildatum)s)")
                % {"peildatum": tekst},
                url,
                klaar,
            ),
        ]
    return deadlines


def _acties_over_tijd(netwerk: Netwerk, vandaag: dt.date) -> list[Actie]:
    """Planned or running actions of the network's current plans past their deadline."""
    return list(
        Actie.objects.filter(
            jaarplan__plan__netwerk=netwerk,
            jaarplan__plan__status__in=[
                PlanStatus.VASTGESTELD,
                PlanStatus.CONCEPT,
                PlanStatus.INGEDIEND,
            ],
            status__in=[ActieStatus.GEPLAND, ActieStatus.LOPEND],
            deadline__lt=vandaag,
        )
        .select_related("jaarplan__plan")
        .order_by("deadline", "id")[:LIMIET]
    )


def werkbak(netwerk: Netwerk, vandaag: dt.date, *, user) -> Werkbak:
    """Everything on the coordinator's start page, in a fixed number of queries. Signals and
    reports are those the user may see (``visible_to``)."""
    wachtend = wachtend_zonder_casemanager(netwerk.pk)
    toe_te_wijzen = list(wachtend[:LIMIET])
    aantal = wachtend.count()
    afspraken = list(
        Afspraak.objects.filter(
            gesprek__netwerk=netwerk, afgerond=False, opvolgdatum__lt=vandaag
        ).select_related("gesprek")[:LIMIET]
    )
    acties = _acties_over_tijd(netwerk, vandaag)
    gesprekken = Voortgangsgesprek.objects.filter(netwerk=netwerk)
    laatste = gesprekken.filter(datum__lte=vandaag).aggregate(laatste=Max("datum"))["laatste"]
    gepland = list(gesprekken.filter(datum__gt=vandaag).order_by("datum")[:3])
    plannen = list(
        Meerjarenplan.objects.filter(netwerk=netwerk, status=PlanStatus.INGEDIEND).order_by(
            "-versie"
        )
    )
    rapporten = list(
        Rapport.objects.visible_to(user)
        .filter(netwerk=netwerk, status=RapportStatus.CONCEPT)
        .order_by("periode_eind", "id")[:LIMIET]
    )
    open_signalen = Signaal.objects.visible_to(user).filter(
        Q(netwerken=netwerk), status__in=OPEN_STATUSES
    )
    signalen = list(open_signalen.order_by("-ontvangen_op", "-id")[:LIMIET])
    aantal_signalen = open_signalen.count()
    return Werkbak(
        netwerk=netwerk,
        vandaag=vandaag,
        wachtlijst=samenvatting_netwerk(netwerk, vandaag),
        toe_te_wijzen=toe_te_wijzen,
        aantal_toe_te_wijzen=aantal,
        afspraken_over_tijd=afspraken,
        acties_over_tijd=acties,
        laatste_gesprek=laatste,
        geplande_gesprekken=gepland,
        plannen_in_behandeling=plannen,
        deadlines=nza_deadlines(netwerk, vandaag),
        vast_te_stellen=rapporten,
        signalen=signalen,
        aantal_signalen=aantal_signalen,
        client_ids=[aanmelding.client_id for aanmelding in toe_te_wijzen],
        nza_cyclus=huidige_cyclus(netwerk, vandaag),
    )
