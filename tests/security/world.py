"""The world the security walks run in: two sides built by tests.authz.build_side ("eigen",
the acting users' own party, and "ander", another network with another insurer), a user of
every regional role on each side, the national roles, and a confirmed second factor for
every user so that any of them can be logged in, in any of their memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from accounts.roles import SESSION_KEY, memberships_of
from casemanagement.models import Aanmelding, Casemanager, Indicatie
from tests.authz import Side, build_side
from tests.casemanagement.factories import TrajectFactory
from tests.netwerk.factories import coordinator_of, national_user, verzekeraar_user

OWN = "eigen"
OTHER = "ander"
# The own network's objects, with the client-level ones of its other care organisation.
OTHER_ORGANISATION = "andere organisatie"
# The own network's objects, with an indication that waits for a co-signature by a
# verpleegkundige of the other care organisation.
COSIGNING = "medeondertekening"


@dataclass
class World:
    sides: dict[str, Side]
    parties: dict[str, dict]
    # the acting users, one of every role, of the own side (national roles: the one user)
    actors: dict[str, User]
    # the same regional roles on the other side: whose forms show the other side's options
    others: dict[str, User]
    devices: dict[int, TOTPDevice] = field(default_factory=dict)
    # what the walks remember of the world as built (it is the same at the start of every
    # test of the module: each test runs in a savepoint that is rolled back)
    cache: dict = field(default_factory=dict)

    @property
    def own(self) -> Side:
        return self.sides[OWN]

    @property
    def other(self) -> Side:
        return self.sides[OTHER]


def build_world(*, cosigner_of_other_organisation: bool = False) -> World:
    sides, parties = {}, {}
    for label in (OWN, OTHER):
        sides[label], parties[label] = build_side(label)
        party = parties[label]
        party["coordinator"] = coordinator_of(party["netwerk"])
        party["verzekeraar"] = verzekeraar_user(party["zorgverzekeraar"])
        # The side's traject has had its first contact: its client is in care, no longer
        # waiting, so a new aanmelding for them can be registered.
        Aanmelding.objects.filter(traject__pk=sides[label].objects["traject_pk"]).update(
            eerste_contact_op=dt.date(2026, 9, 12)
        )
        # A client in care at the other care organisation of the network (no longer
        # waiting): the network's coordinator sees them, the casemanagers of the side's own
        # organisation do not.
        traject = TrajectFactory(
            casemanager=party["casemanager andere organisatie"],
            aanmelding__eerste_contact_op=dt.date(2026, 9, 15),
            startdatum=dt.date(2026, 9, 15),
        )
        party["client andere organisatie"] = traject.client
        if label == OWN:
            sides[OTHER_ORGANISATION] = Side(
                {
                    **sides[OWN].objects,
                    "client_pk": traject.client_id,
                    "traject_pk": traject.pk,
                    "aanmelding_pk": traject.aanmelding_id,
                }
            )
    own = parties[OWN]
    if cosigner_of_other_organisation:
        # A verpleegkundige of another organisation in the network, asked to co-sign an
        # indication set by a sociaal werker of the own organisation.
        traject = TrajectFactory(casemanager=own["casemanager"], startdatum=dt.date(2026, 10, 1))
        indicatie = Indicatie.objects.create(
            traject=traject,
            uren=Decimal(8),
            periode_van=dt.date(2026, 10, 1),
            periode_tot=dt.date(2027, 9, 30),
            opgesteld_door=Casemanager.objects.get(pk=sides[OWN].objects["casemanager_pk"]),
            medeondertekening_door=own["casemanager andere organisatie"],
        )
        sides[COSIGNING] = Side(
            {
                **sides[OWN].objects,
                "client_pk": traject.client_id,
                "traject_pk": traject.pk,
                "aanmelding_pk": traject.aanmelding_id,
                "indicatie_pk": indicatie.pk,
            }
        )
    actors = {
        Role.NETWERKCOORDINATOR: own["coordinator"],
        Role.CASEMANAGER: own["casemanager"].user,
        Role.VERZEKERAAR: own["verzekeraar"],
        Role.SIGNAALTEAM: national_user(Role.SIGNAALTEAM),
        Role.BEHEERDER: national_user(Role.BEHEERDER),
    }
    other = parties[OTHER]
    others = {
        Role.NETWERKCOORDINATOR: other["coordinator"],
        Role.CASEMANAGER: other["casemanager"].user,
        Role.VERZEKERAAR: other["verzekeraar"],
    }
    world = World(sides=sides, parties=parties, actors=actors, others=others)
    for user in User.objects.all():
        world.devices[user.pk] = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return world


def world_fixture(django_db_blocker, *, then: Callable[[World], None] | None = None, **options):
    """The world once for a module (a module-scoped fixture yields from this), in a
    transaction rolled back afterwards; each test runs in a savepoint of it. then: what the
    module adds to the world before its first test."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world(**options)
        if then is not None:
            then(world)
        yield world
        transaction.set_rollback(True)


def fresh(user: User) -> User:
    """The user as the database has it now, without cached memberships."""
    return User.objects.get(pk=user.pk)


def memberships(user: User) -> list:
    """Every active membership of the user (they can switch to each of them); [None] for a
    user without any (a superuser acts as beheerder without one)."""
    return list(memberships_of(fresh(user))) or [None]


def describe_membership(membership) -> str:
    if membership is None:
        return "geen lidmaatschap"
    party = membership.organisatie or membership.zorgverzekeraar or membership.netwerk
    where = f" bij {party}" if party else ""
    if membership.organisatie and membership.netwerk:
        where += f" in {membership.netwerk}"
    return f"{membership.get_rol_display()}{where} (lidmaatschap {membership.pk})"


def describe_user(user: User) -> str:
    roles = ", ".join(describe_membership(m) for m in memberships(user))
    return f"{user.email} [{roles}]"


def log_in(client, world: World, user: User | None, membership=None) -> None:
    """Log the client in as the user, acting in the membership (None: their first), with
    a verified second factor; user None stays anonymous."""
    client.logout()
    if user is None:
        return
    client.force_login(user)
    session = client.session
    device = world.devices.get(user.pk)
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if membership is not None:
        session[SESSION_KEY] = membership.pk
    session.save()
