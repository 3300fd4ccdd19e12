"""The photo field of the phone forms (raising a need, reporting a hazard, marking it fixed).

It checks only how many files came; what they are is `processing`'s to decide, inside the
same transaction as the rest of the form."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    template_name = "django/forms/widgets/file.html"

    def __init__(self, attrs=None):
        # The phone offers its camera (rear-facing) as well as its gallery.
        defaults = {"accept": "image/jpeg,image/png,image/webp,image/*", "multiple": True}
        super().__init__({**defaults, **(attrs or {})})


class PhotosField(forms.FileField):
    widget = PhotosInput

    def __init__(self, *, limit: int, **kwargs):
        self.limit = limit
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            format_lazy(
                _(
                    "Up to {limit} photos (JPEG, PNG or WebP, 10 MB each)."
                    " Location data is removed."
                ),
                limit=limit,
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.limit:
            raise forms.ValidationError(
                _("At most %(limit)d photos."), code="too_many", params={"limit": self.limit}
            )
        return files
