"""Who may see and do what with client data. Deny by default.

- casemanager: clients of their own organisation within their network (for cover during a
  colleague's absence), and the clients of their own trajecten wherever these moved; an
  aanmelding made for an already known client that the registrant could not see
  (``afgeschermd``) gives the organisation no access until the coordinator assigns it;
- netwerkcoördinator: all clients of their network;
- everyone else (verzekeraar, signaalteam, beheerder): no client-level data at all.
Lists, search, exports and the API all go through these querysets.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.roles import acting_membership, acting_role


def _casemanager_scope(user) -> tuple[int, int] | None:
    if acting_role(user) != Role.CASEMANAGER:
        return None
    membership = acting_membership(user)
    return membership.netwerk_id, membership.organisatie_id


def _coordinator_netwerk(user) -> int | None:
    if acting_role(user) != Role.NETWERKCOORDINATOR:
        return None
    return acting_membership(user).netwerk_id


def _casemanager_trajecten(user) -> list[Q] | None:
    """The ways a casemanager sees a traject: of their own organisation in their network, or
    their own wherever it moved."""
    scope = _casemanager_scope(user)
    if scope is None:
        return None
    netwerk_id, organisatie_id = scope
    return [Q(netwerk_id=netwerk_id, organisatie_id=organisatie_id), Q(casemanager__user=user)]


def filter_visible_trajecten(queryset: QuerySet, user) -> QuerySet:
    netwerk_id = _coordinator_netwerk(user)
    if netwerk_id is not None:
        return queryset.filter(netwerk_id=netwerk_id)
    ways = _casemanager_trajecten(user)
    if ways is not None:
        return queryset.filter(ways[0] | ways[1])
    return queryset.none()


def filter_visible_aanmeldingen(queryset: QuerySet, user) -> QuerySet:
    netwerk_id = _coordinator_netwerk(user)
    if netwerk_id is not None:
        return queryset.filter(netwerk_id=netwerk_id)
    scope = _casemanager_scope(user)
    if scope is not None:
        netwerk_id, organisatie_id = scope
        from .models import Traject

        return queryset.filter(
            Q(netwerk_id=netwerk_id, organisatie_id=organisatie_id, afgeschermd=False)
            | Q(pk__in=filter_visible_trajecten(Traject.objects.all(), user).values("aanmelding"))
        )
    return queryset.none()


def filter_visible_clienten(queryset: QuerySet, user) -> QuerySet:
    from .models import Aanmelding, Traject

    netwerk_id = _coordinator_netwerk(user)
    if netwerk_id is not None:
        return queryset.filter(
            Q(netwerk_id=netwerk_id)
            | Q(pk__in=Aanmelding.objects.filter(netwerk_id=netwerk_id).values("client"))
        )
    ways = _casemanager_trajecten(user)
    if ways is not None:
        # The clients of the visible aanmeldingen and trajecten, one IN per way of seeing
        # them: each is found through its own index, where one OR inside a subquery reads
        # every aanmelding and traject of the country (300 ms on the national data).
        netwerk_id, organisatie_id = _casemanager_scope(user)
        visible = Q(
            pk__in=Aanmelding.objects.filter(
                netwerk_id=netwerk_id, organisatie_id=organisatie_id, afgeschermd=False
            ).values("client")
        )
        for way in ways:
            trajecten = Traject.objects.filter(way)
            visible |= Q(pk__in=trajecten.values("client")) | Q(
                pk__in=Aanmelding.objects.filter(pk__in=trajecten.values("aanmelding")).values(
                    "client"
                )
            )
        return queryset.filter(visible)
    return queryset.none()


def filter_visible_casemanagers(queryset: QuerySet, user) -> QuerySet:
    """Coordinators see the casemanagers of their network, casemanagers their colleagues
    (same organisation and network, e.g. to ask a co-signature), beheerders all."""
    role = acting_role(user)
    if role == Role.BEHEERDER:
        return queryset
    netwerk_id = _coordinator_netwerk(user)
    if netwerk_id is not None:
        return queryset.filter(netwerk_id=netwerk_id)
    scope = _casemanager_scope(user)
    if scope is not None:
        netwerk_id, organisatie_id = scope
        return queryset.filter(netwerk_id=netwerk_id, organisatie_id=organisatie_id)
    return queryset.none()


def filter_cosignable_indicaties(queryset: QuerySet, user) -> QuerySet:
    """Indications waiting for the co-signature of the acting user: only the verpleegkundige
    who was asked may see and sign them, wherever the client is."""
    if acting_role(user) != Role.CASEMANAGER:
        return queryset.none()
    return queryset.filter(medeondertekening_door__user=user, medeondertekening_door__actief=True)


def works_with_clients(user) -> bool:
    return acting_role(user) in (Role.CASEMANAGER, Role.NETWERKCOORDINATOR)


def is_coordinator_of(user, netwerk_id: int) -> bool:
    return _coordinator_netwerk(user) == netwerk_id


def own_casemanager(user):
    """The acting user's casemanager profile, or None when they do not act as casemanager."""
    if acting_role(user) != Role.CASEMANAGER:
        return None
    from .models import Casemanager

    return (
        Casemanager.objects.filter(user=user, actief=True)
        .select_related("netwerk", "organisatie")
        .first()
    )


