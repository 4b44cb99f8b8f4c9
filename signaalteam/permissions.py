"""Who may see and do what with signals. Rights follow the acting membership
(accounts.roles); unknown or missing roles see nothing (deny by default).

- signaalteam: sees every signal with the melder's contact details, registers, edits, takes
  up, closes and reopens signals, adds every kind of action.
- beheerder: reads every signal (no melder details), changes nothing.
- netwerkcoördinator: reads the signals about its own network (no melder details) and adds
  updates from the region ("update_regio") to the open ones; does not close or edit.
- verzekeraar: reads the signals about the networks in its region, i.e. the networks for
  which it is the preferente zorgverzekeraar (the insurer that leads the region, see
  inkoop.selectors._in_regio), never the melder details.
- casemanager: nothing; the pages and the API refuse the role.
- the meldpunt's melder (no login): nothing after submitting but the confirmation.

Decision: the melder's contact details are seen by the signaalteam only, the party that
follows up. The issue only rules insurers out; coordinators and beheerders are left out as
well because they do not contact melders, and a melder reporting a problem in a region
should not have to count on that region knowing who reported it (data minimisation). One
function (can_view_melder_gegevens) decides it for pages, exports and the API.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Role
from accounts.roles import acting_membership, acting_role

SIGNAAL_READERS = (Role.SIGNAALTEAM, Role.BEHEERDER, Role.NETWERKCOORDINATOR, Role.VERZEKERAAR)


def _about_netwerken(queryset: QuerySet, **netwerk_filter) -> QuerySet:
    """Signals about at least one network matching the filter, each signal once."""
    through = queryset.model.netwerken.through
    return queryset.filter(
        Exists(
            through.objects.filter(
                signaal_id=OuterRef("pk"),
                **{f"netwerk__{key}": value for key, value in netwerk_filter.items()},
            )
        )
    )


def filter_visible_signalen(queryset: QuerySet, user) -> QuerySet:
    role = acting_role(user)
    if role in (Role.SIGNAALTEAM, Role.BEHEERDER):
        return queryset
    membership = acting_membership(user)
    if role == Role.NETWERKCOORDINATOR and membership.netwerk_id:
        return _about_netwerken(queryset, pk=membership.netwerk_id)
    if role == Role.VERZEKERAAR and membership.zorgverzekeraar_id:
        return _about_netwerken(
            queryset, preferente_zorgverzekeraar_id=membership.zorgverzekeraar_id
        )
    return queryset.none()


def can_list_signalen(user) -> bool:
    """Roles that have signals to see at all; others are refused rather than shown an
    empty list."""
    return acting_role(user) in SIGNAAL_READERS


def can_view_signaal(user, signaal) -> bool:
    from .models import Signaal

    return filter_visible_signalen(Signaal.objects.filter(pk=signaal.pk), user).exists()


def is_signaalteam(user) -> bool:
    return acting_role(user) == Role.SIGNAALTEAM


def can_create_signaal(user) -> bool:
    return is_signaalteam(user)


def can_change_signaal(user, signaal=None) -> bool:
    """Edit, take up, close, reopen: the signaalteam only."""
    return is_signaalteam(user)


def can_view_melder_gegevens(user) -> bool:
    return is_signaalteam(user)


def actie_types_allowed(user, signaal) -> list[str]:
    """The kinds of action the user may add to this signal: every manual kind for the
    signaalteam, only an update from the region for the coordinator of a network the
    signal is about, none for anyone else. (Whether the signal is still open is a rule of
    the service, not a right: services.actie_add refuses actions on a closed signal.)"""
    from .models import HANDMATIGE_ACTIETYPES, ActieType

    role = acting_role(user)
    if role == Role.SIGNAALTEAM:
        return list(HANDMATIGE_ACTIETYPES)
    if role == Role.NETWERKCOORDINATOR:
        netwerk_id = acting_membership(user).netwerk_id
        if signaal.netwerken.filter(pk=netwerk_id).exists():
            return [ActieType.UPDATE_REGIO]
    return []


def can_add_actie(user, signaal) -> bool:
    return bool(actie_types_allowed(user, signaal))


def can_follow_up(user, actie) -> bool:
    """Marking an agreement as followed up: the signaalteam."""
    return is_signaalteam(user)
