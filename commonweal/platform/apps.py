from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    name = "commonweal.platform"
    label = "platform"
    verbose_name = _("Platform")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import pre_save

        from commonweal.platform.kernel import checks, ratelimit  # noqa: F401  (checks registers)
        from commonweal.platform.kernel.text import refuse_over_long

        # A limit the column has is refused, never cut; see commonweal/platform/kernel/text.py.
        pre_save.connect(refuse_over_long, dispatch_uid="platform.refuse_over_long")
        # Wrong passwords count towards sign-in back-off even though their transaction rolls back.
        user_login_failed.connect(ratelimit.on_login_failed, dispatch_uid="ratelimit.failed")
        user_logged_in.connect(ratelimit.on_logged_in, dispatch_uid="ratelimit.logged_in")
