"""The fund in each community's admin (its office: staff and admins): the donations with the
fund's balance, a form to record cash-box and bank-transfer donations with their evidence, a
refund form; projects the office edits; grant proposals admins decline with a reason. Every
form calls the services GraphQL calls; rows are never edited directly."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from commonweal.microfund import selectors, webhooks
from commonweal.microfund.forms import DeclineProposalForm, OfflineDonationForm, RefundForm
from commonweal.microfund.models import (
    Campaign,
    Donation,
    DonationEvidence,
    Proposal,
    ProposalStatus,
    Refund,
    RefundStatus,
    WebhookEvent,
)
from commonweal.microfund.services import campaigns, donations, grants, refunds
from commonweal.microfund.templatetags.fund import yuan
from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role


class RefundInline(admin.TabularInline):
    model = Refund
    fields = ["created_at", "refund_amount", "status", "reason", "failure", "provider_refund_id"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("Amount"))
    def refund_amount(self, obj):
        return f"¥{yuan(obj.amount)}"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Donation, site=community_admin)
class DonationAdmin(OfficeRoleAdmin):
    """Office roles record and refund (as over GraphQL); nobody edits or deletes a donation."""

    list_display = [
        "paid_at",
        "receipt_number",
        "paid_amount",
        "method",
        "payment_id",
        "status",
        "donor",
        "refunded_amount",
        "refund_link",
    ]
    list_filter = ["method", "status", "provider"]
    search_fields = ["receipt_number", "donor_name", "payment_id", "checkout_id"]
    list_select_related = ["campaign"]
    fields = [
        "paid_at",
        "receipt_number",
        "paid_amount",
        "method",
        "provider",
        "payment_id",
        "checkout_id",
        "status",
        "donor",
        "campaign",
        "message",
        "evidence",
        "evidence_link",
        "refunded_amount",
    ]
    readonly_fields = fields
    inlines = [RefundInline]
    change_list_template = "microfund/admin/donation_changelist.html"

    def _office(self, request) -> bool:
        return bool(self._roles(request) & OFFICE_ROLES)

    def has_add_permission(self, request, obj=None):
        return self._office(request)

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Amount"), ordering="amount")
    def paid_amount(self, obj):
        return f"¥{yuan(obj.amount)}"

    @admin.display(description=_("Refunded"))
    def refunded_amount(self, obj):
        return f"¥{yuan(obj.refunded)}"

    @admin.display(description=_("Donor"))
    def donor(self, obj):
        return obj.donor_name or _("Anonymous")

    @admin.display(description=_("Photo or scan of the evidence"))
    def evidence_link(self, obj):
        if not DonationEvidence.objects.filter(donation=obj).exists():
            return "—"
        url = reverse("community_admin:microfund_donation_evidence", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))

    @admin.display(description=_("Refund"))
    def refund_link(self, obj):
        if obj.entry_id is None or obj.net_paid <= 0:
            return ""
        url = reverse("community_admin:microfund_donation_refund", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Refund"))

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "balances": selectors.balances()}
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/refund/", view(self.refund_view), name="microfund_donation_refund"),
            path(
                "<int:pk>/evidence/", view(self.evidence_view), name="microfund_donation_evidence"
            ),
            *super().get_urls(),
        ]

    def _form_page(self, request, form, title: str, donation=None):
        return render(
            request,
            "microfund/admin/form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                "form": form,
                "donation": donation,
                "balances": selectors.balances(),
            },
        )

    def add_view(self, request, form_url="", extra_context=None):
        """Record a cash-box or bank-transfer donation through `donation_record_offline`."""
        if not self.has_add_permission(request):
            raise Http404
        form = OfflineDonationForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                donation = donations.donation_record_offline(
                    actor=request.user, community=request.tenant, **form.service_arguments()
                )
            except DomainError as refusal:
                form.refuse(refusal)
            else:
                self.log_addition(request, donation, [{"added": {}}])
                messages.success(
                    request,
                    _("Recorded: ¥%(amount)s, receipt %(receipt)s.")
                    % {"amount": yuan(donation.amount), "receipt": donation.receipt_number},
                )
                return redirect("community_admin:microfund_donation_changelist")
        return self._form_page(request, form, _("Record an offline donation"))

    def refund_view(self, request, pk: int):
        """Refund in full or in part through `donation_refund` (online: pending until the
        payment service answers)."""
        donation = Donation.objects.filter(pk=pk).first()
        if donation is None or not self._office(request):
            raise Http404
        form = RefundForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                refund = refunds.donation_refund(
                    actor=request.user,
                    community=request.tenant,
                    donation=donation,
                    **form.service_arguments(),
                )
            except DomainError as refusal:
                form.refuse(refusal)
            else:
                if refund.status == RefundStatus.SUCCEEDED:
                    text = _("Refunded ¥%(amount)s.")
                else:
                    text = _(
                        "Refund of ¥%(amount)s asked of the payment service; it stays pending"
                        " until the service answers."
                    )
                text = text % {"amount": yuan(refund.amount)}
                self.log_change(request, donation, text)
                messages.success(request, text)
                return redirect("community_admin:microfund_donation_change", donation.pk)
        return self._form_page(request, form, _("Refund a donation"), donation)

    def evidence_view(self, request, pk: int):
        evidence = DonationEvidence.objects.filter(donation_id=pk).first()
        if evidence is None or not self._office(request):
            raise Http404
        response = HttpResponse(bytes(evidence.data), content_type=evidence.content_type)
        response["Content-Disposition"] = f'inline; filename="evidence-{pk}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


@admin.register(Campaign, site=community_admin)
class CampaignAdmin(OfficeRoleAdmin):
    """The office edits a project's title, description and visibility through
    `campaign_update` (which keeps its search document in step); its money is the ledger's."""

    list_display = ["title", "public", "goal_amount", "held"]
    list_select_related = ["account"]
    fields = ["title", "description", "public"]

    def has_change_permission(self, request, obj=None):
        return bool(self._roles(request) & OFFICE_ROLES)

    @admin.display(description=_("Goal"))
    def goal_amount(self, obj):
        return f"¥{yuan(obj.goal)}" if obj.goal else "—"

    @admin.display(description=_("Held"))
    def held(self, obj):
        return f"¥{yuan(obj.account.balance)}"

    def save_model(self, request, obj, form, change):
        campaigns.campaign_update(
            actor=request.user,
            community=request.tenant,
            campaign=obj,
            **{name: form.cleaned_data[name] for name in self.fields},
        )


