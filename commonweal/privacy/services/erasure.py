"""注销并删除个人信息: a person's account is closed and their personal fields anonymised in
the public schema and in every community's schema, in one transaction.

What stays: every row that others rely on (donations, points, votes, reports), pointing at
the same account, now named by a stable pseudonym (已注销用户 #A1B2C3). The ledger is not
touched at all: its rows hold account ids, never names, so every balance is unchanged.

Two passes. The first collects what identifies the person (their names, phones and e-mails
as written in their own rows, which may differ from the account's); the second rewrites
owned rows' declared fields and removes those identifiers from declared `scrub` fields. A
refusal (wrong password, already erased) happens before any write.

A phone, an e-mail or an ID number is the person's alone: it is removed from every row. A
name is not: another account may bear it (two 陈思远 in one city). Where someone else bears
one of the person's names (an account's display name, a name in another person's own row),
that name is removed only from rows tied to the person: rows that point at them, rows that
point at their own rows (the transitions of their need), rows that also quote one of their
contacts, and rows that quote their own words around the name (a notification or search
document copying their report). A namesake's log lines and rows stay as they are.
"""

import json
import re

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from commonweal.platform.kernel.errors import DomainError
from commonweal.privacy.error_codes import PrivacyErrorCode
from commonweal.privacy.models import DataExport, Erasure
from commonweal.privacy.registry import BLANK, NAME, TEXT, PersonalData, declaration_of
from commonweal.privacy.services.schemas import communities, declared_in, in_community

REMOVED = "［已删除］"
# Shapes that identify someone in free text whoever they are: mainland mobile numbers,
# resident ID numbers (18 characters), e-mail addresses.
IDENTIFYING = re.compile(
    r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])|[\w.+-]+@[\w-]+\.[\w.-]+"
)


def pseudonym_of(user) -> str:
    """Stable for the account, meaningless without the server's key."""
    code = salted_hmac("commonweal.privacy.pseudonym", str(user.pk)).hexdigest()[:6].upper()
    return f"已注销用户 #{code}"


def is_erased(user) -> bool:
    return Erasure.objects.filter(user_id=user.pk).exists()


class Identifiers:
    """What identifies the person, each with what replaces it; longest first, so an e-mail
    is removed before a name inside it."""

    def __init__(self, pseudonym: str):
        self.pseudonym = pseudonym
        self.replacements: dict[str, str] = {}
        # Names someone else also bears: removed only from rows tied to the person.
        self.shared_names: set[str] = set()
        # What the person wrote in their own rows, to recognise copies of it elsewhere.
        self.own_texts: list[str] = []

    def add(self, value, *, is_name: bool) -> None:
        value = (value or "").strip() if isinstance(value, str) else ""
        if len(value) >= 2 and value != self.pseudonym:
            self.replacements.setdefault(value, self.pseudonym if is_name else REMOVED)

    def names(self) -> list[str]:
        return [v for v, r in self.replacements.items() if r == self.pseudonym]

    def contacts(self) -> list[str]:
        return [v for v, r in self.replacements.items() if r != self.pseudonym]

    def quotes(self, around: int = 6) -> set[str]:
        """Their own words around each of their names (消防通道堆物，陈思远发现): a row holding
        one copies what they wrote, so it is theirs, whoever else bears the name."""
        found = set()
        for text in self.own_texts:
            for name in self.names():
                for match in re.finditer(re.escape(name), text):
                    start, end = max(match.start() - around, 0), match.end() + around
                    quote = text[start:end]
                    if len(quote) >= len(name) + 4:
                        found.add(quote)
        return found

    def items(self) -> list[tuple[str, str]]:
        return sorted(self.replacements.items(), key=lambda item: -len(item[0]))

    def scrub(self, text: str) -> str:
        for value, replacement in self.items():
            text = text.replace(value, replacement)
        return IDENTIFYING.sub(REMOVED, text)


def _owned(declaration: PersonalData, user):
    condition = Q()
    for key in declaration.owner:
        condition |= Q(**{key if key == "id" else f"{key}_id": user.pk})
    return declaration.model._default_manager.filter(condition)


def _collect(declaration: PersonalData, user, found: Identifiers) -> None:
    """Their names and contacts as their own rows hold them, and the numbers their own text
    gives (an ID number in a need): others' rows may quote them."""
    if not declaration.owner or not declaration.erase:
        return
    fields = list(declaration.erase)
    for row in _owned(declaration, user).values(*fields):
        for name in fields:
            how, value = declaration.erase[name], row[name]
            if how == TEXT:
                found.own_texts.append(value or "")
                for match in IDENTIFYING.findall(value or ""):
                    found.add(match, is_name=False)
            else:
                found.add(value, is_name=how == NAME)


