"""Which rows belong to a person and which of their fields are personal (个人信息保护法).

Every app declares its models once, in its own `personal.py` (imported at start-up by
`PrivacyConfig.ready`, like `admin.py`)::

    # commonweal/microfund/personal.py
    from commonweal.privacy.registry import BLANK, NAME, TEXT, person_rows
    person_rows(Donation, owner=("donor",), mentions=("recorded_by",),
                erase={"donor_name": NAME, "message": TEXT})

- `owner`: the user foreign keys whose person the row is *about* (the donor of a donation).
  Export (下载我的数据) gives the person these rows; erasure rewrites their `erase` fields.
- `mentions`: every other user foreign key (who recorded it, who approved it). Export lists
  the row too; erasure leaves the key, which then points at the anonymised account.
- `erase`: what erasure does to a field of an owned row: `NAME` puts the pseudonym
  (已注销用户 #A1B2C3), `BLANK` empties it, `TEXT` keeps the text but removes the person's
  name, phone, e-mail and anything shaped like a mobile or ID number.
- `scrub`: fields of *any* row (owned or not) from which the person's name, phone and e-mail
  are removed: a log line naming them, a search document quoting their words.
- `not_personal`: phone-, address- or e-mail-like fields that are an organisation's public
  contact, each with the reason, so the coverage test knows they were considered.

A model with a user foreign key or a contact-like field and no declaration fails
`tests/privacy/test_registry.py`: a new app cannot forget its people.
"""

import re
from dataclasses import dataclass, field

from django.db import models

NAME = "name"
BLANK = "blank"
TEXT = "text"
ERASURES = frozenset({NAME, BLANK, TEXT})

# Field names that hold how to reach or identify a person, whatever the model.
CONTACT_LIKE = re.compile(
    r"(^|_)(phone|mobile|tel|email|e_mail|address|id_number|id_card|identity|real_name)($|_)"
)


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    owner: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    erase: dict[str, str] = field(default_factory=dict)
    scrub: tuple[str, ...] = ()
    not_personal: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def person_keys(self) -> tuple[str, ...]:
        return self.owner + self.mentions

    def covered_fields(self) -> set[str]:
        return set(self.person_keys) | set(self.erase) | set(self.scrub) | set(self.not_personal)


_DECLARED: dict[str, PersonalData] = {}


def person_rows(
    model,
    *,
    owner=(),
    mentions=(),
    erase=None,
    scrub=(),
    not_personal=None,
) -> PersonalData:
    """Declare `model`'s personal data; see the module docstring. Declaring twice replaces."""
    declaration = PersonalData(
        model=model,
        owner=tuple(owner),
        mentions=tuple(mentions),
        erase=dict(erase or {}),
        scrub=tuple(scrub),
        not_personal=dict(not_personal or {}),
    )
    _check(declaration)
    _DECLARED[declaration.label] = declaration
    return declaration


def not_personal(model, **reasons: str) -> PersonalData:
    """Declare contact-like fields of `model` that describe no private person."""
    return person_rows(model, not_personal=reasons)


def _check(declaration: PersonalData) -> None:
    names = {f.name for f in declaration.model._meta.concrete_fields}
    unknown = declaration.covered_fields() - names
    if unknown:
        raise ValueError(f"{declaration.label}: no such fields {sorted(unknown)}")
    wrong = set(declaration.erase.values()) - ERASURES
    if wrong:
        raise ValueError(f"{declaration.label}: unknown erasures {sorted(wrong)}")
    if declaration.erase and not declaration.owner:
        raise ValueError(f"{declaration.label}: `erase` needs an `owner` to know whose rows")


def declarations() -> list[PersonalData]:
    return sorted(_DECLARED.values(), key=lambda d: d.label)


def declaration_of(model) -> PersonalData | None:
    return _DECLARED.get(model._meta.label)


def person_keys_of(model) -> list[models.Field]:
    """The model's foreign keys to the user model, declared or not."""
    from django.conf import settings

    user_label = settings.AUTH_USER_MODEL.lower()
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label_lower == user_label
    ]


def contact_like_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and CONTACT_LIKE.search(f.name)
    ]


def undeclared(candidates=None) -> list[str]:
    """`app.Model.field` for every user key or contact-like field no declaration covers
    (of every installed model, or of `candidates`)."""
    from django.apps import apps

    missing = []
    for model in apps.get_models() if candidates is None else candidates:
        if model._meta.proxy or not model._meta.managed:
            continue
        declared = declaration_of(model)
        covered = declared.covered_fields() if declared else set()
        for f in person_keys_of(model) + contact_like_fields(model):
            if f.name not in covered:
                missing.append(f"{model._meta.label}.{f.name}")
    return sorted(missing)
