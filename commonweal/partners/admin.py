"""Partners in the community admin (office roles) and organisations in the platform admin."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from commonweal.partners import services
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
from commonweal.platform.admin_sites import OfficeRoleAdmin, community_admin
from commonweal.platform.errors import DomainError


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


def _transition_action(verb, label, service):
    def action(modeladmin, request, queryset):
        for partnership in queryset:
            try:
                service(community=request.tenant, actor=request.user, partnership=partnership)
            except DomainError as error:
                messages.error(request, f"{partnership.organisation}: {error.message}")

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
        _transition_action("start_review", _("Start review"), services.partnership_start_review),
        _transition_action("approve", _("Approve"), services.partnership_approve),
        _transition_action("activate", _("Activate"), services.partnership_activate),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(PartnerCall, site=community_admin)
class PartnerCallAdmin(OfficeRoleAdmin):
    list_display = ["title", "deadline", "published_at"]
    readonly_fields = ["title", "needs", "kinds_allowed", "deadline", "published_at"]


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
    model = PartnerRepresentative
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "kind", "credit_code", "created_at"]
    list_filter = ["kind"]
    search_fields = ["legal_name", "credit_code"]
    inlines = [RepresentativeInline]


@admin.register(PartnershipListing)
class PartnershipListingAdmin(admin.ModelAdmin):
    list_display = ["organisation", "community", "status", "tier", "updated_at"]
    list_filter = ["status", "community"]
    readonly_fields = ["organisation", "community", "partnership_id", "status", "tier"]
