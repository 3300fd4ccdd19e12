"""The boundary's text rule for Django forms (commonweal/platform/kernel/text.py): mix `CheckedText`
into a form and every text field refuses NUL, lone surrogates and control characters, and a
single-line field (any widget but a textarea) refuses line breaks too."""

from django import forms

from commonweal.platform.kernel.text import invalid_text, text_problem


class CheckedText:
    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if not isinstance(value, str) or isinstance(field.widget, forms.PasswordInput):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            if text_problem(value, multiline=multiline) is not None:
                self.add_error(name, str(invalid_text(str(field.label or name)).message))
        return cleaned
