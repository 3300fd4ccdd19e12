"""A place picked on a map, for forms: the person clicks or drags a marker on Leaflet and
never types a latitude, a longitude or a datum.

The form keeps its three plain fields (latitude, longitude, coordinate system) as hidden
inputs; `MapPicker` draws the map beside them and writes into them, in the datum of the tiles
it shows (GCJ-02 for AMap/Tencent tiles, WGS-84 for OpenStreetMap). The server stores that as
the raw input and its system, and converts to GCJ-02 with `coordinates.to_gcj02`, exactly as
for a point typed in the map app or imported from a sheet.
"""

import json

from django import forms
from django.utils.html import _json_script_escapes as _JSON_SCRIPT_ESCAPES
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from commonweal.welfaremap.coordinates import from_gcj02


def _tiles() -> dict:
    from commonweal.welfaremap.views import tile_config

    return tile_config()


class MapPicker(forms.Widget):
    """Draws the picker; its own field carries no data (`PlaceField`)."""

    template_name = "welfaremap/picker.html"

    def __init__(self, *, lat: str, lng: str, system: str, address: str = "", attrs=None):
        super().__init__(attrs)
        self.targets = {"lat": lat, "lng": lng, "system": system, "address": address}
        self.centre_gcj02: tuple[float, float] | None = None
        self.chosen_gcj02: tuple[float, float] | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        tiles = _tiles()
        datum = tiles["datum"]
        centre = self.chosen_gcj02 or self.centre_gcj02 or (30.6598, 104.0633)
        picker = {
            "tiles": tiles,
            "targets": {key: f"id_{value}" if value else "" for key, value in self.targets.items()},
            "centre": list(from_gcj02(*centre, datum)),
            "chosen": list(from_gcj02(*self.chosen_gcj02, datum)) if self.chosen_gcj02 else None,
        }
        # Escaped for a <script> element as json_script does, without its wrapper.
        context["picker_json"] = mark_safe(json.dumps(picker).translate(_JSON_SCRIPT_ESCAPES))
        context["picker"] = picker
        return context


class PlaceField(forms.Field):
    """The map; the place itself travels in the form's hidden coordinate fields."""

    def __init__(self, *, lat="lat", lng="lng", system="system", address="", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Place on the map"))
        kwargs.setdefault(
            "help_text", _("Tap the map where it is, or drag the marker. Zoom in to be precise.")
        )
        super().__init__(
            widget=MapPicker(lat=lat, lng=lng, system=system, address=address), **kwargs
        )

    def centre_on(self, *, centre=None, chosen=None) -> None:
        """Where the map opens (GCJ-02), and the place already chosen, if any."""
        self.widget.centre_gcj02 = centre
        self.widget.chosen_gcj02 = chosen

    def clean(self, value):
        return None
