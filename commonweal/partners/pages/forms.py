"""Form shapes for the partner pages. The rules live in the services (shared with GraphQL);
a refusal is put back on the field it names."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.partners.registry.models import OrganisationKind
from commonweal.platform.kernel.choices import ServiceTier

NEW = "new"

# Services name fields as GraphQL does; these are the web forms' names for them.
SERVICE_FIELDS = {
    "email": "account_email",
    "phone": "account_phone",
    "organisationId": "organisation",
    "callId": "call",
    "question": "reason",
}


def form_field(form, field: str | None) -> str | None:
    """The form field a service's refusal names, or None (shown above the form)."""
    if not field:
        return None
    name = SERVICE_FIELDS.get(field) or re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower()
    return name if name in form.fields else None


def put_back(form, error) -> None:
    form.add_error(form_field(form, error.field), str(error.message))


class ApplicationForm(forms.Form):
    """申请成为合伙人: who you are (an account, for a visitor), your organisation (one you
    represent, or a new one), and what you commit to."""

    display_name = forms.CharField(label=_("Your name"), max_length=60)
    account_phone = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("You sign in with it. Give a mobile number or an e-mail address."),
    )
    account_email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    organisation = forms.ChoiceField(label=_("Organisation"), widget=forms.RadioSelect)
    kind = forms.ChoiceField(
        label=_("What kind of partner are you?"),
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    legal_name = forms.CharField(
        label=_("Registered name"),
        max_length=120,
        required=False,
        help_text=_("As on the business licence; for individuals, your name or your shop's."),
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code (统一社会信用代码)"),
        max_length=24,
        required=False,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"}
        ),
        help_text=_("18 characters, on the business licence. Individuals leave it empty."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=60, required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    phone_public = forms.BooleanField(
        label=_("Residents may see this number in full and call it"), required=False
    )
    description = forms.CharField(
        label=_("Who you are"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    call = forms.ChoiceField(label=_("Call for partners"), required=False)
    tier = forms.ChoiceField(
        label=_("How you serve residents"),
        choices=ServiceTier.choices,
        initial=ServiceTier.FREE,
        widget=forms.RadioSelect,
    )
    offers = forms.CharField(
        label=_("What you commit to offer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One service a line, e.g. “每月4次义剪” or “老人理发8折”."),
    )
    statement = forms.CharField(
        label=_("Why you want to join"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    ACCOUNT_FIELDS = ("display_name", "account_phone", "account_email", "password")
    ORGANISATION_FIELDS = (
        "kind",
        "legal_name",
        "credit_code",
        "contact_name",
        "contact_phone",
        "phone_public",
        "description",
    )

    def __init__(self, *args, user, organisations, calls, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_authenticated:
            for name in self.ACCOUNT_FIELDS:
                del self.fields[name]
        choices = [(str(o.pk), o.legal_name) for o in organisations]
        self.fields["organisation"].choices = [*choices, (NEW, _("Register a new organisation"))]
        self.fields["organisation"].initial = choices[0][0] if choices else NEW
        if not choices:
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["call"].choices = [("", _("Not answering a particular call"))] + [
            (str(c.pk), c.title) for c in calls
        ]

    @property
    def registers_organisation(self) -> bool:
        return self.cleaned_data.get("organisation") == NEW

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") == NEW and not cleaned.get("kind"):
            self.add_error("kind", _("Choose the kind of partner."))
        return cleaned

    def offers_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["offers"].splitlines() if line.strip()]

    def account_fields(self):
        return [self[name] for name in self.ACCOUNT_FIELDS if name in self.fields]

    def organisation_fields(self):
        return [self[name] for name in self.ORGANISATION_FIELDS]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class DecisionForm(forms.Form):
    """The office's decision on an application; the reason or question goes with it."""

    DECISIONS = ("approve", "reject", "request_information", "activate")
    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason or question (the applicant sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class FulfilmentForm(forms.Form):
    commitment = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.DecimalField(label=_("How much"), min_value=0, decimal_places=2, initial=1)
    delivered_on = forms.DateField(
        label=_("Delivered on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    beneficiary = forms.CharField(label=_("For whom"), required=False, max_length=120)
    evidence = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingForm(forms.Form):
    fulfilment = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProfileForm(forms.Form):
    """The public profile a representative may change at any time (updatePartnerOrganisation)."""

    description = forms.CharField(
        label=_("Who you are"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    website = forms.CharField(label=_("Website"), required=False, max_length=200)
    logo_url = forms.CharField(label=_("Logo address"), required=False, max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=60)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    phone_public = forms.BooleanField(
        label=_("Residents may see this number in full and call it"), required=False
    )
    contact_email = forms.CharField(label=_("Contact e-mail"), required=False, max_length=254)
