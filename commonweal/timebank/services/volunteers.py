"""一键注册 (one-step registration) and volunteer teams."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from commonweal.platform.accounts.services import membership_add
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.timebank.error_codes import TimebankErrorCode as E
from commonweal.timebank.error_codes import not_found
from commonweal.timebank.models import Team, VolunteerProfile

MAX_SKILLS = 10


def _clean_skills(skills) -> list[str]:
    cleaned = []
    for skill in skills or ():
        skill = skill.strip()
        if not skill:
            continue
        if len(skill) > 30:
            raise DomainError(E.TOO_LONG, _("A skill is at most 30 characters."), field="skills")
        if skill not in cleaned:
            cleaned.append(skill)
    if len(cleaned) > MAX_SKILLS:
        raise DomainError(E.TOO_LONG, _("At most 10 skills."), field="skills")
    return cleaned


@transaction.atomic
def volunteer_register(
    *, community, actor, real_name: str = "", team_id=None, skills=(), on_leaderboard=False
) -> VolunteerProfile:
    """The volunteer role on the caller's membership and a profile, in one step."""
    real_name = (real_name or "").strip()
    if len(real_name) > 40:
        raise DomainError(E.TOO_LONG, _("This is too long."), field="realName")
    team = None
    if team_id is not None:
        team = Team.objects.filter(pk=team_id).first()
        if team is None:
            raise not_found()
    skills = _clean_skills(skills)
    try:
        with transaction.atomic():
            profile = VolunteerProfile.objects.create(
                user=actor,
                team=team,
                skills=skills,
                real_name=real_name,
                on_leaderboard=bool(on_leaderboard),
            )
    except IntegrityError:
        raise DomainError(
            E.ALREADY_REGISTERED, _("You are already a volunteer of this community.")
        ) from None
    membership_add(community=community, user=actor, roles=[Role.VOLUNTEER])
    return profile


def access_volunteer(user) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_related("team").filter(user_id=user.pk).first()
    if profile is None:
        raise DomainError(E.NOT_REGISTERED, _("Register as a volunteer first (一键注册)."))
    return profile


@transaction.atomic
def volunteer_update(
    *, actor, team_id=None, skills=None, real_name=None, on_leaderboard=None
) -> VolunteerProfile:
    profile = VolunteerProfile.objects.select_for_update().get(pk=access_volunteer(actor).pk)
    if team_id is not None:
        profile.team = Team.objects.filter(pk=team_id).first() or _raise_not_found()
    if skills is not None:
        profile.skills = _clean_skills(skills)
    if real_name is not None:
        if len(real_name.strip()) > 40:
            raise DomainError(E.TOO_LONG, _("This is too long."), field="realName")
        profile.real_name = real_name.strip()
    if on_leaderboard is not None:
        profile.on_leaderboard = bool(on_leaderboard)
    profile.save()
    return profile


def _raise_not_found():
    raise not_found()


@transaction.atomic
def team_create(*, actor, name: str, description: str = "") -> Team:
    name = (name or "").strip()
    if not name:
        raise DomainError(E.TITLE_REQUIRED, _("Give the team a name."), field="name")
    if len(name) > 60:
        raise DomainError(E.TOO_LONG, _("This is too long."), field="name")
    team, _created = Team.objects.get_or_create(
        name=name, defaults={"description": description.strip()}
    )
    return team
