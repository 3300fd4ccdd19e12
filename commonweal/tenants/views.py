import re

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from commonweal.platform.errors import DomainError
from commonweal.tenants.forms import CommunityApplicationForm
from commonweal.tenants.models import CommunityApplication
from commonweal.tenants.services import application_submit

FILED_KEY = "filed_applications"


def _form_field(field: str | None) -> str | None:
    # Services name fields as GraphQL does (camelCase); the form uses snake_case.
    return re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower() if field else None


def apply(request):
    form = CommunityApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        try:
            application = application_submit(applicant=request.user, data=data, password=password)
        except DomainError as error:
            field = _form_field(error.field)
            form.add_error(field if field in form.fields else None, str(error.message))
        else:
            # Ids are guessable; the receipt is for whoever filed the application.
            request.session[FILED_KEY] = [*request.session.get(FILED_KEY, []), application.pk]
            return redirect("apply-done", pk=application.pk)
    return render(request, "tenants/apply.html", {"form": form})


def apply_done(request, pk):
    application = get_object_or_404(CommunityApplication, pk=pk)
    filed_here = pk in request.session.get(FILED_KEY, [])
    if not filed_here and not (
        request.user.is_authenticated and application.applicant_id == request.user.pk
    ):
        raise Http404
    return render(request, "tenants/apply_done.html", {"application": application})
