"""Every model that refers to a person, or holds a contact-like field, is declared."""

from django.db import models
from django.test.utils import isolate_apps

from commonweal.platform.accounts.models import User
from commonweal.privacy.registry import declarations, undeclared


def test_every_user_key_and_contact_field_of_every_model_is_declared():
    # given every installed model, shared and tenant
    # when the registry is asked what no `personal.py` covers
    missing = undeclared()

    # then nothing is left out
    assert missing == []
    assert len(declarations()) >= 60


@isolate_apps("commonweal.privacy")
def test_a_new_model_with_a_user_key_or_a_phone_is_reported_until_declared():
    # given a model a future app adds, without a declaration
    class Pledge(models.Model):
        pledger = models.ForeignKey(User, on_delete=models.CASCADE)
        mobile_phone = models.CharField(max_length=11)
        id_number = models.CharField(max_length=18)
        title = models.CharField(max_length=20)

        class Meta:
            app_label = "privacy"

        def __str__(self):
            return self.title

    # when the registry checks it
    missing = undeclared([Pledge])

    # then its user key and its contact-like fields are named
    assert missing == [
        "privacy.Pledge.id_number",
        "privacy.Pledge.mobile_phone",
        "privacy.Pledge.pledger",
    ]
