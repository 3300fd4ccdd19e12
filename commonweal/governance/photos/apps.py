from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "commonweal.governance.photos"
    label = "photos"
    verbose_name = _("Photos (照片)")

    def ready(self):
        from django.db.models.signals import post_delete

        from commonweal.governance.photos.models import Photo
        from commonweal.governance.photos.services import files_go_after_commit

        post_delete.connect(files_go_after_commit, sender=Photo, dispatch_uid="photos.files")
