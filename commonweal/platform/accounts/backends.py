from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from commonweal.platform.accounts.selectors import user_by_login


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with an e-mail address or a mainland mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = user_by_login(username or kwargs.get("email") or "")
        if user is None:
            # Same cost as a real check, so timing does not reveal which logins exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
