"""One delivered record written through the services' inner functions. Returns what it did
(aangemaakt, bijgewerkt, ongewijzigd) or raises ValidationError with the reason by field.

A conflict with what the application already holds is refused, never overwritten: a clock
stopped in the application on another date or in another way, a second open traject."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor
from accounts.models import AccessAction
from netwerk.models import Netwerk, Organisatie, Vestiging

from ..identifiers import bsn_hash
from ..importeren import EERSTE_CONTACT_MINUTEN, EERSTE_CONTACT_TYPE
from ..models import Aanmelding, Casemanager, Client, MetingType, Traject
from ..services._common import _locked_traject, _log
from ..services.aanmeldingen import (
    GEGEVENS_AANLEVERING,
    _aanmelding_afmelden,
    _aanmelding_create,
    _aanmelding_gegevens_wijzigen,
    _uitstel_add,
    _uitstel_vervalt,
)
from ..services.registratie import (
    IDENTITEIT_ONJUIST,
    _client_create,
    _client_update,
    _lock_bsn,
    identiteit_klopt,
    te_vaak_geweigerd,
)
from ..services.toewijzing import _aanmelding_assign, _change_casemanager
from ..services.trajecten import (
    _contact_duur_wijzigen,
    _contact_log,
    _maandtotaal_vastleggen,
    _meting_add,
    _meting_correct,
    _traject_close,
    _traject_set_intensiteit,
)
from .models import BronKoppeling, BronSoort

# The record a mapping of each soort points at (BronKoppeling's foreign keys).
DOEL = {
    BronSoort.CLIENT: "client",
    BronSoort.AANMELDING: "aanmelding",
    BronSoort.TRAJECT: "traject",
    BronSoort.METING: "meting",
    BronSoort.EERSTE_CONTACT: "contact",
    BronSoort.CONTACTMINUTEN: "contact",
}

CLIENT_VELDEN = ("voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "gemeente")

TE_VAAK_ONJUIST_AANGELEVERD = _(
    "In de afgelopen 24 uur werden te vaak een BSN, achternaam en geboortedatum aangeleverd "
    "die niet bij elkaar hoorden. Nieuwe cliënten worden pas weer aangenomen als die "
    "weigeringen ouder zijn dan 24 uur; cliënten die al gekoppeld zijn, worden wel "
    "bijgewerkt. Neem bij vragen contact op met de netwerkcoördinator."
)


def _datum(value) -> str:
    return value.strftime("%d-%m-%Y")


@dataclass
class Context:
    actor: Actor
    netwerk: Netwerk
    organisatie: Organisatie
    versie: int = 2
    nieuwe_clienten: set[int] = field(default_factory=set)
    # refused registrations of the acting account in the last 24 hours, those of this batch
    # included: the daily limit of the browser (services.registratie) holds per record
    registratie_weigeringen: int = 0
    # the clients (None: refused on the limit) of this batch's refused identity checks, to
    # be logged after the batch's rollback, so they stay and count
    geweigerde_registraties: list[int | None] = field(default_factory=list)
    # the services' field names as the format names them, per record type
    veldnamen: dict = field(
        default_factory=lambda: {
            "aanmeldingen": {
                "datum": "aanmelddatum",
                "van": "uitstel",
                "tot": "uitstel",
                "netwerk": "netwerk_reden",
                "vestiging": "vestiging_agb",
                "organisatie": "record",
            },
            "trajecten": {
                "op": "toegewezen_op",
                "datum": "einddatum",
                "casemanager": "casemanager_email",
                "organisatie": "casemanager_email",
            },
            "contactminuten": {"datum": "maand"},
        }
    )

    # The bron_ids whose mappings were looked up at once (``ken_bron_ids``) and, of those, the
    # (soort, bron_id) that have one: a bron_id looked up and not found has no mapping,
    # unless this batch made it since (``koppel``), so it needs no query of its own.
    opgezocht: set[str] = field(default_factory=set)
    bekend: set[tuple[str, str]] = field(default_factory=set)

    def ken_bron_ids(self, bron_ids: set[str]) -> None:
        """Look up which of these bron_ids have a mapping of this organisation, in one query
        per 5,000: a first delivery then asks nothing per record to learn it is new."""
        ids = sorted(bron_ids)
        for begin in range(0, len(ids), 5000):
            deel = ids[begin : begin + 5000]
            self.bekend.update(
                BronKoppeling.objects.filter(
                    organisatie=self.organisatie, bron_id__in=deel
                ).values_list("soort", "bron_id")
            )
            self.opgezocht.update(deel)

    def koppeling(self, soort: str, bron_id: str) -> BronKoppeling | None:
        """The mapping with its record read fresh (a record of this batch may have changed
        it), or None."""
        if bron_id in self.opgezocht and (soort, bron_id) not in self.bekend:
            return None
        # (organisatie, soort, bron_id) is unique: no order needed, only the soort's record
        gevonden = list(
            BronKoppeling.objects.select_related(DOEL[soort]).filter(
                organisatie=self.organisatie, soort=soort, bron_id=bron_id
            )[:1]
        )
        return gevonden[0] if gevonden else None

    def weiger_registratie(self, client_id: int | None) -> None:
        self.registratie_weigeringen += 1
        self.geweigerde_registraties.append(client_id)

    @property
    def reden(self) -> str:
        """The reason a delivery records where a page asks for one (an assignment past the
        norm, a change of casemanager)."""
        return _("Aangeleverd door %(org)s") % {"org": self.organisatie}

    def koppel(self, soort: str, bron_id: str, **doel) -> None:
        BronKoppeling.objects.create(
            organisatie=self.organisatie, soort=soort, bron_id=bron_id, **doel
        )
        self.bekend.add((soort, bron_id))


def schrijf_record(context: Context, soort: str, data: dict) -> str:
    schrijvers = {
        "clienten": _client,
        "aanmeldingen": _aanmelding,
        "trajecten": _traject,
        "contactminuten": _contactminuten,
        "metingen": _meting,
    }
    return schrijvers[soort](context, data)


def _client(context: Context, data: dict) -> str:
    """A client by the provider's bron_id; a BSN known already (typed, or delivered by
    another provider) is that one client, when the identity matches."""
    velden = {naam: data.get(naam, "") for naam in CLIENT_VELDEN}
    koppeling = context.koppeling(BronSoort.CLIENT, data["bron_id"])
    if koppeling is not None:
        client = koppeling.client
        if client.bsn_hash != bsn_hash(data["bsn"]):
            raise ValidationError(
                {
                    "bsn": _(
                        "Dit bron_id hoort bij een cliënt met een ander BSN; een BSN wijzigt niet."
                    )
                }
            )
        gewijzigd = {
            naam: waarde for naam, waarde in velden.items() if getattr(client, naam) != waarde
        }
        if not gewijzigd:
            return "ongewijzigd"
        _client_update(actor=context.actor, client=client, **gewijzigd)
        return "bijgewerkt"
    # a new link is a registration: past the daily limit of refused identity checks none
    # is made, known BSN or not, so the answer tells nothing about the BSN
    if te_vaak_geweigerd(context.registratie_weigeringen):
        context.weiger_registratie(None)
        raise ValidationError({"bsn": TE_VAAK_ONJUIST_AANGELEVERD})
    _lock_bsn(data["bsn"])
    client = Client.objects.filter(bsn_hash=bsn_hash(data["bsn"])).first()
    if client is None:
        client, _bestond = _client_create(
            actor=context.actor, bsn=data["bsn"], client_fields=velden
        )
        context.nieuwe_clienten.add(client.pk)
    elif not identiteit_klopt(client, velden):
        context.weiger_registratie(client.pk)
        raise ValidationError({"achternaam": IDENTITEIT_ONJUIST})
    context.koppel(BronSoort.CLIENT, data["bron_id"], client=client)
    return "aangemaakt"


def _client_van(context: Context, bron_id: str) -> Client:
    koppeling = context.koppeling(BronSoort.CLIENT, bron_id)
    if koppeling is None:
        raise ValidationError(
            {"client": _("Onbekende cliënt: lever de cliënt met dit bron_id mee of eerder aan.")}
        )
    return koppeling.client


def _kent_client(context: Context, client: Client) -> bool:
    """Whether the provider already had this client (its own aanmelding or traject in this
    network): else its aanmelding is afgeschermd until the coordinator assigns it, as when
    a known client is registered in the browser (decision 0011)."""
    if client.pk in context.nieuwe_clienten:
        return True
    eigen = {"netwerk": context.netwerk, "organisatie": context.organisatie}
    return (
        Aanmelding.objects.filter(client=client, afgeschermd=False, **eigen).exists()
        or Traject.objects.filter(client=client, **eigen).exists()
    )


def _vestiging(context: Context, agb: str) -> Vestiging | None:
    if not agb:
        return None
    vestiging = Vestiging.objects.filter(organisatie=context.organisatie, agb_code=agb).first()
    if vestiging is None:
        raise ValidationError(
            {"vestiging_agb": _("Geen vestiging van uw organisatie met deze AGB-code.")}
        )
    return vestiging


def _aanmelding(context: Context, data: dict) -> str:
    client = _client_van(context, data["client"])
    koppeling = context.koppeling(BronSoort.AANMELDING, data["bron_id"])
    if koppeling is None:
        aanmelding = _nieuwe_aanmelding(context, client, data)
        resultaat = "aangemaakt"
    else:
        aanmelding = koppeling.aanmelding
        resultaat = "bijgewerkt" if _gegevens(context, aanmelding, client, data) else "ongewijzigd"
    if "uitstel" in data and _uitstel(context, aanmelding, data["uitstel"]):
        resultaat = "bijgewerkt" if resultaat == "ongewijzigd" else resultaat
    if data.get("afgemeld_op") and _afmelden(context, aanmelding, data):
        resultaat = "bijgewerkt" if resultaat == "ongewijzigd" else resultaat
    return resultaat


def _nieuwe_aanmelding(context: Context, client: Client, data: dict) -> Aanmelding:
    aanmelding = _aanmelding_create(
        actor=context.actor,
        client=client,
        datum=data["aanmelddatum"],
        verwijzer_type=data["verwijzer_type"],
        verwijzer_naam=data.get("verwijzer_naam", ""),
        urgentie=data.get("urgentie", "normaal"),
        netwerk=context.netwerk,
        netwerk_reden=data.get("netwerk_reden", ""),
        organisatie=context.organisatie,
        vestiging=_vestiging(context, data.get("vestiging_agb", "")),
        afgeschermd=not _kent_client(context, client),
        scope_checked=True,  # can_deliver: the key's organisation in the key's network
    )
    context.koppel(BronSoort.AANMELDING, data["bron_id"], aanmelding=aanmelding)
    return aanmelding


def _gegevens(context: Context, aanmelding: Aanmelding, client: Client, data: dict) -> bool:
    """A redelivered aanmelding: its client and date stand; the referral's details that the
    record gives (verwijzer, urgentie, vestiging) follow the provider's system."""
    if aanmelding.client_id != client.pk:
        raise ValidationError({"client": _("Deze aanmelding hoort bij een andere cliënt.")})
    if aanmelding.datum != data["aanmelddatum"]:
        raise ValidationError(
            {
                "aanmelddatum": _(
                    "De aanmelddatum wijzigt niet: de wachttijd begon op %(datum)s. Meld af "
                    "en lever een nieuwe aanmelding aan als dit een nieuwe aanmelding is."
                )
                % {"datum": _datum(aanmelding.datum)}
            }
        )
    gegeven = {naam: data[naam] for naam in GEGEVENS_AANLEVERING if naam in data}
    if "vestiging_agb" in data:
        gegeven["vestiging"] = _vestiging(context, data["vestiging_agb"])
    gewijzigd = {
        naam: waarde for naam, waarde in gegeven.items() if getattr(aanmelding, naam) != waarde
    }
    if not gewijzigd:
        return False
    _aanmelding_gegevens_wijzigen(actor=context.actor, aanmelding=aanmelding, **gewijzigd)
    aanmelding.refresh_from_db()
    return True


