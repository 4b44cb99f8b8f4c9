"""Who may do what in accounts. Deny by default."""

from .models import Role
from .roles import has_role


def can_view_access_log(user) -> bool:
    """Only a beheerder who has verified a second factor this session reads the log."""
    return (
        getattr(user, "is_authenticated", False)
        and has_role(user, Role.BEHEERDER)
        and user.is_verified()
    )
