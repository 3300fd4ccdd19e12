"""Words the needs and hazards pages say about photos (their templates and forms), kept in
this app's catalogue so that the photo feature's translations live in one place."""

from django.utils.translation import gettext_noop

WORDS = (
    gettext_noop("Photos"),
    gettext_noop("Add photos"),
    gettext_noop("Photos (optional)"),
    gettext_noop("Photos of the fix (整改照片)"),
    gettext_noop("Add photos of the fix"),
    gettext_noop("Photos of the fix (optional)"),
    gettext_noop("If you send it after all, please choose your photos again."),
)
