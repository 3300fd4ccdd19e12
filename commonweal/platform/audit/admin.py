from django.contrib import admin

from commonweal.platform.accounts.admin_sites import community_admin
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.audit.models import AuditEntry
from commonweal.platform.kernel.roles import Role

FIELDS = ["at", "actor_name", "channel", "action", "target", "changes", "ip", "request_id"]


class ReadOnly(admin.ModelAdmin):
    list_display = ["at", "actor_name", "community", "channel", "action", "target", "ip"]
    list_filter = ["channel"]
    readonly_fields = FIELDS
    fields = FIELDS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(AuditEntry, ReadOnly)


@admin.register(AuditEntry, site=community_admin)
class CommunityAudit(ReadOnly):
    """The community's admins read their own community's log."""

    list_display = ["at", "actor_name", "channel", "action", "target", "ip"]

    def _is_admin(self, request) -> bool:
        return Role.ADMIN in roles_in_current_community(request)

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(community=request.tenant.schema_name)
