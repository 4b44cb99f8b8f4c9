"""Demo users: one per role, all with the same password, printed by `make run`."""

from __future__ import annotations

from functools import cache

from django.contrib.auth.hashers import make_password

from accounts.models import User

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - documented demo login, local only

DEMO_USERS = {
    "beheerder": ("beheerder@demo.dementienetwerk.nl", "Joost van den Berg"),
    "netwerkcoordinator": ("coordinator@demo.dementienetwerk.nl", "Ineke de Vries"),
    "casemanager": ("casemanager@demo.dementienetwerk.nl", "Sanne Bakker"),
    "verzekeraar": ("verzekeraar@demo.dementienetwerk.nl", "Mark Jansen"),
    "signaalteam": ("signaalteam@demo.dementienetwerk.nl", "Fatima El Amrani"),
}


@cache
def demo_password_hash() -> str:
    # Hashing is deliberately slow; the demo's many users share one hash of one password.
    return make_password(DEMO_PASSWORD)


def demo_user(email: str, naam: str, *, is_staff: bool = False) -> User:
    user, _created = User.objects.get_or_create(
        email=email,
        defaults={"naam": naam, "is_staff": is_staff, "password": demo_password_hash()},
    )
    return user


def seed(context: dict) -> None:
    users = {role: demo_user(email, naam) for role, (email, naam) in DEMO_USERS.items()}
    beheerder = users["beheerder"]
    if not beheerder.is_staff or not beheerder.is_superuser:
        beheerder.is_staff = beheerder.is_superuser = True
        beheerder.save(update_fields=["is_staff", "is_superuser"])
    seed_totp_device(beheerder)
    context["users"] = users


# A fixed TOTP key for the demo beheerder, so the demo works without scanning a QR code:
# add DEMO_TOTP_SECRET to an authenticator app, or run `python manage.py demo_totp`.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"


def seed_totp_device(user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(
        user=user,
        name="Demo-authenticator",
        defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True},
    )


def demo_totp_secret() -> str:
    import base64

    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()
