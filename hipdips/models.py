import functools
import unicodedata
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from hipdips.queries import PreparedUpdate


def canonical_email(address: str) -> str:
    """The one spelling of an address that logins, sign-ups, limits and records compare:
    compatibility-normalised and case-folded, so Owner@X, owner@x and the same with a long
    s (U+017F) for the s are one account, never two."""
    return unicodedata.normalize("NFKC", address.strip()).casefold()


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Read from the system's zone files once per process: each form asks again."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, email: str | None) -> "User":
        if email is None:  # Django's signature allows it; no account has no address
            raise self.model.DoesNotExist
        return self.get(email__iexact=canonical_email(email))

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=canonical_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def record_changed(self, *user_ids: int | None) -> None:
        """Their workouts changed: the figures cached under the old record version are
        stale. One UPDATE, in the caller's transaction (for one person, as every player
        action has it, by SQL made once)."""
        ids = {user_id for user_id in user_ids if user_id is not None}
        if len(ids) == 1:
            _bump_record_version(user_id=ids.pop())
        elif ids:
            self.filter(pk__in=ids).update(record_version=F("record_version") + 1)

    def history_edited(self, *user_ids: int | None) -> None:
        """Their past workouts changed (not only a set added to an open one): what was
        built up from them, workout by workout, is built again."""
        ids = {user_id for user_id in user_ids if user_id is not None}
        if ids:
            self.filter(pk__in=ids).update(history_version=F("history_version") + 1)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; the e-mail address is the login."""

    email = models.EmailField("e-mail", max_length=254, unique=True)
    time_zone = models.CharField(max_length=64, default="UTC", choices=time_zone_choices)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The player's cues, remembered per account (anonymous visitors: per browser).
    sound_cues = models.BooleanField("beep when a timer ends", default=True)
    voice_cues = models.BooleanField("spoken cues", default=True)
    vibration_cues = models.BooleanField("vibrate when a timer ends", default=True)
    shortcuts = models.BooleanField("single-key shortcuts", default=True)
    record_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Goes up with every change to the person's workouts: the history and "
        "progress figures are cached under it.",
    )

    history_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Goes up when the past changes: a logged set corrected or deleted, a "
        "workout removed or claimed. The personal bests, built up workout by workout, "
        "start again from it.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_any_case",
                violation_error_message="An account with this e-mail address already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = canonical_email(self.email)


class HealthProbe(models.Model):
    """/healthz writes a row here and rolls it back: proof that the database takes writes,
    leaving nothing behind."""

    written_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"health probe at {self.written_at}"


_bump_record_version = PreparedUpdate(
    lambda user_id: User.objects.filter(pk=user_id),
    changes={"record_version": F("record_version") + 1},
    user_id=(1, 2),
)
