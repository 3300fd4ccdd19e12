from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.forms import CheckedText


class ErasureForm(CheckedText, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=128,
    )
    understood = forms.BooleanField(
        label=_("I understand that my account is closed and this cannot be undone"),
        required=True,
    )


class ClosureForm(CheckedText, forms.Form):
    slug = forms.SlugField(label=_("Community code"), max_length=30)
    reason = forms.CharField(
        label=_("Reason, as members will read it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    grace_days = forms.IntegerField(
        label=_("Days of grace"), initial=30, min_value=1, max_value=3650
    )
