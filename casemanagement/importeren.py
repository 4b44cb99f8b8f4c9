"""Import of clients with their aanmelding (and optionally their open traject) from the
spreadsheets networks keep today: CSV (UTF-8 with or without BOM, or cp1252; comma or
semicolon) or XLSX (first sheet), with a header row of the column names in ``KOLOMMEN``.

All or nothing: every row is checked first and every problem is reported by row (as the user
sees it in the spreadsheet, header = row 1) and column; nothing is written while any row is
wrong, and a service that refuses a row later rolls back the whole import. Writes go through
the services (``client_register``, ``aanmelding_create``, ``aanmelding_assign``,
``contact_log``), so their rules and access-log rows apply.

Re-importing the same file creates nothing twice: a client is found by BSN, an aanmelding by
(client, aanmelddatum), and a traject is only created when the client has no open one.
Messages never contain a BSN; the uploaded file is never stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, TextChoices
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from netwerk.models import Aansluiting, Gemeente, Netwerk, Vestiging, Werkgebied
from netwerk.selectors import werkgebied_gemeenten

from . import services
from .identifiers import bsn_hash, validate_bsn
from .models import (
    Aanmelding,
    Casemanager,
    Client,
    ContactType,
    DiagnoseStatus,
    Geslacht,
    Traject,
    Urgentie,
    VerwijzerType,
    Woonsituatie,
)
from .permissions import is_coordinator_of
from .selectors import capaciteit_of, with_caseload

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
EERSTE_CONTACT_TYPE = ContactType.HUISBEZOEK
EERSTE_CONTACT_MINUTEN = 60
VOORBEELD_BSN = "111222333"  # a test number that passes the elfproef

ONLEESBAAR = gettext_lazy("Dit bestand kan niet worden gelezen als CSV of Excel (xlsx).")


@dataclass(frozen=True)
class Kolom:
    naam: str
    verplicht: bool
    uitleg: str
    keuzes: type[TextChoices] | None = None

    @property
    def toegestane_waarden(self) -> list[tuple[str, str]]:
        return [(c.value, str(c.label)) for c in self.keuzes] if self.keuzes else []


_DATUM = gettext_lazy("Datum als dd-mm-jjjj of jjjj-mm-dd.")

KOLOMMEN: list[Kolom] = [
    Kolom("bsn", True, gettext_lazy("Burgerservicenummer: 9 cijfers, voldoet aan de elfproef.")),
    Kolom("voornaam", True, gettext_lazy("Voornaam of roepnaam.")),
    Kolom("tussenvoegsel", False, gettext_lazy("Bijvoorbeeld ‘van der’.")),
    Kolom("achternaam", True, gettext_lazy("Achternaam.")),
    Kolom("geboortedatum", True, _DATUM),
    Kolom("geslacht", False, gettext_lazy("Leeg: onbekend."), Geslacht),
    Kolom("straat_huisnummer", False, gettext_lazy("Straat en huisnummer.")),
    Kolom("postcode", False, gettext_lazy("4 cijfers en 2 letters, bijvoorbeeld 2514 EA.")),
    Kolom("woonplaats", False, gettext_lazy("Woonplaats.")),
    Kolom(
        "gemeente",
        True,
        gettext_lazy(
            "Woongemeente: CBS-code (bijvoorbeeld GM0518) of naam. De gemeente hoort op de "
            "aanmelddatum bij het werkgebied van uw netwerk."
        ),
    ),
    Kolom("huisarts", False, gettext_lazy("Naam van de huisarts of praktijk.")),
    Kolom("woonsituatie", False, gettext_lazy("Leeg: onbekend."), Woonsituatie),
    Kolom("diagnose_status", False, gettext_lazy("Leeg: geen diagnose."), DiagnoseStatus),
    Kolom("aanmelddatum", True, gettext_lazy("Datum van aanmelding; start van de wachttijd.")),
    Kolom("verwijzer_type", True, gettext_lazy("Wie verwees."), VerwijzerType),
    Kolom("verwijzer_naam", False, gettext_lazy("Naam van de verwijzer.")),
    Kolom("urgentie", False, gettext_lazy("Leeg: normaal."), Urgentie),
    Kolom(
        "aanbieder_agb",
        False,
        gettext_lazy(
            "AGB-code van de vestiging van de aanbieder (8 cijfers). Leeg: centraal bij het "
            "netwerk aangemeld."
        ),
    ),
    Kolom(
        "casemanager_email",
        False,
        gettext_lazy(
            "Alleen voor een lopend traject: e-mailadres van de casemanager, die in uw netwerk "
            "werkt."
        ),
    ),
    Kolom("toegewezen_op", False, gettext_lazy("Datum van toewijzing aan de casemanager.")),
    Kolom(
        "eerste_contact_op",
        False,
        gettext_lazy(
            "Datum van het eerste contact van de casemanager met de cliënt (huisbezoek); "
            "stopt de wachttijd."
        ),
    ),
]
KOLOM_NAMEN = [kolom.naam for kolom in KOLOMMEN]
VERPLICHT = [kolom.naam for kolom in KOLOMMEN if kolom.verplicht]
_VOLGORDE = {naam: index for index, naam in enumerate(KOLOM_NAMEN)}
# Service and model fields -> the column the user sees.
_KOLOM_VAN_VELD = {
    "bsn_hash": "bsn",
    "datum": "aanmelddatum",
    "organisatie": "aanbieder_agb",
    "vestiging": "aanbieder_agb",
    "netwerk_reden": "gemeente",
    "casemanager": "casemanager_email",
}


# --- Result ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportFout:
    """One problem: ``rij`` as numbered in the spreadsheet (header = 1), None for the file as
    a whole; ``kolom`` empty when the problem is not about one column."""

    rij: int | None
    kolom: str
    melding: str

    def __str__(self) -> str:
        if self.rij is None:
            return self.melding
        if not self.kolom:
            return _("Rij %(rij)s: %(melding)s") % {"rij": self.rij, "melding": self.melding}
        return _("Rij %(rij)s, kolom %(kolom)s: %(melding)s") % {
            "rij": self.rij,
            "kolom": self.kolom,
            "melding": self.melding,
        }


@dataclass
class ImportResultaat:
    fouten: list[ImportFout] = field(default_factory=list)
    rijen: int = 0
    clienten_nieuw: int = 0
    clienten_bestaand: int = 0
    aanmeldingen_nieuw: int = 0
    aanmeldingen_aanwezig: int = 0
    trajecten_nieuw: int = 0
    boven_norm: int = 0

    @property
    def ok(self) -> bool:
        return not self.fouten

    @property
    def bestandsfouten(self) -> list[ImportFout]:
        return [fout for fout in self.fouten if fout.rij is None]

    @property
    def rijfouten(self) -> list[ImportFout]:
        return [fout for fout in self.fouten if fout.rij is not None]

    def samenvatting(self) -> str:
        return _(
            "%(rijen)s rijen verwerkt. Cliënten: %(cn)s nieuw, %(cb)s bestonden al. "
            "Aanmeldingen: %(an)s nieuw, %(aa)s al aanwezig. Trajecten: %(tn)s nieuw."
        ) % {
            "rijen": self.rijen,
            "cn": self.clienten_nieuw,
            "cb": self.clienten_bestaand,
            "an": self.aanmeldingen_nieuw,
            "aa": self.aanmeldingen_aanwezig,
            "tn": self.trajecten_nieuw,
        }


class _Bestandsfout(Exception):
    """The file as a whole cannot be imported (unreadable, too long)."""

    def __init__(self, melding: str = ""):
        self.melding = melding or str(ONLEESBAAR)
        super().__init__(self.melding)


def _te_veel_rijen() -> _Bestandsfout:
    return _Bestandsfout(
        _("Het bestand heeft meer dan %(max)s rijen. Splits het in kleinere bestanden.")
        % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
    )


# --- Reading --------------------------------------------------------------------------------

Cel = str | dt.date


def _kolomnaam(value: object) -> str:
    return (
        str(value or "").replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")
    )


def _cel(value: object) -> Cel:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise _Bestandsfout
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Bestandsfout


def _begrensd(rows: Iterable[tuple[int, list[Cel]]]) -> list[tuple[int, list[Cel]]]:
    """Read no further than needed to know a file is too long; blank rows count too (with a
    margin), so a sheet formatted a million rows deep is not read to its end."""
    result = []
    gevuld = 0
    for number, cells in rows:
        result.append((number, cells))
        gevuld += any(cell != "" for cell in cells)
        if gevuld > MAX_ROWS + 1 or len(result) > 2 * MAX_ROWS + 1:
            raise _te_veel_rijen()
    return result


def _lees_csv(data: bytes) -> list[tuple[int, list[Cel]]]:
    text = _decode(data)
    header_line = text.split("\n", 1)[0]
    # The header holds only column names, so counting separators there is a reliable sniff.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _begrensd(
            (number, [cell.strip() for cell in row]) for number, row in enumerate(reader, start=1)
        )
    except csv.Error as error:
        raise _Bestandsfout from error


def _xlsx_rijen(sheet) -> Iterable[tuple[int, list[Cel]]]:
    header = [_cel(value) for value in next(sheet.iter_rows(max_row=1, values_only=True), ())]
    while header and header[-1] == "":
        header.pop()
    yield 1, header
    if not header:
        return
    # No wider than the header: a sheet can claim thousands of (empty) columns.
    rows = sheet.iter_rows(min_row=2, max_col=len(header), values_only=True)
    for number, values in enumerate(rows, start=2):
        yield number, [_cel(value) for value in values]


def _lees_xlsx(data: bytes) -> list[tuple[int, list[Cel]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        # openpyxl raises many kinds of errors for damaged or foreign files
        raise _Bestandsfout from error
    try:
        return _begrensd(_xlsx_rijen(workbook.worksheets[0]))
    except _Bestandsfout:
        raise
    except Exception as error:
        raise _Bestandsfout from error
    finally:
        workbook.close()


def _lees(data: bytes, filename: str) -> list[tuple[int, list[Cel]]]:
    if data[:4] == b"PK\x03\x04":
        return _lees_xlsx(data)
    if (
        filename.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods"))
        or data[:4] == b"\xd0\xcf\x11\xe0"
    ):
        raise _Bestandsfout
    return _lees_csv(data)


# --- Parsing one row ------------------------------------------------------------------------


def _keuzes(choices: type[TextChoices]) -> dict[str, str]:
    mapping = {}
    for choice in choices:
        mapping[str(choice.label).lower()] = choice.value
        mapping[choice.value.lower()] = choice.value
    return mapping


_KEUZES = {kolom.naam: _keuzes(kolom.keuzes) for kolom in KOLOMMEN if kolom.keuzes}
_DATUM_FORMATEN = ("%d-%m-%Y", "%Y-%m-%d")
_CBS_CODE = re.compile(r"^GM\d{4}$")
_KORT_JAAR = re.compile(r"^\d{1,2}-\d{1,2}-\d{2}$")


def _datum(value: Cel) -> dt.date:
    if isinstance(value, dt.date):
        return value
    for formaat in _DATUM_FORMATEN:
        try:
            return dt.datetime.strptime(value, formaat).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(value)


@dataclass
class _Rij:
    """A row that passed the checks of its own columns, with what the import will do."""

    rij: int
    bsn: str
    client_velden: dict
    datum: dt.date
    aanmelding_velden: dict
    casemanager: Casemanager | None
    toegewezen_op: dt.date | None
    eerste_contact_op: dt.date | None
    bestaande_aanmelding: Aanmelding | None = None
    traject_maken: bool = False
    boven_norm: bool = False

    @property
    def persoon(self) -> tuple:
        velden = self.client_velden
        return (
            velden["voornaam"].lower(),
            velden["achternaam"].lower(),
            velden["geboortedatum"],
        )

    @property
    def blijft_wachten(self) -> bool:
        """A new aanmelding that is still waiting when this row is done."""
        return self.bestaande_aanmelding is None and not (
            self.traject_maken and self.eerste_contact_op
        )


@dataclass
class _Referentie:
    """What the checks need from the database, loaded once for the whole file."""

    netwerk: Netwerk
    gemeenten_op_code: dict[str, Gemeente]
    gemeenten_op_naam: dict[str, Gemeente]
    werkgebied: dict[int, list[Werkgebied]]
    casemanagers: dict[str, Casemanager]
    vestigingen: dict[str, Vestiging]
    aansluitingen: dict[int, list[Aansluiting]]

    @classmethod
    def laad(cls, netwerk: Netwerk, rijen: list[dict[str, Cel]]) -> _Referentie:
        gemeenten = list(Gemeente.objects.order_by("actief", "naam"))
        werkgebied = defaultdict(list)
        for regel in Werkgebied.objects.filter(netwerk=netwerk):
            werkgebied[regel.gemeente_id].append(regel)
        agb_codes = {str(r.get("aanbieder_agb", "")) for r in rijen} - {""}
        aansluitingen = defaultdict(list)
        for aansluiting in Aansluiting.objects.filter(netwerk=netwerk, levert_casemanagement=True):
            aansluitingen[aansluiting.organisatie_id].append(aansluiting)
        return cls(
            netwerk=netwerk,
            gemeenten_op_code={g.cbs_code: g for g in gemeenten},
            # inactive (merged) gemeenten first, so an active one with the same name wins
            gemeenten_op_naam={g.naam.lower(): g for g in gemeenten},
            werkgebied=werkgebied,
            casemanagers={
                cm.user.email.lower(): cm
                for cm in with_caseload(Casemanager.objects.filter(netwerk=netwerk))
            },
            vestigingen={
                v.agb_code: v
                for v in Vestiging.objects.filter(agb_code__in=agb_codes).select_related(
                    "organisatie"
                )
            },
            aansluitingen=aansluitingen,
        )

    def gemeente(self, value: str) -> Gemeente | None:
        code = value.upper().replace(" ", "")
        if code.isdigit() and len(code) <= 4:
            code = f"GM{int(code):04d}"
        if _CBS_CODE.match(code):
            return self.gemeenten_op_code.get(code)
        return self.gemeenten_op_naam.get(value.lower())

    def in_werkgebied(self, gemeente: Gemeente, datum: dt.date) -> bool:
        return any(
            regel.geldig_van <= datum and (regel.geldig_tot is None or datum < regel.geldig_tot)
            for regel in self.werkgebied.get(gemeente.pk, [])
        )

    def is_aanbieder(self, organisatie_id: int, datum: dt.date) -> bool:
        return any(a.is_actief_op(datum) for a in self.aansluitingen.get(organisatie_id, []))


class _Fouten:
    def __init__(self) -> None:
        self.lijst: list[ImportFout] = []

    def add(self, rij: int | None, kolom: str, melding: str) -> None:
        self.lijst.append(ImportFout(rij, kolom, str(melding)))

    def gesorteerd(self) -> list[ImportFout]:
        return sorted(
            self.lijst,
            key=lambda f: (f.rij or 0, _VOLGORDE.get(f.kolom, len(_VOLGORDE)), f.melding),
        )


def _parse_rij(
    rij: int, cellen: dict[str, Cel], ref: _Referentie, vandaag: dt.date, fouten: _Fouten
) -> _Rij | None:
    """Check the columns of one row; None when any is wrong (the reasons are in ``fouten``)."""
    aantal = len(fouten.lijst)

    def tekst(naam: str) -> str:
        value = cellen.get(naam, "")
        return value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else value

    def verplicht(naam: str) -> str:
        value = tekst(naam)
        if not value:
            fouten.add(rij, naam, _("vul dit in."))
        return value

    def datum(naam: str, *, required: bool) -> dt.date | None:
        value = cellen.get(naam, "")
        if value == "":
            if required:
                fouten.add(rij, naam, _("vul dit in."))
            return None
        try:
            parsed = _datum(value)
        except ValueError:
            if _KORT_JAAR.match(str(value)):
                fouten.add(rij, naam, _("schrijf het jaar met vier cijfers."))
            else:
                fouten.add(rij, naam, _("dit is geen datum; schrijf dd-mm-jjjj of jjjj-mm-dd."))
            return None
        if parsed > vandaag:
            fouten.add(rij, naam, _("deze datum ligt in de toekomst."))
            return None
        if parsed.year < 1900:
            fouten.add(rij, naam, _("deze datum ligt voor 1900."))
            return None
        return parsed

    def keuze(naam: str, default: str) -> str:
        value = tekst(naam)
        if not value:
            return default
        gevonden = _KEUZES[naam].get(value.lower())
        if gevonden is None:
            toegestaan = ", ".join(dict.fromkeys(_KEUZES[naam].values()))
            fouten.add(
                rij, naam, _("onbekende waarde; kies uit: %(keuzes)s.") % {"keuzes": toegestaan}
            )
            return default
        return gevonden

    bsn = ""
    if verplicht("bsn"):
        try:
            bsn = validate_bsn(tekst("bsn"))
        except ValidationError:
            fouten.add(rij, "bsn", _("dit is geen geldig BSN (elfproef)."))
        if bsn == VOORBEELD_BSN:
            bsn = ""
            fouten.add(rij, "bsn", _("dit is het voorbeeld uit het sjabloon; verwijder deze rij."))
    voornaam = verplicht("voornaam")
    achternaam = verplicht("achternaam")
    geboortedatum = datum("geboortedatum", required=True)
    postcode = tekst("postcode").upper().replace(" ", "")

    gemeente = None
    if verplicht("gemeente"):
        gemeente = ref.gemeente(tekst("gemeente"))
        if gemeente is None:
            fouten.add(
                rij,
                "gemeente",
                _("onbekende gemeente; gebruik de CBS-code (bijvoorbeeld GM0518) of de naam."),
            )
    aanmelddatum = datum("aanmelddatum", required=True)
    if (
        gemeente is not None
        and aanmelddatum is not None
        and not ref.in_werkgebied(gemeente, aanmelddatum)
    ):
        fouten.add(
            rij,
            "gemeente",
            _(
                "%(gemeente)s hoort op de aanmelddatum niet bij het werkgebied van "
                "%(netwerk)s. Meld deze cliënt aan bij het netwerk van de woongemeente."
            )
            % {"gemeente": gemeente.naam, "netwerk": ref.netwerk},
        )
    if geboortedatum and aanmelddatum and geboortedatum > aanmelddatum:
        fouten.add(rij, "geboortedatum", _("de geboortedatum ligt na de aanmelddatum."))

    verwijzer_type = ""
    if verplicht("verwijzer_type"):
        verwijzer_type = keuze("verwijzer_type", "")

    vestiging = None
    agb = tekst("aanbieder_agb")
    if agb:
        vestiging = ref.vestigingen.get(agb)
        if vestiging is None:
            fouten.add(rij, "aanbieder_agb", _("er is geen vestiging met deze AGB-code."))
        elif aanmelddatum and not ref.is_aanbieder(vestiging.organisatie_id, aanmelddatum):
            fouten.add(
                rij,
                "aanbieder_agb",
                _(
                    "%(org)s levert op de aanmelddatum geen casemanagement in %(netwerk)s: alleen "
                    "aangesloten aanbieders kunnen aanmeldingen ontvangen."
                )
                % {"org": vestiging.organisatie, "netwerk": ref.netwerk},
            )

    casemanager = None
    email = tekst("casemanager_email").lower()
    toegewezen_op = datum("toegewezen_op", required=False)
    eerste_contact_op = datum("eerste_contact_op", required=False)
    if email:
        casemanager = ref.casemanagers.get(email)
        if casemanager is None:
            fouten.add(
                rij,
                "casemanager_email",
                _("dit is geen casemanager van %(netwerk)s.") % {"netwerk": ref.netwerk},
            )
        elif not casemanager.actief:
            fouten.add(rij, "casemanager_email", _("deze casemanager is niet meer actief."))
        elif vestiging is not None and casemanager.organisatie_id != vestiging.organisatie_id:
            fouten.add(
                rij,
                "casemanager_email",
                _("deze casemanager werkt niet bij de aanbieder van aanbieder_agb."),
            )
        elif toegewezen_op and not ref.is_aanbieder(casemanager.organisatie_id, toegewezen_op):
            fouten.add(
                rij,
                "casemanager_email",
                _("%(org)s levert op de datum van toewijzing geen casemanagement in dit netwerk.")
                % {"org": casemanager.organisatie},
            )
        if not tekst("toegewezen_op"):
            fouten.add(rij, "toegewezen_op", _("vul de datum van toewijzing in."))
    else:
        for naam in ("toegewezen_op", "eerste_contact_op"):
            if tekst(naam):
                fouten.add(rij, naam, _("vul ook de casemanager in (casemanager_email)."))
    if aanmelddatum:
        for naam, value in (
            ("toegewezen_op", toegewezen_op),
            ("eerste_contact_op", eerste_contact_op),
        ):
            if value and value < aanmelddatum:
                fouten.add(rij, naam, _("deze datum ligt voor de aanmelddatum."))

    client_velden = {
        "voornaam": voornaam,
        "tussenvoegsel": tekst("tussenvoegsel"),
        "achternaam": achternaam,
        "geboortedatum": geboortedatum,
        "geslacht": keuze("geslacht", Geslacht.ONBEKEND),
        "straat_huisnummer": tekst("straat_huisnummer"),
        "postcode": postcode,
        "woonplaats": tekst("woonplaats"),
        "gemeente": gemeente,
        "huisarts": tekst("huisarts"),
        "woonsituatie": keuze("woonsituatie", ""),
        "diagnose_status": keuze("diagnose_status", DiagnoseStatus.GEEN),
    }
    aanmelding_velden = {
        "verwijzer_type": verwijzer_type,
        "verwijzer_naam": tekst("verwijzer_naam"),
        "urgentie": keuze("urgentie", Urgentie.NORMAAL),
        "organisatie": vestiging.organisatie if vestiging else None,
        "vestiging": vestiging,
    }
    # The models' own field rules (lengths, postcode), without touching the database.
    al_fout = {fout.kolom for fout in fouten.lijst[aantal:]}
    _model_regels(
        rij,
        Client(**{k: v for k, v in client_velden.items() if k != "gemeente"}),
        al_fout,
        fouten,
    )
    _model_regels(
        rij,
        Aanmelding(
            datum=aanmelddatum,
            **{k: v for k, v in aanmelding_velden.items() if k not in ("organisatie", "vestiging")},
        ),
        al_fout,
        fouten,
    )
    if len(fouten.lijst) > aantal:
        return None
    return _Rij(
        rij=rij,
        bsn=bsn,
        client_velden=client_velden,
        datum=aanmelddatum,
        aanmelding_velden=aanmelding_velden,
        casemanager=casemanager,
        toegewezen_op=toegewezen_op if casemanager else None,
        eerste_contact_op=eerste_contact_op if casemanager else None,
    )


_NIET_CONTROLEREN = [
    "bsn",
    "bsn_hash",
    "gemeente",
    "netwerk",
    "client",
    "organisatie",
    "vestiging",
    "aangemaakt_door",
]


def _model_regels(rij: int, instance: Model, al_fout: set[str], fouten: _Fouten) -> None:
    try:
        instance.full_clean(
            exclude=_NIET_CONTROLEREN, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        for veld, meldingen in error.message_dict.items():
            kolom = _KOLOM_VAN_VELD.get(veld, veld)
            if kolom in al_fout:
                continue
            for melding in meldingen:
                fouten.add(rij, kolom if kolom in _VOLGORDE else "", _zin(melding))


def _zin(melding: str) -> str:
    """Django's messages start with a capital; after 'Rij 4, kolom x:' a lower case reads on."""
    return melding[:1].lower() + melding[1:] if melding[1:2].islower() else melding


