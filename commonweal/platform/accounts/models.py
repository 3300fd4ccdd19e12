import hashlib
import secrets
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.roles import Role


class UserManager(BaseUserManager):
    def create_user(self, email=None, password=None, *, phone=None, **fields):
        user = self.model(email=self.normalize_email(email) or None, phone=phone or None, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """One account across every community; signs in by e-mail or mainland mobile number."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("mobile number"), max_length=11, unique=True, null=True, blank=True)
    display_name = models.CharField(_("name"), max_length=60, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("platform admin"), default=False, help_text=_("May approve communities.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="user_has_contact",
            )
        ]

    def __str__(self):
        return self.display_name or self.email or self.phone or str(self.pk)


class Membership(models.Model):
    """A user's roles in one community."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    community = models.ForeignKey(
        "tenants.Community", on_delete=models.CASCADE, related_name="memberships"
    )
    roles = ArrayField(
        models.CharField(max_length=32, choices=Role.choices), verbose_name=_("roles")
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="membership_unique"),
            models.CheckConstraint(condition=~Q(roles=[]), name="membership_has_role"),
        ]
        indexes = [models.Index(fields=["community", "joined_at"])]

    def __str__(self):
        return f"{self.user} @ {self.community_id}"

    def has_any_role(self, roles) -> bool:
        return bool(set(self.roles) & set(roles))


def _digest(secret: str) -> str:
    # Secrets are 256-bit random, so a fast hash is enough; a slow KDF would only cost latency.
    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(models.Model):
    """An admin's invitation to join a community with given roles; accepted once."""

    community = models.ForeignKey(
        "tenants.Community", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=11, blank=True)
    roles = ArrayField(models.CharField(max_length=32, choices=Role.choices))
    secret_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["community", "created_at"])]

    def __str__(self):
        return self.email or self.phone

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles]

    @property
    def is_open(self) -> bool:
        return not self.accepted_at and not self.revoked_at and self.expires_at > timezone.now()

    def secret(self) -> str:
        """The link's secret, derived from SECRET_KEY so that neither this table nor the mail
        job's arguments ever hold it; rotating SECRET_KEY voids open invitations."""
        return salted_hmac(
            "commonweal.invitation", f"{self.pk}:{self.created_at.timestamp():.6f}"
        ).hexdigest()

    @staticmethod
    def unsealed() -> str:
        """A unique stand-in digest until seal(): the secret needs the primary key."""
        return uuid.uuid4().hex

    def seal(self) -> str:
        """Store the digest of this saved invitation's secret; returns the secret."""
        secret = self.secret()
        self.secret_digest = self.digest(secret)
        self.save(update_fields=["secret_digest"])
        return secret

    @staticmethod
    def digest(secret: str) -> str:
        return _digest(secret)


class ApiToken(models.Model):
    """A personal API token. Only its digest is stored; the secret is shown once."""

    PREFIX = "cw_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    # Null community: the token acts on the platform endpoint only.
    community = models.ForeignKey(
        "tenants.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    secret_digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text=_("First characters, to recognise it."))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def new_secret(cls) -> tuple[str, str]:
        secret = cls.PREFIX + secrets.token_urlsafe(32)
        return secret, _digest(secret)

    @staticmethod
    def digest(secret: str) -> str:
        return _digest(secret)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
