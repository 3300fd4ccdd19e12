from commonweal.governance.needs.models import (
    Need,
    NeedMatch,
    NeedRating,
    NeedSupport,
    NeedTransition,
    ProjectTransition,
    ProjectUpdate,
    Task,
    TaskResponse,
    TaskTransition,
)
from commonweal.privacy.registry import TEXT, person_rows

person_rows(
    Need,
    owner=("raised_by",),
    mentions=("recorded_by",),
    erase={"title": TEXT, "description": TEXT, "residents_note": TEXT},
    # a need recorded offline names the residents behind it
    scrub=("residents_note", "description"),
)
person_rows(NeedSupport, owner=("user",))
person_rows(NeedMatch, mentions=("confirmed_by", "withdrawn_by"))
person_rows(NeedRating, owner=("user",), erase={"comment": TEXT})
person_rows(Task, mentions=("created_by",), scrub=("description",))
person_rows(TaskResponse, owner=("responded_by",), erase={"offer": TEXT})
person_rows(ProjectUpdate, mentions=("author",), scrub=("text",))
for transitions in (NeedTransition, TaskTransition, ProjectTransition):
    person_rows(transitions, mentions=("actor",), scrub=("reason",))
