"""Writes of the netwerk app: one function per use case, transactional, taking the acting user.

Every change to plans, goals, indicators and meetings is recorded by django-simple-history;
services pass the acting user as ``_history_user`` so the history says who did it, also when
called from a task or a command. Authorization is checked by the caller (views, API) through
netwerk.permissions; these functions enforce the domain rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User

from .models import (
    REQUIRED_ONDERWERPEN,
    Aansluiting,
    Actie,
    Afspraak,
    Bevolking,
    Doel,
    Gemeente,
    Indicator,
    Jaarplan,
    Meerjarenplan,
    Netwerk,
    Onderwerp,
    Organisatie,
    PlanSectie,
    PlanStatus,
    Provincie,
    Realisatie,
    Streefwaarde,
    Vestiging,
    Voortgangsgesprek,
    Werkgebied,
)


def _save(instance: Model, user: User | None, *, validate: bool = True) -> Model:
    """full_clean + save, recording the acting user in the history."""
    if validate:
        instance.full_clean()
    instance._history_user = user
    instance.save()
    return instance


def _update(instance: Model, user: User | None, **fields) -> Model:
    for name, value in fields.items():
        setattr(instance, name, value)
    return _save(instance, user)


# --- Netwerk, werkgebied, partners --------------------------------------------------------


@transaction.atomic
def netwerk_update(*, netwerk: Netwerk, user: User, **fields) -> Netwerk:
    """Change a network's public facts and norms (website, thresholds, norms, factors)."""
    allowed = {
        "website",
        "treeknorm_signaal_dagen",
        "streefpercentage_binnen_4_weken",
        "caseload_norm",
        "prevalentie_thuiswonend",
        "aandeel_vraag_casemanagement",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    return _update(netwerk, user, **fields)


@transaction.atomic
def werkgebied_add(
    *, netwerk: Netwerk, gemeente: Gemeente, geldig_van: dt.date | None = None
) -> Werkgebied:
    """Add a gemeente to the werkgebied. Refused (ValidationError) when the gemeente belongs
    to another network in that period: the database's exclusion constraint decides."""
    regel = Werkgebied(netwerk=netwerk, gemeente=gemeente)
    if geldig_van:
        regel.geldig_van = geldig_van
    return _save(regel, None)


@transaction.atomic
def werkgebied_end(*, regel: Werkgebied, geldig_tot: dt.date) -> Werkgebied:
    return _update(regel, None, geldig_tot=geldig_tot)


@transaction.atomic
def organisatie_create(
    *, naam: str, type: str, kvk_nummer: str = "", website: str = ""
) -> Organisatie:
    return _save(Organisatie(naam=naam, type=type, kvk_nummer=kvk_nummer, website=website), None)


@transaction.atomic
def vestiging_create(
    *, organisatie: Organisatie, naam: str, agb_code: str, gemeente: Gemeente | None = None
) -> Vestiging:
    return _save(
        Vestiging(organisatie=organisatie, naam=naam, agb_code=agb_code, gemeente=gemeente),
        None,
    )


@transaction.atomic
def aansluiting_create(
    *,
    netwerk: Netwerk,
    organisatie: Organisatie,
    geldig_van: dt.date,
    levert_casemanagement: bool,
    rollen: Iterable[str] = (),
    geldig_tot: dt.date | None = None,
) -> Aansluiting:
    return _save(
        Aansluiting(
            netwerk=netwerk,
            organisatie=organisatie,
            geldig_van=geldig_van,
            geldig_tot=geldig_tot,
            levert_casemanagement=levert_casemanagement,
            rollen=list(rollen),
        ),
        None,
    )


@transaction.atomic
def aansluiting_update(*, aansluiting: Aansluiting, **fields) -> Aansluiting:
    if "rollen" in fields:
        fields["rollen"] = list(fields["rollen"])
    return _update(aansluiting, None, **fields)


# --- Meerjarenplan -------------------------------------------------------------------------


class PlanNotEditable(ValidationError):
    def __init__(self, plan: Meerjarenplan):
        super().__init__(
            _(
                "Dit plan is %(status)s en kan niet meer worden gewijzigd. Maak een nieuwe "
                "versie om het aan te passen."
            )
            % {"status": plan.get_status_display().lower()},
            code="plan_niet_bewerkbaar",
        )


def _locked_status(plan_id: int) -> str:
    """The plan's status as stored, locking its row so a concurrent workflow step (submit,
    adopt) waits for this change or this change sees its result."""
    return (
        Meerjarenplan.objects.select_for_update().values_list("status", flat=True).get(pk=plan_id)
    )


def _ensure_editable(plan: Meerjarenplan) -> None:
    plan.status = _locked_status(plan.pk)
    if not plan.is_bewerkbaar:
        raise PlanNotEditable(plan)


@transaction.atomic
def meerjarenplan_create(
    *, netwerk: Netwerk, user: User, titel: str, startjaar: int, eindjaar: int
) -> Meerjarenplan:
    """A new concept plan with an empty section per required topic and a jaarplan per year."""
    plan = Meerjarenplan(netwerk=netwerk, titel=titel, startjaar=startjaar, eindjaar=eindjaar)
    versions = Meerjarenplan.objects.filter(netwerk=netwerk).order_by("-versie")
    last = versions.first()
    plan.versie = last.versie + 1 if last else 1
    _save(plan, user)
    for volgorde, onderwerp in enumerate(REQUIRED_ONDERWERPEN):
        _save(PlanSectie(plan=plan, onderwerp=onderwerp, volgorde=volgorde), user)
    for jaar in plan.jaren:
        _save(Jaarplan(plan=plan, jaar=jaar), user)
    return plan


@transaction.atomic
def meerjarenplan_update(*, plan: Meerjarenplan, user: User, **fields) -> Meerjarenplan:
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    _ensure_editable(plan)
    _update(plan, user, **fields)
    existing = set(plan.jaarplannen.values_list("jaar", flat=True))
    for jaar in plan.jaren:
        if jaar not in existing:
            _save(Jaarplan(plan=plan, jaar=jaar), user)
    return plan


@transaction.atomic
def plansectie_update(
    *, sectie: PlanSectie, user: User, tekst: str, titel: str | None = None
) -> PlanSectie:
    _ensure_editable(sectie.plan)
    fields = {"tekst": tekst}
    if titel is not None and not sectie.is_verplicht:
        fields["titel"] = titel
    return _update(sectie, user, **fields)


@transaction.atomic
def plansectie_add(*, plan: Meerjarenplan, user: User, titel: str, tekst: str = "") -> PlanSectie:
    """An extra (non-required) section."""
    _ensure_editable(plan)
    volgorde = plan.secties.count()
    return _save(
        PlanSectie(
            plan=plan, onderwerp=Onderwerp.OVERIG, titel=titel, tekst=tekst, volgorde=volgorde
        ),
        user,
    )


@transaction.atomic
def plansectie_delete(*, sectie: PlanSectie, user: User) -> None:
    _ensure_editable(sectie.plan)
    if sectie.is_verplicht:
        raise ValidationError(_("Een verplicht onderwerp kan niet worden verwijderd."))
    sectie._history_user = user
    sectie.delete()


def missing_required_topics(plan: Meerjarenplan) -> list[str]:
    """Labels of the required topics that are absent or have no text."""
    filled = {
        sectie.onderwerp
        for sectie in plan.secties.all()
        if sectie.is_verplicht and sectie.tekst.strip()
    }
    return [str(onderwerp.label) for onderwerp in REQUIRED_ONDERWERPEN if onderwerp not in filled]


@transaction.atomic
def meerjarenplan_submit(*, plan: Meerjarenplan, user: User) -> Meerjarenplan:
    """concept -> ingediend. Refused while any required topic is empty, naming the topics."""
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.CONCEPT:
        raise ValidationError(_("Alleen een concept kan worden ingediend."))
    missing = missing_required_topics(plan)
    if missing:
        raise ValidationError(
            _(
                "Het plan kan nog niet worden ingediend. "
                "Deze verplichte onderwerpen zijn leeg: %(onderwerpen)s."
            )
            % {"onderwerpen": "; ".join(missing)},
            code="verplicht_onderwerp_leeg",
        )
    return _update(plan, user, status=PlanStatus.INGEDIEND, ingediend_op=timezone.now())


@transaction.atomic
def meerjarenplan_withdraw(*, plan: Meerjarenplan, user: User) -> Meerjarenplan:
    """ingediend -> concept, to change it after comments."""
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.INGEDIEND:
        raise ValidationError(_("Alleen een ingediend plan kan worden teruggezet naar concept."))
    return _update(plan, user, status=PlanStatus.CONCEPT, ingediend_op=None)


@transaction.atomic
def meerjarenplan_adopt(*, plan: Meerjarenplan, user: User, op: dt.date) -> Meerjarenplan:
    """ingediend -> vastgesteld; the network's previous vastgesteld plan becomes vervangen."""
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.INGEDIEND:
        raise ValidationError(_("Alleen een ingediend plan kan worden vastgesteld."))
    missing = missing_required_topics(plan)
    if missing:
        raise ValidationError(
            _("Verplichte onderwerpen zijn leeg: %(onderwerpen)s.")
            % {"onderwerpen": "; ".join(missing)}
        )
    previous = (
        Meerjarenplan.objects.select_for_update()
        .filter(netwerk_id=plan.netwerk_id, status=PlanStatus.VASTGESTELD)
        .first()
    )
    if previous is not None:
        _update(previous, user, status=PlanStatus.VERVANGEN)
    return _update(
        plan, user, status=PlanStatus.VASTGESTELD, vastgesteld_op=op, vastgesteld_door=user
    )


@transaction.atomic
def meerjarenplan_new_version(*, plan: Meerjarenplan, user: User) -> Meerjarenplan:
    """A concept copy of a vastgesteld plan (sections, goals, indicators, targets, realisations,
    jaarplannen with actions); the original stays vastgesteld until the copy is adopted."""
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.VASTGESTELD:
        raise ValidationError(
            _("Alleen van een vastgesteld plan kan een nieuwe versie worden gemaakt.")
        )
    if Meerjarenplan.objects.filter(
        netwerk_id=plan.netwerk_id, status__in=[PlanStatus.CONCEPT, PlanStatus.INGEDIEND]
    ).exists():
        raise ValidationError(_("Er is al een nieuwe versie in bewerking."))
    last = Meerjarenplan.objects.filter(netwerk_id=plan.netwerk_id).order_by("-versie").first()
    copy = _save(
        Meerjarenplan(
            netwerk_id=plan.netwerk_id,
            titel=plan.titel,
            startjaar=plan.startjaar,
            eindjaar=plan.eindjaar,
            versie=last.versie + 1,
            vorige_versie=plan,
        ),
        user,
    )
    for sectie in plan.secties.all():
        _save(
            PlanSectie(
                plan=copy,
                onderwerp=sectie.onderwerp,
                titel=sectie.titel,
                tekst=sectie.tekst,
                volgorde=sectie.volgorde,
            ),
            user,
        )
    for jaarplan in plan.jaarplannen.prefetch_related("acties"):
        new_jaarplan = _save(
            Jaarplan(plan=copy, jaar=jaarplan.jaar, toelichting=jaarplan.toelichting), user
        )
        for actie in jaarplan.acties.all():
            _save(
                Actie(
                    jaarplan=new_jaarplan,
                    omschrijving=actie.omschrijving,
                    eigenaar=actie.eigenaar,
                    deadline=actie.deadline,
                    status=actie.status,
                ),
                user,
            )
    for doel in plan.doelen.prefetch_related(
        "indicatoren__streefwaarden", "indicatoren__realisaties"
    ):
        new_doel = _save(
            Doel(
                plan=copy,
                titel=doel.titel,
                omschrijving=doel.omschrijving,
                onderwerp=doel.onderwerp,
            ),
            user,
        )
        for indicator in doel.indicatoren.all():
            new_indicator = _save(
                Indicator(
                    doel=new_doel,
                    naam=indicator.naam,
                    eenheid=indicator.eenheid,
                    basiswaarde=indicator.basiswaarde,
                    hoger_is_beter=indicator.hoger_is_beter,
                ),
                user,
            )
            for streefwaarde in indicator.streefwaarden.all():
                _save(
                    Streefwaarde(
                        indicator=new_indicator, jaar=streefwaarde.jaar, waarde=streefwaarde.waarde
                    ),
                    user,
                )
            for realisatie in indicator.realisaties.all():
                _save(
                    Realisatie(
                        indicator=new_indicator,
                        datum=realisatie.datum,
                        waarde=realisatie.waarde,
                        toelichting=realisatie.toelichting,
                    ),
                    user,
                )
    return copy


# --- Doelen, indicatoren, realisaties ------------------------------------------------------


@transaction.atomic
def doel_create(
    *, plan: Meerjarenplan, user: User, titel: str, omschrijving: str = "", onderwerp: str = ""
) -> Doel:
    _ensure_editable(plan)
    return _save(Doel(plan=plan, titel=titel, omschrijving=omschrijving, onderwerp=onderwerp), user)


@transaction.atomic
def doel_update(*, doel: Doel, user: User, **fields) -> Doel:
    _ensure_editable(doel.plan)
    return _update(doel, user, **fields)


@transaction.atomic
def doel_delete(*, doel: Doel, user: User) -> None:
    _ensure_editable(doel.plan)
    doel._history_user = user
    doel.delete()


@transaction.atomic
def indicator_create(
    *,
    doel: Doel,
    user: User,
    naam: str,
    eenheid: str,
    basiswaarde: Decimal,
    hoger_is_beter: bool = True,
    streefwaarden: dict[int, Decimal] | None = None,
) -> Indicator:
    _ensure_editable(doel.plan)
    indicator = _save(
        Indicator(
            doel=doel,
            naam=naam,
            eenheid=eenheid,
            basiswaarde=basiswaarde,
            hoger_is_beter=hoger_is_beter,
        ),
        user,
    )
    streefwaarden_set(indicator=indicator, user=user, waarden=streefwaarden or {})
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, user: User, streefwaarden: dict[int, Decimal] | None = None, **fields
) -> Indicator:
    _ensure_editable(indicator.doel.plan)
    _update(indicator, user, **fields)
    if streefwaarden is not None:
        streefwaarden_set(indicator=indicator, user=user, waarden=streefwaarden)
    return indicator


