from django.shortcuts import render

from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.tenants.selectors import directory


def home(request):
    return render(request, "platform/home.html", {"communities": directory()})


def community_home(request):
    return render(
        request,
        "platform/community_home.html",
        {"community": request.tenant, "roles": sorted(roles_in_current_community(request))},
    )
