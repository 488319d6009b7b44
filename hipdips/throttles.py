"""Limits on what one address or one account may try: who the client is, how often it has
tried, and the page that says when to try again.

Counts live in the "throttle" cache, shared by every worker (the database, or Redis: see
hipdips/cache.py), under a keyed hash of the address or account, so the store never holds
either in clear. A count starts with its first attempt and is forgotten a period later.
"""

import ipaddress
import math
import time
from dataclasses import dataclass
from typing import cast

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset
from django.conf import settings
from django.core.cache import caches
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hipdips.cache import DatabaseCache, RedisCache
from hipdips.models import canonical_email


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless settings say the app runs behind trusted proxies: then the address
    the first of them appended to X-Forwarded-For. Each proxy appends the address it was
    reached from, so with N proxies that is the N-th entry from the right; whatever the
    client wrote itself stands further left and is never read."""
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= settings.PROXY_COUNT:
            return _one_client(hops[-settings.PROXY_COUNT]) or _one_client(remote) or remote
    return _one_client(remote) or remote


def _one_client(address: str) -> str:
    """An IPv6 client is its /64 (one home or phone gets a whole /64 and could try each
    address of it), named by its first address; an IPv4-mapped address is plain IPv4."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


@dataclass(frozen=True)
class Limit:
    name: str  # a key of settings.RATES
    per_address: bool  # off with DJANGO_RATELIMIT_ENABLED=0; per-account limits never are

    @property
    def count(self) -> int:
        return settings.RATES[self.name][0]

    @property
    def period(self) -> int:
        return settings.RATES[self.name][1]

    @property
    def active(self) -> bool:
        return settings.RATELIMIT_ENABLED or not self.per_address

    def key(self, who: str) -> str:
        digest = salted_hmac(
            "hipdips.throttles", f"{self.name}:{who}", algorithm="sha256"
        ).hexdigest()[:32]
        return f"throttle:{self.name}:{digest}"


LOGIN_FAILURES_PER_ADDRESS = Limit("login-failures-per-address", per_address=True)
SIGNUPS_PER_ADDRESS = Limit("signups-per-address", per_address=True)
RESETS_PER_ADDRESS = Limit("resets-per-address", per_address=True)
MAILS_PER_EMAIL = Limit("mails-per-email", per_address=False)
PASSWORD_CHECKS_PER_ACCOUNT = Limit("password-checks-per-account", per_address=False)


def _store() -> DatabaseCache | RedisCache:
    """The "throttle" cache: hipdips.cache's database or Redis store (settings.CACHES)."""
    return cast(DatabaseCache | RedisCache, caches["throttle"])


def record(limit: Limit, who: str) -> int:
    """Count one attempt; the new count."""
    if not limit.active:
        return 0
    return _store().count(limit.key(who), limit.period)[0]


def wait_seconds(limit: Limit, who: str) -> int:
    """0 while attempts are left; else the seconds until the count is forgotten."""
    if not limit.active:
        return 0
    count, seconds_left = _store().peek(limit.key(who))
    return seconds_left if count >= limit.count else 0


def spend(limit: Limit, who: str) -> int:
    """Count this attempt and, if it is one too many, the seconds to wait (else 0). Counting
    before the work is done makes the limit hold for requests that arrive together."""
    if not limit.active:
        return 0
    count, seconds_left = _store().count(limit.key(who), limit.period)
    return seconds_left if count > limit.count else 0


def give_back(limit: Limit, who: str) -> None:
    """An attempt counted in advance that turned out fine (the right password)."""
    if limit.active:
        _store().take_back(limit.key(who))


def forget(limit: Limit, who: str) -> None:
    _store().delete(limit.key(who))


def too_many_attempts(
    request: HttpRequest, seconds: int, reason: str, *, offer_reset: bool = False
) -> HttpResponse:
    """Our 429 page: what was paused and when to try again, in words and in Retry-After."""
    context = {"reason": reason, "minutes": math.ceil(seconds / 60), "offer_reset": offer_reset}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def login_attempt_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The address a failed login tried, lower-cased: Owner@X and owner@x are one account
    (AXES_USERNAME_CALLABLE)."""
    value = (credentials or {}).get("username") or request.POST.get("username")
    return canonical_email(value) if value else None


def login_locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout of one account from one address (AXES_LOCKOUT_CALLABLE)."""
    last_failure = AccessAttempt.objects.filter(
        username=login_attempt_username(request, credentials),
        ip_address=client_address(request),
    ).aggregate(last=Max("attempt_time"))["last"]
    cool_off = settings.AXES_COOLOFF_TIME.total_seconds()
    if last_failure is None:
        seconds = math.ceil(cool_off)
    else:
        seconds = max(1, math.ceil(last_failure.timestamp() + cool_off - time.time()))
    reason = "Logging in to this account from here is paused after several wrong passwords."
    return too_many_attempts(request, seconds, reason, offer_reset=True)


def end_lockouts(user) -> None:
    """The owner proved who they are (a reset link from their mailbox): every pause on the
    account ends, from whatever address it was set."""
    reset(username=canonical_email(user.email))
    forget(PASSWORD_CHECKS_PER_ACCOUNT, str(user.pk))


def forget_account(user) -> None:
    """What the limits remember of an account, dropped with it."""
    end_lockouts(user)
    email = canonical_email(user.email)
    AccessLog.objects.filter(username=email).delete()
    AccessFailureLog.objects.filter(username=email).delete()
    forget(MAILS_PER_EMAIL, email)


def purge_expired() -> int:
    """Login records older than the lockout period, and counts whose time is up: nothing
    the limits no longer need is kept (`manage.py cleanup`)."""
    threshold = timezone.now() - settings.AXES_COOLOFF_TIME
    removed: int = sum(
        model.objects.filter(attempt_time__lt=threshold).delete()[0]
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    )
    store = _store()
    if isinstance(store, DatabaseCache):  # Redis expires keys itself
        removed += store.delete_expired()
    return removed
