"""Counts of people as an insurer (or the public) sees them in the waitlist figures: below
5 as "<5" (DESIGN.md rule 5). One function for the NZa quarterly figures
(wachtlijst.nza) and the national inventory (wachtlijst.landelijk), on the pages, in the
exports and in the API. Who must see masked counts: inkoop.permissions.must_mask_small_counts
(insurers); the public page always masks."""

from __future__ import annotations

from inkoop.selectors import SMALL_COUNT_LIMIT

KLEIN_AANTAL = f"<{SMALL_COUNT_LIMIT}"


def klein_aantal(aantal: int, *, maskeren: bool) -> int | str:
    """A count of people as shown to the reader: "<5" below 5 when ``maskeren``."""
    if maskeren and aantal < SMALL_COUNT_LIMIT:
        return KLEIN_AANTAL
    return aantal
