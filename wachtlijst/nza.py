"""NZa-transparantie: the quarterly figures per vestiging (AGB code) of a network, how they are
computed from the Treeknorm clock, who may see them, and the writes that make, publish and
correct a quarter.

Figures on a peildatum P (DESIGN.md rule 1 and the NZa-transparantie glossary entry):
- wachtend: aanmeldingen of the network waiting on P (``selectors.wachtend_op``), at the
  aanmelding's vestiging; without a vestiging at the first active vestiging (by AGB code) of
  the aanmelding's organisation; without an organisation (a central aanmelding at the network)
  in a separate row without AGB code;
- wachtend 6 weken of langer: of those, an NZa wait (``selectors.zes_weken_of_langer``) of
  42 days or more, whatever postponements the client asked for;
- in zorg: clients of the network in care on P (``selectors.in_zorg_op``: started on or
  before P, not ended on or before P, one traject per client), at the first active vestiging
  of the traject's organisation;
- casemanagers and their fte: the network's active casemanagers, at the first active
  vestiging of their organisation. Casemanagers belong to organisations, not to vestigingen,
  so an organisation's whole casemanager capacity is reported at one vestiging.
An organisation without an active vestiging is reported in a row of its own without AGB code,
so no figure is lost and the coordinator sees the gap. Every affiliated casemanagement
provider has at least a row (with zeros) at its first vestiging. The network totals are the
sums of the rows; the average wait is the mean NZa wait of those waiting on P.

Everything is computed set-based, in a fixed number of queries whatever the size of the
network.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.dates import validate_event_date
from accounts.models import Role, User
from accounts.roles import acting_role
from casemanagement.models import Aanmelding, Casemanager, Traject
from inkoop.permissions import must_mask_small_counts
from inkoop.selectors import SMALL_COUNT_LIMIT
from netwerk.models import Netwerk, Organisatie, Vestiging
from netwerk.permissions import (
    can_change_netwerk,
    can_view_netwerk_details,
    filter_netwerken_with_details,
)
from netwerk.selectors import casemanagement_aanbieders

from .models import KwartaalStatus, NzaKwartaal, NzaKwartaalRegel
from .models.nza import OOIT_GEPUBLICEERD, QUARTER_MONTHS
from .selectors import in_zorg_op, met_wachttijd, wachtend_op, zes_weken_of_langer

logger = logging.getLogger(__name__)

CENTRAAL_NAAM = gettext_lazy("Centraal aangemeld (nog geen aanbieder)")
ZONDER_VESTIGING_NAAM = gettext_lazy("Geen actieve vestiging met AGB-code")
MASKER = f"<{SMALL_COUNT_LIMIT}"


# --- Peildata --------------------------------------------------------------------------------


def is_peildatum(datum: dt.date) -> bool:
    """1 January, April, July or October."""
    return datum.day == 1 and datum.month in QUARTER_MONTHS


def laatste_peildatum(vandaag: dt.date) -> dt.date:
    """Today when today is a peildatum, else the most recent one before it."""
    return dt.date(vandaag.year, (vandaag.month - 1) // 3 * 3 + 1, 1)


def peildata_tot(vandaag: dt.date, aantal: int) -> list[dt.date]:
    """The ``aantal`` most recent peildata up to and including today, newest first."""
    peildatum = laatste_peildatum(vandaag)
    result = []
    for _index in range(aantal):
        result.append(peildatum)
        peildatum = laatste_peildatum(peildatum - dt.timedelta(days=1))
    return result


def peildatum_error(peildatum: dt.date, vandaag: dt.date) -> str | None:
    """Why the date cannot be a peildatum of NZa figures, or None when it can."""
    if not is_peildatum(peildatum):
        return _("Een peildatum is 1 januari, 1 april, 1 juli of 1 oktober.")
    try:
        validate_event_date(peildatum, vandaag=vandaag)
    except ValidationError as error:
        return error.messages[0]
    return None


# --- Figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NzaRegel:
    """The figures of one vestiging (or the central row, or an organisation without vestiging)."""

    agb_code: str
    vestiging_naam: str
    organisatie_naam: str
    wachtend: int = 0
    zes_weken_of_langer: int = 0
    in_zorg: int = 0
    fte_casemanagers: Decimal = Decimal("0.00")
    aantal_casemanagers: int = 0

    @property
    def is_centraal(self) -> bool:
        return not self.agb_code and not self.organisatie_naam


@dataclass(frozen=True)
class NzaCijfers:
    """A network's NZa figures on a peildatum: computed now, or read from a stored quarter."""

    peildatum: dt.date
    regels: list[NzaRegel] = field(default_factory=list)
    gemiddelde_wachtdagen: Decimal | None = None

    @property
    def aantal_wachtend(self) -> int:
        return sum(regel.wachtend for regel in self.regels)

    @property
    def aantal_zes_weken_of_langer(self) -> int:
        return sum(regel.zes_weken_of_langer for regel in self.regels)

    @property
    def aantal_in_zorg(self) -> int:
        return sum(regel.in_zorg for regel in self.regels)

    @property
    def fte_casemanagers(self) -> Decimal:
        return sum((regel.fte_casemanagers for regel in self.regels), Decimal("0.00"))

    @property
    def aantal_casemanagers(self) -> int:
        return sum(regel.aantal_casemanagers for regel in self.regels)

    @property
    def zonder_vestiging(self) -> list[str]:
        """Organisations reported without AGB code because they have no active vestiging."""
        return [r.organisatie_naam for r in self.regels if not r.agb_code and r.organisatie_naam]


