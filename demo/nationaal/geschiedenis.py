"""Client histories for the national data: pure Python, a seeded random generator, dates as
ordinals (``date.toordinal()``). No database: demo.nationaal.clienten writes them.

Every history respects the invariants the database and the services hold:
- a client's aanmeldingen follow each other: the next one starts after the previous one
  ended (afgemeld, or its traject closed), so a client never waits twice at a time and has
  at most one open traject;
- on an aanmelding the clock stops once: at the first contact (in zorg) or at the afmelding,
  never both, never before the aanmelding; an afmelding has a reason;
- a traject is assigned on or after the aanmelding, starts at the first contact, ends on or
  after its start with a reason; an assigned traject whose client leaves the list before the
  first contact ends on the afmelding (as casemanagement.services.aanmelding_afmelden does);
- a postponement (uitstel) lies inside the wait and has a positive length;
- nothing happens after today.

The waits follow a gamma distribution around the network's typical wait (a long tail of a
few clients waiting months), about one in nine waits has a postponement at the client's
request, and about a fifth of the aanmeldingen leave the list before care starts (opname,
overlijden, afzien, verhuizing). Some clients come back years later: after the huisarts took
over, or after they first declined. The historic clients ended by opname or overlijden.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from casemanagement.models import Afmeldreden, DiagnoseStatus, Eindreden, Fase, Urgentie

NAZORG_DAGEN = 92  # casemanagement.services.NAZORG_STANDAARD

# Where an aanmelding ends (the last one of a client): left before assignment, left after
# assignment before the first contact, or taken into care.
AFGEMELD_VOOR_TOEWIJZING = 0.185
AFGEMELD_NA_TOEWIJZING = 0.015

AFMELDREDENEN_LAATSTE = [
    (Afmeldreden.OPNAME, 35),
    (Afmeldreden.OVERLIJDEN, 25),
    (Afmeldreden.AFZIEN, 22),
    (Afmeldreden.VERHUIZING, 8),
    (Afmeldreden.ANDERS, 10),
]
AFMELDREDENEN_TERUGKEER = [(Afmeldreden.AFZIEN, 70), (Afmeldreden.ANDERS, 30)]
EINDREDENEN_LAATSTE = [
    (Eindreden.OPNAME, 55),
    (Eindreden.OVERLIJDEN, 33),
    (Eindreden.VERHUIZING, 5),
    (Eindreden.AFZIEN, 3),
    (Eindreden.HUISARTS, 4),
]
EINDREDENEN_TERUGKEER = [(Eindreden.HUISARTS, 65), (Eindreden.AFZIEN, 35)]
# casemanagement.services._eindreden_for: an afmelding ends an assigned traject with this
EINDREDEN_BIJ_AFMELDING = {
    Afmeldreden.OPNAME: Eindreden.OPNAME,
    Afmeldreden.OVERLIJDEN: Eindreden.OVERLIJDEN,
    Afmeldreden.VERHUIZING: Eindreden.VERHUIZING,
    Afmeldreden.AFZIEN: Eindreden.AFZIEN,
    Afmeldreden.ANDERS: Eindreden.AFZIEN,
}
FASE_BIJ_EINDE = {
    Eindreden.OPNAME: Fase.OPNAME,
    Eindreden.OVERLIJDEN: Fase.OVERLEDEN,
    Eindreden.VERHUIZING: Fase.VERHUISD,
    Eindreden.AFZIEN: Fase.AFGEZIEN,
}


def gewogen(paren: list[tuple[str, int]]) -> list[str]:
    """A list to draw from with ``rng.choice``: each value as often as its weight."""
    return [waarde for waarde, gewicht in paren for _ in range(gewicht)]


AFMELD_LAATSTE = gewogen(AFMELDREDENEN_LAATSTE)
AFMELD_TERUGKEER = gewogen(AFMELDREDENEN_TERUGKEER)
EINDE_LAATSTE = gewogen(EINDREDENEN_LAATSTE)
EINDE_TERUGKEER = gewogen(EINDREDENEN_TERUGKEER)
AFMELD_NA_TOEWIJZING = gewogen(
    [(Afmeldreden.OPNAME, 45), (Afmeldreden.OVERLIJDEN, 35), (Afmeldreden.AFZIEN, 20)]
)


@dataclass(slots=True)
class Traject:
    toegewezen_op: int
    startdatum: int | None = None
    einddatum: int | None = None
    eindreden: str = ""
    nazorg_tot: int | None = None
    casemanager: object = None  # set when casemanagers are assigned
    id: int = 0

    @property
    def is_open(self) -> bool:
        return self.einddatum is None


@dataclass(slots=True)
class Aanmelding:
    datum: int
    urgentie: str
    eerste_contact_op: int | None = None
    afgemeld_op: int | None = None
    afmeldreden: str = ""
    uitstel: tuple[int, int] | None = None
    traject: Traject | None = None
    organisatie_id: int | None = None
    vestiging_id: int | None = None
    id: int = 0

    @property
    def is_wachtend(self) -> bool:
        return self.eerste_contact_op is None and self.afgemeld_op is None


@dataclass(slots=True)
class Client:
    diagnose_status: str
    aanmeldingen: list[Aanmelding] = field(default_factory=list)
    fase: str = Fase.NIET_PLUIS
    wlz_indicatie: bool = False
    id: int = 0


@dataclass(frozen=True)
class Profiel:
    """What makes one network's histories its own."""

    begin: int  # first day of the records
    vandaag: int
    gemiddelde_wacht: int  # typical wait in days (mean of the gamma distribution)
    tweede_aanmelding: float  # share of clients planned with two or more aanmeldingen
    gemiddelde_duur: int = 840  # typical length of care in days, until opname or overlijden


