"""Staff confirm a resource suggested on a need's page (确认匹配), or withdraw it."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.governance.needs.services import matches
from commonweal.governance.needs.views.common import attempt, need_or_404, page_context, refusal


@require_POST
def need_match_confirm(request, pk: int):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    need = need_or_404(request, pk)
    key = request.POST.get("key", "")
    attempt(
        request,
        lambda: matches.match_confirm(
            actor=request.user,
            community=community,
            need=need,
            source=request.POST.get("source", ""),
            key=int(key) if key.isdigit() else -1,
        ),
        _("Match confirmed; the partner behind it is told."),
    )
    return redirect(need.path)


@require_POST
def need_match_withdraw(request, pk: int, match_pk: int):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    need = need_or_404(request, pk)

    def withdraw():
        match = matches.access_live_match(match_id=match_pk)
        if match.need_id != need.pk:
            raise matches.not_found()
        matches.match_withdraw(actor=request.user, community=community, match=match)

    attempt(request, withdraw, _("Match withdrawn."))
    return redirect(need.path)
