"""The realised casemanagement that inkoop shows beside a contract, which inkoop does not
compute itself: the figures come from the contact log in casemanagement, a sibling app that
inkoop may not import (and that may not import inkoop).

inkoop declares here what it needs; the project, which sits above both, registers the
supplier when Django starts (``config.apps.ProjectConfig.ready()``,
docs/decisions/0014-no-upward-edges.md). With nothing registered the contract pages say
that the realisation is not available yet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Protocol


class Gerealiseerd(Protocol):
    """What an organisation realised in a calendar year."""

    uren: Decimal
    clienten: int


# (organisatie_ids, jaar) -> {organisatie_id: Gerealiseerd}; organisations without any
# contact in that year may be absent.
RealisatieBron = Callable[[list[int], int], Mapping[int, Gerealiseerd]]

_bron: RealisatieBron | None = None


def register_bron(bron: RealisatieBron | None) -> None:
    """Set the supplier of the realisation figures (None: not available)."""
    global _bron
    _bron = bron


def bron() -> RealisatieBron | None:
    """The registered supplier, or None while no app supplies the figures."""
    return _bron
