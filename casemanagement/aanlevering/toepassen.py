"""Applying a delivered batch: whole or not at all, with a receipt per record.

The delivery checks its own right once (``can_deliver`` for a key, ``can_upload`` for a
person in the browser) and then writes through the inner functions of the casemanagement
services (``_aanmelding_create``, ``_contact_log``, ...): the same writes, rules, history
and access-log rows as a page, without the page's role check, which a provider's service
account has no role for (docs/decisions/0022-aanlevering.md).

Records are checked on their own first (formaat), then applied in the order clienten,
aanmeldingen, trajecten, each in a savepoint so every refusal is found; any refusal rolls
back the whole batch. The receipt and one access-log row for the call are written after,
outside that transaction, so they stay for a batch rolled back too. A batch with a record
of the wrong form (the schema) is refused before anything is applied and not kept: the API
answers it with 400, an applied one with 201 (verwerkt) or 200 (geweigerd, rolled back).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import AccessAction, AccessOutcome
from accounts.services import access_log_record
from netwerk.models import Netwerk, Organisatie

from ..services.registratie import registratie_weigering_log, registratie_weigeringen
from .formaat import MAX_RECORDS, RECORD_SERIALIZERS, SOORTEN, VERSIES
from .models import Aanlevering, AanleverSleutel, AanleverStatus, Kanaal
from .permissions import can_deliver, can_upload
from .schrijven import Context, schrijf_record

AANGEMAAKT = "aangemaakt"
BIJGEWERKT = "bijgewerkt"
ONGEWIJZIGD = "ongewijzigd"
GEWEIGERD = "geweigerd"
NIET_VERWERKT = "niet_verwerkt"


@dataclass
class Regel:
    soort: str
    bron_id: str
    resultaat: str = ""
    fouten: dict[str, list[str]] = field(default_factory=dict)
    data: dict | None = None

    def als_dict(self) -> dict:
        return {
            "soort": self.soort,
            "bron_id": self.bron_id,
            "resultaat": self.resultaat,
            "fouten": self.fouten,
        }


class _Terugdraaien(Exception):
    pass


def _meldingen(error: ValidationError, veldnamen: Mapping[str, str]) -> dict[str, list[str]]:
    """A service's refusal by the format's field names (``record``: the record as a whole)."""
    if not hasattr(error, "error_dict"):
        return {"record": [str(m) for m in error.messages]}
    meldingen: dict[str, list[str]] = {}
    for veld, teksten in error.message_dict.items():
        naam = "record" if veld == NON_FIELD_ERRORS else veldnamen.get(veld, veld)
        meldingen.setdefault(naam, []).extend(str(tekst) for tekst in teksten)
    return meldingen


def _drf_meldingen(errors) -> dict[str, list[str]]:
    def plat(value) -> list[str]:
        if isinstance(value, dict):
            return [f"{k}: {m}" for k, v in value.items() for m in plat(v)]
        if isinstance(value, list):
            return [m for item in value for m in plat(item)]
        return [str(value)]

    return {
        ("record" if veld == "non_field_errors" else veld): plat(waarde)
        for veld, waarde in errors.items()
    }


def _lees_records(gegevens: object) -> tuple[list[Regel], dict[str, list[str]]]:
    """Every record checked on its own; batch-level problems apart."""
    if not isinstance(gegevens, dict):
        return [], {"aanlevering": [_("Verwacht een JSON-object met versie en records.")]}
    fouten: dict[str, list[str]] = {}
    versie = gegevens.get("versie")
    if type(versie) is not int or versie not in VERSIES:
        fouten["versie"] = [_("Versie 1 en 2 worden ondersteund.")]
    elif versie < 2 and gegevens.get("contactminuten"):
        fouten["contactminuten"] = [_("Contactminuten worden aangeleverd vanaf versie 2.")]
    if "netwerk" in gegevens and not isinstance(gegevens["netwerk"], str):
        fouten["netwerk"] = [_("Geef het netwerk als tekst: de korte naam (slug) ervan.")]
    regels: list[Regel] = []
    for soort in SOORTEN:
        records = gegevens.get(soort, [])
        if not isinstance(records, list):
            fouten[soort] = [_("Verwacht een lijst van records.")]
            continue
        for index, record in enumerate(records, start=1):
            bron_id = str(record.get("bron_id", "")) if isinstance(record, dict) else ""
            regel = Regel(soort=soort, bron_id=bron_id or f"#{index}")
            serializer = RECORD_SERIALIZERS[soort](data=record)
            if serializer.is_valid():
                regel.data = dict(serializer.validated_data)
            else:
                regel.resultaat = GEWEIGERD
                regel.fouten = _drf_meldingen(serializer.errors)
            regels.append(regel)
    if len(regels) > MAX_RECORDS:
        fouten["aanlevering"] = [
            _("Hoogstens %(max)s records per aanlevering.") % {"max": MAX_RECORDS}
        ]
    _dubbele_bron_ids(regels)
    return regels, fouten


def _dubbele_bron_ids(regels: list[Regel]) -> None:
    gezien: set[tuple[str, str]] = set()
    for regel in regels:
        sleutel = (regel.soort, regel.bron_id)
        if sleutel in gezien and regel.resultaat != GEWEIGERD:
            regel.resultaat = GEWEIGERD
            regel.fouten = {"bron_id": [_("Dit bron_id staat al eerder in deze aanlevering.")]}
        gezien.add(sleutel)


# The fields by which a record refers to another record of the provider (its bron_id).
VERWIJZINGEN = ("client", "aanmelding", "traject")


def _bron_ids(regels: list[Regel]) -> set[str]:
    """Every bron_id the batch names: its records' own and those they refer to."""
    bron_ids = set()
    for regel in regels:
        if regel.data is not None:
            bron_ids.add(regel.data["bron_id"])
            bron_ids.update(
                regel.data[veld] for veld in VERWIJZINGEN if isinstance(regel.data.get(veld), str)
            )
    return bron_ids


