"""Forms of the hazards pages. They check shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.governance.hazards.models import HazardCategory
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