def _uitstel(context: Context, aanmelding: Aanmelding, perioden: list[dict]) -> bool:
    """From version 2 the delivered list is the provider's whole list: a period it delivered
    before and left out now is gone (version 1 only adds). A new one is added. Periods typed
    in the application stay."""
    gewenst = {(periode["van"], periode["tot"]): periode for periode in perioden}
    bestaand = list(aanmelding.uitstellen.all())
    gewijzigd = False
    for uitstel in bestaand:
        eigen = uitstel.aangeleverd_door_id == context.organisatie.pk and context.versie >= 2
        if eigen and (uitstel.van, uitstel.tot) not in gewenst:
            _uitstel_vervalt(actor=context.actor, uitstel=uitstel)
            gewijzigd = True
    aanwezig = {(uitstel.van, uitstel.tot) for uitstel in bestaand}
    for (van, tot), periode in gewenst.items():
        if (van, tot) not in aanwezig:
            _uitstel_add(
                actor=context.actor,
                aanmelding=aanmelding,
                van=van,
                tot=tot,
                reden=periode.get("reden", ""),
                aangeleverd_door=context.organisatie,
            )
            gewijzigd = True
    return gewijzigd


def _klok_gestopt(aanmelding: Aanmelding) -> str:
    if aanmelding.eerste_contact_op is not None:
        return _("op %(datum)s door het eerste contact") % {
            "datum": _datum(aanmelding.eerste_contact_op)
        }
    return _("op %(datum)s door een afmelding (%(reden)s)") % {
        "datum": _datum(aanmelding.afgemeld_op),
        "reden": aanmelding.get_afmeldreden_display(),
    }


