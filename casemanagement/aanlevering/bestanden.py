"""The upload's files into the same batch as the API's JSON: one CSV/XLSX file per record
type, with the JSON field names as column names. ``uitstel`` in a file: periods as
``van/tot`` separated by ``;`` (e.g. ``2026-09-10/2026-09-20``); a file with that column
gives every row's whole list, so an empty cell is no postponement (as ``[]`` in JSON)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..importeren.lezen import Bestandsfout, _kolomnaam, lees
from .formaat import SOORTEN, VERSIE


def _uitstel(tekst: str) -> list[dict]:
    perioden = []
    for deel in filter(None, (d.strip() for d in tekst.split(";"))):
        van, _sep, tot = deel.partition("/")
        perioden.append({"van": van.strip(), "tot": tot.strip()})
    return perioden


def _records(data: bytes, naam: str) -> list[dict]:
    rijen = lees(data, naam)
    if not rijen:
        return []
    kolommen = [_kolomnaam(cel) for cel in rijen[0][1]]
    records = []
    for _nummer, cellen in rijen[1:]:
        record = {
            kolom: cel for kolom, cel in zip(kolommen, cellen, strict=False) if kolom and cel != ""
        }
        if not record:
            continue
        if "uitstel" in kolommen:
            record["uitstel"] = _uitstel(str(record.get("uitstel", "")))
        records.append(record)
    return records


def batch_uit_bestanden(bestanden: dict) -> dict:
    """``{soort: UploadedFile}`` into a batch; raises Bestandsfout naming the file."""
    batch: dict = {"versie": VERSIE}
    for soort in SOORTEN:
        bestand = bestanden.get(soort)
        if bestand is None:
            continue
        try:
            batch[soort] = _records(bestand.read(), bestand.name)
        except Bestandsfout as fout:
            raise Bestandsfout(f"{bestand.name}: {fout.melding}") from fout
    if len(batch) == 1:
        raise Bestandsfout(_("Kies ten minste één bestand."))
    return batch
