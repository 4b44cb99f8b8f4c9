"""What an import returns: its counts and its problems, by row and column."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from .kolommen import VOLGORDE

# Service and model fields -> the column the user sees.
_KOLOM_VAN_VELD = {
    "bsn_hash": "bsn",
    "datum": "aanmelddatum",
    "organisatie": "aanbieder_agb",
    "vestiging": "aanbieder_agb",
    "netwerk_reden": "gemeente",
    "casemanager": "casemanager_email",
}


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


class Fouten:
    """The problems found while checking a file, collected in any order."""

    def __init__(self) -> None:
        self.lijst: list[ImportFout] = []

    def add(self, rij: int | None, kolom: str, melding: str) -> None:
        self.lijst.append(ImportFout(rij, kolom, str(melding)))

    def add_error(self, rij: int | None, kolom: str, error: ValidationError) -> None:
        """The messages of a shared rule's refusal (accounts.dates, the models' validators),
        worded as the page and the API word them."""
        for melding in error.messages:
            self.add(rij, kolom, _zin(melding))

    def gesorteerd(self) -> list[ImportFout]:
        return sorted(
            self.lijst,
            key=lambda f: (f.rij or 0, VOLGORDE.get(f.kolom, len(VOLGORDE)), f.melding),
        )


def kolom_meldingen(
    error: ValidationError, veld_kolom: dict[str, str] | None = None
) -> Iterator[tuple[str, str]]:
    """The messages of a model's or service's ValidationError with the column each is about
    ('' when none fits): fields are named as in ``veld_kolom``, else as the user sees them."""
    veld_kolom = veld_kolom or {}
    if not hasattr(error, "error_dict"):
        kolom = veld_kolom.get(NON_FIELD_ERRORS, "")
        for melding in error.messages:
            yield kolom, _zin(melding)
        return
    for veld, meldingen in error.message_dict.items():
        kolom = veld_kolom.get(veld, _KOLOM_VAN_VELD.get(veld, veld))
        for melding in meldingen:
            yield kolom if kolom in VOLGORDE else "", _zin(melding)


def _zin(melding: str) -> str:
    """Django's messages start with a capital; after 'Rij 4, kolom x:' a lower case reads on."""
    return melding[:1].lower() + melding[1:] if melding[1:2].islower() else melding
