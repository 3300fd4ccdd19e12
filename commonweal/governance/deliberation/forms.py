"""Forms of the deliberation pages. They check shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.models import MeetingKind, ProposalScope, VoteChoice


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Your proposal, in a few words"), max_length=80)
    background = forms.CharField(
        label=_("Background: what is the problem?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposal = forms.CharField(
        label=_("What do you propose?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    scope = forms.ChoiceField(
        label=_("Who it concerns"), choices=ProposalScope.choices, initial=ProposalScope.COMMUNITY
    )
    place = forms.CharField(label=_("Courtyard or place"), max_length=80, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (published)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(forms.Form):
    meeting = forms.TypedChoiceField(label=_("Put it on the agenda of"), coerce=int, choices=())

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [
            (m.pk, f"{m.title} · {m.starts_at:%m-%d}") for m in meetings
        ]


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Place"), max_length=80, required=False)
    online_link = forms.CharField(label=_("Or an online link"), max_length=200, required=False)


def option_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


OPTIONS_HELP = _("To vote among plans instead of for/against: one option per line, 2 to 6.")


class ItemForm(forms.Form):
    title = forms.CharField(
        label=_("Agenda item"), max_length=80, required=False, help_text=_("Or pick one below.")
    )
    source = forms.ChoiceField(
        label=_("A need, task or project (joint meetings)"), required=False, choices=()
    )
    vote_opens_at = forms.DateTimeField(
        label=_("Vote opens (leave empty for no vote)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    vote_closes_at = forms.DateTimeField(
        label=_("Vote closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    options = forms.CharField(
        label=_("Options (方案)"),
        required=False,
        max_length=400,
        help_text=OPTIONS_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—"), *sources]
        if not sources:
            del self.fields["source"]


class ItemUpdateForm(forms.Form):
    notes = forms.CharField(
        label=_("Discussion notes"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    options = forms.CharField(
        label=_("Options (方案)"),
        required=False,
        max_length=400,
        help_text=OPTIONS_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    vote_opens_at = forms.DateTimeField(
        label=_("Vote opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    vote_closes_at = forms.DateTimeField(
        label=_("Vote closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class AttendanceForm(forms.Form):
    contact = forms.CharField(label=_("Member's phone or e-mail"), max_length=120, required=False)
    name = forms.CharField(
        label=_("Or the name of someone without a phone"), max_length=40, required=False
    )


class InviteForm(forms.Form):
    contact = forms.CharField(
        label=_("Invite a member by phone or e-mail"), max_length=120, required=False
    )
    partnership = forms.TypedChoiceField(
        label=_("Or a partner"), coerce=int, required=False, empty_value=None, choices=()
    )
    department = forms.TypedChoiceField(
        label=_("Or a department (职能部门), e-mailed a link to confirm"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
    )

    def __init__(self, *args, partners=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [("", "—"), *partners]
        self.fields["department"].choices = [("", "—"), *departments]


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Who will come, or a word to the community"), max_length=500, required=False
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(choices=VoteChoice.choices)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes (会议纪要)"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("What was decided"), max_length=80)
    owner = forms.CharField(label=_("Owner's phone or e-mail"), max_length=120)
    due_on = forms.DateField(
        label=_("Carry out by"), widget=forms.DateInput(attrs={"type": "date"})
    )
    make_task = forms.BooleanField(
        label=_("Also make a draft task from the proposal's need"), required=False
    )


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Progress"), max_length=2000, required=False)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("A word on the result"), max_length=300, required=False)