def streefwaarden_set(
    *, indicator: Indicator, user: User, waarden: dict[int, Decimal | None]
) -> None:
    """Set the target per year (None removes it). Years outside the plan are refused."""
    plan = indicator.doel.plan
    _ensure_editable(plan)
    for jaar, waarde in waarden.items():
        if jaar not in plan.jaren:
            raise ValidationError(
                _("%(jaar)s valt buiten de looptijd van het plan.") % {"jaar": jaar}
            )
        existing = indicator.streefwaarden.filter(jaar=jaar).first()
        if waarde is None:
            if existing:
                existing._history_user = user
                existing.delete()
        elif existing:
            _update(existing, user, waarde=waarde)
        else:
            _save(Streefwaarde(indicator=indicator, jaar=jaar, waarde=waarde), user)


@transaction.atomic
def realisatie_add(
    *, indicator: Indicator, user: User, datum: dt.date, waarde: Decimal, toelichting: str = ""
) -> Realisatie:
    """Record a measured value. Allowed on concept and vastgesteld plans (progress is measured
    against the adopted plan), not on replaced ones."""
    if _locked_status(indicator.doel.plan_id) == PlanStatus.VERVANGEN:
        raise ValidationError(_("Dit plan is vervangen; leg realisaties vast in de nieuwe versie."))
    return _save(
        Realisatie(indicator=indicator, datum=datum, waarde=waarde, toelichting=toelichting), user
    )


