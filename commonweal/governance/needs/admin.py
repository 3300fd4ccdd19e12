"""Needs, tasks and projects in the community admin: read-only records with their transition
logs, and the triage moves (accept, make a wish, close) as actions through the services. Moves
that need a reason or a choice are made in the workbench or over GraphQL."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.models import (
    CommunityResource,
    Need,
    NeedTransition,
    Project,
    ProjectTransition,
    Task,
    TaskTransition,
)
from commonweal.governance.needs.services import needs as need_services
from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin
from commonweal.platform.kernel.errors import DomainError

LOG_FIELDS = ["at", "from_status", "to_status", "actor", "reason"]


def _log(model):
    class Inline(admin.TabularInline):
        fields = readonly_fields = LOG_FIELDS
        extra = 0
        can_delete = False

        def has_add_permission(self, request, obj=None):
            return False

    Inline.model = model
    return Inline


def _need_action(service, label):
    def action(modeladmin, request, queryset):
        for need in queryset.order_by("pk"):
            try:
                service(actor=request.user, community=request.tenant, need=need)
            except DomainError as error:
                messages.error(request, f"{need}: {error.message}")

    action.__name__ = f"need_{service.__name__}"
    action.short_description = label
    return action


@admin.register(Need, site=community_admin)
class NeedAdmin(OfficeRoleAdmin):
    list_display = ["title", "category", "status", "support_count", "source", "created_at"]
    list_filter = ["status", "category", "source"]
    search_fields = ["title", "description", "place"]
    fields = [
        "title",
        "description",
        "category",
        "source",
        "place",
        "residents_note",
        "status",
        "support_count",
        "merged_into",
        "created_at",
        "accepted_at",
        "resolved_at",
    ]
    readonly_fields = fields
    inlines = [_log(NeedTransition)]
    actions = [
        _need_action(need_services.need_accept, _("Accept into the needs list")),
        _need_action(need_services.need_mark_wish, _("Mark as a small wish (微心愿)")),
        _need_action(need_services.need_close, _("Close")),
    ]


@admin.register(Task, site=community_admin)
class TaskAdmin(OfficeRoleAdmin):
    list_display = ["title", "category", "status", "due_on", "budget"]
    list_filter = ["status", "category"]
    search_fields = ["title", "description"]
    fields = ["title", "description", "category", "place", "due_on", "budget", "status"]
    readonly_fields = fields
    inlines = [_log(TaskTransition)]


@admin.register(Project, site=community_admin)
class ProjectAdmin(OfficeRoleAdmin):
    list_display = ["title", "status", "started_at", "completed_at"]
    list_filter = ["status"]
    fields = ["title", "task", "budget", "grant_proposal", "status", "started_at", "completed_at"]
    readonly_fields = fields
    inlines = [_log(ProjectTransition)]


@admin.register(CommunityResource, site=community_admin)
class CommunityResourceAdmin(OfficeRoleAdmin):
    list_display = ["title", "kind", "place", "available"]
    list_filter = ["kind", "available"]
    fields = ["title", "description", "kind", "categories", "place", "lat", "lng", "available"]
    readonly_fields = ["kind", "categories", "lat", "lng"]
