"""Reference data read from CSV files a beheerder uploads or a command reads: the gemeenten
from the CBS municipality list and the population figures per gemeente and year.

Beheerders import them (the population upload page); the commands ``gemeenten_bijwerken`` and
``bevolking_inlezen``, run by the operator on the server, import as the system.

Every importer checks every row first and writes nothing when any row is wrong (all or
nothing), and answers with an ``ImportResult`` whose errors name the line in Dutch.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, require

from ..models import Bevolking, Gemeente, Provincie
from ..permissions import can_manage_reference_data


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


def _rows(data: str | bytes, result: ImportResult) -> list[dict[str, str]] | None:
    """The file's rows, or None with the reason in ``result`` when there are none to read."""
    rows = _read_csv(data)
    if rows is None:
        result.errors.append(_(UNREADABLE_CSV))
        return None
    if not rows:
        result.errors.append(_("Het bestand bevat geen regels."))
        return None
    return rows


def _column(row: dict[str, str], *names: str) -> str:
    for name in names:
        if name in row:
            return row[name]
    return ""


# --- Gemeenten (CBS) -----------------------------------------------------------------------


@transaction.atomic
def gemeenten_update_from_cbs(
    *, actor: Actor, data: str | bytes, deactivate_missing: bool = True
) -> ImportResult:
    """Update the gemeenten from a CBS municipality list (CSV: GemeentecodeGM, Gemeentenaam,
    Provincienaam, or cbs_code, naam, provincie). Gemeenten no longer in the list are marked
    inactive, never deleted (history and werkgebied keep pointing at them). All or nothing."""
    # the system: the gemeenten_bijwerken command, run on the server
    require(actor.is_system or can_manage_reference_data(actor.user))
    result = ImportResult()
    rows = _rows(data, result)
    if rows is None:
        return result
    parsed = _parse_gemeenten(rows, result)
    if result.errors:
        return result
    _save_gemeenten(parsed, result)
    if deactivate_missing:
        seen = [code for code, _naam, _provincie in parsed]
        result.deactivated = (
            Gemeente.objects.filter(actief=True).exclude(cbs_code__in=seen).update(actief=False)
        )
    return result


def _parse_gemeenten(rows: list[dict[str, str]], result: ImportResult) -> list[tuple[str, ...]]:
    """(cbs_code, naam, provincie) per valid row; an error in ``result`` per wrong row."""
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
    return parsed


def _save_gemeenten(parsed: list[tuple[str, ...]], result: ImportResult) -> None:
    """Create the new gemeenten, update the changed ones (reactivating them), counting both."""
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


# --- Bevolking -----------------------------------------------------------------------------


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
def bevolking_import(*, actor: Actor, data: str | bytes) -> ImportResult:
    """Import population figures (CSV: cbs_code, jaar, inwoners_65_plus[, inwoners_65_79,
    inwoners_80_plus]). Validates every row first; imports nothing when any row is wrong;
    re-importing updates the figures of the same gemeente and year."""
    # the system: the bevolking_inlezen command, run on the server
    require(actor.is_system or can_manage_reference_data(actor.user))
    result = ImportResult()
    rows = _rows(data, result)
    if rows is None:
        return result
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    valid = []
    for number, row in enumerate(rows, start=2):
        bevolking = _bevolking_from_row(row, number, gemeenten)
        if isinstance(bevolking, str):
            result.errors.append(bevolking)
        else:
            valid.append(bevolking)
    if result.errors:
        return result
    _save_bevolking(valid, result)
    return result


def _bevolking_from_row(
    row: dict[str, str], number: int, gemeenten: dict[str, Gemeente]
) -> Bevolking | str:
    """The row as an unsaved Bevolking, or the Dutch message why it is wrong."""
    code = _column(row, "cbs_code", "gemeentecode").upper()
    gemeente = gemeenten.get(code)
    if gemeente is None:
        return _("Regel %(n)s: onbekende gemeentecode %(code)s.") % {
            "n": number,
            "code": code or "(leeg)",
        }
    try:
        jaar = int(_column(row, "jaar"))
        totaal = _parse_count(_column(row, "inwoners_65_plus"), required=True)
        jong = _parse_count(_column(row, "inwoners_65_79"), required=False)
        oud = _parse_count(_column(row, "inwoners_80_plus"), required=False)
    except ValueError:
        return _("Regel %(n)s: jaar en aantallen moeten hele getallen zijn.") % {"n": number}
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
        return _("Regel %(n)s: %(fout)s") % {"n": number, "fout": "; ".join(error.messages)}
    if jong is not None and oud is not None and jong + oud != totaal:
        return _("Regel %(n)s: 65-79 en 80+ tellen niet op tot het aantal 65-plussers.") % {
            "n": number
        }
    return bevolking


def _save_bevolking(valid: list[Bevolking], result: ImportResult) -> None:
    """Create or update the figures of each gemeente and year, counting both."""
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
