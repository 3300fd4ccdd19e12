"""Forms of the needs pages. They check shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs.models import NeedCategory, NeedSource
from commonweal.governance.photos.pages import need_photos_field, update_photos_field
from commonweal.welfaremap.picker import PlaceField


class NeedForm(forms.Form):
    title = forms.CharField(label=_("What is needed, in a few words"), max_length=80)
    description = forms.CharField(
        label=_("Tell us more"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ChoiceField(label=_("Kind of need"), choices=NeedCategory.choices)
    place = forms.CharField(label=_("Where (courtyard, building)"), max_length=80, required=False)
    photos = need_photos_field(label=_("Photos (optional)"))
    where = PlaceField(
        lat="lat",
        lng="lng",
        system="system",
        address="place",
        label=_("Where on the map (if it has a place)"),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    system = forms.ChoiceField(
        required=False,
        initial="gcj02",
        choices=[("gcj02", "GCJ-02"), ("wgs84", "WGS-84")],
        widget=forms.HiddenInput,
    )
    # Set once the raiser has seen the likely duplicates and still wants to raise it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class OfflineNeedForm(NeedForm):
    origin = forms.ChoiceField(
        label=_("Gathered at"),
        choices=[c for c in NeedSource.choices if c[0] != NeedSource.ONLINE],
    )
    residents_note = forms.CharField(
        label=_("Residents behind it (not published)"), max_length=200, required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("A word on the outcome"), max_length=300, required=False)


class ResponseForm(forms.Form):
    partner = forms.TypedChoiceField(label=_("For"), coerce=int)
    offer = forms.CharField(
        label=_("What you offer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, partnerships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(p.pk, p.organisation.legal_name) for p in partnerships]


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Progress"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = update_photos_field(label=_("Photos of the work (optional)"))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Step"), max_length=80)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class NeedTicks(forms.TypedMultipleChoiceField):
    """Other needs offered as ticks. Any id posted goes on to the service, which alone decides
    which needs a task may carry and says why not (a need handled meanwhile, say)."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task title"), max_length=80)
    description = forms.CharField(
        label=_("What partners are asked to do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = forms.DateField(label=_("Respond by"), widget=forms.DateInput(attrs={"type": "date"}))
    budget_yuan = forms.DecimalField(
        label=_("Budget (yuan, optional)"), required=False, min_value=0, decimal_places=2
    )
    also = NeedTicks(
        label=_("Other accepted needs it also answers"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["also"].choices = [
            (n.pk, f"{n.title} · {n.place}" if n.place else n.title) for n in others
        ]
