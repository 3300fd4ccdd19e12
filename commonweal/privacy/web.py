from django.utils.translation import gettext_lazy as _

from commonweal.web.registry import COMMUNITY, PLATFORM, Notice, me_link, shell_banner


def _is_admin(request) -> bool:
    from commonweal.platform.accounts.selectors import roles_in_current_community
    from commonweal.platform.kernel.roles import Role

    return Role.ADMIN in roles_in_current_community(request)


for _host in (COMMUNITY, PLATFORM):
    me_link(
        f"privacy-mine-{_host}",
        _("My personal data"),
        "/me/data/",
        order=90,
        host=_host,
        signed_in=True,
    )
me_link(
    "privacy-community-export",
    _("Export the community's data"),
    "/privacy/",
    order=91,
    signed_in=True,
    allow=_is_admin,
)
me_link(
    "privacy-closures",
    _("Community deletions"),
    "/privacy/closures/",
    order=91,
    host=PLATFORM,
    signed_in=True,
    allow=lambda request: request.user.is_staff,
)


@shell_banner
def community_closing(request) -> Notice | None:
    """While a deletion is scheduled, every page of the community says so, linking to where
    members download their data."""
    from commonweal.privacy.services.closures import pending_closure

    closure = pending_closure(request.tenant)
    if closure is None:
        return None
    return Notice(
        title=_("This community closes on %(day)s: download your data before then")
        % {"day": f"{closure.due_at:%Y-%m-%d}"},
        url="/me/data/",
        when=closure.due_at,
        label=_("Closing"),
    )
