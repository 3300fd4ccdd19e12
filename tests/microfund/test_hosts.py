"""Fiscal hosts: provider settings encrypted at rest, keys rotatable, hosts shared."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from commonweal.microfund.hosts.models import FiscalHost, HostedCommunity, ProviderAccount
from commonweal.microfund.providers import provider_for
from tests.microfund.fixtures import host_community


def test_provider_settings_are_stored_encrypted(fengshu):
    host_community(fengshu)
    account = ProviderAccount.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT settings_ciphertext FROM public.fiscal_hosts_provideraccount")
        (stored,) = cursor.fetchone()
    assert "sk_test_commonweal" not in stored and "whsec" not in stored
    assert account.provider_settings()["secret_key"] == "sk_test_commonweal"


def test_keys_rotate_newest_first(fengshu, settings):
    host_community(fengshu)
    old = settings.FUND_SETTINGS_KEYS[0]
    settings.FUND_SETTINGS_KEYS = [Fernet.generate_key().decode(), old]
    account = ProviderAccount.objects.get()
    assert account.provider_settings()["webhook_secret"]  # old key still decrypts
    account.set_settings(account.provider_settings())
    account.save()
    settings.FUND_SETTINGS_KEYS = settings.FUND_SETTINGS_KEYS[:1]
    assert ProviderAccount.objects.get().provider_settings()["secret_key"] == "sk_test_commonweal"
    settings.FUND_SETTINGS_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="cannot be decrypted"):
        ProviderAccount.objects.get().provider_settings()


def test_several_communities_share_one_host(fengshu, jiahonglu):
    host_community(fengshu)
    host_community(jiahonglu)
    assert FiscalHost.objects.count() == 1
    assert HostedCommunity.objects.count() == 2
    assert provider_for(fengshu).name == provider_for(jiahonglu).name == "stripe"
    assert provider_for(fengshu).methods == ("card", "alipay")
