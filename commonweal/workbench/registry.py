"""The workbench's queues (工作台): each app registers what its office has to do, as a
titled count with a link; the workbench knows no domain.

    register(Queue(key="partners.review", title=_("Applications to review"),
                   url="/workbench/partners/", count=lambda request: …))

`count(request)` runs in the community's schema for a member of its office and must cost
one query whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Queue:
    key: str
    title: str | Promise
    url: str
    count: Callable
    # Shown in red when it has anything: late work, not just work to do.
    urgent: bool = False
    order: int = 100


_QUEUES: dict[str, Queue] = {}


def register(queue: Queue) -> Queue:
    _QUEUES[queue.key] = queue
    return queue


def queues() -> list[Queue]:
    return sorted(_QUEUES.values(), key=lambda q: (q.order, q.key))
