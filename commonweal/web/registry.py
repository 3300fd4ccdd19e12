"""What apps put into the web shell: home tiles, staff workbench queues, 我的 links, notices.

An app never edits the shell's templates. It declares its entries once, in its own `web.py`
(imported at start-up by `WebConfig.ready`, like `admin.py`)::

    # commonweal/timebank/web.py
    from django.utils.translation import gettext_lazy as _
    from commonweal.web.registry import COMMUNITY, home_tile, workbench_queue, me_link

    home_tile("timebank", _("Time bank"), "/timebank/", glyph="时", colour="#6a4c93", order=40)
    workbench_queue(
        "timebank-tasks", _("Tasks to confirm"), "/timebank/review/",
        count=lambda request: VolunteerTask.objects.filter(status="done").count(),
        order=30,
    )
    me_link("timebank-mine", _("My points"), "/timebank/mine/", signed_in=True)

- `home_tile`: a big service tile on the community home (`host=COMMUNITY`, the default) or the
  platform home (`host=PLATFORM`). `visible(request) -> bool` hides it (e.g. a module switched
  off for this community).
- `workbench_queue`: a staff queue with a count that links to where the work is done. Its
  `count(request)` runs on the community's schema for office roles only (see `queues_for`);
  keep it to one COUNT query, it runs on every workbench view.
- `me_link`: an entry on the 我的 page; `signed_in=True` shows it only to signed-in users,
  `allow(request) -> bool` narrows further (e.g. representatives only).
- `home_notices(provider)`: `provider(request) -> list[Notice]` adds notices (open calls,
  campaigns, …) to the community home; one query per provider, newest first.
- `shell_banner(provider)`: `provider(request) -> Notice | None` puts a banner above the
  content of every page of a community's shell (a community closing); it runs on every page,
  so keep it to one indexed query.

Keys must be unique across apps; declaring one twice replaces it (so a module re-imported in a
test does not duplicate it). Entries are sorted by `order`, then key.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

COMMUNITY = "community"
PLATFORM = "platform"


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    url: str
    glyph: str
    colour: str
    order: int = 50
    host: str = COMMUNITY
    hint: str = ""
    visible: Callable | None = None


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    url: str
    count: Callable
    order: int = 50


@dataclass(frozen=True)
class MeLink:
    key: str
    label: str
    url: str
    order: int = 50
    host: str = COMMUNITY
    signed_in: bool = False
    allow: Callable | None = None


@dataclass(frozen=True)
class Notice:
    title: str
    url: str
    when: datetime | None = None
    label: str = ""


@dataclass(frozen=True)
class QueueCount:
    queue: Queue
    count: int


_tiles: dict[str, Tile] = {}
_queues: dict[str, Queue] = {}
_me_links: dict[str, MeLink] = {}
_notice_providers: dict[str, Callable] = {}
_banner_providers: dict[str, Callable] = {}


def home_tile(key, label, url, *, glyph, colour, order=50, host=COMMUNITY, hint="", visible=None):
    _tiles[key] = Tile(key, label, url, glyph, colour, order, host, hint, visible)


def workbench_queue(key, label, url, *, count, order=50):
    _queues[key] = Queue(key, label, url, count, order)


def me_link(key, label, url, *, order=50, host=COMMUNITY, signed_in=False, allow=None):
    _me_links[key] = MeLink(key, label, url, order, host, signed_in, allow)


def home_notices(provider: Callable, *, key: str | None = None):
    _notice_providers[key or f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def shell_banner(provider: Callable, *, key: str | None = None):
    _banner_providers[key or f"{provider.__module__}.{provider.__qualname__}"] = provider
    return provider


def _host(request) -> str:
    return COMMUNITY if getattr(request, "tenant", None) is not None else PLATFORM


def _sorted(entries):
    return sorted(entries, key=lambda e: (e.order, e.key))


def tiles_for(request) -> list[Tile]:
    host = _host(request)
    return [
        t
        for t in _sorted(_tiles.values())
        if t.host == host and (t.visible is None or t.visible(request))
    ]


def is_office(request) -> bool:
    """Whether the request's user holds an office role (admin, staff) in its community: for
    `allow=` of an entry only the office should see."""
    from commonweal.platform.accounts.selectors import roles_in_current_community
    from commonweal.platform.kernel.roles import OFFICE_ROLES

    return bool(roles_in_current_community(request) & OFFICE_ROLES)


def queues_for(request) -> list[QueueCount]:
    """Every queue with its count, for office roles of the request's community; else []."""
    if _host(request) != COMMUNITY or not is_office(request):
        return []
    return [QueueCount(q, q.count(request)) for q in _sorted(_queues.values())]


def me_links_for(request) -> list[MeLink]:
    host, signed_in = _host(request), request.user.is_authenticated
    return [
        link
        for link in _sorted(_me_links.values())
        if link.host == host
        and (signed_in or not link.signed_in)
        and (link.allow is None or link.allow(request))
    ]


def notices_for(request, limit: int = 5) -> list[Notice]:
    if _host(request) != COMMUNITY:
        return []
    notices = [n for provider in _notice_providers.values() for n in provider(request)]
    notices.sort(key=lambda n: n.when.timestamp() if n.when else 0, reverse=True)
    return notices[:limit]


# --- search: how kinds and categories of search documents are named on pages ---------------

_kind_labels: dict[str, str] = {}
_category_labels: dict[str, str] = {}


def search_kind(kind: str, label) -> None:
    """Name a search-document kind (`partner` → 合伙人) for result chips and facets."""
    _kind_labels[kind] = label


def search_categories(choices) -> None:
    """Name categories: a TextChoices class or (value, label) pairs."""
    pairs = choices.choices if hasattr(choices, "choices") else choices
    for value, label in pairs:
        _category_labels[value] = label


def kind_label(kind: str) -> str:
    return _kind_labels.get(kind, kind)


def category_label(category: str) -> str:
    return _category_labels.get(category, category)


def banners_for(request) -> list[Notice]:
    """The banners of a community's pages (none on the platform's host)."""
    if getattr(request, "tenant", None) is None:
        return []
    banners = (provider(request) for _key, provider in sorted(_banner_providers.items()))
    return [banner for banner in banners if banner is not None]
