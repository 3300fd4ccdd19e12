from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin
from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User
from commonweal.platform.accounts.services import membership_set_roles
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["__str__", "email", "phone", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "phone", "display_name"]
    list_filter = ["is_staff", "is_active"]
    fieldsets = [
        (None, {"fields": ["email", "phone", "display_name", "password"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "phone", "display_name", "password1", "password2"]})
    ]

    def has_delete_permission(self, request, obj=None):
        # Communities' records refer to accounts without database constraints (see
        # commonweal.platform.kernel.references): an account is deactivated, never deleted.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "roles", "joined_at"]
    list_filter = ["community"]
    search_fields = ["user__email", "user__phone", "user__display_name"]
    autocomplete_fields = ["user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "community", "hint", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["secret_digest", "hint"]


class MemberRolesForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Membership
        fields = ["roles"]


@admin.register(Membership, site=community_admin)
class CommunityMemberAdmin(OfficeRoleAdmin):
    form = MemberRolesForm
    list_display = ["user", "roles", "joined_at"]
    search_fields = ["user__email", "user__phone", "user__display_name"]
    readonly_fields = ["user", "joined_at"]
    fields = ["user", "roles", "joined_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(community=request.tenant).select_related("user")

    def save_model(self, request, obj, form, change):
        try:
            membership_set_roles(
                actor=request.user, membership=obj, roles=form.cleaned_data["roles"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))


@admin.register(Invitation, site=community_admin)
class CommunityInvitationAdmin(OfficeRoleAdmin):
    list_display = [
        "email",
        "phone",
        "roles",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    readonly_fields = list_display

    def get_queryset(self, request):
        return super().get_queryset(request).filter(community=request.tenant)
