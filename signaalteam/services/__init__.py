"""Writes of the signaalteam app: one function per use case, keyword-only, transactional.

Functions acting for a person take the ``actor`` and check the right themselves
(signaalteam.permissions), raising PermissionDenied, so no caller can skip it; what the
system does on its own (meldpunt submissions, automatic signals from the waitlist figures,
the retention job) takes no user. Every change is validated with full_clean (and backed by
the database constraints) and raises a ValidationError in Dutch.

Workflow:
    gemeld --take up--> in behandeling --close--> opgelost | gesloten zonder oplossing
    gemeld --close--> gesloten zonder oplossing   (a duplicate, spam, out of scope)
    opgelost | gesloten zonder oplossing --reopen (with a reason)--> in behandeling
A signal cannot be "opgelost" without having been taken up. Closing requires a summary of
the resolution; it is kept on the timeline when the signal is reopened (the field itself
is emptied for the next closing).

Every service that changes text rewrites the signal's search vector in one UPDATE
statement (titel weight A, omschrijving B, the text of all actions C, configuration
'dutch').
"""

from .automatisch import wachtlijst_meting_verwerken
from .common import signaalteam_leden, zoekvector_bijwerken
from .melders import bewaartermijn_melder_dagen, melder_gegevens_opschonen, meldpunt_submit
from .signalen import (
    TRANSITIONS,
    actie_add,
    afspraak_opgevolgd,
    signaal_close,
    signaal_create,
    signaal_reopen,
    signaal_take_up,
    signaal_update,
)

__all__ = [
    "TRANSITIONS",
    "actie_add",
    "afspraak_opgevolgd",
    "bewaartermijn_melder_dagen",
    "melder_gegevens_opschonen",
    "meldpunt_submit",
    "signaal_close",
    "signaal_create",
    "signaal_reopen",
    "signaal_take_up",
    "signaal_update",
    "signaalteam_leden",
    "wachtlijst_meting_verwerken",
    "zoekvector_bijwerken",
]
