"""Writes of casemanagement, one module per subdomain: ``registratie`` (clients, carers),
``aanmeldingen`` (the referral and its waitlist events), ``toewijzing`` (assignment,
reassignment, casemanager profiles), ``trajecten`` (contacts, intensity, measurements,
closing), ``indicaties`` and ``uitnodigingen`` (casemanagers join by invitation). Every
function runs in a transaction, takes the ``actor``, checks its right
(casemanagement.permissions; the object's scope is checked where it is fetched, through
``visible_to``), validates, and writes the access-log row in the same transaction.

Rules enforced here (DESIGN.md): one open traject per client (also a partial unique index);
no assignment past the caseload norm without an explicit, logged override (the casemanager
row is locked while counting, so concurrent assignments cannot both take the last place);
only casemanagers of affiliated casemanagement providers (rule 3); indications only valid
when set or co-signed by a verpleegkundige (rule 4); BSN validated, encrypted, hashed (rule 6).

The public functions are re-exported here, so callers write ``services.contact_log``.
"""

from .aanmeldingen import (
    aanmelding_afmelden,
    aanmelding_change_netwerk,
    aanmelding_create,
    uitstel_add,
)
from .indicaties import indicatie_cosign, indicatie_create
from .notificaties import casemanager_notify_assigned, casemanager_notify_cosign_requested
from .registratie import (
    IDENTITEIT_ONJUIST,
    Registratie,
    client_register,
    client_update,
    identiteit_klopt,
    mantelzorger_save,
    registratie_weigering_log,
)
from .toewijzing import (
    CaseloadVol,
    aanmelding_assign,
    casemanager_move,
    casemanager_save,
    check_casemanager_organisatie,
    traject_change_casemanager,
    traject_transfer,
)
from .trajecten import (
    contact_log,
    meting_add,
    metingen_add,
    traject_close,
    traject_set_intensiteit,
)
from .uitnodigingen import (
    casemanager_invitation_accept,
    casemanager_invitation_resend,
    casemanager_invitation_revoke,
    casemanager_invite,
    invitation_refusal,
)

__all__ = [
    "IDENTITEIT_ONJUIST",
    "CaseloadVol",
    "Registratie",
    "aanmelding_afmelden",
    "aanmelding_assign",
    "aanmelding_change_netwerk",
    "aanmelding_create",
    "casemanager_invitation_accept",
    "casemanager_invitation_resend",
    "casemanager_invitation_revoke",
    "casemanager_invite",
    "casemanager_move",
    "casemanager_notify_assigned",
    "casemanager_notify_cosign_requested",
    "casemanager_save",
    "check_casemanager_organisatie",
    "client_register",
    "client_update",
    "contact_log",
    "identiteit_klopt",
    "indicatie_cosign",
    "indicatie_create",
    "invitation_refusal",
    "mantelzorger_save",
    "meting_add",
    "metingen_add",
    "registratie_weigering_log",
    "traject_change_casemanager",
    "traject_close",
    "traject_set_intensiteit",
    "traject_transfer",
    "uitstel_add",
]