# --- Checks across rows and against the database ----------------------------------------------


def _bestaande_clienten(bsns: Iterable[str]) -> dict[str, Client]:
    hashes = {bsn_hash(bsn): bsn for bsn in bsns}
    clients: dict[str, Client] = {}
    keys = list(hashes)
    for start in range(0, len(keys), 1000):
        for client in Client.objects.filter(bsn_hash__in=keys[start : start + 1000]):
            clients[hashes[client.bsn_hash]] = client
    return clients


def _plan(rijen: list[_Rij], ref: _Referentie, override_reden: str, fouten: _Fouten) -> None:
    """Decide per valid row what to create, refusing up front what the rules would refuse
    later: one person twice on a date, two people with one BSN, a second waiting aanmelding
    or open traject for a client, a casemanager past the caseload norm without a reason."""
    per_persoon: dict[str, list[_Rij]] = defaultdict(list)
    for rij in rijen:
        per_persoon[rij.bsn].append(rij)
    bestaand = _bestaande_clienten(per_persoon)
    client_ids = [client.pk for client in bestaand.values()]
    aanmeldingen: dict[int, list[Aanmelding]] = defaultdict(list)
    for aanmelding in Aanmelding.objects.filter(client_id__in=client_ids).select_related("traject"):
        aanmeldingen[aanmelding.client_id].append(aanmelding)
    open_traject = set(
        Traject.objects.open().filter(client_id__in=client_ids).values_list("client_id", flat=True)
    )
    for bsn, groep in per_persoon.items():
        client = bestaand.get(bsn)
        _plan_persoon(
            _uniek(groep, fouten),
            client=client,
            aanmeldingen=aanmeldingen[client.pk] if client else [],
            heeft_open_traject=client is not None and client.pk in open_traject,
            ref=ref,
            fouten=fouten,
        )
    _controleer_caseload(rijen, ref, override_reden, fouten)


