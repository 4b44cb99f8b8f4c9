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
from netwerk.models import Netwerk, Organisatie, Vestiging

from ..identifiers import bsn_hash
from ..importeren import EERSTE_CONTACT_MINUTEN, EERSTE_CONTACT_TYPE
from ..models import Aanmelding, Casemanager, Client, MetingType, Traject
from ..services.aanmeldingen import _aanmelding_afmelden, _aanmelding_create, _uitstel_add
from ..services.registratie import (
    IDENTITEIT_ONJUIST,
    _client_create,
    _client_update,
    _lock_bsn,
    identiteit_klopt,
)
from ..services.toewijzing import _aanmelding_assign
from ..services.trajecten import (
    _contact_log,
    _meting_add,
    _meting_correct,
    _traject_close,
    _traject_set_intensiteit,
)
from .models import BronKoppeling, BronSoort

CLIENT_VELDEN = ("voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "gemeente")


def _datum(value) -> str:
    return value.strftime("%d-%m-%Y")


@dataclass
class Context:
    actor: Actor
    netwerk: Netwerk
    organisatie: Organisatie
    nieuwe_clienten: set[int] = field(default_factory=set)
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
            BronKoppeling.objects.select_related(soort).filter(
                organisatie=self.organisatie, soort=soort, bron_id=bron_id
            )[:1]
        )
        return gevonden[0] if gevonden else None

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
    _lock_bsn(data["bsn"])
    client = Client.objects.filter(bsn_hash=bsn_hash(data["bsn"])).first()
    if client is None:
        client, _bestond = _client_create(
            actor=context.actor, bsn=data["bsn"], client_fields=velden
        )
        context.nieuwe_clienten.add(client.pk)
    elif not identiteit_klopt(client, velden):
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
        resultaat = "aangemaakt"
    else:
        aanmelding = koppeling.aanmelding
        resultaat = "ongewijzigd"
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
    bestaand = set(aanmelding.uitstellen.values_list("van", "tot"))
    for uitstel in data.get("uitstel", []):
        if (uitstel["van"], uitstel["tot"]) not in bestaand:
            _uitstel_add(
                actor=context.actor,
                aanmelding=aanmelding,
                van=uitstel["van"],
                tot=uitstel["tot"],
                reden=uitstel.get("reden", ""),
            )
            resultaat = "bijgewerkt" if resultaat == "ongewijzigd" else resultaat
    if data.get("afgemeld_op") and _afmelden(context, aanmelding, data):
        resultaat = "bijgewerkt" if resultaat == "ongewijzigd" else resultaat
    return resultaat


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
        override_reden=_("Aangeleverd door %(org)s") % {"org": context.organisatie},
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
    gewijzigd = _eerste_contact(context, traject, data)
    gewijzigd |= _intensiteit(context, traject, data)
    gewijzigd |= _einde(context, traject, data)
    if gewijzigd and resultaat == "ongewijzigd":
        resultaat = "bijgewerkt"
    return resultaat


def _eerste_contact(context: Context, traject: Traject, data: dict) -> bool:
    datum = data.get("eerste_contact_op")
    if not datum:
        return False
    aanmelding = Aanmelding.objects.get(pk=traject.aanmelding_id)
    if aanmelding.eerste_contact_op == datum:
        return False
    if not aanmelding.is_wachtend:
        raise _conflict("eerste_contact_op", aanmelding)
    try:
        _contact_log(
            actor=context.actor,
            traject=traject,
            casemanager=traject.casemanager,
            datum=datum,
            type=EERSTE_CONTACT_TYPE,
            minuten=EERSTE_CONTACT_MINUTEN,
        )
    except ValidationError as error:
        raise ValidationError({"eerste_contact_op": error.messages}) from error
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


def _meting(context: Context, data: dict) -> str:
    """An outcome measurement of a delivered traject; a redelivered one with another date or
    value is corrected (its instrument does not change)."""
    koppeling = context.koppeling(BronSoort.TRAJECT, data["traject"])
    if koppeling is None:
        raise ValidationError(
            {"traject": _("Onbekend traject: lever het met dit bron_id mee of eerder aan.")}
        )
    waarde = {"score": data.get("score"), "volhoudtijd": data.get("volhoudtijd", "")}
    bestaand = context.koppeling(BronSoort.METING, data["bron_id"])
    if bestaand is None:
        meting = _meting_add(
            actor=context.actor,
            traject=koppeling.traject,
            datum=data["datum"],
            type=data["type"],
            **waarde,
        )
        context.koppel(BronSoort.METING, data["bron_id"], meting=meting)
        return "aangemaakt"
    meting = bestaand.meting
    if meting.traject_id != koppeling.traject_id or meting.type != data["type"]:
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
