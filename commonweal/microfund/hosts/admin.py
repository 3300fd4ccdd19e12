"""Fiscal hosts in the platform admin (public schema, platform admins): the communities each
holds and its payment-provider accounts. Provider secrets are write-only: the form shows
whether each is set (with its last four characters) and replaces it only when a new value is
typed; it is stored encrypted (`hosts.crypto`)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from commonweal.microfund.hosts.models import FiscalHost, HostedCommunity, ProviderAccount
from commonweal.microfund.hosts.selectors import expiring_certificates
from commonweal.microfund.hosts.services import provider_account_save, secret_hint
from commonweal.microfund.models import DonationMethod
from commonweal.microfund.providers import provider_class, provider_names

ONLINE_METHODS = [
    (m.value, m.label)
    for m in (DonationMethod.CARD, DonationMethod.ALIPAY, DonationMethod.WECHAT_PAY)
]
SETTING_LABELS = {
    "secret_key": _("secret API key"),
    "webhook_secret": _("webhook signing secret"),
    "api_base": _("API address (empty: the service's own)"),
}
# Settings holding PEM text (keys, certificates): several lines, pasted whole.
MULTILINE = {
    "merchant_private_key",
    "merchant_certificate",
    "platform_certificates",
    "app_private_key",
    "alipay_public_key",
}


def _stored(account: ProviderAccount) -> dict:
    return account.provider_settings() if account.settings_ciphertext else {}


def secret_state(stored: dict, name: str) -> str:
    """ "set …abcd" or "not set": all that is ever shown of a stored secret."""
    value = stored.get(name, "")
    if not value:
        return _("not set")
    hint = secret_hint(value)
    return _("set %(hint)s") % {"hint": hint} if hint else _("set")


class HostedCommunityInline(admin.TabularInline):
    model = HostedCommunity
    extra = 0


@admin.register(FiscalHost)
class FiscalHostAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_id", "public_fundraising_qualified", "contact_email"]
    search_fields = ["name", "organisation_id"]
    inlines = [HostedCommunityInline]


def _setting_fields() -> dict[str, forms.Field]:
    """A form field for each setting any provider declares."""
    fields = {}
    for provider in provider_names():
        kind = provider_class(provider)
        for name in kind.secret_settings:
            fields[name] = forms.CharField(
                label=SETTING_LABELS.get(name, name),
                required=False,
                # render_value=False: a stored secret never goes back to the browser
                widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"})
                if name in MULTILINE
                else forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                strip=name not in MULTILINE,
            )
        for name in kind.public_settings:
            fields[name] = forms.CharField(
                label=SETTING_LABELS.get(name, name),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}) if name in MULTILINE else None,
            )
    return fields


class _AccountForm(forms.ModelForm):
    provider = forms.ChoiceField(
        label=_("payment service"), choices=[(n, n) for n in provider_names()]
    )
    payment_methods = forms.MultipleChoiceField(
        label=_("payment methods"), choices=ONLINE_METHODS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProviderAccount
        fields = ["host", "provider", "payment_methods", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = _stored(self.instance)
        for provider in provider_names():
            kind = provider_class(provider)
            for name in kind.secret_settings:
                self.fields[name].help_text = _(
                    "Now: %(state)s. Type a new value to replace it; leave empty to keep it."
                ) % {"state": secret_state(stored, name)}
            for name in kind.public_settings:
                self.fields[name].initial = stored.get(name, "")

    def setting_changes(self) -> dict[str, str]:
        kind = provider_class(self.cleaned_data["provider"])
        return {
            name: self.cleaned_data.get(name, "")
            for name in (*kind.secret_settings, *kind.public_settings)
        }


ProviderAccountForm = type("ProviderAccountForm", (_AccountForm,), _setting_fields())


@admin.register(ProviderAccount)
class ProviderAccountAdmin(admin.ModelAdmin):
    form = ProviderAccountForm
    list_display = [
        "host",
        "provider",
        "payment_methods",
        "active",
        "secrets",
        "certificates_ending",
        "updated_at",
    ]
    list_filter = ["provider", "active"]
    list_select_related = ["host"]

    @admin.display(description=_("secrets"))
    def secrets(self, obj):
        stored = _stored(obj)
        return ", ".join(
            f"{SETTING_LABELS.get(name, name)}: {secret_state(stored, name)}"
            for name in provider_class(obj.provider).secret_settings
        )

    @admin.display(description=_("certificates expiring within 30 days"))
    def certificates_ending(self, obj):
        return ", ".join(f"{name} → {ends:%Y-%m-%d}" for name, ends in expiring_certificates(obj))

    def save_model(self, request, obj, form, change):
        provider_account_save(actor=request.user, account=obj, changes=form.setting_changes())
