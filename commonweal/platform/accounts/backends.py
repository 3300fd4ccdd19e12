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

    def has_perm(self, user_obj, perm, obj=None):
        # Platform admins run the platform admin as a whole; Django's per-model permissions
        # are not used anywhere else (communities authorise by role, see admin_sites.py).
        if user_obj.is_active and user_obj.is_staff:
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if user_obj.is_active and user_obj.is_staff:
            return True
        return super().has_module_perms(user_obj, app_label)