def _aanmelddatum(rng: random.Random, begin: int, einde: int) -> int:
    """A date in [begin, einde]; a little more often later (a slowly growing number of
    referrals: density rising from 0.8 to 1.2 over the period)."""
    u = rng.random()
    x = (-0.8 + (0.64 + 0.8 * u) ** 0.5) / 0.4
    return begin + int(x * (einde - begin))


def _wacht(rng: random.Random, profiel: Profiel, urgentie: str) -> int:
    if urgentie == Urgentie.CRISIS:
        return rng.randint(0, 4)
    wacht = rng.gammavariate(2, profiel.gemiddelde_wacht / 2)
    if urgentie == Urgentie.HOOG:
        wacht *= 0.5
    return min(int(wacht), 480)


def _urgentie(rng: random.Random) -> str:
    u = rng.random()
    if u < 0.02:
        return Urgentie.CRISIS
    if u < 0.11:
        return Urgentie.HOOG
    return Urgentie.NORMAAL


def aanmelding(
    rng: random.Random, datum: int, profiel: Profiel, *, laatste: bool
) -> tuple[Aanmelding, int | None]:
    """One aanmelding from ``datum`` on, and the earliest day a next one may follow (None
    when the client will not come back: care continues, or it ended for good)."""
    urgentie = _urgentie(rng)
    basis = _wacht(rng, profiel, urgentie)
    a = Aanmelding(datum=datum, urgentie=urgentie)
    wacht = _uitstel(a, rng, basis, profiel.vandaag)
    stop = datum + wacht  # the first contact, if the client stays on the list until then
    uitkomst = _uitkomst(rng, laatste=laatste)
    if uitkomst == "afgemeld":
        return _afgemeld(a, rng, wacht, profiel.vandaag, laatste=laatste)
    if uitkomst == "afgemeld_na_toewijzing":
        return _afgemeld_na_toewijzing(a, rng, wacht, stop, profiel.vandaag)
    return _in_zorg(a, rng, stop, profiel, laatste=laatste)


