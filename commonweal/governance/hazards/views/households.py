"""The office records a grid's buildings and households: one by hand, or a spreadsheet (CSV)
read first into a preview that marks each wrong line, then saved whole."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from commonweal.governance.hazards import selectors
from commonweal.governance.hazards.models import Building
from commonweal.governance.hazards.services import households as services
from commonweal.governance.hazards.views.common import attempt, page_context, refusal
from commonweal.platform.kernel.errors import DomainError, NotFound

MAX_UPLOAD = 512 * 1024


def _uploaded_text(request) -> str:
    upload = request.FILES.get("file")
    if upload is None:
        return request.POST.get("csv", "")
    if upload.size > MAX_UPLOAD:
        return ""
    raw = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


def grid_households(request, pk: int):
    community, roles = page_context(request)
    if refused := refusal(request, roles, office_only=True):
        return refused
    try:
        grid = selectors.access_grid(grid_id=pk)
    except NotFound as missing:
        raise Http404 from missing
    here = f"/hazards/grids/{grid.pk}/households/"
    preview, text, refusal_message = None, "", ""
    action = request.POST.get("action", "")
    if action == "add":
        data = request.POST
        attempt(
            request,
            lambda: services.household_add(
                actor=request.user,
                grid=grid,
                building=data.get("building", ""),
                unit=data.get("unit", ""),
                door=data.get("door", ""),
            ),
            _("Recorded."),
        )
        return redirect(here)
    if action == "import":
        text = request.POST.get("csv", "")
        if attempt(
            request,
            lambda: services.households_import(actor=request.user, grid=grid, text=text),
            _("The spreadsheet is saved."),
        ):
            return redirect(here)
    if action in ("preview", "import"):
        text = text or _uploaded_text(request)
        try:
            preview = services.households_preview(grid=grid, text=text)
        except DomainError as error:
            refusal_message = str(error.message)
    buildings = Building.objects.filter(grid=grid).prefetch_related("households")
    return render(
        request,
        "hazards/grids/households.html",
        {
            "community": community,
            "grid": grid,
            "buildings": buildings,
            "preview": preview,
            "csv_text": text,
            "refusal": refusal_message,
        },
    )
