"""The checks across rows and against the database: what each valid row will create, and
what the rules would refuse later (one person twice on a date, two people with one BSN, a
second waiting aanmelding or open traject for a client, a casemanager past the caseload
norm)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _

from accounts.actor import Actor
from accounts.models import User

from ..identifiers import bsn_hash
from ..models import Aanmelding, Client, Traject
from ..services import IDENTITEIT_ONJUIST, identiteit_klopt, registratie_weigering_log
from .controle import Rij
from .referentie import Referentie
from .resultaat import Fouten


def _bestaande_clienten(bsns: Iterable[str]) -> dict[str, Client]:
    hashes = {bsn_hash(bsn): bsn for bsn in bsns}
    clients: dict[str, Client] = {}
    keys = list(hashes)
    for start in range(0, len(keys), 1000):
        for client in Client.objects.filter(bsn_hash__in=keys[start : start + 1000]):
            clients[hashes[client.bsn_hash]] = client
    return clients


def plan(
    rijen: list[Rij], ref: Referentie, override_reden: str, fouten: Fouten, *, user: User
) -> None:
    """Decide per valid row what to create, refusing up front what the rules would refuse
    later: one person twice on a date, two people with one BSN, a second waiting aanmelding
    or open traject for a client, a casemanager past the caseload norm without a reason.
    Known clients the importer may not see are refused without telling anything about them
    (as registration through the page does)."""
    per_persoon: dict[str, list[Rij]] = defaultdict(list)
    for rij in rijen:
        per_persoon[rij.bsn].append(rij)
    bestaand = _bestaande_clienten(per_persoon)
    zichtbaar = set(
        Client.objects.visible_to(user)
        .filter(pk__in=[client.pk for client in bestaand.values()])
        .values_list("pk", flat=True)
    )
    for bsn, client in list(bestaand.items()):
        if client.pk not in zichtbaar:
            _weiger_onzichtbaar(per_persoon.pop(bsn), client, user, fouten)
    bestaand = {bsn: client for bsn, client in bestaand.items() if client.pk in zichtbaar}
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


def _weiger_onzichtbaar(groep: list[Rij], client: Client, user: User, fouten: Fouten) -> None:
    """Rows of a known client the importer may not see: a wrong surname or birth date is
    refused as on the registration page (and logged); a right one too, since the import
    only writes into the importer's own records: register such a client on the page."""
    for rij in groep:
        if not identiteit_klopt(client, rij.client_velden):
            registratie_weigering_log(actor=Actor.of(user), client_id=client.pk)
            fouten.add(rij.rij, "bsn", IDENTITEIT_ONJUIST)
        else:
            fouten.add(
                rij.rij,
                "bsn",
                _(
                    "deze cliënt kan niet via de import worden aangemeld. Meld hem of haar aan "
                    "via ‘Cliënt aanmelden’; de aanmelding komt dan bij de juiste "
                    "netwerkcoördinator."
                ),
            )


def _uniek(groep: list[Rij], fouten: Fouten) -> list[Rij]:
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


def _koppel_bestaande(
    rijen: list[Rij], aanmeldingen: list[Aanmelding], heeft_open_traject: bool
) -> Rij | None:
    """Rows already imported (same client, same date) first: they may give a waiting
    aanmelding its traject. Returns the row that makes the client's traject, if any."""
    op_datum = {aanmelding.datum: aanmelding for aanmelding in aanmeldingen}
    traject_rij: Rij | None = None
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
    return traject_rij


def _weigering_nieuwe_aanmelding(
    rij: Rij, client: Client | None, ref: Referentie, wacht_al: bool
) -> tuple[str, str] | None:
    """Why a new aanmelding for a known client cannot be made (column, message), or None."""
    if client is not None and not ref.in_werkgebied(client.gemeente, rij.datum):
        return (
            "gemeente",
            _(
                "deze cliënt is al geregistreerd met een woongemeente buiten uw netwerk. "
                "Laat de woongemeente eerst aanpassen."
            ),
        )
    if wacht_al:
        return (
            "aanmelddatum",
            _(
                "deze cliënt staat al op de wachtlijst met een aanmelding van een andere "
                "datum; een nieuwe aanmelding kan pas als die is afgerond."
            ),
        )
    return None


def _plan_persoon(
    rijen: list[Rij],
    *,
    client: Client | None,
    aanmeldingen: list[Aanmelding],
    heeft_open_traject: bool,
    ref: Referentie,
    fouten: Fouten,
) -> None:
    traject_rij = _koppel_bestaande(rijen, aanmeldingen, heeft_open_traject)
    gestopt = {
        rij.bestaande_aanmelding.pk
        for rij in rijen
        if rij.bestaande_aanmelding is not None and rij.traject_maken and rij.eerste_contact_op
    }
    blijft_wachtend = [a for a in aanmeldingen if a.is_wachtend and a.pk not in gestopt]
    wachtende_rij: Rij | None = None
    for rij in rijen:
        if rij.bestaande_aanmelding is not None:
            continue
        weigering = _weigering_nieuwe_aanmelding(rij, client, ref, bool(blijft_wachtend))
        if weigering is not None:
            fouten.add(rij.rij, *weigering)
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
    rijen: list[Rij], ref: Referentie, override_reden: str, fouten: Fouten
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
        capaciteit = casemanager.plaatsen
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