def _uniek(groep: list[_Rij], fouten: _Fouten) -> list[_Rij]:
    """The rows of one BSN that describe the same person on different dates."""
    eerste = groep[0]
    datums: dict[dt.date, int] = {}
    goed = []
    for rij in groep:
        if rij.persoon != eerste.persoon:
            fouten.add(
                rij.rij,
                "bsn",
                _(
                    "hetzelfde BSN als rij %(eerder)s, maar een andere naam of geboortedatum. "
                    "Controleer het BSN."
                )
                % {"eerder": eerste.rij},
            )
        elif rij.datum in datums:
            fouten.add(
                rij.rij,
                "aanmelddatum",
                _("deze cliënt staat met dezelfde aanmelddatum al in rij %(eerder)s.")
                % {"eerder": datums[rij.datum]},
            )
        else:
            datums[rij.datum] = rij.rij
            goed.append(rij)
    return goed


def _plan_persoon(
    rijen: list[_Rij],
    *,
    client: Client | None,
    aanmeldingen: list[Aanmelding],
    heeft_open_traject: bool,
    ref: _Referentie,
    fouten: _Fouten,
) -> None:
    op_datum = {aanmelding.datum: aanmelding for aanmelding in aanmeldingen}
    traject_rij: _Rij | None = None
    # Rows already imported first: they may give a waiting aanmelding its traject.
    for rij in rijen:
        rij.bestaande_aanmelding = op_datum.get(rij.datum)
        if rij.bestaande_aanmelding is not None and rij.casemanager is not None:
            bestaande = rij.bestaande_aanmelding
            rij.traject_maken = (
                bestaande.is_wachtend
                and getattr(bestaande, "traject", None) is None
                and not heeft_open_traject
                and traject_rij is None
            )
            if rij.traject_maken:
                traject_rij = rij
    gestopt = {
        rij.bestaande_aanmelding.pk
        for rij in rijen
        if rij.bestaande_aanmelding is not None and rij.traject_maken and rij.eerste_contact_op
    }
    blijft_wachtend = [a for a in aanmeldingen if a.is_wachtend and a.pk not in gestopt]
    wachtende_rij: _Rij | None = None
    for rij in rijen:
        if rij.bestaande_aanmelding is not None:
            continue
        if client is not None and not ref.in_werkgebied(client.gemeente, rij.datum):
            fouten.add(
                rij.rij,
                "gemeente",
                _(
                    "deze cliënt is al geregistreerd met een woongemeente buiten uw netwerk. "
                    "Laat de woongemeente eerst aanpassen."
                ),
            )
            continue
        if blijft_wachtend:
            fouten.add(
                rij.rij,
                "aanmelddatum",
                _(
                    "deze cliënt staat al op de wachtlijst met een aanmelding van een andere "
                    "datum; een nieuwe aanmelding kan pas als die is afgerond."
                ),
            )
            continue
        if rij.casemanager is not None:
            if heeft_open_traject or traject_rij is not None:
                fouten.add(
                    rij.rij,
                    "casemanager_email",
                    _("deze cliënt heeft al een lopend traject; een tweede kan niet."),
                )
                continue
            rij.traject_maken = True
            traject_rij = rij
        if rij.blijft_wachten:
            if wachtende_rij is not None:
                fouten.add(
                    rij.rij,
                    "aanmelddatum",
                    _(
                        "deze cliënt staat in rij %(eerder)s al op de wachtlijst; een tweede "
                        "wachtende aanmelding kan niet. Vul bij één van beide het eerste contact "
                        "in."
                    )
                    % {"eerder": wachtende_rij.rij},
                )
                continue
            wachtende_rij = rij


