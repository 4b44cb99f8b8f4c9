"""Writes of the netwerk app, one module per subdomain: ``partijen`` (the network's facts and
norms, werkgebied, organisations, vestigingen, aansluitingen), ``plannen`` (the meerjarenplan,
its sections, workflow, new versions, jaarplannen and actions), ``doelen`` (goals, indicators,
targets, measured values), ``gesprekken`` (voortgangsgesprekken and their afspraken) and
``importeren`` (gemeenten and population figures from CSV). One function per use case,
keyword-only and transactional, taking the ``actor`` and checking its right
(netwerk.permissions) itself.

Every change to plans, goals, indicators and meetings is recorded by django-simple-history;
services pass the acting user as ``_history_user`` so the history says who did it, also when
called from a task or a command. The reference-data writes check their right too:
werkgebied and the CSV imports ``can_manage_reference_data`` (the import commands act as
the system), organisations, vestigingen and aansluitingen the coordinator's or beheerder's.

The public functions are re-exported here, so callers write ``services.meerjarenplan_adopt``.
"""

from .doelen import (
    doel_create,
    doel_delete,
    doel_update,
    indicator_create,
    indicator_update,
    realisatie_add,
    streefwaarden_set,
)
from .gesprekken import (
    afspraak_create,
    afspraak_update,
    voortgangsgesprek_create,
    voortgangsgesprek_update,
)
from .importeren import ImportResult, bevolking_import, gemeenten_update_from_cbs
from .partijen import (
    aansluiting_create,
    aansluiting_update,
    netwerk_update,
    organisatie_create,
    vestiging_create,
    werkgebied_add,
    werkgebied_end,
)
from .plannen import (
    PlanNotEditable,
    actie_create,
    actie_update,
    meerjarenplan_adopt,
    meerjarenplan_beoordelen,
    meerjarenplan_create,
    meerjarenplan_new_version,
    meerjarenplan_submit,
    meerjarenplan_update,
    meerjarenplan_withdraw,
    missing_required_topics,
    plansectie_add,
    plansectie_delete,
    plansectie_update,
)

__all__ = [
    "ImportResult",
    "PlanNotEditable",
    "aansluiting_create",
    "aansluiting_update",
    "actie_create",
    "actie_update",
    "afspraak_create",
    "afspraak_update",
    "bevolking_import",
    "doel_create",
    "doel_delete",
    "doel_update",
    "gemeenten_update_from_cbs",
    "indicator_create",
    "indicator_update",
    "meerjarenplan_adopt",
    "meerjarenplan_beoordelen",
    "meerjarenplan_create",
    "meerjarenplan_new_version",
    "meerjarenplan_submit",
    "meerjarenplan_update",
    "meerjarenplan_withdraw",
    "missing_required_topics",
    "netwerk_update",
    "organisatie_create",
    "plansectie_add",
    "plansectie_delete",
    "plansectie_update",
    "realisatie_add",
    "streefwaarden_set",
    "vestiging_create",
    "voortgangsgesprek_create",
    "voortgangsgesprek_update",
    "werkgebied_add",
    "werkgebied_end",
]
