from django.apps import AppConfig


class ScratchappConfig(AppConfig):
    name = "bench.scratchapp"
    label = "scratchapp"
    default_auto_field = "django.db.models.BigAutoField"
