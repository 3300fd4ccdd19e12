"""The partner programme's queues in the workbench."""

from django.utils.translation import gettext_lazy as _

from commonweal.workbench.registry import Queue, register


def _review(request) -> int:
    from commonweal.partners.pages.office import queue_counts

    return queue_counts()["review"]


def _overdue(request) -> int:
    from commonweal.partners.selectors import overdue_commitments

    return overdue_commitments().count()


register(
    Queue(
        key="partners.review",
        title=_("Partner applications to review"),
        url="/workbench/partners/",
        count=_review,
        order=10,
    )
)
register(
    Queue(
        key="partners.overdue",
        title=_("Overdue partner commitments"),
        url="/workbench/partners/overdue/",
        count=_overdue,
        urgent=True,
        order=20,
    )
)
