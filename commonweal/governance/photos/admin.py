"""Photos in the community admin: read-only records (adding and removing go through the
services, which keep the files and the rows together); the uploader is not shown, since a
report's uploader is usually its reporter."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from commonweal.governance.photos.models import Photo
from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin


@admin.register(Photo, site=community_admin)
class PhotoAdmin(OfficeRoleAdmin):
    list_display = ("pk", "need", "report", "of_the_fix", "width", "height", "uploaded_at")
    list_filter = ("of_the_fix",)
    fields = ("preview", "need", "report", "of_the_fix", "content_type", "width", "height", "size")
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo (照片)"))
    def preview(self, photo):
        return format_html(
            '<a href="{}"><img src="{}" alt=""></a>', photo.path, photo.thumbnail_path
        )