def _find_namesakes(declaration: PersonalData, user, found: Identifiers) -> None:
    """Mark the person's names that a row owned by someone else (or by no one) also holds in
    a name field (a namesake's donor name, volunteer real name)."""
    name_fields = [name for name, how in declaration.erase.items() if how == NAME]
    if not name_fields or not found.names():
        return
    others = declaration.model._default_manager.exclude(pk__in=_owned(declaration, user))
    for name in name_fields:
        held = others.filter(**{f"{name}__in": found.names()}).values_list(name, flat=True)
        found.shared_names.update(held.distinct())


def _namesake_accounts(user, found: Identifiers) -> None:
    others = get_user_model().objects.exclude(pk=user.pk).filter(display_name__in=found.names())
    found.shared_names.update(others.values_list("display_name", flat=True))


def _tied_rows(declaration: PersonalData, user, found: Identifiers) -> list[int]:
    """Primary keys of the rows of `declaration` tied to the person (see the module
    docstring), read before any of its columns is rewritten."""
    model = declaration.model
    tied = Q(pk__in=[])
    for key in declaration.person_keys:
        tied |= Q(**{f"{key}_id": user.pk})
    for field in model._meta.concrete_fields:
        target = declaration_of(field.related_model) if field.is_relation else None
        if target is not None and target.owner and target.model is not get_user_model():
            tied |= Q(**{f"{field.name}__in": _owned(target, user).values("pk")})
    pks = set(model._default_manager.filter(tied).values_list("pk", flat=True))
    table, quoted = model._meta.db_table, connection.ops.quote_name
    evidence = [*found.contacts(), *found.quotes()]
    with connection.cursor() as cursor:
        for name in declaration.scrub:
            column = quoted(model._meta.get_field(name).column)
            for contact in evidence:
                cursor.execute(
                    f"SELECT {quoted(model._meta.pk.column)} FROM {quoted(table)}"
                    f" WHERE strpos({column}::text, %s) > 0",
                    [contact],
                )
                pks.update(pk for (pk,) in cursor.fetchall())
    return sorted(pks)


def _erased_value(field: models.Field, how: str, value, found: Identifiers):
    if how == NAME:
        return found.pseudonym[: field.max_length] if value else value
    if how == BLANK:
        return None if field.null else ""
    text = found.scrub(value or "")
    return text[: field.max_length] if field.max_length else text


def _erase_owned(declaration: PersonalData, user, found: Identifiers) -> int:
    if not declaration.owner or not declaration.erase:
        return 0
    model = declaration.model
    names = list(declaration.erase)
    changed = 0
    for row in _owned(declaration, user).values("pk", *names):
        values = {
            name: _erased_value(model._meta.get_field(name), how, row[name], found)
            for name, how in declaration.erase.items()
        }
        if any(values[name] != row[name] for name in names):
            # An UPDATE, not save(): no model logic runs on what is only a rewrite.
            changed += model._default_manager.filter(pk=row["pk"]).update(**values)
    return changed


def _scrub_column(declaration: PersonalData, name: str, found: Identifiers, tied) -> int:
    """Remove the identifiers from one column of every row, in SQL (rows owned by others);
    a name someone else bears only from the `tied` rows."""
    field = declaration.model._meta.get_field(name)
    table, column = declaration.model._meta.db_table, field.column
    quoted = connection.ops.quote_name
    changed = 0
    with connection.cursor() as cursor:
        for value, replacement in found.items():
            shared = value in found.shared_names
            if isinstance(field, models.JSONField):
                # JSON text escapes quotes and backslashes; names and numbers rarely hold them.
                value, replacement = (
                    json.dumps(value, ensure_ascii=False)[1:-1],
                    json.dumps(replacement, ensure_ascii=False)[1:-1],
                )
                expression = f"replace({quoted(column)}::text, %s, %s)::jsonb"
                where = f"strpos({quoted(column)}::text, %s) > 0"
                params = [value, replacement, value]
            else:
                whole = replacement if replacement == found.pseudonym else ""
                expression = (
                    f"CASE WHEN {quoted(column)} = %s THEN %s"
                    f" ELSE replace({quoted(column)}, %s, %s) END"
                )
                if field.max_length:
                    expression = f"left({expression}, {int(field.max_length)})"
                where = f"strpos({quoted(column)}, %s) > 0"
                params = [value, whole, value, replacement, value]
            if shared:
                where += f" AND {quoted(declaration.model._meta.pk.column)} = ANY(%s)"
                params.append(tied)
            cursor.execute(
                f"UPDATE {quoted(table)} SET {quoted(column)} = {expression} WHERE {where}",
                params,
            )
            changed += cursor.rowcount
    return changed


