"""Forms of the hazards pages. They check shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.models import Grid, HazardCategory
from commonweal.governance.hazards.models_campaigns import CampaignUnit
from commonweal.governance.photos.pages import report_photos_field
from commonweal.welfaremap.picker import PlaceField


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What kind of hazard"), choices=HazardCategory.choices)
    where = PlaceField(
        lat="lat",
        lng="lng",
        system="system",
        address="place",
        label=_("Where is it? Tap the map"),
    )
    place = forms.CharField(label=_("Building or courtyard"), max_length=80, required=False)
    description = forms.CharField(
        label=_("What is wrong, in a sentence"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = report_photos_field(label=_("Photos (optional)"))
    anonymous = forms.BooleanField(label=_("Report anonymously"), required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    system = forms.ChoiceField(
        required=False,
        initial="gcj02",
        choices=[("gcj02", "GCJ-02"), ("wgs84", "WGS-84")],
        widget=forms.HiddenInput,
    )
    # Set once the reporter has seen similar open reports and still files a new one.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done, or your answer"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title (e.g. 燃气安全入户检查)"), max_length=80)
    unit = forms.ChoiceField(
        label=_("Visit"), choices=CampaignUnit.choices, widget=forms.RadioSelect
    )
    grids = forms.ModelMultipleChoiceField(
        label=_("Grids"),
        queryset=Grid.objects.order_by("parent_id", "name", "pk"),
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("What to check"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HazardFoundForm(forms.Form):
    category = forms.ChoiceField(label=_("What kind of hazard"), choices=HazardCategory.choices)
    description = forms.CharField(
        label=_("What is wrong, in a sentence"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GridForm(forms.Form):
    """The drawing page's fields; `rings` is the drawing (JSON: outline, then holes)."""

    name = forms.CharField(label=_("Name"), max_length=60)
    parent = forms.ModelChoiceField(
        label=_("Lies under (for a micro-grid)"),
        queryset=Grid.objects.filter(parent__isnull=True).order_by("name", "pk"),
        required=False,
        empty_label=_("— none: a grid of the community —"),
    )
    households = forms.IntegerField(
        label=_("Households"), min_value=0, max_value=99_999, required=False
    )
    covers = forms.CharField(
        label=_("Courtyards and buildings covered (separated by 、)"),
        max_length=300,
        required=False,
    )
    rings = forms.CharField(widget=forms.HiddenInput, required=False)
    system = forms.ChoiceField(
        required=False,
        initial="gcj02",
        choices=[("gcj02", "GCJ-02"), ("wgs84", "WGS-84")],
        widget=forms.HiddenInput,
    )
