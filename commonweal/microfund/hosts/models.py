"""Fiscal hosts (public schema): the registered charities that legally hold community funds.

A host serves one or many communities and owns the payment-provider accounts, whose settings
(API keys, webhook secrets) are stored encrypted; only `provider_settings()` decrypts them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonweal.microfund.hosts import crypto


class FiscalHost(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)  # e.g. 成都市锦江区慈善会
    # 统一社会信用代码 of the charity.
    organisation_id = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    public_fundraising_qualified = models.BooleanField(
        _("qualified for public fundraising"), default=False
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("fiscal host")
        verbose_name_plural = _("fiscal hosts")

    def __str__(self):
        return self.name


class HostedCommunity(models.Model):
    """A community whose micro-fund the host holds (one host per community)."""

    host = models.ForeignKey(FiscalHost, on_delete=models.PROTECT, related_name="communities")
    community = models.OneToOneField(
        "tenants.Community",
        on_delete=models.CASCADE,
        related_name="fiscal_hosting",
        verbose_name=_("community"),
    )
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hosted community")
        verbose_name_plural = _("hosted communities")

    def __str__(self):
        return f"{self.host_id} → {self.community_id}"


class ProviderAccount(models.Model):
    """One payment-provider account of a host ("stripe"; later "wechat_pay")."""

    host = models.ForeignKey(
        FiscalHost,
        on_delete=models.CASCADE,
        related_name="provider_accounts",
        verbose_name=_("fiscal host"),
    )
    provider = models.CharField(_("payment service"), max_length=32)
    # Methods the account can take, e.g. ["card", "alipay", "wechat_pay"].
    payment_methods = models.JSONField(_("payment methods"), default=list)
    settings_ciphertext = models.TextField(editable=False, default="")
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("payment-service account")
        verbose_name_plural = _("payment-service accounts")
        constraints = [
            models.UniqueConstraint(fields=["host", "provider"], name="provider_account_once")
        ]

    def __str__(self):
        return f"{self.host} · {self.provider}"

    def set_settings(self, data: dict) -> None:
        self.settings_ciphertext = crypto.encrypt(data)

    def provider_settings(self) -> dict:
        return crypto.decrypt(self.settings_ciphertext)


class DonorRecord(models.Model):
    """A signed-in donor's paid donation, copied to the public schema so the platform can list
    one person's donations across communities without visiting every community's schema."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey("tenants.Community", on_delete=models.CASCADE, related_name="+")
    donation_token = models.CharField(max_length=32)
    project = models.CharField(max_length=120, blank=True)
    amount = models.BigIntegerField()
    refunded = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=8, default="CNY")
    monthly = models.BooleanField(default=False)
    receipt_number = models.CharField(max_length=40, blank=True)
    paid_at = models.DateTimeField()

    class Meta:
        ordering = ["-paid_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "donation_token"], name="donor_record_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id} → {self.community_id}: {self.amount}"
