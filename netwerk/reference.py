"""Reference data shipped with the application (netwerk/data)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_gemeenten(gemeente_model) -> int:
    """Add the gemeenten of netwerk/data/gemeenten.csv that are missing; returns how many.
    Takes the model as argument so data migrations can pass their historical model."""
    with open(DATA / "gemeenten.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(gemeente_model.objects.values_list("cbs_code", flat=True))
    created = gemeente_model.objects.bulk_create(
        [
            gemeente_model(cbs_code=row["cbs_code"], naam=row["naam"], provincie=row["provincie"])
            for row in rows
            if row["cbs_code"] not in existing
        ]
    )
    return len(created)
