"""Writes of fiscal hosts: their payment-provider accounts' settings, encrypted at rest."""

from django.db import transaction

from commonweal.microfund.hosts.models import ProviderAccount


def secret_hint(value: str) -> str:
    """What may be shown of a stored secret: its last four characters, for a long one only."""
    return f"…{value[-4:]}" if len(value) >= 16 else ""


@transaction.atomic
def provider_account_save(
    *, actor, account: ProviderAccount, changes: dict[str, str]
) -> ProviderAccount:
    """Save the account with `changes` merged into its encrypted settings. Secrets are
    write-only, so a form never holds them: an empty value keeps what is stored."""
    stored = account.provider_settings() if account.settings_ciphertext else {}
    account.set_settings(stored | {key: value for key, value in changes.items() if value})
    account.save()
    return account
