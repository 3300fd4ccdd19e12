"""The department's page behind its e-mailed link (报到): no account, the signed token is the
key. A refused link (forged, of another community, expired) says so and shows nothing."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from commonweal.governance.hazards.forms import NoteForm
from commonweal.governance.hazards.models import CheckIn
from commonweal.governance.hazards.services import departments
from commonweal.governance.hazards.views.common import attempt, page_context
from commonweal.platform.kernel.errors import DomainError


def department_answer(request, token: str):
    community, _roles = page_context(request)
    try:
        report, department = departments.read_token(token)
    except DomainError as error:
        return render(
            request,
            "hazards/answer.html",
            {"community": community, "refused": str(error.message)},
            status=403,
        )
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: departments.check_in(
                community=community, token=token, note=form.cleaned_data["note"]
            ),
            _("Thank you: your answer (报到) is recorded. The community has been told."),
        )
        report.refresh_from_db()
    answer = CheckIn.objects.filter(report=report, department=department).first()
    return render(
        request,
        "hazards/answer.html",
        {
            "community": community,
            "report": report,
            "department": department,
            "answer": answer,
            "form": form,
        },
    )
