"""The world the hostile-input and security-header tests run in, the settings that bound
them, and logging in as a role."""

import os

from django.conf import settings as django_settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token

from accounts.actor import Actor
from accounts.models import Role
from casemanagement.aanlevering.sleutels import sleutel_issue
from tests.authz import build_side
from tests.casemanagement.factories import gemeente_in
from tests.netwerk.factories import coordinator_of, national_user, verzekeraar_user

# Bounded, as these run on every CI run: a handful of generated examples per page on top of
# the explicit nasty ones. In CI (CI set) the examples are the same on every run, so a red
# build is reproducible; locally they vary and a failure is replayed from .hypothesis/.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
settings.register_profile(
    "hostile",
    max_examples=3,
    deadline=None,
    derandomize=IN_CI,
    database=None if IN_CI else settings.default.database,
    print_blob=True,
    # the explain phase hides the failing data behind its comments
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
HOSTILE = settings.get_profile("hostile")


def build_world() -> dict:
    """One network with everything a URL can point at (tests.authz), a user of each role in
    it, an API token for each and a gemeente of its werkgebied."""
    side, parties = build_side("eigen")
    users = {
        Role.NETWERKCOORDINATOR: coordinator_of(parties["netwerk"]),
        Role.CASEMANAGER: parties["casemanager"].user,
        Role.VERZEKERAAR: verzekeraar_user(parties["zorgverzekeraar"]),
        Role.SIGNAALTEAM: national_user(Role.SIGNAALTEAM),
        Role.BEHEERDER: national_user(Role.BEHEERDER),
    }
    return {
        "side": side,
        "parties": parties,
        "users": users,
        "device": TOTPDevice.objects.create(user=users[Role.BEHEERDER], name="app", confirmed=True),
        "tokens": {role: Token.objects.create(user=user).key for role, user in users.items()},
        "gemeente": gemeente_in(parties["netwerk"]),
        # the delivery API takes a provider's key, not a person's token
        "aanlever_sleutel": sleutel_issue(
            actor=Actor.of(users[Role.NETWERKCOORDINATOR]),
            netwerk=parties["netwerk"],
            organisatie=parties["casemanager"].organisatie,
            naam="ECD",
        )[1],
    }


def world_fixture(django_db_blocker):
    """The world once for a module (a module-scoped fixture yields from this), in a
    transaction rolled back afterwards; each test runs in a savepoint of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def log_in(client, world, role: str | None) -> None:
    """Log the client in as the world's user of this role (a beheerder with the second
    factor); None stays anonymous."""
    if role is None:
        return
    client.force_login(world["users"][role])
    if role == Role.BEHEERDER:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = world["device"].persistent_id
        session.save()


def keep_session(client):
    """A function that puts the client's current session cookie back: a request inside a
    rolled-back savepoint may have replaced the session (login, logout, switching role)."""
    name = django_settings.SESSION_COOKIE_NAME
    value = client.cookies[name].value if name in client.cookies else None

    def restore() -> None:
        if value is not None:
            client.cookies[name] = value

    return restore