# --- Jaarplan en acties --------------------------------------------------------------------


def _ensure_jaarplan_open(jaarplan: Jaarplan) -> None:
    if _locked_status(jaarplan.plan_id) == PlanStatus.VERVANGEN:
        raise ValidationError(_("Dit plan is vervangen; werk de acties bij in de nieuwe versie."))


@transaction.atomic
def actie_create(
    *,
    jaarplan: Jaarplan,
    user: User,
    omschrijving: str,
    eigenaar: str,
    deadline: dt.date | None = None,
    status: str = "gepland",
) -> Actie:
    _ensure_jaarplan_open(jaarplan)
    return _save(
        Actie(
            jaarplan=jaarplan,
            omschrijving=omschrijving,
            eigenaar=eigenaar,
            deadline=deadline,
            status=status,
        ),
        user,
    )


@transaction.atomic
def actie_update(*, actie: Actie, user: User, **fields) -> Actie:
    _ensure_jaarplan_open(actie.jaarplan)
    return _update(actie, user, **fields)


# --- Voortgangsgesprek ---------------------------------------------------------------------


@transaction.atomic
def voortgangsgesprek_create(
    *,
    netwerk: Netwerk,
    user: User,
    datum: dt.date,
    deelnemers: str,
    samenvatting: str = "",
    zorgverzekeraar=None,
) -> Voortgangsgesprek:
    zorgverzekeraar = zorgverzekeraar or netwerk.preferente_zorgverzekeraar
    if zorgverzekeraar is None:
        raise ValidationError(_("Leg eerst de preferente zorgverzekeraar van het netwerk vast."))
    return _save(
        Voortgangsgesprek(
            netwerk=netwerk,
            zorgverzekeraar=zorgverzekeraar,
            datum=datum,
            deelnemers=deelnemers,
            samenvatting=samenvatting,
        ),
        user,
    )


