"""Two admins: the platform's (platform admins, bare host) and each community's (its office)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.roles import OFFICE_ROLES, Role

admin.site.site_header = _("Commonweal platform administration")
admin.site.site_title = _("Commonweal")
admin.site.index_title = _("Platform")


class CommunityAdminSite(admin.AdminSite):
    site_header = _("Community administration")
    site_title = _("Community administration")

    def has_permission(self, request):
        return bool(
            getattr(request, "tenant", None) is not None
            and request.user.is_active
            and roles_in_current_community(request) & OFFICE_ROLES
        )

    def each_context(self, request):
        context = super().each_context(request)
        if getattr(request, "tenant", None) is not None:
            context["site_header"] = request.tenant.name
        return context


community_admin = CommunityAdminSite(name="community_admin")


class OfficeRoleAdmin(admin.ModelAdmin):
    """Staff may look; admins may change. Querysets are scoped by `scope_to_community`."""

    def _roles(self, request):
        return roles_in_current_community(request)

    def has_module_permission(self, request):
        return bool(self._roles(request) & OFFICE_ROLES)

    def has_view_permission(self, request, obj=None):
        return bool(self._roles(request) & OFFICE_ROLES)

    def has_change_permission(self, request, obj=None):
        return Role.ADMIN in self._roles(request)

    has_add_permission = has_delete_permission = lambda self, request, obj=None: False
