from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.choices import CoordinateSystem
from commonweal.platform.kernel.forms import CheckedText
from commonweal.welfaremap.coordinates import to_gcj02
from commonweal.welfaremap.picker import PlaceField

_ON_THE_MAP = {"required": _("Choose the community's centre on the map.")}


class CommunityApplicationForm(CheckedText, forms.Form):
    """Shape only; the rules live in services.clean_application so GraphQL shares them."""

    name = forms.CharField(label=_("Community name"), max_length=60)
    slug = forms.CharField(
        label=_("Web address"),
        max_length=60,
        help_text=_(
            "Suggested from the name's pinyin; you may change it. Lowercase letters, digits "
            "and hyphens, e.g. fengshu."
        ),
        widget=forms.TextInput(
            attrs={"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    city = forms.CharField(label=_("City (市)"), max_length=30)
    district = forms.CharField(label=_("District (区)"), max_length=30)
    subdistrict = forms.CharField(label=_("Sub-district (街道)"), max_length=30)
    area_km2 = forms.DecimalField(label=_("Area (km²)"), max_digits=7, decimal_places=2)
    population = forms.IntegerField(label=_("Population"))
    households = forms.IntegerField(label=_("Households"))
    centre = PlaceField(
        lat="centre_lat",
        lng="centre_lng",
        system="centre_system",
        label=_("Where is the community's centre?"),
        help_text=_("Tap the map at the community office or the middle of the community."),
    )
    # Written by the map picker in the datum of its tiles; stored as GCJ-02.
    centre_lat = forms.FloatField(widget=forms.HiddenInput, error_messages=_ON_THE_MAP)
    centre_lng = forms.FloatField(widget=forms.HiddenInput, error_messages=_ON_THE_MAP)
    centre_system = forms.ChoiceField(
        choices=CoordinateSystem.choices,
        initial=CoordinateSystem.GCJ02,
        required=False,
        widget=forms.HiddenInput,
    )
    applicant_name = forms.CharField(label=_("Your name"), max_length=60)
    applicant_email = forms.CharField(label=_("Your e-mail"), max_length=254, required=False)
    applicant_phone = forms.CharField(label=_("Your mobile number"), max_length=20, required=False)
    statement = forms.CharField(
        label=_("Why join?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    password = forms.CharField(
        label=_("Password for your account"), widget=forms.PasswordInput, required=False
    )

    PERSON_FIELDS = ("applicant_name", "applicant_email", "applicant_phone", "statement")

    def community_fields(self):
        return [f for f in self if f.name not in (*self.PERSON_FIELDS, "password")]

    def person_fields(self):
        return [self[name] for name in self.PERSON_FIELDS]

    def clean(self):
        cleaned = super().clean()
        # Hidden inputs cannot show an error: the map does.
        for name in ("centre_lat", "centre_lng"):
            if name in self.errors:
                messages = self.errors.pop(name)
                if "centre" not in self.errors:
                    self.add_error("centre", messages[0])
        lat, lng = cleaned.get("centre_lat"), cleaned.get("centre_lng")
        system = cleaned.get("centre_system") or CoordinateSystem.GCJ02
        if lat is not None and lng is not None and -90 <= lat <= 90 and -180 <= lng <= 180:
            cleaned["centre_lat"], cleaned["centre_lng"] = to_gcj02(lat, lng, system)
        return cleaned

    def service_data(self) -> dict:
        """What `services.application_submit` takes: the centre in GCJ-02, no password."""
        data = dict(self.cleaned_data)
        for name in ("password", "centre", "centre_system"):
            data.pop(name, None)
        return data