def _controleer_caseload(
    rijen: list[_Rij], ref: _Referentie, override_reden: str, fouten: _Fouten
) -> None:
    """Rows past a casemanager's free places are refused unless the coordinator gave a reason
    to assign above the norm; the service then logs each such assignment (rule 2)."""
    fout_rijen = {fout.rij for fout in fouten.lijst}
    erbij: Counter[int] = Counter()
    for rij in rijen:
        if not rij.traject_maken or rij.rij in fout_rijen:
            continue
        casemanager = rij.casemanager
        erbij[casemanager.pk] += 1
        capaciteit = capaciteit_of(casemanager)
        if casemanager.caseload + erbij[casemanager.pk] <= capaciteit:
            continue
        rij.boven_norm = True
        if not override_reden:
            fouten.add(
                rij.rij,
                "casemanager_email",
                _(
                    "%(cm)s komt hiermee boven de caseloadnorm (%(cap)s cliënten). Geef een reden "
                    "om boven de norm toe te wijzen, of kies een andere casemanager."
                )
                % {"cm": casemanager, "cap": capaciteit},
            )


# --- Writing --------------------------------------------------------------------------------


class _RijGeweigerd(Exception):
    def __init__(self, fouten: list[ImportFout]):
        super().__init__("row refused by a service")
        self.fouten = fouten


