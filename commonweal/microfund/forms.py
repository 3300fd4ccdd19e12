"""Staff forms of the fund (the community admin): they collect input in yuan and hand it to the
same services as GraphQL, so validation, error codes and the ledger are the services' own."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.microfund.models import OFFLINE_METHODS, Campaign, DonationMethod
from commonweal.microfund.services.donations import EVIDENCE_MAX_BYTES, EvidenceFile
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.forms import CheckedText


def fen_from_yuan(text):
    """ "88.80" → Decimal(8880); what is not a number is returned as given, for the services'
    amount check to refuse with its own code."""
    try:
        return Decimal((text or "").strip()) * 100
    except InvalidOperation:
        return text


class ServiceForm(CheckedText, forms.Form):
    """A form whose refusals come from a service: `refuse` shows a DomainError on its field."""

    def refuse(self, error: DomainError) -> None:
        self.add_error(error.field if error.field in self.fields else None, str(error.message))


class OfflineDonationForm(ServiceForm):
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=20)
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[(m.value, m.label) for m in DonationMethod if m in OFFLINE_METHODS],
    )
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40, required=False)
    evidence = forms.CharField(
        label=_("Evidence"),
        help_text=_("What proves it, e.g. the cash-box opening record signed by two people."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_file = forms.FileField(
        label=_("Photo or scan of the evidence"),
        help_text=_("JPEG, PNG, WebP or PDF, at most 5 MB."),
        required=False,
    )
    campaign = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Campaign.objects.all(),
        required=False,
        empty_label=_("General fund"),
    )
    donor_name = forms.CharField(label=_("Donor"), max_length=80, required=False)
    anonymous = forms.BooleanField(label=_("Stay anonymous on the public list"), required=False)
    received_on = forms.DateField(label=_("Received on"), required=False)
    message = forms.CharField(label=_("Message"), max_length=300, required=False)

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["amount"] = fen_from_yuan(data["amount"])
        upload = data.pop("evidence_file")
        # Read one byte past the limit, so an oversized file is refused without reading it all.
        data["evidence_file"] = (
            EvidenceFile(name=upload.name, data=upload.read(EVIDENCE_MAX_BYTES + 1))
            if upload
            else None
        )
        return data


class RefundForm(ServiceForm):
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=20)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def service_arguments(self) -> dict:
        return {**self.cleaned_data, "amount": fen_from_yuan(self.cleaned_data["amount"])}


class DeclineProposalForm(ServiceForm):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("The applicant is told this reason."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def service_arguments(self) -> dict:
        return dict(self.cleaned_data)