@transaction.atomic
def voortgangsgesprek_update(
    *, gesprek: Voortgangsgesprek, user: User, **fields
) -> Voortgangsgesprek:
    return _update(gesprek, user, **fields)


@transaction.atomic
def afspraak_create(
    *,
    gesprek: Voortgangsgesprek,
    user: User,
    omschrijving: str,
    eigenaar: str,
    opvolgdatum: dt.date | None = None,
) -> Afspraak:
    return _save(
        Afspraak(
            gesprek=gesprek, omschrijving=omschrijving, eigenaar=eigenaar, opvolgdatum=opvolgdatum
        ),
        user,
    )


@transaction.atomic
def afspraak_update(*, afspraak: Afspraak, user: User, **fields) -> Afspraak:
    return _update(afspraak, user, **fields)


# --- Reference data imports ----------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


PROVINCIE_NAMEN = {p.value.lower(): p.value for p in Provincie} | {
    "friesland": Provincie.FRYSLAN.value
}


UNREADABLE_CSV = gettext_noop(
    "Het bestand is geen leesbaar CSV-bestand. Sla het op als CSV (puntkomma of komma als "
    "scheidingsteken) en probeer het opnieuw."
)


def _read_csv(data: str | bytes) -> list[dict[str, str]] | None:
    """The rows, or None when the file is no CSV the csv module can read (a cell past its
    field limit, a broken quote). NUL characters mean nothing in a CSV and are dropped: the
    database refuses them in text."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            data = data.decode("latin-1")
    data = data.replace("\x00", "")
    sample = data[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(data), dialect=dialect)
    try:
        return [
            # cells past the header (key None, a list) belong to no column
            {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
            for row in reader
        ]
    except csv.Error:
        return None


def _column(row: dict[str, str], *names: str) -> str:
    for name in names:
        if name in row:
            return row[name]
    return ""


@transaction.atomic
def gemeenten_update_from_cbs(
    *, data: str | bytes, deactivate_missing: bool = True
) -> ImportResult:
    """Update the gemeenten from a CBS municipality list (CSV: GemeentecodeGM, Gemeentenaam,
    Provincienaam, or cbs_code, naam, provincie). Gemeenten no longer in the list are marked
    inactive, never deleted (history and werkgebied keep pointing at them). All or nothing."""
    result = ImportResult()
    rows = _read_csv(data)
    if rows is None:
        result.errors.append(_(UNREADABLE_CSV))
        return result
    if not rows:
        result.errors.append(_("Het bestand bevat geen regels."))
        return result
    seen: set[str] = set()
    parsed = []
    for number, row in enumerate(rows, start=2):
        code = _column(row, "cbs_code", "gemeentecodegm", "gemeentecode").upper()
        if code.isdigit():
            code = f"GM{int(code):04d}"
        naam = _column(row, "naam", "gemeentenaam")
        provincie = PROVINCIE_NAMEN.get(_column(row, "provincie", "provincienaam").lower())
        if not code or not naam:
            result.errors.append(_("Regel %(n)s: code of naam ontbreekt.") % {"n": number})
            continue
        if provincie is None:
            result.errors.append(_("Regel %(n)s: onbekende provincie.") % {"n": number})
            continue
        if code in seen:
            result.errors.append(
                _("Regel %(n)s: %(code)s staat dubbel in het bestand.")
                % {"n": number, "code": code}
            )
            continue
        seen.add(code)
        parsed.append((code, naam, provincie))
    if result.errors:
        return result
    existing = {g.cbs_code: g for g in Gemeente.objects.all()}
    for code, naam, provincie in parsed:
        gemeente = existing.get(code)
        if gemeente is None:
            gemeente = Gemeente(cbs_code=code, naam=naam, provincie=provincie)
            gemeente.full_clean()
            gemeente.save()
            result.created += 1
        elif (gemeente.naam, gemeente.provincie, gemeente.actief) != (naam, provincie, True):
            gemeente.naam, gemeente.provincie, gemeente.actief = naam, provincie, True
            gemeente.save(update_fields=["naam", "provincie", "actief"])
            result.updated += 1
    if deactivate_missing:
        result.deactivated = (
            Gemeente.objects.filter(actief=True).exclude(cbs_code__in=seen).update(actief=False)
        )
    return result


def _parse_count(value: str, *, required: bool) -> int | None:
    cleaned = value.replace(".", "").replace(" ", "")
    if not cleaned:
        if required:
            raise ValueError
        return None
    number = int(cleaned)
    if number < 0:
        raise ValueError
    return number


@transaction.atomic
def bevolking_import(*, data: str | bytes) -> ImportResult:
    """Import population figures (CSV: cbs_code, jaar, inwoners_65_plus[, inwoners_65_79,
    inwoners_80_plus]). Validates every row first; imports nothing when any row is wrong;
    re-importing updates the figures of the same gemeente and year."""
    result = ImportResult()
    rows = _read_csv(data)
    if rows is None:
        result.errors.append(_(UNREADABLE_CSV))
        return result
    if not rows:
        result.errors.append(_("Het bestand bevat geen regels."))
        return result
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    valid = []
    for number, row in enumerate(rows, start=2):
        code = _column(row, "cbs_code", "gemeentecode").upper()
        gemeente = gemeenten.get(code)
        if gemeente is None:
            result.errors.append(
                _("Regel %(n)s: onbekende gemeentecode %(code)s.")
                % {"n": number, "code": code or "(leeg)"}
            )
            continue
        try:
            jaar = int(_column(row, "jaar"))
            totaal = _parse_count(_column(row, "inwoners_65_plus"), required=True)
            jong = _parse_count(_column(row, "inwoners_65_79"), required=False)
            oud = _parse_count(_column(row, "inwoners_80_plus"), required=False)
        except ValueError:
            result.errors.append(
                _("Regel %(n)s: jaar en aantallen moeten hele getallen zijn.") % {"n": number}
            )
            continue
        bevolking = Bevolking(
            gemeente=gemeente,
            jaar=jaar,
            inwoners_65_plus=totaal,
            inwoners_65_79=jong,
            inwoners_80_plus=oud,
        )
        try:
            bevolking.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            result.errors.append(
                _("Regel %(n)s: %(fout)s") % {"n": number, "fout": "; ".join(error.messages)}
            )
            continue
        if jong is not None and oud is not None and jong + oud != totaal:
            result.errors.append(
                _("Regel %(n)s: 65-79 en 80+ tellen niet op tot het aantal 65-plussers.")
                % {"n": number}
            )
            continue
        valid.append(bevolking)
    if result.errors:
        return result
    for bevolking in valid:
        _obj, created = Bevolking.objects.update_or_create(
            gemeente=bevolking.gemeente,
            jaar=bevolking.jaar,
            defaults={
                "inwoners_65_plus": bevolking.inwoners_65_plus,
                "inwoners_65_79": bevolking.inwoners_65_79,
                "inwoners_80_plus": bevolking.inwoners_80_plus,
            },
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


def parse_decimal(value: str) -> Decimal:
    """Dutch or international notation: '1.234,5' or '1234.5'."""
    text = value.strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(value) from error