def can_register_client(user) -> bool:
    return works_with_clients(user)


def can_register_at(user, netwerk_id: int, organisatie_id: int | None) -> bool:
    """Where an aanmelding may be made: centrally (no aanbieder yet) at any network, whose
    coordinator then assigns it; at an aanbieder only within the registrant's own scope (a
    coordinator: any aanbieder of their network; a casemanager: their own organisation in
    their network)."""
    if not can_register_client(user):
        return False
    if organisatie_id is None:
        return True
    coordinator_netwerk = _coordinator_netwerk(user)
    if coordinator_netwerk is not None:
        return coordinator_netwerk == netwerk_id
    return _casemanager_scope(user) == (netwerk_id, organisatie_id)


def _visible(filter_visible, model, user, pk) -> bool:
    """Whether the object is in what the user can see: the same rule as the pages' lists."""
    return (
        works_with_clients(user)
        and pk is not None
        and filter_visible(model.objects.filter(pk=pk), user).exists()
    )


def can_change_client(user, client) -> bool:
    """Change a client's data, add or change their carers, make a new aanmelding: whoever may
    see the client."""
    from .models import Client

    return _visible(filter_visible_clienten, Client, user, client.pk)


def can_change_aanmelding(user, aanmelding) -> bool:
    """Postponement, afmelding: whoever may see the aanmelding."""
    from .models import Aanmelding

    return _visible(filter_visible_aanmeldingen, Aanmelding, user, aanmelding.pk)


def can_add_to_traject(user, traject) -> bool:
    """Measurements (and the ground for contacts and indications): whoever may see the
    traject, also a colleague covering for its casemanager."""
    from .models import Traject

    return _visible(filter_visible_trajecten, Traject, user, traject.pk)


def can_log_contact_as(user, traject, casemanager) -> bool:
    """Write a contact of ``casemanager`` in the traject: a casemanager their own contacts, the
    coordinator (the import's first contacts) those of the network's casemanagers; either
    only in a traject they may see. The page's stricter rule is ``can_log_contact``."""
    if acting_role(user) == Role.CASEMANAGER and casemanager.user_id != user.pk:
        return False
    return can_add_to_traject(user, traject)


def can_indicate(user, traject, opgesteld_door) -> bool:
    """Set (or prepare) an indication: a casemanager, as themselves, in a traject they may
    see."""
    return (
        acting_role(user) == Role.CASEMANAGER
        and opgesteld_door.user_id == user.pk
        and can_add_to_traject(user, traject)
    )


def can_cosign(user, indicatie) -> bool:
    """Co-sign: only the verpleegkundige who was asked (``filter_cosignable_indicaties``)."""
    from .models import Indicatie

    return filter_cosignable_indicaties(Indicatie.objects.filter(pk=indicatie.pk), user).exists()


def can_assign(user, aanmelding) -> bool:
    """Toewijzing is the coordinator's job (rule 2 and 3 are enforced by the service)."""
    return is_coordinator_of(user, aanmelding.netwerk_id)


def can_manage_traject(user, traject) -> bool:
    """Change intensity, close, request indications: its casemanager or the coordinator."""
    return is_coordinator_of(user, traject.netwerk_id) or traject.casemanager.user_id == user.pk


def can_log_contact(user, traject) -> bool:
    """Any casemanager who may see the traject (own client or a colleague's, for cover)."""
    return acting_role(user) == Role.CASEMANAGER and traject.is_open


def can_reassign(user, traject) -> bool:
    """Change of casemanager or transfer to another organisation: the coordinator."""
    return is_coordinator_of(user, traject.netwerk_id)


def can_manage_casemanagers(user, netwerk_id: int) -> bool:
    return is_coordinator_of(user, netwerk_id)


def filter_visible_uitnodigingen(queryset: QuerySet, user) -> QuerySet:
    """Casemanager invitations: the coordinator of their network only. The beheerder reads
    them in the admin; nobody else, so no one learns who was invited where."""
    netwerk_id = _coordinator_netwerk(user)
    if netwerk_id is not None:
        return queryset.filter(netwerk_id=netwerk_id)
    return queryset.none()


def can_import(user) -> bool:
    return acting_role(user) == Role.NETWERKCOORDINATOR
