"""NZa-transparantie: the quarterly figures per vestiging (AGB code) of a network.

- peildata.py: which dates are peildata;
- selectors.py: the figures computed from the Treeknorm clock (``nza_cijfers``), the stored
  quarters in the same shape, the reads of the pages and the API;
- permissions.py: who sees and manages them; services.py: make, publish, correct a quarter;
- views.py, forms.py, exports.py, urls.py (pages, "wachtlijst" namespace) and api.py;
- cyclus.py, cyclus_views.py, zorgbeeldportaal.py: the quarterly cycle (providers confirm or
  correct per vestiging, reminders, the delivery to the NZa's Zorgbeeldportaal;
  docs/decisions/0024).
The quarters themselves are wachtlijst.models.nza (NzaKwartaal, NzaKwartaalRegel).

Figures on a peildatum P (DESIGN.md rule 1 and the NZa-transparantie glossary entry):
- wachtend: aanmeldingen of the network waiting on P (``wachtlijst.selectors.wachtend_op``),
  at the aanmelding's vestiging; without a vestiging at the first active vestiging (by AGB
  code) of the aanmelding's organisation; without an organisation (a central aanmelding at
  the network) in a separate row without AGB code;
- wachtend 6 weken of langer: of those, an NZa wait of 42 days or more, whatever
  postponements the client asked for (``wachtlijst.selectors.zes_weken_of_langer``);
- in zorg: clients of the network in care on P (``wachtlijst.selectors.in_zorg_op``:
  started on or before P, not ended on or before P, one traject per client), at the first
  active vestiging of the traject's organisation;
- casemanagers and their fte: the network's active casemanagers, at the first active
  vestiging of their organisation. Casemanagers belong to organisations, not to vestigingen,
  so an organisation's whole casemanager capacity is reported at one vestiging.
An organisation without an active vestiging is reported in a row of its own without AGB code,
so no figure is lost and the coordinator sees the gap. Every affiliated casemanagement
provider has at least a row (with zeros) at its first vestiging. The network totals are the
sums of the rows; the average wait is the mean NZa wait of those waiting on P.
"""

# Re-exported for the callers outside the package (the quarterly job in wachtlijst.tasks,
# the demo seeders): making, publishing and computing a quarter, without knowing its modules.
from .peildata import laatste_peildatum, peildata_tot
from .selectors import REGEL_VELDEN, TOTAAL_VELDEN, NzaCijfers, nza_cijfers
from .services import (
    nza_kwartaal_concept,
    nza_kwartaal_concept_for_all,
    nza_kwartaal_publish,
)

__all__ = [
    "REGEL_VELDEN",
    "TOTAAL_VELDEN",
    "NzaCijfers",
    "laatste_peildatum",
    "nza_cijfers",
    "nza_kwartaal_concept",
    "nza_kwartaal_concept_for_all",
    "nza_kwartaal_publish",
    "peildata_tot",
]
