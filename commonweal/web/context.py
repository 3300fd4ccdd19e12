"""What every page of the shell needs: whose site it is, the navigation, the text size."""

from django.utils.translation import gettext_lazy as _

from commonweal.web.registry import banners_for

LARGE_TEXT_COOKIE = "cw_large_text"

# One navigation for every page of both hosts; templates cannot replace it (no block).
TABS = (
    ("home", _("Home"), "/", "首"),
    ("map", _("Map"), "/map/", "图"),
    ("search", _("Search"), "/search/", "搜"),
    ("me", _("Me"), "/me/", "我"),
)


def _current_tab(path: str) -> str:
    for key, _label, url, _glyph in reversed(TABS):
        if url != "/" and path.startswith(url):
            return key
    return "home" if path == "/" else ""


def shell(request):
    community = getattr(request, "tenant", None)
    return {
        "site_community": community,
        "shell_name": community.name if community else _("Commonweal"),
        "nav_tabs": [
            {"key": key, "label": label, "url": url, "glyph": glyph}
            for key, label, url, glyph in TABS
        ],
        "nav_current": _current_tab(request.path),
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        "shell_banners": banners_for(request),
    }
