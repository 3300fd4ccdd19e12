"""What every time-bank page needs: the community, sign-in, refusals shown on the page."""

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from commonweal.platform.kernel.errors import DomainError


def community_of(request):
    if getattr(request, "tenant", None) is None:
        raise Http404
    return request.tenant


def sign_in_first(request):
    return redirect(f"/login/?next={request.get_full_path()}")


def qr_svg(data: str, *, scale: int = 6) -> str:
    """An inline SVG QR code (segno), dark on white, with its quiet zone."""
    svg = segno.make(data, error="m").svg_inline(
        scale=scale, dark="#111", light="#fff", omitsize=True
    )
    return mark_safe(svg)  # segno's own markup, the data is escaped inside it


def attempt(request, work, *, done: str, back: str):
    """Run a service; a refusal becomes a message on the page the user came from."""
    try:
        result = work()
    except DomainError as refusal:
        messages.error(request, str(refusal.message))
        return redirect(back)
    if done:
        messages.success(request, done)
    return result
