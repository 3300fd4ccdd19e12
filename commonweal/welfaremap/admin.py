"""The welfare map in each community's admin: staff add, edit, retire and import points."""

from django import forms
from django.contrib import admin, messages
from django.db import connection
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import OFFICE_ROLES
from commonweal.welfaremap import importing, services
from commonweal.welfaremap.models import Compound, FacilityType, ServicePoint
from commonweal.welfaremap.picker import PlaceField


class _OfficeMayEdit(OfficeRoleAdmin):
    """Office roles (admin and staff) keep the map: they may add and change, not delete."""

    def has_change_permission(self, request, obj=None):
        return bool(self._roles(request) & OFFICE_ROLES)

    def has_add_permission(self, request, obj=None):
        return bool(self._roles(request) & OFFICE_ROLES)


class ServicePointForm(forms.ModelForm):
    place = PlaceField(lat="lat_input", lng="lng_input", system="system", address="address")
    # Written by the map picker; people never type them.
    lat_input = forms.FloatField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose the place on the map.")},
    )
    lng_input = forms.FloatField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose the place on the map.")},
    )
    system = forms.ChoiceField(
        choices=ServicePoint._meta.get_field("raw_system").choices,
        initial="gcj02",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = ServicePoint
        fields = [
            "name",
            "category",
            "facility_type",
            "tier",
            "operator_name",
            "opening_hours",
            "address",
            "phone",
            "description",
            "is_public",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from commonweal.welfaremap.categories import ServiceCategory

        self.fields["category"] = forms.ChoiceField(
            label=_("category"), choices=ServiceCategory.choices
        )
        centre = None
        community = connection.tenant
        if getattr(community, "centre_lat", None) is not None:
            centre = (community.centre_lat, community.centre_lng)
        if self.instance.pk:
            self.fields["lat_input"].initial = self.instance.raw_lat
            self.fields["lng_input"].initial = self.instance.raw_lng
            self.fields["system"].initial = self.instance.raw_system
            self.fields["place"].centre_on(
                centre=centre, chosen=(self.instance.lat, self.instance.lng)
            )
        else:
            self.fields["place"].centre_on(centre=centre)

    def clean(self):
        cleaned = super().clean()
        # The coordinate inputs are hidden: their problems are shown on the map.
        for name in ("lat_input", "lng_input", "system"):
            if name in self.errors:
                for message in self.errors.pop(name):
                    if message not in self.errors.get("place", []):
                        self.add_error("place", message)
                cleaned.pop(name, None)
        if not self.errors:
            try:
                services.clean_point(self.service_data())
            except DomainError as error:
                coordinate = error.field in ("lat", "lng", "system")
                field = "place" if coordinate else error.field
                self.add_error(field if field in self.fields else None, str(error.message))
        return cleaned

    def service_data(self) -> dict:
        data = {key: self.cleaned_data.get(key) for key in self.Meta.fields}
        data.update(
            lat=self.cleaned_data["lat_input"],
            lng=self.cleaned_data["lng_input"],
            system=self.cleaned_data["system"],
        )
        return data


class ImportForm(forms.Form):
    sheet = forms.FileField(label=_("CSV or XLSX sheet"))


@admin.register(ServicePoint, site=community_admin)
class ServicePointAdmin(_OfficeMayEdit):
    form = ServicePointForm
    fields = [
        "name",
        "category",
        "facility_type",
        "tier",
        "operator_name",
        "opening_hours",
        "address",
        "place",
        "lat_input",
        "lng_input",
        "system",
        "phone",
        "description",
        "is_public",
    ]
    list_display = ["name", "category", "tier", "operator_name", "is_public", "retired_at"]
    list_filter = ["category", "tier", "is_public"]
    search_fields = ["name", "address", "operator_name"]
    actions = ["retire"]
    change_list_template = "welfaremap/admin/servicepoint_changelist.html"

    def save_model(self, request, obj, form, change):
        try:
            if change:
                services.point_update(
                    actor=request.user,
                    community=request.tenant,
                    point=obj,
                    data=form.service_data(),
                )
            else:
                created = services.point_create(
                    actor=request.user, community=request.tenant, data=form.service_data()
                )
                obj.pk = created.pk
        except DomainError as error:
            messages.error(request, str(error.message))

    @admin.action(description=_("Retire the selected points"))
    def retire(self, request, queryset):
        for point in queryset:
            try:
                services.point_retire(actor=request.user, community=request.tenant, point=point)
            except DomainError as error:
                self.message_user(request, f"{point}: {error.message}", messages.WARNING)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="welfaremap_servicepoint_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("community_admin:index")
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["sheet"]
            try:
                report = importing.points_import(
                    actor=request.user,
                    community=request.tenant,
                    data=upload.read(),
                    filename=upload.name,
                )
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                if report.ok:
                    messages.success(
                        request, _("Imported %(n)d points.") % {"n": len(report.imported)}
                    )
                    return redirect("community_admin:welfaremap_servicepoint_changelist")
        return render(
            request,
            "welfaremap/admin/import.html",
            {**self.admin_site.each_context(request), "form": form, "report": report},
        )


@admin.register(Compound, site=community_admin)
class CompoundAdmin(_OfficeMayEdit):
    list_display = ["name", "households", "population", "lat", "lng"]
    search_fields = ["name"]
    fields = ["name", "households", "population", "lat", "lng", "entrances"]


@admin.register(FacilityType, site=community_admin)
class FacilityTypeAdmin(_OfficeMayEdit):
    list_display = ["code", "name", "level", "radius_m", "default_radius_m", "counts_toward_score"]
    list_editable = ["radius_m", "counts_toward_score"]
    readonly_fields = ["code", "name", "level", "default_radius_m", "source", "confidence"]

    def has_add_permission(self, request, obj=None):
        return False
