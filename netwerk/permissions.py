"""Who may see and change netwerk data. Deny by default: unknown roles see nothing.

- beheerder, signaalteam: every network (national roles); beheerder changes reference data
  (gemeenten, population figures, werkgebieden).
- netwerkcoördinator: sees and changes their own network, its partners (new organisations,
  their vestigingen, aansluitingen), plans and meetings.
- casemanager: only the public facts of their own network (name, website, werkgebied,
  partners), not its plans, meetings or capacity.
- verzekeraar: reads the networks it has an agreed relation with (see below); records
  voortgangsgesprekken of networks where it is preferent.
- voortgangsgesprekken (the meetings of a network with its preferente verzekeraar): the
  network's coordinator, its preferente verzekeraar and the national roles only; not other
  insurers, even with an accepted contract, and not casemanagers.

The insurer rule (docs/decisions/0009-insurer-visibility.md): visibility follows agreed
relations, never something the insurer did on its own. An insurer reads a network (its
facts, plans, doelen, capacity, NZa figures, reports, its row in national figures) when it is
the network's preferente zorgverzekeraar, or has a contract for the network that the network
side accepted (``inkoop.Contract.geaccepteerd_op`` is set: afgesloten, or ended after it was
accepted). A concept or offered contract, which the insurer makes alone, gives nothing.
netwerk sits below inkoop and does not import it: the rule reaches contracts through the
reverse relation ``contracten`` by field name. ``netwerken_met_relatie`` (per insurer) and
``zorgverzekeraars_met_relatie`` (per network) are the two directions of this one rule, and
a test holds them together.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.roles import acting_membership, acting_role

NATIONAL_ROLES = (Role.BEHEERDER, Role.SIGNAALTEAM)


# An accepted contract, seen from the contract (inkoop.Contract): set on acceptance by the
# network side, kept when the contract ends, cleared when the terms change.
ACCEPTED_CONTRACT = {"geaccepteerd_op__isnull": False}


def netwerken_met_relatie(zorgverzekeraar_id: int | None) -> Q:
    """The networks (as a filter on Netwerk) an insurer has an agreed relation with:
    preferent, or an accepted contract for the network."""
    from .models import Netwerk

    if zorgverzekeraar_id is None:
        return Q(pk__in=[])
    accepted = {f"contracten__{key}": value for key, value in ACCEPTED_CONTRACT.items()}
    return Q(preferente_zorgverzekeraar_id=zorgverzekeraar_id) | Q(
        pk__in=Netwerk.objects.filter(
            contracten__zorgverzekeraar_id=zorgverzekeraar_id, **accepted
        ).values("pk")
    )


def zorgverzekeraars_met_relatie(netwerk) -> QuerySet:
    """The insurers with an agreed relation with this network (the same rule from the other
    side): who may read it, and so who is told about its new reports."""
    from .models import Zorgverzekeraar

    return Zorgverzekeraar.objects.filter(
        Q(pk=netwerk.preferente_zorgverzekeraar_id)
        | Q(pk__in=netwerk.contracten.filter(**ACCEPTED_CONTRACT).values("zorgverzekeraar_id"))
    )


def filter_visible_netwerken(queryset: QuerySet, user) -> QuerySet:
    role = acting_role(user)
    if role in NATIONAL_ROLES:
        return queryset
    membership = acting_membership(user)
    if role in (Role.NETWERKCOORDINATOR, Role.CASEMANAGER):
        return queryset.filter(pk=membership.netwerk_id)
    if role == Role.VERZEKERAAR:
        return queryset.filter(netwerken_met_relatie(membership.zorgverzekeraar_id))
    return queryset.none()


def filter_netwerken_with_details(queryset: QuerySet, user) -> QuerySet:
    """Networks whose plans, meetings and capacity the user may read (not casemanagers)."""
    if acting_role(user) == Role.CASEMANAGER:
        return queryset.none()
    return filter_visible_netwerken(queryset, user)


def can_view_netwerk(user, netwerk) -> bool:
    from .models import Netwerk

    return filter_visible_netwerken(Netwerk.objects.filter(pk=netwerk.pk), user).exists()


def can_view_netwerk_details(user, netwerk) -> bool:
    from .models import Netwerk

    return filter_netwerken_with_details(Netwerk.objects.filter(pk=netwerk.pk), user).exists()


def filter_netwerken_with_gesprekken(queryset: QuerySet, user) -> QuerySet:
    """Networks whose voortgangsgesprekken (and their afspraken) the user may read: the
    coordinator its own, the preferente verzekeraar its regions, national roles all."""
    role = acting_role(user)
    if role in NATIONAL_ROLES:
        return queryset
    membership = acting_membership(user)
    if role == Role.NETWERKCOORDINATOR:
        return queryset.filter(pk=membership.netwerk_id)
    if role == Role.VERZEKERAAR and membership.zorgverzekeraar_id is not None:
        return queryset.filter(preferente_zorgverzekeraar_id=membership.zorgverzekeraar_id)
    return queryset.none()


def filter_visible_voortgangsgesprekken(queryset: QuerySet, user) -> QuerySet:
    from .models import Netwerk

    return queryset.filter(
        netwerk__in=filter_netwerken_with_gesprekken(Netwerk.objects.all(), user)
    )


def can_view_voortgangsgesprekken(user, netwerk) -> bool:
    from .models import Netwerk

    return filter_netwerken_with_gesprekken(Netwerk.objects.filter(pk=netwerk.pk), user).exists()


def can_change_netwerk(user, netwerk) -> bool:
    """Coordinators change their own network (partners, plans, norms); beheerders any."""
    return can_change_netwerk_id(user, netwerk.pk)


def can_change_netwerk_id(user, netwerk_id: int) -> bool:
    """can_change_netwerk for a network known by id (a service that holds a plan row)."""
    role = acting_role(user)
    if role == Role.BEHEERDER:
        return True
    membership = acting_membership(user)
    return role == Role.NETWERKCOORDINATOR and membership.netwerk_id == netwerk_id


def can_edit_plan(user, plan) -> bool:
    return plan.is_bewerkbaar and can_change_netwerk(user, plan.netwerk)


def can_record_voortgangsgesprek(user, netwerk) -> bool:
    """The coordinator of the network or the preferente zorgverzekeraar itself."""
    if can_change_netwerk(user, netwerk):
        return True
    membership = acting_membership(user)
    return (
        acting_role(user) == Role.VERZEKERAAR
        and netwerk.preferente_zorgverzekeraar_id is not None
        and membership.zorgverzekeraar_id == netwerk.preferente_zorgverzekeraar_id
    )


def is_preferent_for(user, netwerk) -> bool:
    """The user acts for the network's preferente zorgverzekeraar."""
    membership = acting_membership(user)
    return (
        acting_role(user) == Role.VERZEKERAAR
        and membership is not None
        and netwerk.preferente_zorgverzekeraar_id is not None
        and membership.zorgverzekeraar_id == netwerk.preferente_zorgverzekeraar_id
    )