def _weigering(rij: int, error: ValidationError, veld_kolom: dict[str, str]) -> _RijGeweigerd:
    fouten = []
    if hasattr(error, "error_dict"):
        for veld, meldingen in error.message_dict.items():
            kolom = veld_kolom.get(veld, _KOLOM_VAN_VELD.get(veld, veld))
            fouten += [
                ImportFout(rij, kolom if kolom in _VOLGORDE else "", _zin(m)) for m in meldingen
            ]
    else:
        kolom = veld_kolom.get(NON_FIELD_ERRORS, "")
        fouten = [ImportFout(rij, kolom, _zin(m)) for m in error.messages]
    return _RijGeweigerd(fouten)


def _schrijf_rij(
    rij: _Rij,
    *,
    user: User,
    netwerk: Netwerk,
    request: HttpRequest | None,
    override_reden: str,
    resultaat: ImportResultaat,
    gezien: set[str],
) -> None:
    nieuw_gezien = rij.bsn not in gezien
    gezien.add(rij.bsn)
    try:
        if rij.bestaande_aanmelding is not None:
            aanmelding = rij.bestaande_aanmelding
            resultaat.aanmeldingen_aanwezig += 1
            if nieuw_gezien:
                resultaat.clienten_bestaand += 1
        else:
            registratie = services.client_register(
                user=user,
                request=request,
                bsn=rij.bsn,
                client_fields=rij.client_velden,
                aanmelding_fields={"datum": rij.datum, "netwerk": netwerk, **rij.aanmelding_velden},
            )
            aanmelding = registratie.aanmelding
            resultaat.aanmeldingen_nieuw += 1
            if nieuw_gezien:
                if registratie.bestond_al:
                    resultaat.clienten_bestaand += 1
                else:
                    resultaat.clienten_nieuw += 1
    except ValidationError as error:
        raise _weigering(rij.rij, error, {}) from error
    if not rij.traject_maken:
        return
    try:
        traject = services.aanmelding_assign(
            user=user,
            request=request,
            aanmelding=aanmelding,
            casemanager=rij.casemanager,
            override_reden=override_reden,
            op=rij.toegewezen_op,
        )
    except ValidationError as error:
        raise _weigering(rij.rij, error, {NON_FIELD_ERRORS: "casemanager_email"}) from error
    resultaat.trajecten_nieuw += 1
    resultaat.boven_norm += rij.boven_norm
    if rij.eerste_contact_op is None:
        return
    try:
        services.contact_log(
            user=user,
            request=request,
            traject=traject,
            casemanager=traject.casemanager,
            datum=rij.eerste_contact_op,
            type=EERSTE_CONTACT_TYPE,
            minuten=EERSTE_CONTACT_MINUTEN,
        )
    except ValidationError as error:
        raise _weigering(rij.rij, error, {"datum": "eerste_contact_op"}) from error


