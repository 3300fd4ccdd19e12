from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.tenants import services
from commonweal.tenants.models import Community, CommunityApplication, Domain


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "city", "district", "subdistrict", "population", "status"]
    list_filter = ["status", "city", "district"]
    search_fields = ["name", "slug"]
    readonly_fields = ["schema_name", "slug", "status", "suspended_reason", "created_at"]
    inlines = [DomainInline]

    def has_add_permission(self, request):
        return False  # communities are born from approved applications


@admin.register(CommunityApplication)
class CommunityApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "city", "district", "applicant_name", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "applicant_name"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "community", "applicant"]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve the selected applications"))
    def approve(self, request, queryset):
        for application in queryset:
            try:
                services.application_approve(actor=request.user, application=application)
            except DomainError as error:
                self.message_user(request, f"{application}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Approved: %s") % application.name)

    @admin.action(
        description=_("Reject the selected applications (write the reason on each first)")
    )
    def reject(self, request, queryset):
        for application in queryset:
            try:
                services.application_reject(
                    actor=request.user, application=application, reason=application.rejection_reason
                )
            except DomainError as error:
                self.message_user(request, f"{application}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("Rejected: %s") % application.name)