def can_review_plan(user, plan) -> bool:
    """Only the preferente zorgverzekeraar of the plan's network answers a submitted plan
    (agreement or comments; docs/decisions/0019)."""
    from .models import PlanStatus

    return plan.status == PlanStatus.INGEDIEND and is_preferent_for(user, plan.netwerk)


def can_manage_reference_data(user) -> bool:
    """Gemeenten, population figures and the werkgebieden: beheerders only. A werkgebied
    decides which network a new client goes to, so a coordinator does not change it."""
    return acting_role(user) == Role.BEHEERDER


def can_register_organisatie(user) -> bool:
    """A new partner organisation (to affiliate it next): coordinators, for their own network,
    and beheerders. The organisation itself belongs to no network."""
    return acting_role(user) in (Role.BEHEERDER, Role.NETWERKCOORDINATOR)


def can_change_organisatie(user, organisatie) -> bool:
    """An organisation's vestigingen: beheerders, and the coordinators of a network the
    organisation is (or was) affiliated with."""
    role = acting_role(user)
    if role == Role.BEHEERDER:
        return True
    membership = acting_membership(user)
    return (
        role == Role.NETWERKCOORDINATOR
        and organisatie.aansluitingen.filter(netwerk_id=membership.netwerk_id).exists()
    )
