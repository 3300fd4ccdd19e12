from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise or shop (企业/商户)")
    SOCIAL_ORG = "social_org", _("Social organisation (社会组织)")
    PROFESSIONAL = "professional", _("Individual professional (专业人才)")
    CRAFTSMAN = "craftsman", _("Craftsman (社区匠人)")


# Individuals have no 统一社会信用代码; organisations must have one.
ORGANISATION_KINDS = frozenset({OrganisationKind.ENTERPRISE, OrganisationKind.SOCIAL_ORG})


def mask_phone(phone: str) -> str:
    """138****8000: enough to recognise a number, not to call it."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_email(email: str) -> str:
    local, _at, domain = (email or "").partition("@")
    if not domain:
        return ""
    return f"{local[:1]}***@{domain}"


class PartnerOrganisation(models.Model):
    """合伙人: one identity on the platform, whatever the number of communities it serves."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    legal_name = models.CharField(_("legal name"), max_length=120)
    credit_code = models.CharField(
        _("unified social credit code (统一社会信用代码)"), max_length=18, blank=True
    )
    logo_url = models.URLField(_("logo"), blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    phone_public = models.BooleanField(
        _("show the full phone number"),
        default=False,
        help_text=_("Residents see the number in full and can call it from the partner's page."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner organisation (合伙人)")
        verbose_name_plural = _("partner organisations (合伙人)")
        ordering = ["legal_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="partner_organisation_credit_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["professional", "craftsman"]) | ~Q(credit_code=""),
                name="partner_organisation_has_credit_code",
            ),
        ]

    def __str__(self):
        return self.legal_name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def public_phone(self) -> str:
        """What the public sees: the number in full only where the partner chose so."""
        return self.contact_phone if self.phone_public else self.masked_phone

    @property
    def masked_email(self) -> str:
        return mask_email(self.contact_email)


class PartnerRepresentative(models.Model):
    """A user who acts for an organisation (the partner-representative role in communities)."""

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_representations"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner representative")
        verbose_name_plural = _("partner representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="partner_representative_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"


class PartnershipListing(models.Model):
    """Where an organisation stands in each community: the public mirror of the community's
    own `Partnership`, written by the same service call, so that an organisation's
    cross-community view is one query instead of one per schema."""

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="listings"
    )
    community = models.ForeignKey(
        "tenants.Community", on_delete=models.CASCADE, related_name="partner_listings"
    )
    partnership_id = models.BigIntegerField()
    status = models.CharField(_("status"), max_length=16)
    tier = models.CharField(_("service tier"), max_length=16)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partnership listing")
        verbose_name_plural = _("partnership listings")
        ordering = ["community__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "community"], name="partnership_listing_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.community_id}: {self.status}"
