"""The organiser's pages: the rotating code on screen, 代签到, closing a task, a new task."""

from datetime import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commonweal.platform.accounts.models import User
from commonweal.platform.kernel.errors import DomainError, NotFound
from commonweal.timebank.models import TaskCategory
from commonweal.timebank.roles import PUBLISHERS, roles_of
from commonweal.timebank.services import checkins, series, tasks
from commonweal.timebank.views.common import attempt, community_of, qr_svg, sign_in_first


def _organised(request, pk):
    community = community_of(request)
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        return community, tasks.access_task(
            pk, community=community, actor=request.user, organiser=True
        )
    except NotFound:
        raise Http404 from None


def code_screen(request, pk: int):
    """Shown on the organiser's phone or a screen on site; reloads itself when the code
    changes (every 30–60 s), so a photo of an old code is useless a minute later."""
    if not request.user.is_authenticated:
        return sign_in_first(request)
    community, task = _organised(request, pk)
    code, seconds_left = checkins.code_for_screen(task)
    url = request.build_absolute_uri(f"/timebank/check-in/{code}/")
    return render(
        request,
        "timebank/code_screen.html",
        {
            "community": community,
            "task": task,
            "qr": qr_svg(url, scale=8),
            "url": url,
            "seconds_left": seconds_left,
        },
    )


@require_POST
def proxy_check_in(request, pk: int):
    community, task = _organised(request, pk)
    volunteer = User.objects.filter(pk=request.POST.get("volunteer") or 0).first()
    back = f"/timebank/tasks/{pk}/"
    if volunteer is None:
        return redirect(back)
    attempt(
        request,
        lambda: checkins.proxy_check_in(
            community=community, actor=request.user, task=task, volunteer=volunteer
        ),
        done=_("%(name)s is checked in by you (代签到).") % {"name": volunteer},
        back=back,
    )
    return redirect(back)


@require_POST
def task_move(request, pk: int):
    community, task = _organised(request, pk)
    back = f"/timebank/tasks/{pk}/"
    verb = request.POST.get("verb")
    moves = {
        "publish": lambda: tasks.task_publish(community=community, actor=request.user, task=task),
        "complete": lambda: tasks.task_complete(community=community, actor=request.user, task=task),
        "cancel": lambda: tasks.task_cancel(
            community=community,
            actor=request.user,
            task=task,
            reason=request.POST.get("reason", ""),
        ),
        "stop_series": lambda: series.series_stop(
            community=community,
            actor=request.user,
            series=task.series or _no_series(),
            reason=request.POST.get("reason", ""),
        ),
    }
    if verb in moves:
        attempt(request, moves[verb], done=_("Saved."), back=back)
    return redirect(back)


def _no_series():
    raise Http404


class TaskForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=TaskCategory.choices)
    place_name = forms.CharField(label=gettext_lazy("Place"), max_length=120)
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=gettext_lazy("From"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(label=gettext_lazy("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    slots = forms.IntegerField(label=gettext_lazy("Slots"), min_value=1, max_value=10_000)
    hours = forms.DecimalField(label=gettext_lazy("Service hours"), min_value=0, max_value=24)
    points = forms.IntegerField(
        label=gettext_lazy("Points"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Empty: the community's default."),
    )
    what_to_bring = forms.CharField(label=gettext_lazy("What to bring"), required=False)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def task_new(request):
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    if not roles_of(community, request.user) & PUBLISHERS:
        raise PermissionDenied
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        try:
            task = tasks.task_create(
                community=community,
                actor=request.user,
                starts_at=timezone.make_aware(datetime.combine(data["day"], data["start"]), tz),
                ends_at=timezone.make_aware(datetime.combine(data["day"], data["end"]), tz),
                publish=True,
                title=data["title"],
                category=data["category"],
                place_name=data["place_name"],
                slots=data["slots"],
                hours=data["hours"],
                points=data["points"],
                what_to_bring=data["what_to_bring"],
                description=data["description"],
            )
            return redirect(f"/timebank/tasks/{task.pk}/")
        except DomainError as refusal:
            form.add_error(None, str(refusal.message))
    return render(request, "timebank/task_new.html", {"community": community, "form": form})