def _conflict(veld: str, aanmelding: Aanmelding) -> ValidationError:
    return ValidationError(
        {
            veld: _(
                "Conflict: de wachttijd van deze aanmelding is in de applicatie al gestopt "
                "%(hoe)s. De aanlevering wijzigt dat niet; overleg met de netwerkcoördinator."
            )
            % {"hoe": _klok_gestopt(aanmelding)}
        }
    )


def _afmelden(context: Context, aanmelding: Aanmelding, data: dict) -> bool:
    aanmelding.refresh_from_db()
    if (
        aanmelding.afgemeld_op == data["afgemeld_op"]
        and aanmelding.afmeldreden == data["afmeldreden"]
    ):
        return False
    if not aanmelding.is_wachtend:
        raise _conflict("afgemeld_op", aanmelding)
    _aanmelding_afmelden(
        actor=context.actor,
        aanmelding=aanmelding,
        datum=data["afgemeld_op"],
        reden=data["afmeldreden"],
    )
    return True


def _casemanager(context: Context, email: str) -> Casemanager:
    casemanager = Casemanager.objects.filter(
        user__email__iexact=email,
        netwerk=context.netwerk,
        organisatie=context.organisatie,
        actief=True,
    ).first()
    if casemanager is None:
        raise ValidationError(
            {
                "casemanager_email": _(
                    "Geen actieve casemanager van uw organisatie in dit netwerk met dit "
                    "e-mailadres."
                )
            }
        )
    return casemanager