def _pas_toe(regels: list[Regel], context: Context) -> None:
    """Apply every readable record in its own savepoint; raises _Terugdraaien when any
    record is refused, so the whole batch rolls back."""
    with transaction.atomic():
        context.ken_bron_ids(_bron_ids(regels))
        for regel in regels:
            if regel.data is None:
                continue
            try:
                with transaction.atomic():
                    regel.resultaat = schrijf_record(context, regel.soort, regel.data)
            except ValidationError as error:
                regel.resultaat = GEWEIGERD
                regel.fouten = _meldingen(error, context.veldnamen.get(regel.soort, {}))
            except IntegrityError:
                regel.resultaat = GEWEIGERD
                regel.fouten = {"record": [_("Dit record botst met gegevens in de applicatie.")]}
        if any(regel.resultaat == GEWEIGERD for regel in regels):
            raise _Terugdraaien


@dataclass
class Uitkomst:
    """The receipt, and the stored delivery it belongs to: None when the batch was refused
    on its form (the schema) before anything was applied, so nothing of it was kept."""

    ontvangstbewijs: dict
    aanlevering: Aanlevering | None

    @property
    def status(self) -> str:
        return self.ontvangstbewijs["status"]


def _ontvangstbewijs(regels: list[Regel], batchfouten: dict, versie, geweigerd: bool) -> dict:
    if geweigerd:
        for regel in regels:
            if regel.resultaat != GEWEIGERD:
                regel.resultaat = NIET_VERWERKT
    aantallen: dict[str, int] = {}
    for regel in regels:
        aantallen[regel.resultaat] = aantallen.get(regel.resultaat, 0) + 1
    return {
        "aanlevering": None,
        "versie": versie if isinstance(versie, int) and 0 <= versie < 32768 else None,
        "status": AanleverStatus.GEWEIGERD if geweigerd else AanleverStatus.VERWERKT,
        "aantallen": aantallen,
        "fouten": batchfouten,
        "records": [regel.als_dict() for regel in regels],
    }


