import pytest

from tests.fixtures import *  # noqa: F403


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, plus the community template every provisioning copies."""
    from commonweal.tenants.migrate import prepare_template

    with django_db_blocker.unblock():
        prepare_template()


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "zh-hans"