def _aanmelding_van(context: Context, bron_id: str) -> Aanmelding:
    koppeling = context.koppeling(BronSoort.AANMELDING, bron_id)
    if koppeling is None:
        raise ValidationError(
            {"aanmelding": _("Onbekende aanmelding: lever haar met dit bron_id mee of eerder aan.")}
        )
    return koppeling.aanmelding


def _nieuw_traject(context: Context, aanmelding: Aanmelding, casemanager, data: dict) -> Traject:
    bestaand = Traject.objects.filter(aanmelding=aanmelding).first()
    if bestaand is not None:
        if bestaand.organisatie_id != context.organisatie.pk:
            raise ValidationError(
                {
                    "aanmelding": _(
                        "Deze aanmelding is in de applicatie toegewezen aan een andere aanbieder."
                    )
                }
            )
        return bestaand
    open_traject = Traject.objects.filter(
        client_id=aanmelding.client_id, einddatum__isnull=True
    ).first()
    if open_traject is not None:
        raise ValidationError(
            {
                "aanmelding": _(
                    "Conflict: deze cliënt heeft al een lopend traject (toegewezen op "
                    "%(datum)s). Een cliënt heeft hoogstens één open traject; sluit dat eerst af."
                )
                % {"datum": _datum(open_traject.toegewezen_op)}
            }
        )
    return _aanmelding_assign(
        actor=context.actor,
        aanmelding=aanmelding,
        casemanager=casemanager,
        # the traject already runs in the provider's own system; an assignment past the
        # norm is recorded with this reason, never refused
        override_reden=context.reden,
        op=data["toegewezen_op"],
        melden=False,
    )


