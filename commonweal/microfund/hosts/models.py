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
    # How to give offline, shown when no online method is configured.
    bank_name = models.CharField(_("bank"), max_length=80, blank=True)  # 开户行
    bank_account_name = models.CharField(_("account name"), max_length=120, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=40, blank=True)
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("fiscal host")
        verbose_name_plural = _("fiscal hosts")

    def __str__(self):
        return self.name


def default_presets() -> list[int]:
    return [1000, 2000, 5000, 10000, 20000, 50000]  # ¥10 … ¥500


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
    # The donation page's amount tiles and the smallest gift, in fen (the community's choice).
    giving_presets = models.JSONField(_("amount tiles (fen)"), default=default_presets)
    giving_minimum = models.PositiveIntegerField(_("smallest donation (fen)"), default=100)

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


class PaymentFlag(models.Model):
    """A signed notice whose amount or currency is not the donation's: never posted, shown to
    the community's staff and the host to sort out with the provider."""

    community = models.ForeignKey(
        "tenants.Community", on_delete=models.CASCADE, related_name="+", verbose_name=_("community")
    )
    provider = models.CharField(_("payment service"), max_length=32)
    order = models.CharField(_("order number"), max_length=64)
    payment_id = models.CharField(_("payment service's transaction number"), max_length=64)
    expected = models.BigIntegerField(_("donation amount (fen)"))
    reported = models.BigIntegerField(_("amount the payment service reported (fen)"))
    expected_currency = models.CharField(max_length=8, default="CNY")
    reported_currency = models.CharField(max_length=8, default="CNY")
    noticed_at = models.DateTimeField(_("noticed"), auto_now_add=True)

    class Meta:
        ordering = ["-noticed_at", "-id"]
        verbose_name = _("payment that does not match its donation")
        verbose_name_plural = _("payments that do not match their donations")
        constraints = [
            models.UniqueConstraint(fields=["provider", "payment_id"], name="payment_flag_once")
        ]

    def __str__(self):
        return f"{self.provider} {self.payment_id}: {self.reported} ≠ {self.expected}"


class BillCheck(models.Model):
    """One day's bill of one provider account matched against the ledgers of the host's
    communities. Rerunning a day replaces its differences; nothing is ever posted."""

    account = models.ForeignKey(
        ProviderAccount,
        on_delete=models.CASCADE,
        related_name="bill_checks",
        verbose_name=_("payment-service account"),
    )
    day = models.DateField(_("day"))
    bill_lines = models.PositiveIntegerField(_("lines on the bill"), default=0)
    ledger_lines = models.PositiveIntegerField(_("lines in the books"), default=0)
    checked_at = models.DateTimeField(_("checked"), auto_now=True)

    class Meta:
        ordering = ["-day", "account_id"]
        verbose_name = _("daily reconciliation")
        verbose_name_plural = _("daily reconciliations")
        constraints = [models.UniqueConstraint(fields=["account", "day"], name="bill_check_once")]

    def __str__(self):
        return f"{self.account} {self.day}"


class DifferenceKind(models.TextChoices):
    MISSING_HERE = "missing_here", _("On the bill, not in our books")
    MISSING_THERE = "missing_there", _("In our books, not on the bill")
    AMOUNT_DIFFERS = "amount_differs", _("Amounts differ")


class BillDifference(models.Model):
    bill_check = models.ForeignKey(BillCheck, on_delete=models.CASCADE, related_name="differences")
    kind = models.CharField(_("difference"), max_length=16, choices=DifferenceKind.choices)
    # The community whose books hold the line; empty when none of the host's does.
    community = models.ForeignKey(
        "tenants.Community",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("community"),
    )
    order = models.CharField(_("order number"), max_length=64, blank=True)
    payment_id = models.CharField(_("payment service's transaction number"), max_length=64)
    refund = models.CharField(_("refund"), max_length=80, blank=True)
    ours = models.BigIntegerField(_("in our books (fen)"), null=True, blank=True)
    theirs = models.BigIntegerField(_("on the bill (fen)"), null=True, blank=True)

    class Meta:
        ordering = ["bill_check_id", "kind", "payment_id", "refund"]
        verbose_name = _("reconciliation difference")
        verbose_name_plural = _("reconciliation differences")

    def __str__(self):
        return f"{self.kind} {self.payment_id}"
