"""What a service point is, for residents (the map's filter) and for the living-circle check.

A category is what a resident looks for (社区食堂, 小修小补 …). Each maps to the living-circle
facility type it counts as by default (`living_circle.csv` codes); a point may name another type
or none. Categories are code, not rows: the map's legend and the import sheet share them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    CANTEEN = "canteen", _("Community canteen (社区食堂)")
    ELDERLY_CARE = "elderly_care", _("Elderly care (养老服务)")
    CHILDCARE = "childcare", _("Childcare (托育)")
    CLINIC = "clinic", _("Clinic (卫生服务)")
    REPAIR = "repair", _("Small repairs (小修小补)")
    LEGAL_AID = "legal_aid", _("Legal aid and mediation (法律援助)")
    TRANSIT_CARD = "transit_card", _("Transit-card service (公交卡代办)")
    CONVENIENCE_RETAIL = "convenience_retail", _("Convenience retail (便民商业)")
    FRESH_MARKET = "fresh_market", _("Fresh market (菜市场)")
    SPORTS = "sports", _("Sports (运动健身)")
    CULTURE = "culture", _("Culture (文化活动)")
    EDUCATION = "education", _("School (学校)")
    COMMUNITY_SERVICE = "community_service", _("Community service station (社区服务)")
    POST_BANK = "post_bank", _("Post office and bank (邮政银行)")
    TRANSPORT = "transport", _("Public transport (公交地铁)")
    RECYCLING = "recycling", _("Recycling (再生资源回收)")
    PUBLIC_TOILET = "public_toilet", _("Public toilet (公共厕所)")
    SAFETY = "safety", _("Police and safety (治安)")
    OTHER = "other", _("Other (其他)")


# The living-circle facility type a point of each category counts as, unless it names one.
DEFAULT_FACILITY_TYPE = {
    ServiceCategory.CANTEEN: "community_canteen",
    ServiceCategory.ELDERLY_CARE: "elderly_day_care",
    ServiceCategory.CHILDCARE: "nursery",
    ServiceCategory.CLINIC: "health_station",
    ServiceCategory.REPAIR: "convenience_retail",
    ServiceCategory.LEGAL_AID: "community_service_station",
    ServiceCategory.TRANSIT_CARD: "bank_post_telecom",
    ServiceCategory.CONVENIENCE_RETAIL: "convenience_retail",
    ServiceCategory.FRESH_MARKET: "fresh_market",
    ServiceCategory.SPORTS: "sports_small",
    ServiceCategory.CULTURE: "culture_station",
    ServiceCategory.EDUCATION: "primary_school",
    ServiceCategory.COMMUNITY_SERVICE: "community_service_station",
    ServiceCategory.POST_BANK: "bank_post_telecom",
    ServiceCategory.TRANSPORT: "bus_stop",
    ServiceCategory.RECYCLING: "recycling_point",
    ServiceCategory.PUBLIC_TOILET: "public_toilet",
    ServiceCategory.SAFETY: "police_station",
    ServiceCategory.OTHER: "",
}

# Marker colours of the map legend, one per category.
COLOURS = {
    ServiceCategory.CANTEEN: "#d9480f",
    ServiceCategory.ELDERLY_CARE: "#5f3dc4",
    ServiceCategory.CHILDCARE: "#e64980",
    ServiceCategory.CLINIC: "#c92a2a",
    ServiceCategory.REPAIR: "#5c940d",
    ServiceCategory.LEGAL_AID: "#1864ab",
    ServiceCategory.TRANSIT_CARD: "#0b7285",
    ServiceCategory.CONVENIENCE_RETAIL: "#e67700",
    ServiceCategory.FRESH_MARKET: "#2b8a3e",
    ServiceCategory.SPORTS: "#087f5b",
    ServiceCategory.CULTURE: "#862e9c",
    ServiceCategory.EDUCATION: "#364fc7",
    ServiceCategory.COMMUNITY_SERVICE: "#b83b1e",
    ServiceCategory.POST_BANK: "#2f9e44",
    ServiceCategory.TRANSPORT: "#495057",
    ServiceCategory.RECYCLING: "#66a80f",
    ServiceCategory.PUBLIC_TOILET: "#868e96",
    ServiceCategory.SAFETY: "#1c7ed6",
    ServiceCategory.OTHER: "#343a40",
}


def parse_category(value: str) -> ServiceCategory | None:
    """A category from its code or its label (as staff type it in a sheet), else None."""
    text = (value or "").strip()
    if not text:
        return None
    lowered = text.lower()
    for category in ServiceCategory:
        label = str(category.label)
        chinese = label[label.find("(") + 1 : label.rfind(")")] if "(" in label else ""
        if lowered in (category.value, label.lower()) or (chinese and text == chinese):
            return category
    return None
