from django.utils.functional import SimpleLazyObject

from .roles import acting_membership, acting_role, memberships_of


def acting(request) -> dict:
    """The role the user acts in, for the header and the role switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "acting_membership": acting_membership(user),
        "acting_role": acting_role(user),
        "memberships": memberships_of(user),
        # evaluated only when the header shows it
        "ongelezen_notificaties": SimpleLazyObject(
            lambda: user.notificaties.filter(gelezen_op__isnull=True).count()
        ),
    }