def _erase_here(declared: list[PersonalData], user, found: Identifiers) -> int:
    changed = 0
    for declaration in declared:
        if declaration.model is get_user_model():
            continue  # the account is rewritten last, by _close_account
        tied = _tied_rows(declaration, user, found) if declaration.scrub else []
        changed += _erase_owned(declaration, user, found)
        for name in declaration.scrub:
            changed += _scrub_column(declaration, name, found, tied)
    return changed


def _close_account(user, pseudonym: str) -> None:
    from commonweal.platform.accounts.models import ApiToken, Membership
    from commonweal.platform.notifications.models import Notification

    Membership.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    DataExport.objects.filter(requested_by=user, community__isnull=True).delete()
    user.groups.clear()
    user.user_permissions.clear()
    # A sign-in address no one owns (unique, and `user_has_contact` wants one).
    user.email = f"erased-{user.pk}@erased.invalid"
    user.phone = None
    user.display_name = pseudonym
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends every session: their auth hash changes
    user.save()


def _refuse_if_last_admin(user) -> None:
    """A community keeps an administrator: its last one hands the role on before leaving.
    Locks the memberships of their communities, so two admins cannot both leave at once."""
    from commonweal.platform.accounts.models import Membership
    from commonweal.platform.kernel.roles import Role

    theirs = Membership.objects.filter(user=user, roles__contains=[Role.ADMIN])
    communities_run = list(theirs.values_list("community_id", flat=True))
    if not communities_run:
        return
    list(
        Membership.objects.select_for_update().filter(community_id__in=communities_run).values("pk")
    )
    others = (
        Membership.objects.filter(community_id__in=communities_run, roles__contains=[Role.ADMIN])
        .exclude(user=user)
        .values_list("community_id", flat=True)
    )
    alone = theirs.exclude(community_id__in=others).order_by("community__name")
    names = list(alone.values_list("community__name", flat=True))
    if names:
        raise DomainError(
            PrivacyErrorCode.LAST_ADMIN,
            _(
                "You are the last administrator of %(communities)s: make another member an"
                " administrator first."
            )
            % {"communities": "、".join(names)},
        )


def person_erase(*, user, password: str) -> Erasure:
    """Erase `user`'s personal data everywhere; refused without their current password, and
    while they are the last administrator of a community."""
    if is_erased(user):
        raise DomainError(PrivacyErrorCode.ALREADY_ERASED, _("This account was already erased."))
    if not password or not user.check_password(password):
        raise DomainError(
            PrivacyErrorCode.WRONG_PASSWORD, _("The password is not right."), field="password"
        )
    pseudonym = pseudonym_of(user)
    found = Identifiers(pseudonym)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        _refuse_if_last_admin(user)
        for value in (user.display_name, user.phone, user.email):
            found.add(value, is_name=value == user.display_name)
        public, tenant = declared_in(public=True), declared_in(public=False)
        for declaration in public:
            _collect(declaration, user, found)
        everywhere = list(communities())
        for community in everywhere:
            with in_community(community):
                for declaration in tenant:
                    _collect(declaration, user, found)
        # Only now are all their names known: who else bears one of them?
        _namesake_accounts(user, found)
        for declaration in public:
            _find_namesakes(declaration, user, found)
        for community in everywhere:
            with in_community(community):
                for declaration in tenant:
                    _find_namesakes(declaration, user, found)
        with connection.cursor() as cursor:
            # The audit log refuses rewrites except of a person's name inside it, in this
            # transaction only (migration audit 0002).
            cursor.execute("SET LOCAL commonweal.erasure = 'on'")
        changed = _erase_here(public, user, found)
        for community in everywhere:
            with in_community(community):
                changed += _erase_here(tenant, user, found)
        _close_account(user, pseudonym)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL commonweal.erasure = 'off'")
        erasure = Erasure.objects.create(user=user, pseudonym=pseudonym, rows_changed=changed)
        from commonweal.platform.audit.services import record

        record(
            actor=user,
            channel="privacy",
            action="eraseMyAccount",
            target=pseudonym,
            changes={"rowsChanged": changed},
        )
    return erasure
