from django.utils.functional import SimpleLazyObject

from .roles import acting_membership, acting_role, memberships_of, requires_second_factor


def acting(request) -> dict:
    """The role the user acts in, for the header and the role switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if requires_second_factor(user) and not getattr(user, "is_verified", lambda: False)():
        # Logged in with a password only: no menu, no role, no notifications until the
        # second factor is verified (the middleware lets only its own pages through).
        return {"tweede_factor_open": True}
    return {
        "acting_membership": acting_membership(user),
        "acting_role": acting_role(user),
        "memberships": memberships_of(user),
        # evaluated only when the header shows it
        "ongelezen_notificaties": SimpleLazyObject(
            lambda: user.notificaties.filter(gelezen_op__isnull=True).count()
        ),
    }