TOTAAL_VELDEN = (
    "aantal_wachtend",
    "aantal_zes_weken_of_langer",
    "aantal_in_zorg",
    "fte_casemanagers",
    "aantal_casemanagers",
    "gemiddelde_wachtdagen",
)
REGEL_VELDEN = (
    "agb_code",
    "vestiging_naam",
    "organisatie_naam",
    "wachtend",
    "zes_weken_of_langer",
    "in_zorg",
    "fte_casemanagers",
    "aantal_casemanagers",
)


def _eerste_vestiging(organisatie_ref: str) -> Subquery:
    """The organisation's first active vestiging by AGB code (NULL when it has none)."""
    return Subquery(
        Vestiging.objects.filter(organisatie=OuterRef(organisatie_ref), actief=True)
        .order_by("agb_code")
        .values("pk")[:1],
        output_field=BigIntegerField(),
    )


def _sleutel(vestiging_id: int | None, organisatie_id: int | None) -> tuple[str, int | None]:
    if vestiging_id is not None:
        return ("vestiging", vestiging_id)
    if organisatie_id is not None:
        return ("organisatie", organisatie_id)
    return ("centraal", None)


def _gemiddelde(som: int, aantal: int) -> Decimal | None:
    if not aantal:
        return None
    return (Decimal(som) / Decimal(aantal)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def nza_cijfers(netwerk: Netwerk, peildatum: dt.date) -> NzaCijfers:
    """The network's NZa figures on the peildatum from today's data, in five queries."""
    wachtend = (
        met_wachttijd(wachtend_op(Aanmelding.objects.filter(netwerk=netwerk), peildatum), peildatum)
        .annotate(rapport_vestiging=Coalesce(F("vestiging_id"), _eerste_vestiging("organisatie")))
        .values("rapport_vestiging", "organisatie")
        .annotate(
            wachtend=Count("pk"),
            zes_weken_of_langer=Count("pk", filter=zes_weken_of_langer()),
            wachtdagen=Sum("nza_dagen"),
        )
        .order_by()
    )
    in_zorg = (
        in_zorg_op(Traject.objects.filter(netwerk=netwerk), peildatum)
        .annotate(rapport_vestiging=_eerste_vestiging("organisatie"))
        .values("rapport_vestiging", "organisatie")
        .annotate(in_zorg=Count("pk"))
        .order_by()
    )
    casemanagers = (
        Casemanager.objects.filter(netwerk=netwerk, actief=True)
        .annotate(rapport_vestiging=_eerste_vestiging("organisatie"))
        .values("rapport_vestiging", "organisatie")
        .annotate(aantal_casemanagers=Count("pk"), fte_casemanagers=Sum("fte"))
        .order_by()
    )

    cijfers: dict[tuple[str, int | None], dict] = defaultdict(dict)
    som_wachtdagen = 0
    for row in wachtend:
        regel = cijfers[_sleutel(row["rapport_vestiging"], row["organisatie"])]
        regel["wachtend"] = regel.get("wachtend", 0) + row["wachtend"]
        regel["zes_weken_of_langer"] = (
            regel.get("zes_weken_of_langer", 0) + row["zes_weken_of_langer"]
        )
        som_wachtdagen += row["wachtdagen"]
    for row in in_zorg:
        regel = cijfers[_sleutel(row["rapport_vestiging"], row["organisatie"])]
        regel["in_zorg"] = regel.get("in_zorg", 0) + row["in_zorg"]
    for row in casemanagers:
        regel = cijfers[_sleutel(row["rapport_vestiging"], row["organisatie"])]
        regel["aantal_casemanagers"] = (
            regel.get("aantal_casemanagers", 0) + row["aantal_casemanagers"]
        )
        regel["fte_casemanagers"] = (
            regel.get("fte_casemanagers", Decimal("0.00")) + (row["fte_casemanagers"])
        )

    # Every provider shows up, with zeros where it has nothing to report.
    aanbieders = casemanagement_aanbieders(netwerk, peildatum)
    vestiging_ids = [key[1] for key in cijfers if key[0] == "vestiging"]
    organisatie_ids = [key[1] for key in cijfers if key[0] == "organisatie"]
    namen: dict[tuple[str, int | None], tuple[str, str, str]] = {}
    for vestiging in Vestiging.objects.filter(
        Q(pk__in=vestiging_ids)
        | Q(pk__in=aanbieders.annotate(eerste=_eerste_vestiging("pk")).values("eerste"))
    ).select_related("organisatie"):
        namen[("vestiging", vestiging.pk)] = (
            vestiging.agb_code,
            vestiging.naam,
            vestiging.organisatie.naam,
        )
    for organisatie in Organisatie.objects.filter(
        Q(pk__in=organisatie_ids)
        | Q(
            Q(pk__in=aanbieders.values("pk")),
            ~Exists(Vestiging.objects.filter(organisatie=OuterRef("pk"), actief=True)),
        )
    ).values("pk", "naam"):
        namen[("organisatie", organisatie["pk"])] = (
            "",
            str(ZONDER_VESTIGING_NAAM),
            organisatie["naam"],
        )
    namen[("centraal", None)] = ("", str(CENTRAAL_NAAM), "")

    regels = [
        NzaRegel(*namen[key], **cijfers.get(key, {}))
        for key in namen
        if key[0] != "centraal" or key in cijfers
    ]
    regels.sort(
        key=lambda r: (
            r.is_centraal,
            r.organisatie_naam.casefold(),
            not r.agb_code,
            r.vestiging_naam.casefold(),
            r.agb_code,
        )
    )
    totaal_wachtend = sum(r.wachtend for r in regels)
    return NzaCijfers(
        peildatum=peildatum,
        regels=regels,
        gemiddelde_wachtdagen=_gemiddelde(som_wachtdagen, totaal_wachtend),
    )


def cijfers_van_kwartaal(kwartaal: NzaKwartaal) -> NzaCijfers:
    """The stored snapshot in the same shape as computed figures (reads ``regels``, so
    prefetch them for lists)."""
    return NzaCijfers(
        peildatum=kwartaal.peildatum,
        regels=[
            NzaRegel(**{name: getattr(regel, name) for name in REGEL_VELDEN})
            for regel in kwartaal.regels.all()
        ],
        gemiddelde_wachtdagen=kwartaal.gemiddelde_wachtdagen,
    )


# --- Who may see what ------------------------------------------------------------------------
# Coordinators read their own network's quarters, concepts included; beheerders read all.
# Signaalteam reads every network's published figures, insurers those of the networks they
# may see in detail, with small counts masked. Casemanagers see none. Only the network's
# coordinator makes, publishes and corrects its figures: the beheerder may change a network's
# settings but does not sign off its figures.

CONCEPT_READERS = (Role.NETWERKCOORDINATOR, Role.BEHEERDER)


def filter_visible_kwartalen(queryset: QuerySet, user) -> QuerySet:
    netwerken = filter_netwerken_with_details(Netwerk.objects.all(), user)
    queryset = queryset.filter(netwerk__in=netwerken)
    if not can_see_concepts(user):
        queryset = queryset.filter(status__in=OOIT_GEPUBLICEERD)
    return queryset


def can_see_concepts(user) -> bool:
    return acting_role(user) in CONCEPT_READERS


def can_view_nza(user, netwerk: Netwerk) -> bool:
    return can_view_netwerk_details(user, netwerk)


def can_manage_nza(user, netwerk: Netwerk) -> bool:
    return acting_role(user) == Role.NETWERKCOORDINATOR and can_change_netwerk(user, netwerk)


def must_mask(user) -> bool:
    """Insurers see counts below 5 as "<5" (DESIGN.md rule 5)."""
    return must_mask_small_counts(user)


def gemaskeerd(aantal: int, maskeren: bool) -> int | str:
    """A count of people as shown to someone who must not see small counts."""
    return MASKER if maskeren and aantal < SMALL_COUNT_LIMIT else aantal


def zichtbaar_gemiddelde(cijfers, maskeren: bool) -> Decimal | None:
    """The average wait, left out when it describes fewer than 5 people and must be masked."""
    if maskeren and cijfers.aantal_wachtend < SMALL_COUNT_LIMIT:
        return None
    return cijfers.gemiddelde_wachtdagen


# --- Reads for the pages ---------------------------------------------------------------------


def kwartalen_van(netwerk: Netwerk, user) -> QuerySet[NzaKwartaal]:
    """The quarters of the network the user may see, newest peildatum and version first."""
    return (
        NzaKwartaal.objects.visible_to(user)
        .filter(netwerk=netwerk)
        .select_related("gepubliceerd_door")
        .order_by("-peildatum", "-versie")
    )


def kwartaal_met_regels(queryset: QuerySet[NzaKwartaal]) -> QuerySet[NzaKwartaal]:
    return queryset.select_related(
        "netwerk", "aangemaakt_door", "gepubliceerd_door"
    ).prefetch_related("regels")


def publieke_kwartalen(netwerk: Netwerk) -> list[NzaKwartaal]:
    """The current published version of every quarter, newest first; the rows are only
    loaded for the newest (the public page shows the others as totals)."""
    kwartalen = list(
        NzaKwartaal.objects.gepubliceerd().filter(netwerk=netwerk).order_by("-peildatum")
    )
    if kwartalen:
        kwartalen[0].publieke_regels = list(kwartalen[0].regels.all())
    return kwartalen


def bron_voor(netwerk: Netwerk, peildatum: dt.date, user) -> NzaKwartaal | NzaCijfers | None:
    """What the API answers for a peildatum: the published version; else, for those who read
    concepts, the concept; else, for the coordinator, the figures computed now; else None."""
    versies = NzaKwartaal.objects.visible_to(user).filter(netwerk=netwerk, peildatum=peildatum)
    kwartaal = (
        kwartaal_met_regels(versies)
        .filter(status__in=[KwartaalStatus.GEPUBLICEERD, KwartaalStatus.CONCEPT])
        .order_by("-status")  # "gepubliceerd" before "concept"
        .first()
    )
    if kwartaal is not None:
        return kwartaal
    if can_manage_nza(user, netwerk):
        return nza_cijfers(netwerk, peildatum)
    return None


# --- Writes ----------------------------------------------------------------------------------


def _check_peildatum(peildatum: dt.date) -> None:
    error = peildatum_error(peildatum, timezone.localdate())
    if error:
        raise ValidationError({"peildatum": error})


def _lock(netwerk_id: int) -> None:
    """Serialise the writes on one network's quarters (concurrent runs of the job, a double
    click on publish): the partial unique constraints would refuse the loser anyway, this
    makes it wait and see the winner's result instead."""
    list(Netwerk.objects.select_for_update().filter(pk=netwerk_id).values_list("pk"))


def _store(kwartaal: NzaKwartaal, cijfers: NzaCijfers, user: User | None) -> NzaKwartaal:
    for name in TOTAAL_VELDEN:
        setattr(kwartaal, name, getattr(cijfers, name))
    kwartaal.aangemaakt_op = timezone.now()
    kwartaal.aangemaakt_door = user
    nieuw = kwartaal.pk is None
    kwartaal.full_clean()
    kwartaal.save()
    if not nieuw:
        kwartaal.regels.all().delete()
    NzaKwartaalRegel.objects.bulk_create(
        NzaKwartaalRegel(
            kwartaal=kwartaal,
            volgorde=index,
            **{name: getattr(regel, name) for name in REGEL_VELDEN},
        )
        for index, regel in enumerate(cijfers.regels, start=1)
    )
    return kwartaal


@transaction.atomic
def nza_kwartaal_concept(
    *, netwerk: Netwerk, peildatum: dt.date, user: User | None = None
) -> NzaKwartaal:
    """Make the concept of the network's quarter, or recompute the open concept (a first
    version or a correction, which keeps its reason) from today's data.

    Idempotent: when the figures are unchanged the concept is left as it is. When the quarter
    is published and no correction is open, nothing changes and the published version is
    returned: reopening a published quarter takes a correction with a reason. ``user`` is
    None when the quarterly job makes the concept.
    """
    _check_peildatum(peildatum)
    _lock(netwerk.pk)
    versies = list(NzaKwartaal.objects.filter(netwerk=netwerk, peildatum=peildatum))
    concept = next((k for k in versies if k.is_concept), None)
    if concept is None:
        gepubliceerd = next((k for k in versies if k.is_gepubliceerd), None)
        if gepubliceerd is not None:
            return gepubliceerd
        concept = NzaKwartaal(
            netwerk=netwerk,
            peildatum=peildatum,
            versie=max((k.versie for k in versies), default=0) + 1,
        )
    cijfers = nza_cijfers(netwerk, peildatum)
    if concept.pk is not None and cijfers_van_kwartaal(concept) == cijfers:
        return concept
    _store(concept, cijfers, user)
    logger.info(
        "nza_kwartaal_concept netwerk=%s peildatum=%s versie=%s",
        netwerk.pk,
        peildatum.isoformat(),
        concept.versie,
    )
    return concept


@transaction.atomic
def nza_kwartaal_publish(*, kwartaal: NzaKwartaal, user: User) -> NzaKwartaal:
    """Publish a checked concept as it was checked (not recomputed). The version published
    before it, if any, becomes "vervangen"."""
    _lock(kwartaal.netwerk_id)
    versies = {
        k.pk: k
        for k in NzaKwartaal.objects.filter(
            netwerk_id=kwartaal.netwerk_id, peildatum=kwartaal.peildatum
        )
    }
    kwartaal = versies.get(kwartaal.pk)
    if kwartaal is None or not kwartaal.is_concept:
        raise ValidationError(_("Alleen een concept kan worden gepubliceerd."))
    for oud in versies.values():
        if oud.is_gepubliceerd:
            oud.status = KwartaalStatus.VERVANGEN
            oud.save(update_fields=["status"])
    kwartaal.status = KwartaalStatus.GEPUBLICEERD
    kwartaal.gepubliceerd_op = timezone.now()
    kwartaal.gepubliceerd_door = user
    kwartaal.save()
    logger.info(
        "nza_kwartaal_published kwartaal=%s netwerk=%s versie=%s user=%s",
        kwartaal.pk,
        kwartaal.netwerk_id,
        kwartaal.versie,
        user.pk,
    )
    return kwartaal


@transaction.atomic
def nza_kwartaal_correctie(*, kwartaal: NzaKwartaal, user: User, reden: str) -> NzaKwartaal:
    """Open a correction of a published quarter: a new concept version, computed from today's
    data, with the reason. The published version stays public until the correction is
    published."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van de correctie.")})
    _lock(kwartaal.netwerk_id)
    versies = list(
        NzaKwartaal.objects.filter(netwerk_id=kwartaal.netwerk_id, peildatum=kwartaal.peildatum)
    )
    huidig = next((k for k in versies if k.pk == kwartaal.pk), None)
    if huidig is None or not huidig.is_gepubliceerd:
        raise ValidationError(
            _("Alleen de gepubliceerde versie van een kwartaal kan worden gecorrigeerd.")
        )
    open_concept = next((k for k in versies if k.is_concept), None)
    if open_concept is not None:
        raise ValidationError(
            _(
                "Er is al een correctie in concept (versie %(versie)s). Publiceer of verwijder "
                "die eerst."
            )
            % {"versie": open_concept.versie}
        )
    concept = NzaKwartaal(
        netwerk=huidig.netwerk,
        peildatum=huidig.peildatum,
        versie=max(k.versie for k in versies) + 1,
        reden=reden,
    )
    _store(concept, nza_cijfers(huidig.netwerk, huidig.peildatum), user)
    logger.info(
        "nza_kwartaal_correctie kwartaal=%s netwerk=%s versie=%s user=%s",
        concept.pk,
        concept.netwerk_id,
        concept.versie,
        user.pk,
    )
    return concept


@transaction.atomic
def nza_kwartaal_concept_delete(*, kwartaal: NzaKwartaal, user: User) -> None:
    """Throw away a concept (a first version or a correction); published ones stay."""
    _lock(kwartaal.netwerk_id)
    concept = NzaKwartaal.objects.filter(pk=kwartaal.pk, status=KwartaalStatus.CONCEPT).first()
    if concept is None:
        raise ValidationError(_("Alleen een concept kan worden verwijderd."))
    concept.delete()
    logger.info(
        "nza_kwartaal_concept_deleted netwerk=%s versie=%s user=%s",
        kwartaal.netwerk_id,
        kwartaal.versie,
        user.pk,
    )


@dataclass
class ConceptenResultaat:
    peildatum: dt.date
    aangemaakt: int = 0
    overgeslagen: int = 0
    mislukt: int = 0


def nza_kwartaal_concept_for_all(*, peildatum: dt.date) -> ConceptenResultaat:
    """The quarterly job: a concept for every network that has no version of the quarter yet.

    Idempotent: networks with a concept or a published version are skipped, so a second run
    changes nothing. Each network is its own transaction; one that fails is logged and the
    others go ahead (the next run tries it again).
    """
    _check_peildatum(peildatum)
    heeft_kwartaal = NzaKwartaal.objects.filter(netwerk=OuterRef("pk"), peildatum=peildatum)
    netwerken = Netwerk.objects.annotate(heeft_kwartaal=Exists(heeft_kwartaal)).order_by("pk")
    resultaat = ConceptenResultaat(peildatum=peildatum)
    for netwerk in netwerken:
        if netwerk.heeft_kwartaal:
            resultaat.overgeslagen += 1
            continue
        try:
            nza_kwartaal_concept(netwerk=netwerk, peildatum=peildatum)
        except Exception:
            logger.exception(
                "nza_kwartaal_concept failed netwerk=%s peildatum=%s",
                netwerk.pk,
                peildatum.isoformat(),
            )
            resultaat.mislukt += 1
        else:
            resultaat.aangemaakt += 1
    return resultaat
