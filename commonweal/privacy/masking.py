"""Public pages never show a private person's full mobile or ID number (个人信息保护法).

People write their numbers into what they publish (a need's text, a report, a proposal), and
pages quote them. Rather than trusting every template to remember a filter, the response is
masked on its way out for whoever is not the community's office (or, on the platform's host,
not a platform admin): 138****5678, 510104********123X.

Numbers a page publishes on purpose are written as telephone links (`<a href="tel:…">`): a
partner that chose to publish its number, a service point's desk. Text inside such a link,
inside a form's field, in a `<script>` and in tags' attributes is left alone.

GraphQL answers are JSON, not pages: there the fields that carry what residents wrote are
declared with `resident_text` (or given `MaskedForPublic()`), which masks the same way for the
same readers. Fields published on purpose (a partner's `contactPhone`, a service point's
`phone`) are plain fields and stay as written. The search index is public across communities:
`commonweal.search.documents.index_document` masks what it indexes, for everyone.
"""

import re

import strawberry_django
from django.utils.deprecation import MiddlewareMixin
from strawberry.extensions import FieldExtension

MOBILE = re.compile(r"(?<![\d*])(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dA-Za-z*])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])")
# Tags and the elements whose text stays as written.
LEFT_ALONE = re.compile(
    r"<a\b[^>]*href=\"tel:[^\"]*\"[^>]*>.*?</a>|<script\b.*?</script>|<textarea\b.*?</textarea>"
    r"|<[^>]*>",
    re.S | re.I,
)


def mask_text(text: str) -> str:
    text = ID_NUMBER.sub(lambda m: f"{m[1]}{'*' * 8}{m[3]}", text)
    return MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)


def mask_page(html: str) -> str:
    out, last = [], 0
    for kept in LEFT_ALONE.finditer(html):
        out.append(mask_text(html[last : kept.start()]))
        out.append(kept.group(0))
        last = kept.end()
    out.append(mask_text(html[last:]))
    return "".join(out)


def sees_full_numbers(request) -> bool:
    from commonweal.platform.accounts.selectors import roles_in_current_community
    from commonweal.platform.kernel.roles import OFFICE_ROLES

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if getattr(request, "tenant", None) is None:
        return user.is_staff
    return bool(roles_in_current_community(request) & OFFICE_ROLES)


class PublicNumbersMasked(MiddlewareMixin):
    """Masks mobile and ID numbers in HTML pages for the public (see the module docstring)."""

    def process_response(self, request, response):
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.get("Content-Encoding")
        ):
            return response
        html = response.content.decode(response.charset or "utf-8", errors="replace")
        # Most pages hold no number at all: no work, and no question about the viewer.
        if not (MOBILE.search(html) or ID_NUMBER.search(html)) or sees_full_numbers(request):
            return response
        response.content = mask_page(html).encode(response.charset or "utf-8")
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


class MaskedForPublic(FieldExtension):
    """A text field's mobile and ID numbers masked for readers who are not the community's
    office (platform admins on the platform's host), as pages are."""

    def passes_unchanged(self, value) -> bool:
        """Whether `value` is answered as it is to every reader (graphql/loaded.py reads such
        values without the resolver chain)."""
        return not isinstance(value, str) or not (MOBILE.search(value) or ID_NUMBER.search(value))

    def resolve(self, next_, source, info, **kwargs):
        value = next_(source, info, **kwargs)
        if self.passes_unchanged(value):
            return value
        return value if sees_full_numbers(info.context.request) else mask_text(value)


def resident_text(description: str, **kwargs):
    """A model field of free text that residents (or anyone outside the office) write: masked
    for the public by `MaskedForPublic`."""
    extensions = [*kwargs.pop("extensions", ()), MaskedForPublic()]
    return strawberry_django.field(description=description, extensions=extensions, **kwargs)
