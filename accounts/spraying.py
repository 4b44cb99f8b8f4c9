"""Lockout of a client IP address that tries many accounts (password spraying).

django-axes locks one account after a few failures (per e-mail address and IP address). A
sprayer tries one or two common passwords on many accounts and never reaches that limit.
This module counts, per client IP address, the distinct accounts (e-mail addresses typed,
existing or not) with a failed login within a sliding window; at the threshold the address
is locked out for a period, for every account, a correct password included. The refusal
does not say which accounts exist: unknown addresses count the same as known ones.

django-axes cannot do this itself: with ``[["ip_address"]]`` among its lockout parameters it
counts failures, not distinct accounts, against the same limit as one account (5), so one
person mistyping at a shared office address would lock the whole office out.

State lives in Redis (the default cache): a sorted set per address of hashed e-mail
addresses with the time of their last failure, and a lock key that expires by itself.
Thresholds are settings: LOGIN_SPRAYING_ACCOUNTS, LOGIN_SPRAYING_WINDOW_MINUTES,
LOGIN_SPRAYING_LOCKOUT_MINUTES.
"""

from __future__ import annotations

import hashlib
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest


def _client():
    return cache._cache.get_client(write=True)


def _keys(ip_address: str) -> tuple[str, str]:
    return (
        cache.make_key(f"inlog-spraying:accounts:{ip_address}"),
        cache.make_key(f"inlog-spraying:blokkade:{ip_address}"),
    )


def client_ip(request: HttpRequest) -> str:
    """The client's address as django-axes reads it (behind PROXY_COUNT proxies)."""
    return get_client_ip_address(request) or ""


def record_failure(ip_address: str, username: str) -> bool:
    """Count a failed login for the account from the address; True when the address is
    locked out from now on."""
    now = time.time()
    window = settings.LOGIN_SPRAYING_WINDOW_MINUTES * 60
    accounts_key, lock_key = _keys(ip_address)
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:24]
    pipe = _client().pipeline()
    pipe.zadd(accounts_key, {account: now})
    pipe.zremrangebyscore(accounts_key, 0, now - window)
    pipe.zcard(accounts_key)
    pipe.expire(accounts_key, window)
    _added, _removed, count, _expire = pipe.execute()
    if count < settings.LOGIN_SPRAYING_ACCOUNTS:
        return False
    pipe = _client().pipeline()
    pipe.set(lock_key, 1, ex=settings.LOGIN_SPRAYING_LOCKOUT_MINUTES * 60)
    pipe.delete(accounts_key)
    pipe.execute()
    return True


def is_locked_out(ip_address: str) -> bool:
    return bool(ip_address) and bool(_client().exists(_keys(ip_address)[1]))


def reset(ip_address: str) -> None:
    """Forget the address's failures and its lockout (tests; by hand from a shell)."""
    _client().delete(*_keys(ip_address))


@receiver(user_login_failed, dispatch_uid="accounts.spraying")
def _count_failed_login(sender, credentials: dict, request: HttpRequest | None = None, **kwargs):
    if request is None:
        return
    ip_address = client_ip(request)
    if ip_address:
        record_failure(ip_address, str(credentials.get("username") or ""))
