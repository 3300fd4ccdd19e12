from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.platform.forms import CheckedText


class CommunityApplicationForm(CheckedText, forms.Form):
    """Shape only; the rules live in services.clean_application so GraphQL shares them."""

    name = forms.CharField(label=_("Community name"), max_length=60)
    slug = forms.CharField(
        label=_("Address"), max_length=60, help_text=_("Lowercase letters, e.g. fengshu")
    )
    city = forms.CharField(label=_("City (市)"), max_length=30)
    district = forms.CharField(label=_("District (区)"), max_length=30)
    subdistrict = forms.CharField(label=_("Sub-district (街道)"), max_length=30)
    area_km2 = forms.DecimalField(label=_("Area (km²)"), max_digits=7, decimal_places=2)
    population = forms.IntegerField(label=_("Population"))
    households = forms.IntegerField(label=_("Households"))
    centre_lat = forms.FloatField(label=_("Centre latitude"))
    centre_lng = forms.FloatField(label=_("Centre longitude"))
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
