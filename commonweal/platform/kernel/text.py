"""What text may enter the platform, checked once where it comes in.

Every string a client sends (GraphQL arguments and variables, form fields) passes `check_text`
at the boundary: NUL (PostgreSQL cannot store it) and lone UTF-16 surrogates (UTF-8 cannot
encode them) are refused, as are the other control characters, which render as nothing and
let a title look like another; tab, newline and carriage return stay allowed because
multi-line text needs them. Single-line fields (a model's CharField) refuse those too.

Lengths are checked against the model's own `max_length` when a row is saved
(`refuse_over_long`), so the limit a client meets is the one the column has, and nothing is
ever cut silently.
"""

import re
import unicodedata
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from commonweal.platform.kernel.errors import DomainError


class TextErrorCode(StrEnum):
    INVALID_TEXT = "INVALID_TEXT"
    TOO_LONG = "TOO_LONG"


# C0 controls but tab, newline and carriage return; DEL; C1 controls; lone surrogates.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str, *, multiline: bool = True) -> str | None:
    """Why `value` may not be stored, or None."""
    found = _REFUSED.search(value)
    if found is not None:
        char = found.group()
        if char == "\x00":
            return "NUL"
        if unicodedata.category(char) == "Cs":
            return "surrogate"
        return "control"
    if not multiline and _LINE_BREAKS.search(value):
        return "line break"
    return None


def invalid_text(field: str) -> DomainError:
    return DomainError(
        TextErrorCode.INVALID_TEXT,
        _("“%(field)s” contains characters that cannot be stored (control characters).")
        % {"field": field},
        field=field,
    )


def check_text(value: str, *, field: str, multiline: bool = True) -> str:
    """`value` unchanged, or a DomainError INVALID_TEXT naming `field`."""
    if text_problem(value, multiline=multiline) is not None:
        raise invalid_text(field)
    return value


def too_long(field: str, limit: int, label=None) -> DomainError:
    return DomainError(
        TextErrorCode.TOO_LONG,
        _("“%(label)s” is too long: at most %(limit)d characters.")
        % {"label": label or field, "limit": limit},
        field=field,
    )


def fit_columns(model, values: dict) -> dict:
    """`values` unchanged, or TOO_LONG naming the first text longer than `model`'s column of
    the same name. For services that write several models from one input, so the refusal
    names the input's field rather than whichever row was saved first."""
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        try:
            field = model._meta.get_field(name)
        except LookupError:
            continue
        limit = getattr(field, "max_length", None)
        if limit is not None and len(value) > limit:
            raise too_long(name, limit, field.verbose_name)
    return values


def refuse_over_long(sender, instance, raw=False, **_kwargs) -> None:
    """pre_save of the platform's models: text longer than its column's `max_length`
    (TextFields included, which PostgreSQL does not check) is refused naming the field, as
    is text the database cannot keep (NUL, lone surrogates) or a line break in a single-line
    field. Fixtures (`raw`) load as they are."""
    if raw or not sender.__module__.startswith("commonweal."):
        return
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname, None)
        if not isinstance(value, str):
            continue
        if field.max_length is not None and len(value) > field.max_length:
            raise too_long(field.name, field.max_length, field.verbose_name)
        if _UNSTORABLE.search(value) or (
            isinstance(field, models.CharField) and _LINE_BREAKS.search(value)
        ):
            raise invalid_text(field.name)
