"""The merchant's page: verify a volunteer's code at the counter, on their own phone."""

from django.shortcuts import render

from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.timebank import selectors
from commonweal.timebank.roles import roles_of
from commonweal.timebank.services import redemptions
from commonweal.timebank.services.partners import represented_partnerships
from commonweal.timebank.views.common import community_of, sign_in_first


def verify(request):
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    is_merchant = Role.PARTNER_REPRESENTATIVE in roles_of(community, request.user)
    done = error = None
    code = request.POST.get("code") or request.GET.get("code") or ""
    if request.method == "POST" and is_merchant:
        try:
            done = redemptions.verify(community=community, actor=request.user, code=code)
        except DomainError as refusal:
            error = refusal
    recent = []
    if is_merchant:
        ids = represented_partnerships(request.user).values_list("pk", flat=True)
        recent = selectors.merchant_redemptions(ids)[:20]
    return render(
        request,
        "timebank/verify.html",
        {
            "community": community,
            "is_merchant": is_merchant,
            "code": code,
            "done": done,
            "error": error,
            "recent": recent,
        },
        status=400 if error else 200,
    )