@admin.register(Proposal, site=community_admin)
class ProposalAdmin(OfficeRoleAdmin):
    """Staff look at grant proposals; admins decline a submitted one with a reason (awards
    commit money and go through GraphQL)."""

    list_display = ["title", "applicant_name", "call", "requested_amount", "status", "decline"]
    list_filter = ["status"]
    list_select_related = ["call"]
    fields = ["call", "title", "applicant_name", "summary", "requested_amount", "status"]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Requested"))
    def requested_amount(self, obj):
        return f"¥{yuan(obj.requested)}"

    @admin.display(description=_("Decline"))
    def decline(self, obj):
        if obj.status != ProposalStatus.SUBMITTED:
            return obj.decline_reason
        url = reverse("community_admin:microfund_proposal_decline", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Decline"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/decline/", view(self.decline_view), name="microfund_proposal_decline"),
            *super().get_urls(),
        ]

    def decline_view(self, request, pk: int):
        proposal = Proposal.objects.filter(pk=pk).first()
        if proposal is None or Role.ADMIN not in self._roles(request):
            raise Http404
        form = DeclineProposalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                grants.proposal_decline(
                    actor=request.user,
                    community=request.tenant,
                    proposal=proposal,
                    **form.service_arguments(),
                )
            except DomainError as refusal:
                form.refuse(refusal)
            else:
                text = _("Declined; the applicant is told.")
                self.log_change(request, proposal, text)
                messages.success(request, text)
                return redirect("community_admin:microfund_proposal_changelist")
        return render(
            request,
            "microfund/admin/form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Decline a proposal"),
                "form": form,
                "proposal": proposal,
                "changelist": "community_admin:microfund_proposal_changelist",
            },
        )


@admin.register(WebhookEvent, site=community_admin)
class WebhookEventAdmin(OfficeRoleAdmin):
    """The payment services' events as received; admins may post again one set aside."""

    list_display = ["received_at", "provider", "type", "event_id", "status", "attempts"]
    list_filter = ["status", "provider", "type"]
    search_fields = ["event_id"]
    fields = [
        "received_at",
        "provider",
        "type",
        "event_id",
        "status",
        "attempts",
        "next_attempt_at",
        "processed_at",
        "error",
        "body",
    ]
    readonly_fields = fields
    actions = ["post_again"]

    @admin.action(description=_("Post again (once the cause is fixed)"), permissions=["change"])
    def post_again(self, request, queryset):
        count = webhooks.events_retry(community=request.tenant, events=queryset)
        messages.success(request, _("%(count)d events put back to be posted.") % {"count": count})