def _volgorde(rij: _Rij) -> tuple:
    """Aanmeldingen already present first, then the ones that end in care, the one left
    waiting last: a client can only have one waiting aanmelding at a time."""
    if rij.bestaande_aanmelding is not None:
        fase = 0
    elif not rij.blijft_wachten:
        fase = 1
    else:
        fase = 2
    return (fase, rij.datum, rij.rij)


# --- The import -----------------------------------------------------------------------------


def import_clienten(
    *,
    user: User,
    netwerk: Netwerk,
    data: bytes,
    filename: str,
    request: HttpRequest | None = None,
    override_reden: str = "",
) -> ImportResultaat:
    """Import clients with their aanmelding (and optionally their open traject) into the
    coordinator's network. All or nothing: returns the problems of every row and writes
    nothing when there is any; else writes every row in one transaction and returns the
    counts. ``override_reden`` allows assignments past a casemanager's caseload norm; each is
    recorded with that reason. Raises PermissionDenied unless ``user`` acts as coordinator of
    ``netwerk``."""
    if not is_coordinator_of(user, netwerk.pk):
        raise PermissionDenied
    resultaat = ImportResultaat()
    fouten = _Fouten()
    if len(data) > MAX_BYTES:
        fouten.add(None, "", _("Het bestand is groter dan 5 MB. Splits het in kleinere bestanden."))
        resultaat.fouten = fouten.gesorteerd()
        return resultaat
    try:
        regels = _lees(data, filename)
    except _Bestandsfout as error:
        fouten.add(None, "", error.melding)
        resultaat.fouten = fouten.gesorteerd()
        return resultaat

    cellen_per_rij = _koppel_kolommen(regels, fouten)
    if fouten.lijst:
        resultaat.fouten = fouten.gesorteerd()
        return resultaat
    resultaat.rijen = len(cellen_per_rij)

    ref = _Referentie.laad(netwerk, [cellen for _rij, cellen in cellen_per_rij])
    vandaag = timezone.localdate()
    rijen = [
        parsed
        for nummer, cellen in cellen_per_rij
        if (parsed := _parse_rij(nummer, cellen, ref, vandaag, fouten)) is not None
    ]
    _plan(rijen, ref, override_reden.strip(), fouten)
    if fouten.lijst:
        resultaat.fouten = fouten.gesorteerd()
        logger.info(
            "client_import_refused netwerk=%s user=%s rows=%s errors=%s",
            netwerk.pk,
            user.pk,
            resultaat.rijen,
            len(resultaat.fouten),
        )
        return resultaat

    gezien: set[str] = set()
    try:
        with transaction.atomic():
            for rij in sorted(rijen, key=_volgorde):
                _schrijf_rij(
                    rij,
                    user=user,
                    netwerk=netwerk,
                    request=request,
                    override_reden=override_reden.strip(),
                    resultaat=resultaat,
                    gezien=gezien,
                )
    except _RijGeweigerd as error:
        # Something changed between the checks and the writes (e.g. a colleague assigned
        # a casemanager's last place): everything is rolled back.
        return ImportResultaat(fouten=error.fouten, rijen=resultaat.rijen)
    except IntegrityError:
        logger.warning("client_import_integrity_error netwerk=%s user=%s", netwerk.pk, user.pk)
        return ImportResultaat(
            fouten=[
                ImportFout(
                    None,
                    "",
                    _(
                        "Er is niets geïmporteerd: de gegevens zijn intussen gewijzigd. "
                        "Probeer het opnieuw."
                    ),
                )
            ],
            rijen=resultaat.rijen,
        )
    logger.info(
        "client_import netwerk=%s user=%s rows=%s clients_new=%s aanmeldingen_new=%s "
        "trajecten_new=%s over_norm=%s",
        netwerk.pk,
        user.pk,
        resultaat.rijen,
        resultaat.clienten_nieuw,
        resultaat.aanmeldingen_nieuw,
        resultaat.trajecten_nieuw,
        resultaat.boven_norm,
    )
    return resultaat