def _traject(context: Context, data: dict) -> str:
    aanmelding = _aanmelding_van(context, data["aanmelding"])
    casemanager = _casemanager(context, data["casemanager_email"])
    koppeling = context.koppeling(BronSoort.TRAJECT, data["bron_id"])
    if koppeling is None:
        traject = _nieuw_traject(context, aanmelding, casemanager, data)
        context.koppel(BronSoort.TRAJECT, data["bron_id"], traject=traject)
        resultaat = "aangemaakt"
    else:
        traject = koppeling.traject
        resultaat = "ongewijzigd"
        if traject.aanmelding_id != aanmelding.pk:
            raise ValidationError({"aanmelding": _("Dit traject hoort bij een andere aanmelding.")})
        if traject.toegewezen_op != data["toegewezen_op"]:
            raise ValidationError(
                {
                    "toegewezen_op": _("De datum van toewijzing (%(datum)s) wijzigt niet.")
                    % {"datum": _datum(traject.toegewezen_op)}
                }
            )
        if _casemanager_wissel(context, traject, casemanager):
            resultaat = "bijgewerkt"
    gewijzigd = _eerste_contact(context, traject, data)
    gewijzigd |= _intensiteit(context, traject, data)
    gewijzigd |= _einde(context, traject, data)
    if gewijzigd and resultaat == "ongewijzigd":
        resultaat = "bijgewerkt"
    return resultaat


def _casemanager_wissel(context: Context, traject: Traject, casemanager: Casemanager) -> bool:
    """Another casemanager in the provider's system: a wissel, as on the page, unless the
    application changed the casemanager or the provider since (a conflict, not overwritten)."""
    if casemanager.pk == traject.casemanager_id:
        return False
    if traject.organisatie_id != context.organisatie.pk:
        raise ValidationError(
            {
                "casemanager_email": _(
                    "Conflict: dit traject is in de applicatie overgedragen aan %(org)s."
                )
                % {"org": traject.organisatie}
            }
        )
    wissel = traject.wissels.exclude(door=context.actor.user).order_by("-datum", "-id").first()
    if wissel is not None or not traject.is_open:
        raise ValidationError(
            {
                "casemanager_email": _(
                    "Conflict: de casemanager van dit traject is in de applicatie %(hoe)s. De "
                    "aanlevering wijzigt dat niet; overleg met de netwerkcoördinator."
                )
                % {
                    "hoe": _("op %(datum)s gewisseld") % {"datum": _datum(wissel.datum)}
                    if wissel is not None
                    else _("vastgelegd bij een afgesloten traject")
                }
            }
        )
    _change_casemanager(
        actor=context.actor,
        traject=_locked_traject(traject),
        casemanager=casemanager,
        reden=context.reden,
        override_reden=context.reden,  # past the norm: recorded with this reason, never refused
    )
    _log(context.actor, AccessAction.WIJZIGEN, traject, traject.client_id)
    return True


