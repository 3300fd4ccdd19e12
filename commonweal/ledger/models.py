"""A double-entry ledger in each community's schema, for any unit: "CNY" counted in fen,
"PTS" for time-bank points. It knows no domain: what an account or an entry means (a fund, a
donation, a volunteer's points) is its callers' business, recorded in `code` and `kind`.

Each leg's amount is signed; value moves from the accounts with negative legs to those with
positive legs, and an account's balance is the sum of its legs. PostgreSQL enforces (migration
0001, the last line of defence behind `services.post`):

- the legs of every entry sum to zero per unit, checked at COMMIT (deferred constraint
  trigger), and every entry has at least two legs;
- a leg's unit is its account's unit, and an account keeps its unit;
- legs and entries cannot be updated or deleted: a correction is a new entry that `reverses`
  the original;
- `Account.balance` is the running sum of the account's legs, maintained by a trigger in the
  inserting transaction (the account row is locked until commit); nothing else may move it.

Every entry has a unique `external_id` chosen by the caller, so a replay posts nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.references import platform_reference

CNY = "CNY"  # money, counted in fen
PTS = "PTS"  # time-bank points


class Account(models.Model):
    code = models.CharField(max_length=80, unique=True)  # e.g. "fund:general", "campaign:3"
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16)  # the caller's classification, e.g. "fund"
    unit = models.CharField(max_length=8, default=CNY)
    # Running sum of this account's legs, written only by the leg trigger.
    balance = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")

    def __str__(self):
        return self.code


class Entry(models.Model):
    kind = models.CharField(max_length=24)  # the caller's, e.g. "donation", "points_issued"
    external_id = models.CharField(max_length=200, unique=True)
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals"
    )
    memo = models.CharField(max_length=300, blank=True)
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = platform_reference(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["occurred_at"], name="ledger_entry_occurred")]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self):
        return f"{self.kind} {self.external_id}"


class Leg(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="legs")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    amount = models.BigIntegerField()  # signed, in the unit's smallest denomination
    unit = models.CharField(max_length=8, default=CNY)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="ledger_leg_nonzero")
        ]
        indexes = [models.Index(fields=["account", "entry"], name="ledger_leg_account_entry")]

    def __str__(self):
        return f"{self.account_id} {self.amount:+d} {self.unit}"
