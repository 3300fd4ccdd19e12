"""A fiscal host's payment-provider settings in the platform admin: secrets are write-only
(only "set …last four" is ever shown), stored encrypted, kept when left empty."""

from django.db import connection
from django.test import Client

from commonweal.microfund.hosts.models import FiscalHost, ProviderAccount
from commonweal.platform.kernel.roles import Role
from tests.fixtures import host_of, make_member, make_user

SECRET_KEY = "sk_live_51Commonweal0000SecretKey9876"
WEBHOOK_SECRET = "whsec_Commonweal0000WebhookSecret4321"
ADD = "/admin/fiscal_hosts/provideraccount/add/"


def _host() -> FiscalHost:
    return FiscalHost.objects.create(
        name="成都市锦江区慈善会", organisation_id="51510104MJ0000000X"
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ciphertext() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT settings_ciphertext FROM public.fiscal_hosts_provideraccount")
        return cursor.fetchone()[0]


def _page(client, path: str) -> str:
    return client.get(path, HTTP_HOST=host_of(None)).content.decode()


def test_a_platform_admin_sets_a_hosts_stripe_secrets_that_are_never_shown_back(platform_admin):
    # given a fiscal host and a platform admin on the platform host
    host = _host()
    client = _client(platform_admin)

    # when they add its Stripe account with both secrets
    response = client.post(
        ADD,
        {
            "host": host.pk,
            "provider": "stripe",
            "payment_methods": ["card", "alipay"],
            "active": "on",
            "secret_key": SECRET_KEY,
            "webhook_secret": WEBHOOK_SECRET,
            "api_base": "",
        },
        HTTP_HOST=host_of(None),
    )

    # then the account is saved with its secrets encrypted
    assert response.status_code == 302
    account = ProviderAccount.objects.get()
    assert (account.provider, account.payment_methods, account.active) == (
        "stripe",
        ["card", "alipay"],
        True,
    )
    assert account.provider_settings() == {
        "secret_key": SECRET_KEY,
        "webhook_secret": WEBHOOK_SECRET,
    }
    stored = _ciphertext()
    assert SECRET_KEY not in stored and WEBHOOK_SECRET not in stored
    # and the list and the change page say "set …last four", never the secret or its cipher
    for path in ("/admin/fiscal_hosts/provideraccount/", f"{ADD[:-4]}{account.pk}/change/"):
        page = _page(client, path)
        assert "已设置 …9876" in page and "已设置 …4321" in page
        assert SECRET_KEY not in page and WEBHOOK_SECRET not in page and stored not in page
        assert SECRET_KEY[:-4] not in page


def test_empty_secret_fields_keep_the_stored_secrets(platform_admin):
    # given a host's account with both secrets set
    host = _host()
    account = ProviderAccount(host=host, provider="stripe", payment_methods=["card"])
    account.set_settings({"secret_key": SECRET_KEY, "webhook_secret": WEBHOOK_SECRET})
    account.save()
    client = _client(platform_admin)
    change = f"/admin/fiscal_hosts/provideraccount/{account.pk}/change/"
    form = {"host": host.pk, "provider": "stripe", "payment_methods": ["card", "wechat_pay"]}

    # when the admin changes the methods leaving the secrets empty, then replaces one secret
    first = client.post(change, form | {"active": "on"}, HTTP_HOST=host_of(None))
    kept = ProviderAccount.objects.get().provider_settings()
    second = client.post(
        change, form | {"webhook_secret": "whsec_rotated_0000000000005555"}, HTTP_HOST=host_of(None)
    )

    # then the empty fields kept both secrets, and the new one replaced only its own
    assert (first.status_code, second.status_code) == (302, 302)
    assert kept == {"secret_key": SECRET_KEY, "webhook_secret": WEBHOOK_SECRET}
    account.refresh_from_db()
    assert (account.payment_methods, account.active) == (["card", "wechat_pay"], False)
    assert account.provider_settings() == {
        "secret_key": SECRET_KEY,
        "webhook_secret": "whsec_rotated_0000000000005555",
    }


def test_a_short_secret_shows_only_that_it_is_set_and_an_unset_one_says_so(platform_admin):
    host = _host()
    account = ProviderAccount(host=host, provider="stripe", payment_methods=["card"])
    account.set_settings({"secret_key": "sk_short"})
    account.save()
    page = _page(_client(platform_admin), "/admin/fiscal_hosts/provideraccount/")
    assert "API 密钥: 已设置, Webhook 签名密钥: 未设置" in page
    assert "hort" not in page


def test_only_platform_admins_reach_the_provider_settings(fengshu):
    # given a fiscal host's account, a community admin and a signed-in user
    host = _host()
    account = ProviderAccount(host=host, provider="stripe", payment_methods=["card"])
    account.set_settings({"secret_key": SECRET_KEY})
    account.save()
    before = (_ciphertext(), list(ProviderAccount.objects.values()))
    for user in (make_member(fengshu, Role.ADMIN), make_user()):
        client = _client(user)
        # when they open the list or post a new secret
        listing = client.get("/admin/fiscal_hosts/provideraccount/", HTTP_HOST=host_of(None))
        change = client.post(
            f"/admin/fiscal_hosts/provideraccount/{account.pk}/change/",
            {"host": host.pk, "provider": "stripe", "secret_key": "sk_attacker"},
            HTTP_HOST=host_of(None),
        )
        # then they are sent to the admin's sign-in and nothing changed
        assert [(r.status_code, r["Location"].split("?")[0]) for r in (listing, change)] == [
            (302, "/admin/login/")
        ] * 2
    assert (_ciphertext(), list(ProviderAccount.objects.values())) == before
