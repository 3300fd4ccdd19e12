"""Partners in the community admin (office roles) and organisations in the platform admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commonweal.partners.models import (
    Evaluation,
    Fulfilment,
    PartnerCall,
    Partnership,
    PartnershipTransition,
    Recognition,
    ResourceCommitment,
    ServiceRating,
)
from commonweal.partners.registry.models import (
    PartnerOrganisation,
    PartnerRepresentative,
    PartnershipListing,
)
from commonweal.partners.services import calls, partnerships
from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin
from commonweal.platform.kernel.errors import DomainError


class TransitionInline(admin.TabularInline):
    model = PartnershipTransition
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CommitmentInline(admin.TabularInline):
    model = ResourceCommitment
    fields = ["kind", "title", "quantity", "unit", "tier", "due_on", "delivered_quantity"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _run(request, objects, service, subject: str, **arguments) -> None:
    """Call `service` for each selected object as the signed-in office member. A refusal is
    shown with the object's name and changes nothing of that object; the others go ahead."""
    changed = 0
    for obj in objects:
        try:
            service(community=request.tenant, actor=request.user, **{subject: obj}, **arguments)
        except DomainError as error:
            messages.error(request, f"{obj}: {error.message}")
        else:
            changed += 1
    if changed:
        opts = objects.model._meta
        messages.success(
            request,
            ngettext(
                "%(count)s %(name)s was changed successfully.",
                "%(count)s %(name)s were changed successfully.",
                changed,
            )
            % {"count": changed, "name": model_ngettext(opts, changed)},
        )


def _action(verb, label, service, subject: str):
    def action(modeladmin, request, queryset):
        _run(request, queryset, service, subject)

    action.__name__ = f"{subject}_{verb}"
    action.short_description = label
    return action


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Recorded with the change and sent to the partner's representatives."),
    )


def _reason_action(verb, label, service):
    """A transition that needs a reason: the first submission asks for it on an intermediate
    page, which posts the same selection back with the reason."""

    def action(modeladmin, request, queryset):
        form = ReasonForm(request.POST if "confirmed" in request.POST else None)
        if form.is_valid():
            _run(request, queryset, service, "partnership", reason=form.cleaned_data["reason"])
            return None
        return TemplateResponse(
            request,
            "admin/partners/partnership/reason.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": label,
                "opts": modeladmin.model._meta,
                "queryset": queryset.select_related("organisation"),
                "form": form,
                "action": action.__name__,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "media": modeladmin.media,
            },
        )

    action.__name__ = f"partnership_{verb}"
    action.short_description = label
    return action


@admin.register(Partnership, site=community_admin)
class PartnershipAdmin(OfficeRoleAdmin):
    list_display = ["organisation", "status", "tier", "activated_at", "status_changed_at"]
    list_filter = ["status", "tier", "organisation__kind"]
    search_fields = ["organisation__legal_name"]
    fields = ["organisation", "status", "tier", "offers", "statement", "status_reason"]
    readonly_fields = fields
    inlines = [CommitmentInline, TransitionInline]
    actions = [
        _action(
            "start_review", _("Start review"), partnerships.partnership_start_review, "partnership"
        ),
        _action("approve", _("Approve"), partnerships.partnership_approve, "partnership"),
        _reason_action("reject", _("Reject with a reason"), partnerships.partnership_reject),
        _action("activate", _("Activate"), partnerships.partnership_activate, "partnership"),
        _reason_action("suspend", _("Suspend with a reason"), partnerships.partnership_suspend),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(PartnerCall, site=community_admin)
class PartnerCallAdmin(OfficeRoleAdmin):
    list_display = ["title", "deadline", "published_at", "closed_at"]
    readonly_fields = ["title", "needs", "kinds_allowed", "deadline", "published_at", "closed_at"]
    actions = [
        _action("publish", _("Publish"), calls.call_publish, "call"),
        _action("unpublish", _("Unpublish"), calls.call_unpublish, "call"),
        _action("close", _("Close before the deadline"), calls.call_close, "call"),
    ]


@admin.register(ResourceCommitment, site=community_admin)
class ResourceCommitmentAdmin(OfficeRoleAdmin):
    list_display = ["title", "partnership", "kind", "quantity", "unit", "due_on"]
    list_filter = ["kind", "tier"]
    readonly_fields = [f.name for f in ResourceCommitment._meta.fields]


@admin.register(Fulfilment, site=community_admin)
class FulfilmentAdmin(OfficeRoleAdmin):
    list_display = ["partnership", "delivered_on", "quantity", "beneficiary"]
    date_hierarchy = "delivered_on"
    readonly_fields = [f.name for f in Fulfilment._meta.fields]


@admin.register(ServiceRating, site=community_admin)
class ServiceRatingAdmin(OfficeRoleAdmin):
    list_display = ["partnership", "score", "comment", "created_at"]
    readonly_fields = [f.name for f in ServiceRating._meta.fields]


@admin.register(Evaluation, site=community_admin)
class EvaluationAdmin(OfficeRoleAdmin):
    list_display = ["partnership", "period_start", "period_end", "staff_score", "average_rating"]
    readonly_fields = [f.name for f in Evaluation._meta.fields]


@admin.register(Recognition, site=community_admin)
class RecognitionAdmin(OfficeRoleAdmin):
    list_display = ["title", "partnership", "awarded_on"]
    readonly_fields = [f.name for f in Recognition._meta.fields]


class RepresentativeInline(admin.TabularInline):
    """Read-only: representatives are added and removed through the registry's services
    (GraphQL), which keep the last one, grant and drop the community role and tell the
    people concerned."""

    model = PartnerRepresentative
    fields = ["user", "added_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "kind", "credit_code", "created_at"]
    list_filter = ["kind"]
    search_fields = ["legal_name", "credit_code"]
    inlines = [RepresentativeInline]

    def has_delete_permission(self, request, obj=None):
        # Communities' partnerships refer to organisations without database constraints
        # (see commonweal.platform.kernel.references), and deleting one would also drop its
        # representatives behind the registry's back.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            partnerships.organisation_search_refresh(organisation=obj)


@admin.register(PartnershipListing)
class PartnershipListingAdmin(admin.ModelAdmin):
    list_display = ["organisation", "community", "status", "tier", "updated_at"]
    list_filter = ["status", "community"]
    readonly_fields = ["organisation", "community", "partnership_id", "status", "tier"]
