"""Statistical disclosure control: the one home of DESIGN.md rule 5 (docs/decisions/0016).

Insurers, the public and the national overviews see aggregates only. What they must not see:

- a count of 1 to ``drempel() - 1`` persons (primary suppression, shown as "<5");
- a figure derived from fewer than ``drempel()`` persons, or from a suppressed count: a
  percentage, an average, a median, a percentile, minutes per client (shown as "x");
- a cell from which a suppressed value could be recomputed: when a total is the sum of
  parts shown beside it, at least two cells of that sum are hidden, and the hidden ones are
  not pinned by their bounds (complementary suppression, shown as "x").

Zero is shown: it describes nobody (the reasoning is in the decision).

A suppressed value is an ``Onderdrukt``. Domain code builds its figures, calls ``aantal``,
``afgeleid`` or ``beveilig`` (a table with its sums), and hands the result to a renderer:

- HTML, PDF text, CSV/XLSX: ``tekst`` ("<5" or "x"), with ``TOELICHTING`` beside the table;
- JSON: the value ``null`` and a sibling ``<field>_onderdrukt: true`` (``OnderdruktMixin``);
- charts: no point (a gap) and ``GRAFIEK_TOELICHTING`` under the chart, never 0.

Who must see suppressed figures: ``moet_onderdrukken(user)``; the public pages always do.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, TypeVar

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

K = TypeVar("K", bound=Hashable)

STANDAARD_DREMPEL = 5
TEKEN_COMPLEMENTAIR = "x"  # CBS: "x" = geheim


def drempel() -> int:
    """The smallest number of persons a figure may describe (setting KLEIN_AANTAL_DREMPEL)."""
    return int(getattr(settings, "KLEIN_AANTAL_DREMPEL", STANDAARD_DREMPEL))


def teken_klein() -> str:
    return f"<{drempel()}"


class Reden(enum.StrEnum):
    KLEIN = "klein"  # a count of 1 to drempel-1 persons
    AFGELEID = "afgeleid"  # derived from fewer than drempel persons or from a hidden count
    COMPLEMENTAIR = "complementair"  # hidden so that another hidden cell cannot be recomputed
    # only in ``vast``: a cell of an output the reader cannot get (yet), e.g. a quarter
    # report not published; an unknown of the system, never rendered, not itself protected
    ONBEKEND = "onbekend"


@dataclass(frozen=True)
class Onderdrukt:
    """A value that is not shown. It refuses arithmetic and ordering, so a renderer that
    forgets to handle it fails loudly instead of printing a number."""

    reden: Reden

    def __str__(self) -> str:
        return tekst(self)


KLEIN = Onderdrukt(Reden.KLEIN)
AFGELEID = Onderdrukt(Reden.AFGELEID)
COMPLEMENTAIR = Onderdrukt(Reden.COMPLEMENTAIR)
ONBEKEND = Onderdrukt(Reden.ONBEKEND)

TOELICHTING = _(
    "“<5”: 1 tot 4 personen. “x”: niet getoond, omdat het over minder dan 5 personen gaat "
    "of omdat er anders een klein aantal uit terug te rekenen is."
)
GRAFIEK_TOELICHTING = _(
    "Een punt dat niet getoond mag worden (minder dan 5 personen) ontbreekt in de grafiek; "
    "de lijn is daar onderbroken."
)


def is_onderdrukt(value: Any) -> bool:
    return isinstance(value, Onderdrukt)


def is_klein(aantal: int) -> bool:
    """1 to drempel-1 persons. Zero is not small: it describes nobody."""
    return 0 < aantal < drempel()


# --- Single figures ---------------------------------------------------------------------------


def aantal(value: int | None, *, onderdrukken: bool = True) -> int | Onderdrukt | None:
    """A count of persons as shown: suppressed when small. Use ``beveilig`` instead when the
    count is part of a sum that is shown too."""
    if not onderdrukken or value is None or is_onderdrukt(value):
        return value
    return KLEIN if is_klein(value) else value


def afgeleid(value, *basis, onderdrukken: bool = True):
    """A figure computed over persons (percentage, average, median, percentile, per client):
    suppressed when any ``basis`` (the number of persons it is computed over, raw or as
    shown) is suppressed or below the threshold. A missing figure (None) stays missing."""
    if not onderdrukken or value is None or is_onderdrukt(value):
        return value
    for b in basis:
        if b is None:
            continue
        if is_onderdrukt(b) or b < drempel():
            return AFGELEID
    return value


def percentage(value, teller: int | None, noemer: int | None, *, onderdrukken: bool = True):
    """A share ``teller`` of ``noemer`` persons: suppressed when the base is small, and when
    the share times the base would give a small count (those in it or those not in it)."""
    if not onderdrukken or value is None or is_onderdrukt(value):
        return value
    if noemer is None or teller is None:
        return afgeleid(value, noemer)
    if noemer < drempel() or is_klein(teller) or is_klein(noemer - teller):
        return AFGELEID
    return value


# --- Tables with sums: complementary suppression ---------------------------------------------


@dataclass(frozen=True)
class Som:
    """``totaal`` equals the sum of ``delen`` (all keys of the same table). ``complement``
    says which cells may be hidden to protect another: "delen" (prefer the parts, keep the
    total) or "totaal" (prefer the total: when the parts are also shown elsewhere, e.g. a
    network's own figures, hiding the total keeps every output consistent)."""

    totaal: Hashable
    delen: tuple[Hashable, ...]
    complement: str = "delen"

    @property
    def cellen(self) -> tuple[Hashable, ...]:
        return (self.totaal, *self.delen)


def beveilig(
    cellen: Mapping[K, int],
    sommen: Iterable[Som],
    *,
    onderdrukken: bool = True,
    vast: Mapping[Hashable, int | Onderdrukt] | None = None,
    eerder: Iterable[Mapping[K, int | Onderdrukt]] = (),
) -> dict[K, int | Onderdrukt]:
    """The table as shown: small counts suppressed, and enough other cells that no hidden
    value follows from the sums (by linear combination, or because the bounds "<5" and "x"
    leave one possible value). Cells not in any sum are only checked for being small.

    Other outputs the same reader can get take part (docs/decisions/0016):

    - ``vast``: cells of other tables already published (as shown there: a number or an
      ``Onderdrukt``; ``ONBEKEND`` for one the reader cannot get yet) that the sums link to
      this table, e.g. the quarter reports under a year report. They cannot be hidden any
      more; only cells of this table are hidden to protect them. Not in the result.
    - ``eerder``: earlier published versions of this same table, as they were shown. A cell
      whose shown earlier value differs from its value now by 1 to drempel-1 is hidden: the
      difference would say how many persons the correction moved.
    """
    if not onderdrukken:
        return dict(cellen)
    sommen = list(sommen)
    vast = dict(vast or {})
    alle: dict = {k: v for k, v in vast.items() if not is_onderdrukt(v)} | dict(cellen)
    verborgen: dict = {k: v.reden for k, v in vast.items() if is_onderdrukt(v)}
    verborgen |= {k: Reden.KLEIN for k, v in cellen.items() if is_klein(v)}
    for versie in eerder:
        for k, was in versie.items():
            getoond = k in cellen and k not in verborgen and isinstance(was, int)
            if getoond and is_klein(abs(cellen[k] - was)):
                verborgen[k] = Reden.COMPLEMENTAIR  # never 0 or small: "x" is right
    for som in sommen:  # a cell of a sum that no output gives: an unknown
        for k in som.cellen:
            if k not in alle and k not in verborgen:
                verborgen[k] = Reden.ONBEKEND
    for k in verborgen:
        alle.setdefault(k, 0)
    vrij = set(cellen)
    for _ronde in range(len(cellen) + 1):
        extra = _complement_nodig(alle, sommen, verborgen, vrij)
        if extra is None:
            break
        verborgen[extra] = Reden.COMPLEMENTAIR
    return {k: Onderdrukt(verborgen[k]) if k in verborgen else v for k, v in cellen.items()}


def _complement_nodig(cellen, sommen: list[Som], verborgen: dict, vrij: set) -> Hashable | None:
    """The next cell to hide (one of ``vrij``), or None when no hidden cell can be derived."""
    for som in sommen:
        if any(k in verborgen for k in som.cellen) and _som_lekt(cellen, som, verborgen):
            keuze = _kies_complement(cellen, som, verborgen, vrij)
            if keuze is not None:
                return keuze
    # sums can combine (a cell in two sums): check the whole system by linear algebra
    beschermd = {k for k, r in verborgen.items() if r != Reden.ONBEKEND}
    for k in afleidbaar(cellen, sommen, set(verborgen)) & beschermd:
        for som in sommen:
            if k in som.cellen:
                keuze = _kies_complement(cellen, som, verborgen, vrij)
                if keuze is not None:
                    return keuze
    return None


def _grenzen(k, cellen, verborgen) -> tuple[int, float]:
    """What a reader knows of a cell: its value when shown, else the range of its sign."""
    if k not in verborgen:
        return cellen[k], cellen[k]
    if verborgen[k] == Reden.KLEIN:
        return 1, drempel() - 1
    if verborgen[k] == Reden.ONBEKEND:
        return 0, float("inf")
    return drempel(), float("inf")  # hidden as complement: never 0, never small


def _som_lekt(cellen, som: Som, verborgen) -> bool:
    """One hidden cell in the sum, or a hidden cell whose range the sum narrows to one value
    (cells the reader cannot get yet, ``ONBEKEND``, need no protection themselves)."""
    hidden = [k for k in som.cellen if k in verborgen]
    beschermd = [k for k in hidden if verborgen[k] != Reden.ONBEKEND]
    if not beschermd:
        return False
    if len(hidden) == 1:
        return True
    lo_t, hi_t = _grenzen(som.totaal, cellen, verborgen)
    delen = [_grenzen(k, cellen, verborgen) for k in som.delen]
    lo_d, hi_d = sum(lo for lo, _ in delen), sum(hi for _, hi in delen)
    if som.totaal in beschermd and max(lo_t, lo_d) == min(hi_t, hi_d):
        return True
    for k, (lo, hi) in zip(som.delen, delen, strict=True):
        if k not in beschermd:
            continue
        # k = totaal - (the other parts)
        lo_k = max(lo, lo_t - (hi_d - hi))
        hi_k = min(hi, hi_t - (lo_d - lo))
        if lo_k == hi_k:
            return True
    return False


def _kies_complement(cellen, som: Som, verborgen, vrij: set) -> Hashable | None:
    """The cell of the sum that costs least to hide: of this table, shown, not zero; the
    parts first unless the sum prefers its total; the smallest value first."""
    kandidaten = [k for k in som.cellen if k in vrij and k not in verborgen and cellen[k] != 0]
    if not kandidaten:
        return None

    def kosten(k) -> tuple:
        is_totaal = k == som.totaal
        voorkeur = is_totaal if som.complement == "delen" else not is_totaal
        return (voorkeur, cellen[k])

    return min(kandidaten, key=kosten)


def afleidbaar(cellen: Mapping, sommen: Iterable[Som], verborgen: set) -> set:
    """The hidden cells whose value follows from the shown cells and the sums by linear
    combination (exact, with fractions)."""
    onbekend = sorted(verborgen, key=repr)
    if not onbekend:
        return set()
    index = {k: i for i, k in enumerate(onbekend)}
    rijen = []
    for som in sommen:
        rij = [Fraction(0)] * len(onbekend)
        for k, teken in ((som.totaal, 1), *((d, -1) for d in som.delen)):
            if k in index:
                rij[index[k]] += teken
        if any(rij):
            rijen.append(rij)
    basis = _rref(rijen)
    return {k for k in onbekend if _in_rijruimte(basis, index[k], len(onbekend))}


def _rref(rijen: list[list[Fraction]]) -> list[list[Fraction]]:
    rijen = [list(r) for r in rijen]
    basis: list[list[Fraction]] = []
    if not rijen:
        return basis
    kolommen = len(rijen[0])
    for kolom in range(kolommen):
        spil = next((r for r in rijen if r[kolom] != 0), None)
        if spil is None:
            continue
        rijen.remove(spil)
        spil = [v / spil[kolom] for v in spil]
        rijen = [[a - r[kolom] * b for a, b in zip(r, spil, strict=True)] for r in rijen]
        basis = [[a - r[kolom] * b for a, b in zip(r, spil, strict=True)] for r in basis]
        basis.append(spil)
    return basis


def _in_rijruimte(basis: list[list[Fraction]], i: int, n: int) -> bool:
    """Is the unit vector e_i a combination of the (reduced) rows?"""
    doel = [Fraction(int(j == i)) for j in range(n)]
    for rij in basis:
        spil = next(j for j, v in enumerate(rij) if v != 0)
        if doel[spil] != 0:
            factor = doel[spil]
            doel = [a - factor * b for a, b in zip(doel, rij, strict=True)]
    return not any(doel)


# --- Rendering --------------------------------------------------------------------------------


def tekst(value, *, decimalen: int | None = None, leeg: str = "–") -> str:
    """A figure as text for HTML, PDF and CSV/XLSX: "<5" for a small count, "x" for every
    other suppressed value, ``leeg`` for no figure, else the number the Dutch way."""
    if value is None or value == "":
        return leeg
    if isinstance(value, Onderdrukt):
        return teken_klein() if value.reden == Reden.KLEIN else TEKEN_COMPLEMENTAIR
    if decimalen is None and isinstance(value, int):
        return number_format(value, force_grouping=True)
    if decimalen is None:
        decimalen = 1
    getal = Decimal(str(value))
    if decimalen < 0:  # as floatformat:"-1": no decimals for a whole number
        decimalen = 0 if getal == getal.to_integral_value() else -decimalen
    getal = getal.quantize(Decimal(1).scaleb(-decimalen), ROUND_HALF_UP)  # Django truncates
    return number_format(getal, decimal_pos=decimalen, force_grouping=True)


def cel(value):
    """A spreadsheet or CSV cell: the number itself, or the text of a suppressed value."""
    return tekst(value) if isinstance(value, Onderdrukt) else value


def grafiekwaarde(value) -> float | None:
    """A chart point: None (a gap) for a suppressed or missing value, never 0."""
    if value is None or isinstance(value, Onderdrukt):
        return None
    return float(value)


def json_waarde(value):
    """The JSON value of a figure: null when suppressed (with ``<field>_onderdrukt: true``)."""
    return None if isinstance(value, Onderdrukt) else value


def moet_onderdrukken(user) -> bool:
    """Insurers see suppressed figures; everybody without a login too (the public pages).
    Coordinators, casemanagers, the signaalteam and beheerders see their figures whole."""
    from accounts.models import Role
    from accounts.roles import acting_role

    if user is None or not getattr(user, "is_authenticated", False):
        return True
    return acting_role(user) == Role.VERZEKERAAR


# --- The API: null with a flag ----------------------------------------------------------------


@functools.cache
def _api_velden():
    """The DRF fields, built lazily so this module imports without the REST framework."""
    from drf_spectacular.utils import extend_schema_field
    from rest_framework import serializers

    beschrijving = (
        "Null wanneer de waarde niet getoond mag worden (minder dan 5 personen, of anders "
        "terug te rekenen); dan staat <veld>_onderdrukt op true."
    )

    @extend_schema_field(
        {"type": "integer", "minimum": 0, "nullable": True, "description": beschrijving}
    )
    class AantalField(serializers.IntegerField):
        """A count of persons that may be suppressed (see OnderdruktMixin)."""

        def __init__(self, **kwargs):
            kwargs.setdefault("allow_null", True)
            kwargs.setdefault("read_only", True)
            help_text = kwargs.pop("help_text", "")
            kwargs["help_text"] = f"{help_text} {beschrijving}".strip()
            super().__init__(**kwargs)

        def to_representation(self, value):
            return None if isinstance(value, Onderdrukt) else super().to_representation(value)

    class DecimalField(serializers.DecimalField):
        """A derived figure (percentage, average, median) that may be suppressed."""

        def __init__(self, **kwargs):
            kwargs.setdefault("allow_null", True)
            kwargs.setdefault("read_only", True)
            kwargs.setdefault("coerce_to_string", False)
            help_text = kwargs.pop("help_text", "")
            kwargs["help_text"] = f"{help_text} {beschrijving}".strip()
            super().__init__(**kwargs)

        def to_representation(self, value):
            return None if isinstance(value, Onderdrukt) else super().to_representation(value)

    class Vlag(serializers.BooleanField):
        def __init__(self, veld: str, **kwargs):
            self.veld = veld
            kwargs["read_only"] = True
            kwargs["source"] = "*"
            kwargs["help_text"] = f"True wanneer {veld} niet getoond mag worden (dan null)."
            super().__init__(**kwargs)

        def get_attribute(self, instance) -> bool:
            # a bool, never None: DRF writes null for a None attribute without asking
            return isinstance(self.parent.fields[self.veld].get_attribute(instance), Onderdrukt)

        def to_representation(self, value) -> bool:
            return bool(value)

    return AantalField, DecimalField, Vlag


class OnderdruktMixin:
    """A serializer whose fields listed in ``onderdrukbaar`` each get a sibling boolean
    ``<field>_onderdrukt`` (in the schema too); a suppressed value itself is null."""

    onderdrukbaar: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        _aantal, _decimal, vlag = _api_velden()
        for naam in self.onderdrukbaar:
            fields[f"{naam}_onderdrukt"] = vlag(naam)
        return fields


def AantalField(**kwargs):
    return _api_velden()[0](**kwargs)


def OnderdrukbaarDecimalField(**kwargs):
    return _api_velden()[1](**kwargs)
