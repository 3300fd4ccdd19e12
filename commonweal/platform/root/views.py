from django.contrib.auth import login
from django.shortcuts import redirect, render

from commonweal.platform.accounts.models import Invitation
from commonweal.platform.accounts.services import invitation_accept, user_register
from commonweal.platform.kernel.errors import DomainError
from commonweal.tenants.selectors import directory
from commonweal.web import registry
from commonweal.web.links import community_url


def home(request):
    """The platform home: search every community, the directory, what apps add as tiles."""
    communities = [
        {"community": c, "url": community_url(c.slug, "/", request)} for c in directory()
    ]
    return render(
        request,
        "platform/home.html",
        {"communities": communities, "tiles": registry.tiles_for(request)},
    )


def community_home(request):
    """A community's home, read like a city-services app: notices, then big service tiles."""
    return render(
        request,
        "platform/community_home.html",
        {
            "community": request.tenant,
            "tiles": registry.tiles_for(request),
            "notices": registry.notices_for(request),
        },
    )


def accept_invitation(request, secret: str):
    """The link in an invitation e-mail: sign in (or create an account), then join."""
    invitation = Invitation.objects.filter(
        community=request.tenant, secret_digest=Invitation.digest(secret)
    ).first()
    error = None
    if request.method == "POST":
        try:
            if not request.user.is_authenticated:
                user = user_register(
                    email=invitation.email if invitation else "",
                    phone=invitation.phone if invitation else "",
                    password=request.POST.get("password", ""),
                    display_name=request.POST.get("display_name", ""),
                )
                login(
                    request,
                    user,
                    backend="commonweal.platform.accounts.backends.EmailOrPhoneBackend",
                )
            invitation_accept(user=request.user, secret=secret, community=request.tenant)
        except DomainError as refusal:
            error = str(refusal.message)
        else:
            return redirect("community-home")
    return render(
        request,
        "platform/accept_invitation.html",
        {
            "community": request.tenant,
            "invitation": invitation if invitation and invitation.is_open else None,
            "error": error,
        },
    )