def _vormfouten(regels: list[Regel], batchfouten: dict) -> dict:
    """The answer to a batch refused on its form, in the shape of DRF's validation errors:
    only messages, by record type, bron_id and field (nothing was applied or kept)."""
    antwoord: dict = {"status": AanleverStatus.GEWEIGERD, "fouten": batchfouten}
    for regel in regels:
        if regel.fouten:
            antwoord.setdefault(regel.soort, {})[regel.bron_id] = regel.fouten
    return antwoord


def _verwerk(
    *,
    actor: Actor,
    netwerk: Netwerk,
    organisatie: Organisatie,
    gegevens: object,
    kanaal: str,
    sleutel: AanleverSleutel | None,
) -> Uitkomst:
    """Check the form of every record; only a batch whose every record has the right form is
    applied, and only an applied batch (processed or rolled back) is kept with its receipt.
    The call is in the access log either way."""
    regels, batchfouten = _lees_records(gegevens)
    versie = gegevens.get("versie") if isinstance(gegevens, dict) else None
    if batchfouten or any(r.resultaat == GEWEIGERD for r in regels):
        access_log_record(
            actor=actor,
            action=AccessAction.AANMAKEN,
            object_type="aanlevering",
            outcome=AccessOutcome.GEWEIGERD,
        )
        return Uitkomst(_vormfouten(regels, batchfouten), None)
    context = Context(
        actor=actor,
        netwerk=netwerk,
        organisatie=organisatie,
        versie=versie,
        registratie_weigeringen=registratie_weigeringen(actor.user),
    )
    try:
        _pas_toe(regels, context)
        geweigerd = False
    except _Terugdraaien:
        geweigerd = True
    # after the rollback, so the refused identity checks stay and count to the daily limit
    for client_id in context.geweigerde_registraties:
        registratie_weigering_log(actor=actor, client_id=client_id)
    ontvangstbewijs = _ontvangstbewijs(regels, {}, versie, geweigerd)
    aanlevering = Aanlevering.objects.create(
        netwerk=netwerk,
        organisatie=organisatie,
        sleutel=sleutel,
        door=actor.user,
        kanaal=kanaal,
        versie=ontvangstbewijs["versie"],
        status=ontvangstbewijs["status"],
    )
    ontvangstbewijs["aanlevering"] = aanlevering.pk
    aanlevering.ontvangstbewijs = ontvangstbewijs
    aanlevering.save(update_fields=["ontvangstbewijs"])
    if sleutel is not None:
        AanleverSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=timezone.now())
    access_log_record(
        actor=actor,
        action=AccessAction.AANMAKEN,
        object_type="aanlevering",
        object_id=aanlevering.pk,
    )
    return Uitkomst(ontvangstbewijs, aanlevering)


def aanlevering_via_sleutel(
    *, actor: Actor, sleutel: AanleverSleutel, netwerk: Netwerk, gegevens: object
) -> Uitkomst:
    """A batch from a provider's system (the API), acting as the key's organisation."""
    require(can_deliver(sleutel, netwerk))
    return _verwerk(
        actor=actor,
        netwerk=netwerk,
        organisatie=sleutel.organisatie,
        gegevens=gegevens,
        kanaal=Kanaal.API,
        sleutel=sleutel,
    )


def aanlevering_via_upload(
    *, actor: Actor, netwerk: Netwerk, organisatie: Organisatie, gegevens: object
) -> Uitkomst:
    """The same batch uploaded as files in the browser, by the coordinator for an affiliated
    provider or by a casemanager for their own organisation."""
    require(can_upload(actor.user, netwerk.pk, organisatie.pk))
    return _verwerk(
        actor=actor,
        netwerk=netwerk,
        organisatie=organisatie,
        gegevens=gegevens,
        kanaal=Kanaal.UPLOAD,
        sleutel=None,
    )