def _eerste_contact(context: Context, traject: Traject, data: dict) -> bool:
    datum = data.get("eerste_contact_op")
    if not datum:
        return False
    aanmelding = Aanmelding.objects.get(pk=traject.aanmelding_id)
    if aanmelding.eerste_contact_op == datum:
        return _eerste_contact_duur(context, traject, data)
    if not aanmelding.is_wachtend:
        raise _conflict("eerste_contact_op", aanmelding)
    try:
        contact = _contact_log(
            actor=context.actor,
            traject=traject,
            casemanager=traject.casemanager,
            datum=datum,
            type=EERSTE_CONTACT_TYPE,
            minuten=data.get("eerste_contact_minuten", EERSTE_CONTACT_MINUTEN),
        )
    except ValidationError as error:
        raise ValidationError({"eerste_contact_op": error.messages}) from error
    # kept with the traject's bron_id: a month total of its month counts it in
    context.koppel(BronSoort.EERSTE_CONTACT, data["bron_id"], contact=contact)
    return True


def _eerste_contact_duur(context: Context, traject: Traject, data: dict) -> bool:
    """A redelivered first contact with other minutes: changed, and its month's delivered
    total stays what was delivered (the rest beside the first contact moves along)."""
    minuten = data.get("eerste_contact_minuten")
    koppeling = context.koppeling(BronSoort.EERSTE_CONTACT, data["bron_id"])
    if minuten is None or koppeling is None or koppeling.contact.minuten == minuten:
        return False
    eerste = koppeling.contact
    totaal = _maandtotaal_van(context, traject, eerste.datum)
    if totaal is not None:
        rest = totaal.contact.minuten + eerste.minuten - minuten
        if rest < 0:
            raise ValidationError(
                {
                    "eerste_contact_minuten": _(
                        "Het eerste contact duurt dan langer dan het aangeleverde maandtotaal "
                        "(%(bron_id)s); lever beide opnieuw aan."
                    )
                    % {"bron_id": totaal.bron_id}
                }
            )
        _maandtotaal_vastleggen(
            actor=context.actor,
            traject=traject,
            organisatie_id=context.organisatie.pk,
            maand=eerste.datum.replace(day=1),
            minuten=rest,
            contact=totaal.contact,
        )
    _contact_duur_wijzigen(actor=context.actor, contact=eerste, minuten=minuten)
    return True


def _intensiteit(context: Context, traject: Traject, data: dict) -> bool:
    intensiteit = data.get("intensiteit")
    traject.refresh_from_db()
    if not intensiteit or intensiteit == traject.intensiteit or not traject.is_open:
        return False
    _traject_set_intensiteit(
        actor=context.actor,
        traject=traject,
        intensiteit=intensiteit,
        datum=max(traject.toegewezen_op, timezone.localdate()),
    )
    return True


def _einde(context: Context, traject: Traject, data: dict) -> bool:
    einddatum = data.get("einddatum")
    if not einddatum:
        return False
    traject.refresh_from_db()
    if traject.einddatum == einddatum and traject.eindreden == data["eindreden"]:
        return False
    if not traject.is_open:
        raise ValidationError(
            {
                "einddatum": _(
                    "Conflict: het traject is in de applicatie al afgesloten op %(datum)s."
                )
                % {"datum": _datum(traject.einddatum)}
            }
        )
    _traject_close(actor=context.actor, traject=traject, datum=einddatum, reden=data["eindreden"])
    return True


def _traject_van(context: Context, bron_id: str) -> Traject:
    koppeling = context.koppeling(BronSoort.TRAJECT, bron_id)
    if koppeling is None:
        raise ValidationError(
            {"traject": _("Onbekend traject: lever het met dit bron_id mee of eerder aan.")}
        )
    return koppeling.traject


def _in_maand(datum, maand) -> bool:
    return (datum.year, datum.month) == (maand.year, maand.month)


def _eerste_contact_minuten(context: Context, bron_id: str, maand) -> int:
    """The minutes of the first contact delivered with this traject, when it falls in this
    month: the month's total counts it in, so the total keeps only the rest."""
    koppeling = context.koppeling(BronSoort.EERSTE_CONTACT, bron_id)
    if koppeling is None or not _in_maand(koppeling.contact.datum, maand):
        return 0
    return koppeling.contact.minuten


