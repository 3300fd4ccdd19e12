"""{% load deliberation %}{% agenda_of need %}: on a need's, task's or project's page, the
meetings that took it on their agenda and, once their minutes are published, what came of it."""

from django import template

from commonweal.governance.deliberation.models import MeetingStatus
from commonweal.governance.deliberation.services.sources import agenda_items_of

register = template.Library()


@register.inclusion_tag("deliberation/components/agenda_of.html")
def agenda_of(source):
    field = {"Need": "need", "Task": "task", "Project": "project"}[type(source).__name__]
    items = list(agenda_items_of(**{field: source}).prefetch_related("decisions"))
    for item in items:
        item.published = item.meeting.status == MeetingStatus.PUBLISHED
    return {"items": items}