def _uitstel(a: Aanmelding, rng: random.Random, basis: int, vandaag: int) -> int:
    """About one in nine waits of two weeks or more gets a postponement at the client's
    request (recorded when it began by today); returns the wait including it."""
    if basis >= 14 and rng.random() < 0.11:
        van = a.datum + rng.randint(2, max(2, basis // 2))
        lengte = rng.randint(7, 42)
        if van <= vandaag:
            a.uitstel = (van, van + lengte)
        return basis + lengte  # the client asked to wait: the first contact moves with it
    return basis


def _uitkomst(rng: random.Random, *, laatste: bool) -> str:
    """How the aanmelding ends: a client's last one mostly in care, an earlier one often
    afgemeld (the client comes back later)."""
    u = rng.random()
    if not laatste:
        return "afgemeld" if u < 0.4 else "in_zorg"
    if u < AFGEMELD_VOOR_TOEWIJZING:
        return "afgemeld"
    if u < AFGEMELD_VOOR_TOEWIJZING + AFGEMELD_NA_TOEWIJZING:
        return "afgemeld_na_toewijzing"
    return "in_zorg"


def _afgemeld(
    a: Aanmelding, rng: random.Random, wacht: int, vandaag: int, *, laatste: bool
) -> tuple[Aanmelding, int | None]:
    """Left the list before assignment (or still waiting today, when that lies ahead); after
    afzien or another reason the client may come back."""
    afgemeld = a.datum + int(wacht * rng.uniform(0.1, 1.0))
    if afgemeld > vandaag:
        return a, None  # still waiting today, not assigned yet
    a.afgemeld_op = afgemeld
    a.afmeldreden = rng.choice(AFMELD_LAATSTE if laatste else AFMELD_TERUGKEER)
    if a.uitstel and a.uitstel[0] >= afgemeld:
        a.uitstel = None
    terug = a.afmeldreden in (Afmeldreden.AFZIEN, Afmeldreden.ANDERS)
    return a, afgemeld + rng.randint(60, 700) if terug else None


def _afgemeld_na_toewijzing(
    a: Aanmelding, rng: random.Random, wacht: int, stop: int, vandaag: int
) -> tuple[Aanmelding, int | None]:
    """Assigned, then left the list before the first contact: the traject ends on the
    afmelding. The client does not come back."""
    toegewezen = a.datum + int(wacht * rng.uniform(0.3, 0.9))
    if toegewezen > vandaag:
        return a, None
    afgemeld = toegewezen + int((stop - toegewezen) * rng.random())
    a.traject = Traject(toegewezen_op=toegewezen)
    if afgemeld > vandaag:
        return a, None  # assigned, waiting for the first contact
    a.afgemeld_op = afgemeld
    a.afmeldreden = rng.choice(AFMELD_NA_TOEWIJZING)
    if a.uitstel and a.uitstel[0] >= afgemeld:
        a.uitstel = None
    a.traject.einddatum = afgemeld
    a.traject.eindreden = EINDREDEN_BIJ_AFMELDING[a.afmeldreden]
    return a, None


def _in_zorg(
    a: Aanmelding, rng: random.Random, stop: int, profiel: Profiel, *, laatste: bool
) -> tuple[Aanmelding, int | None]:
    """Assigned shortly before the first contact, in care until today or an end (a client's
    last traject mostly long, until opname or death; an earlier one shorter, after which the
    client may come back)."""
    vandaag = profiel.vandaag
    toegewezen = max(a.datum, stop - rng.randint(0, 10))
    if toegewezen > vandaag:
        return a, None
    a.traject = traject = Traject(toegewezen_op=toegewezen)
    if stop > vandaag:
        return a, None  # assigned, the first contact is still to come
    a.eerste_contact_op = traject.startdatum = stop
    if laatste:
        duur = max(21, int(rng.gammavariate(1.5, profiel.gemiddelde_duur / 1.5)))
    else:
        duur = rng.randint(90, 500)
    einde = stop + duur
    if einde > vandaag:
        return a, None  # in care today
    traject.einddatum = einde
    traject.eindreden = rng.choice(EINDE_LAATSTE if laatste else EINDE_TERUGKEER)
    if traject.eindreden in (Eindreden.OPNAME, Eindreden.OVERLIJDEN):
        traject.nazorg_tot = einde + NAZORG_DAGEN
    terug = traject.eindreden in (Eindreden.HUISARTS, Eindreden.AFZIEN)
    return a, einde + rng.randint(60, 540) if terug and not laatste else None


def _fase(client: Client) -> None:
    """The client's fase after the last aanmelding, as the services would have left it."""
    laatste = client.aanmeldingen[-1]
    traject = laatste.traject
    reden = ""
    if traject is not None and traject.einddatum is not None:
        reden = traject.eindreden
    elif laatste.afgemeld_op is not None and laatste.afmeldreden != Afmeldreden.ANDERS:
        reden = EINDREDEN_BIJ_AFMELDING[laatste.afmeldreden]
    if reden in FASE_BIJ_EINDE:
        client.fase = FASE_BIJ_EINDE[reden]
        client.wlz_indicatie = reden == Eindreden.OPNAME
    elif client.diagnose_status == DiagnoseStatus.GESTELD:
        client.fase = Fase.DIAGNOSE
    else:
        client.fase = Fase.NIET_PLUIS


def client(rng: random.Random, profiel: Profiel) -> Client:
    """One client with one to three aanmeldingen over the years."""
    u = rng.random()
    diagnose = (
        DiagnoseStatus.GESTELD
        if u < 0.72
        else DiagnoseStatus.ONDERZOEK
        if u < 0.82
        else DiagnoseStatus.GEEN
    )
    c = Client(diagnose_status=diagnose)
    u = rng.random()
    gepland = (
        1 if u >= profiel.tweede_aanmelding else 2 if u >= profiel.tweede_aanmelding / 8 else 3
    )
    if gepland == 1:
        datum = _aanmelddatum(rng, profiel.begin, profiel.vandaag)
    else:
        datum = _aanmelddatum(
            rng, profiel.begin, profiel.begin + (profiel.vandaag - profiel.begin) // 2
        )
    for nummer in range(gepland):
        a, volgende = aanmelding(rng, datum, profiel, laatste=nummer == gepland - 1)
        c.aanmeldingen.append(a)
        if volgende is None or volgende > profiel.vandaag:
            break
        datum = volgende
    _fase(c)
    return c
