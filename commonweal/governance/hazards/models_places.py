"""The buildings (楼栋, 院落) of a grid and the households (户) in them: what a campaign visits.

Recorded by staff by hand or from a spreadsheet (services/households.py). Only places: a
building's name, a unit (单元) and a door (门牌) — never who lives there, so nothing here is a
person's data on its own. A grid with no households recorded still counts `Grid.households`
and lists `Grid.covers`, which campaigns fall back to.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Building(models.Model):
    grid = models.ForeignKey("hazards.Grid", on_delete=models.CASCADE, related_name="buildings")
    name = models.CharField(_("building or courtyard"), max_length=60)

    class Meta:
        verbose_name = _("building (楼栋)")
        verbose_name_plural = _("buildings (楼栋)")
        ordering = ["grid", "id"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "name"], name="one_building_name_per_grid")
        ]

    def __str__(self):
        return self.name


class Household(models.Model):
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="households")
    unit = models.CharField(_("unit (单元)"), max_length=20, blank=True)
    door = models.CharField(_("door (门牌)"), max_length=20)

    class Meta:
        verbose_name = _("household (户)")
        verbose_name_plural = _("households (户)")
        ordering = ["building", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "unit", "door"], name="one_household_per_door"
            )
        ]

    def __str__(self):
        return " ".join(part for part in (self.unit, self.door) if part)