def _maandtotaal_van(context: Context, traject: Traject, maand) -> BronKoppeling | None:
    """The provider's delivered total of this traject's month, if any."""
    return (
        BronKoppeling.objects.select_related("contact")
        .filter(
            organisatie=context.organisatie,
            soort=BronSoort.CONTACTMINUTEN,
            contact__traject=traject,
            contact__datum__year=maand.year,
            contact__datum__month=maand.month,
        )
        .first()
    )


def _maand_al_aangeleverd(context: Context, traject: Traject, maand, bron_id: str) -> None:
    ander = _maandtotaal_van(context, traject, maand)
    if ander is not None and ander.bron_id != bron_id:
        raise ValidationError(
            {
                "maand": _(
                    "Het totaal van deze maand is voor dit traject al aangeleverd als "
                    "%(bron_id)s; lever dat record opnieuw aan om het te wijzigen."
                )
                % {"bron_id": ander.bron_id}
            }
        )


def _contactminuten(context: Context, data: dict) -> str:
    """A month's contact minutes of a delivered traject (decision 0027): kept as one contact
    of the kind maandtotaal, changed by a redelivery, removed by 0 minutes."""
    traject = _traject_van(context, data["traject"])
    maand = data["maand"]
    koppeling = context.koppeling(BronSoort.CONTACTMINUTEN, data["bron_id"])
    bestaand = koppeling.contact if koppeling is not None else None
    if bestaand is not None and (
        bestaand.traject_id != traject.pk or not _in_maand(bestaand.datum, maand)
    ):
        raise ValidationError(
            {"maand": _("Dit bron_id hoort bij een ander traject of een andere maand.")}
        )
    _maand_al_aangeleverd(context, traject, maand, data["bron_id"])
    eerste = _eerste_contact_minuten(context, data["traject"], maand)
    if data["minuten"] < eerste:
        raise ValidationError(
            {
                "minuten": _(
                    "Het maandtotaal (%(totaal)s minuten) is kleiner dan de %(eerste)s minuten "
                    "van het aangeleverde eerste contact in deze maand; het totaal telt het "
                    "eerste contact mee."
                )
                % {"totaal": data["minuten"], "eerste": eerste}
            }
        )
    rest = data["minuten"] - eerste
    if rest == (bestaand.minuten if bestaand is not None else 0):
        return "ongewijzigd"
    contact = _maandtotaal_vastleggen(
        actor=context.actor,
        traject=traject,
        organisatie_id=context.organisatie.pk,
        maand=maand,
        minuten=rest,
        contact=bestaand,
    )
    if bestaand is None:
        context.koppel(BronSoort.CONTACTMINUTEN, data["bron_id"], contact=contact)
        return "aangemaakt"
    return "bijgewerkt"


def _meting(context: Context, data: dict) -> str:
    """An outcome measurement of a delivered traject; a redelivered one with another date or
    value is corrected (its instrument does not change)."""
    traject = _traject_van(context, data["traject"])
    waarde = {"score": data.get("score"), "volhoudtijd": data.get("volhoudtijd", "")}
    bestaand = context.koppeling(BronSoort.METING, data["bron_id"])
    if bestaand is None:
        meting = _meting_add(
            actor=context.actor,
            traject=traject,
            datum=data["datum"],
            type=data["type"],
            **waarde,
        )
        context.koppel(BronSoort.METING, data["bron_id"], meting=meting)
        return "aangemaakt"
    meting = bestaand.meting
    if meting.traject_id != traject.pk or meting.type != data["type"]:
        raise ValidationError(
            {"type": _("Deze meting hoort bij een ander traject of een andere uitkomstmaat.")}
        )
    if meting.type == MetingType.VOLHOUDTIJD:
        waarde["score"] = None
    else:
        waarde["volhoudtijd"] = ""
    if (meting.datum, meting.score, meting.volhoudtijd) == (
        data["datum"],
        waarde["score"],
        waarde["volhoudtijd"],
    ):
        return "ongewijzigd"
    _meting_correct(actor=context.actor, meting=meting, datum=data["datum"], **waarde)
    return "bijgewerkt"