def _koppel_kolommen(
    regels: list[tuple[int, list[Cel]]], fouten: _Fouten
) -> list[tuple[int, dict[str, Cel]]]:
    """Check the header and give every non-empty row its cells by column name."""
    namen = [_kolomnaam(cel) for cel in regels[0][1]] if regels else []
    bekend = sum(naam in _VOLGORDE for naam in namen)
    if bekend * 2 <= sum(bool(naam) for naam in namen):
        # Mostly unknown names: most likely a list without its header row. Its first row then
        # holds a BSN and a name, which messages about "unknown columns" would repeat.
        fouten.add(
            None,
            "",
            _("De eerste rij moet de kolomnamen bevatten, zoals in het sjabloon."),
        )
        return []
    nummer = regels[0][0]
    for index, naam in enumerate(namen):
        if naam and naam not in _VOLGORDE:
            kolom = naam[:40] if not re.search(r"\d{4}", naam) else str(index + 1)
            fouten.add(nummer, kolom, _("onbekende kolom. Gebruik de kolomnamen uit het sjabloon."))
        elif naam and namen.index(naam) != index:
            fouten.add(nummer, naam, _("deze kolom staat twee keer in het bestand."))
    for naam in VERPLICHT:
        if naam not in namen:
            fouten.add(nummer, naam, _("deze verplichte kolom ontbreekt."))
    data = [(rij, cellen) for rij, cellen in regels[1:] if any(c != "" for c in cellen)]
    if len(data) > MAX_ROWS:
        fouten.add(None, "", _te_veel_rijen().melding)
    elif not data and not fouten.lijst:
        fouten.add(None, "", _("Het bestand bevat geen rijen met cliënten."))
    if fouten.lijst:
        return []
    return [
        (rij, {naam: cel for naam, cel in zip(namen, cellen, strict=False) if naam})
        for rij, cellen in data
    ]


