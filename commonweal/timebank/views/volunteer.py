"""The volunteer's pages: tasks, sign-up, check-in, points, offers, certificates."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.platform.kernel.errors import DomainError, NotFound
from commonweal.timebank import points, selectors
from commonweal.timebank.models import (
    CheckIn,
    Offer,
    SignUp,
    SignUpStatus,
    TimebankSettings,
    VolunteerProfile,
)
from commonweal.timebank.services import (
    certificates,
    checkins,
    redemptions,
    signups,
    tasks,
    volunteers,
)
from commonweal.timebank.views.common import attempt, community_of, qr_svg, sign_in_first


def _profile(user):
    if not user.is_authenticated:
        return None
    return VolunteerProfile.objects.select_related("team").filter(user_id=user.pk).first()


def index(request):
    community = community_of(request)
    profile = _profile(request.user)
    open_tasks = selectors.open_tasks(team_id=None)
    settings = TimebankSettings.current()
    return render(
        request,
        "timebank/index.html",
        {
            "community": community,
            "tasks": open_tasks[:50],
            "offers": selectors.active_offers()[:6],
            "profile": profile,
            "leaderboard": selectors.leaderboard(10) if settings.leaderboard_enabled else [],
        },
    )


def task_detail(request, pk: int):
    community = community_of(request)
    try:
        task = tasks.access_task(pk, community=community, actor=request.user)
    except NotFound:
        from django.http import Http404

        raise Http404 from None
    mine = None
    if request.user.is_authenticated:
        mine = SignUp.objects.filter(
            task=task, volunteer_id=request.user.pk, status=SignUpStatus.ACTIVE
        ).first()
    organiser = request.user.is_authenticated and tasks.may_organise(community, request.user, task)
    signed = []
    if organiser:
        checked = set(CheckIn.objects.filter(task=task).values_list("volunteer_id", flat=True))
        signed = [
            (sign, sign.volunteer_id in checked)
            for sign in task.sign_ups.filter(status=SignUpStatus.ACTIVE).select_related("volunteer")
        ]
    return render(
        request,
        "timebank/task.html",
        {
            "community": community,
            "task": task,
            "slots_left": signups.slots_left(task),
            "mine": mine,
            "profile": _profile(request.user),
            "organiser": organiser,
            "signed": signed,
        },
    )


@require_POST
def task_sign_up(request, pk: int):
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    back = f"/timebank/tasks/{pk}/"
    task = tasks.access_task(pk, community=community, actor=request.user)
    if request.POST.get("cancel"):
        attempt(
            request,
            lambda: signups.sign_up_cancel(community=community, actor=request.user, task=task),
            done=_("Your sign-up is cancelled."),
            back=back,
        )
    else:
        attempt(
            request,
            lambda: signups.sign_up(community=community, actor=request.user, task=task),
            done="",  # the page says so itself
            back=back,
        )
    return redirect(back)


def check_in_page(request, code: str):
    """What the QR code opens: the task, then one tap to check in (or out)."""
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    error = None
    task = None
    arrived = None
    if request.method == "POST":
        lat = _float(request.POST.get("lat"))
        lng = _float(request.POST.get("lng"))
        try:
            if request.POST.get("out"):
                checkins.check_out(community=community, actor=request.user, code=code)
                messages.success(request, _("Checked out. Thank you!"))
            else:
                arrival = checkins.check_in(
                    community=community, actor=request.user, code=code, lat=lat, lng=lng
                )
                messages.success(
                    request,
                    _("Checked in: +%(points)s points, %(hours)s service hours.")
                    % {"points": arrival.record.points, "hours": arrival.record.hours},
                )
            return redirect("/timebank/me/")
        except DomainError as refusal:
            error = refusal
    try:
        from commonweal.timebank.codes import parse
        from commonweal.timebank.models import Task

        task = Task.objects.filter(pk=parse(code).task_id).first()
    except DomainError as refusal:
        error = error or refusal
    if task is not None:
        arrived = CheckIn.objects.filter(task=task, volunteer_id=request.user.pk).first()
    return render(
        request,
        "timebank/check_in.html",
        {"community": community, "task": task, "code": code, "error": error, "arrived": arrived},
        status=400 if error and request.method == "POST" else 200,
    )


def _plain(number) -> str:
    """2.50 → "2.5", 3.00 → "3": hours as people write them."""
    from decimal import Decimal

    text = format(Decimal(number).normalize(), "f")
    return text


def _float(value):
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def me(request):
    community = community_of(request)
    user = request.user
    if not user.is_authenticated:
        return sign_in_first(request)
    profile = _profile(user)
    context = {"community": community, "profile": profile, "teams": selectors.teams()}
    if profile is not None:
        context.update(
            balance=points.balance_of(user.pk),
            hours=_plain(selectors.hours_of(user)),
            history=list(points.history(user.pk)[:30]),
            upcoming=selectors.my_sign_ups(user),
            records=selectors.records_of(user)[:30],
            redemptions=selectors.my_redemptions(user)[:20],
        )
    return render(request, "timebank/me.html", context)


@require_POST
def register(request):
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    from commonweal.timebank.roles import roles_of

    if not roles_of(community, request.user):
        # Volunteers register among the community's members (the GraphQL rule too).
        messages.error(request, _("Join the community first, then register as a volunteer."))
        return redirect("/timebank/me/")
    team = request.POST.get("team") or None
    attempt(
        request,
        lambda: volunteers.volunteer_register(
            community=community,
            actor=request.user,
            real_name=request.POST.get("real_name", ""),
            team_id=int(team) if team and team.isdigit() else None,
            skills=_skills(request.POST.get("skills", "")),
            on_leaderboard=bool(request.POST.get("on_leaderboard")),
        ),
        done=_("Welcome! You are now a volunteer of %(community)s.")
        % {"community": community.name},
        back="/timebank/me/",
    )
    return redirect(request.POST.get("next") or "/timebank/me/")


@require_POST
def profile_update(request):
    """A volunteer changes their team, skills, real name or leaderboard listing."""
    if not request.user.is_authenticated:
        return sign_in_first(request)
    team = request.POST.get("team", "")
    attempt(
        request,
        lambda: volunteers.volunteer_update(
            actor=request.user,
            real_name=request.POST.get("real_name", ""),
            team_id=int(team) if team.isdigit() else None,
            skills=_skills(request.POST.get("skills", "")),
            on_leaderboard=bool(request.POST.get("on_leaderboard")),
        ),
        done=_("Your volunteer details are saved."),
        back="/timebank/me/",
    )
    return redirect("/timebank/me/")


def _skills(typed: str) -> list[str]:
    return typed.replace("，", ",").split(",")


def offers(request):
    community = community_of(request)
    return render(
        request,
        "timebank/offers.html",
        {
            "community": community,
            "offers": selectors.active_offers(),
            "balance": points.balance_of(request.user.pk)
            if request.user.is_authenticated
            else None,
        },
    )


@require_POST
def redeem(request, pk: int):
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    offer = Offer.objects.filter(pk=pk).first()
    if offer is None:
        return redirect("/timebank/offers/")
    made = attempt(
        request,
        lambda: redemptions.redeem(community=community, actor=request.user, offer=offer),
        done="",
        back="/timebank/offers/",
    )
    if not hasattr(made, "pk"):
        return made
    return redirect(f"/timebank/redemptions/{made.pk}/")


def redemption_page(request, pk: int):
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    try:
        redemption = redemptions.access_my_redemption(request.user, pk)
    except NotFound:
        from django.http import Http404

        raise Http404 from None
    verify_url = request.build_absolute_uri(f"/timebank/verify/?code={redemption.code}")
    return render(
        request,
        "timebank/redemption.html",
        {"community": community, "redemption": redemption, "qr": qr_svg(verify_url)},
    )


@require_POST
def certificate_issue(request):
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    made = attempt(
        request,
        lambda: certificates.certificate_issue(community=community, actor=request.user),
        done="",
        back="/timebank/me/",
    )
    if not hasattr(made, "pk"):
        return made
    return redirect(f"/timebank/certificates/{made.pk}/")


def certificate_page(request, pk: int):
    community = community_of(request)
    if not request.user.is_authenticated:
        return sign_in_first(request)
    from django.http import Http404

    from commonweal.timebank.models import Certificate

    certificate = Certificate.objects.filter(pk=pk, volunteer_id=request.user.pk).first()
    if certificate is None:
        raise Http404
    code = certificates.verification_code(community, certificate)
    url = request.build_absolute_uri(f"/timebank/certificates/verify/{code}/")
    return render(
        request,
        "timebank/certificate.html",
        {
            "community": community,
            "certificate": certificate,
            "code": code,
            "verify_url": url,
            "qr": qr_svg(url, scale=4),
        },
    )


def certificate_verify_page(request, code: str):
    found = certificates.certificate_verify(code)
    return render(
        request,
        "timebank/certificate_verify.html",
        {"found": found, "code": code},
        status=200 if found else 404,
    )