# --- Templates ------------------------------------------------------------------------------


def sjabloon_rij(netwerk: Netwerk, vandaag: dt.date) -> dict[str, Cel]:
    """One example row: a fictional person with a test BSN in a gemeente of the network."""
    gemeente = werkgebied_gemeenten(netwerk, vandaag).first()
    return {
        "bsn": VOORBEELD_BSN,
        "voornaam": "Johanna",
        "tussenvoegsel": "van",
        "achternaam": "Voorbeeld",
        "geboortedatum": dt.date(1942, 3, 14),
        "geslacht": Geslacht.VROUW.value,
        "straat_huisnummer": "Voorbeeldstraat 1",
        "postcode": "1234 AB",
        "woonplaats": gemeente.naam if gemeente else "",
        "gemeente": gemeente.cbs_code if gemeente else "",
        "huisarts": "Huisartsenpraktijk Voorbeeld",
        "woonsituatie": Woonsituatie.PARTNER.value,
        "diagnose_status": DiagnoseStatus.ONDERZOEK.value,
        "aanmelddatum": vandaag,
        "verwijzer_type": VerwijzerType.HUISARTS.value,
        "verwijzer_naam": "Dr. Voorbeeld",
        "urgentie": Urgentie.NORMAAL.value,
        "aanbieder_agb": "",
        "casemanager_email": "",
        "toegewezen_op": "",
        "eerste_contact_op": "",
    }


def sjabloon_csv(netwerk: Netwerk, vandaag: dt.date) -> bytes:
    """UTF-8 with BOM and semicolons, so Excel in Dutch opens it in columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(KOLOM_NAMEN)
    voorbeeld = sjabloon_rij(netwerk, vandaag)
    writer.writerow(
        [
            value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else value
            for value in voorbeeld.values()
        ]
    )
    return buffer.getvalue().encode("utf-8-sig")


def sjabloon_xlsx(netwerk: Netwerk, vandaag: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Cliënten"
    sheet.append(KOLOM_NAMEN)
    sheet.append(list(sjabloon_rij(netwerk, vandaag).values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, naam in enumerate(KOLOM_NAMEN, start=1):
        column = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[column].width = max(14, len(naam) + 2)
        value = sheet.cell(row=2, column=index)
        if isinstance(value.value, dt.date):
            value.number_format = "DD-MM-YYYY"
        elif naam in ("bsn", "aanbieder_agb", "postcode"):
            # text, so Excel keeps leading zeros of BSNs and AGB codes
            value.number_format = "@"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
