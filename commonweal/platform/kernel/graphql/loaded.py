"""What the optimizer already loaded is read without strawberry-django's resolver chain.

A partner directory node selects its organisation, three nested lists and an annotated
average: none is a plain column, so before this every one of them went through graphql-core's
per-field machinery and strawberry-django's chain (resolve-info, arguments, the relation's
queryset hook) only for the chain to hand back rows the optimizer had loaded
(`bench/partner_directory.py`). These readers return the very value the chain would return,
and only in the case where the chain does nothing else with it; in any other case they raise
`NotLoaded` and `execution.py` lets graphql-core run the chain for the whole object:

- a forward foreign key or one-to-one whose object is in the row's cache (`select_related`,
  or a prefetch): the chain returns `field.get_cached_value(row)` as it is;
- a reverse foreign key or many-to-many whose rows were prefetched by the optimizer: the
  optimizer built that prefetch through the field's own `get_queryset` (the target type's
  visibility rule, filters, ordering, pagination) and marked it `optimized_by_prefetching`,
  and for a marked queryset the chain's `get_queryset` returns it unchanged and its list hook
  returns the loaded rows (`StrawberryDjangoField.get_queryset` / `get_queryset_hook`). A
  prefetch the optimizer did not make (unmarked, e.g. a selector's own `prefetch_related`) or
  a relation not loaded is refused, so a type's `get_queryset` is never skipped;
- an annotation (a field with no model attribute of its name, e.g. `annotate=Subquery(…)`)
  present on the row: the chain ends with `getattr(row, name)`;
- a column whose only extensions say, for this value, that they return it unchanged
  (`passes_unchanged(value)`, e.g. `MaskedForPublic` for text with no number in it).

Only fields that are exactly `StrawberryDjangoField` (no overridden `get_result` or
`get_queryset`), with no resolver, no argument and no extension (bar the pass-through ones
above; permission extensions never qualify) get a reader. graphql-core's own resolver is left
as it was: an object the one pass refuses is answered by the chain, as before.
"""

from django.db.models import Manager, QuerySet
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ReverseManyToOneDescriptor,
)
from django.db.models.query_utils import DeferredAttribute
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import is_optimized_by_prefetching

# key of a GraphQLField's extensions holding its reader (graphql-core ignores unknown keys)
READER = "commonweal-read-loaded"


class NotLoaded(Exception):
    """The chain would do more than hand back a loaded value: let it run."""


def _cached_object(descriptor: ForwardManyToOneDescriptor):
    get_cached_value = descriptor.field.get_cached_value

    def read(source, _info):
        try:
            return get_cached_value(source)
        except KeyError:
            raise NotLoaded from None

    return read


def _prefetch_cache_name(manager) -> str:
    """The key strawberry-django's `resolve_base_manager` looks the prefetch up by, in its
    order: a many-to-many manager's name first, then a reverse foreign key's."""
    name = getattr(manager, "prefetch_cache_name", None)
    if name is None:
        remote = manager.field.remote_field
        name = getattr(remote, "cache_name", None) or remote.get_cache_name()
    return name


def _prefetched_rows(attname: str):
    cache_name = None

    def read(source, _info):
        nonlocal cache_name
        prefetched = source.__dict__.get("_prefetched_objects_cache")
        if not prefetched:
            raise NotLoaded
        if cache_name is None:
            cache_name = _prefetch_cache_name(getattr(source, attname))
        queryset = prefetched.get(cache_name)
        if (
            queryset is None
            or queryset._result_cache is None
            or not is_optimized_by_prefetching(queryset)
        ):
            raise NotLoaded
        return queryset._result_cache

    return read


def _annotation(attname: str):
    def read(source, _info):
        try:
            value = source.__dict__[attname]
        except KeyError:
            raise NotLoaded from None
        # the chain calls callables and runs its queryset hook on managers and querysets
        if callable(value) or isinstance(value, Manager | QuerySet):
            raise NotLoaded
        return value

    return read


def _passed_through(attname: str, extensions):
    checks = [extension.passes_unchanged for extension in extensions]

    def read(source, _info):
        value = getattr(source, attname)
        if not all(check(value) for check in checks):
            raise NotLoaded
        return value

    return read


def reader_for(field, model):
    """A reader for `field` (a strawberry field of a type of `model`), or None."""
    if type(field) is not StrawberryDjangoField or model is None:
        return None
    if field.base_resolver is not None or field.arguments or field.is_async:
        return None
    attname = field.django_name or field.python_name
    if "__" in attname:
        return None  # the chain walks lookups across relations
    attr = getattr(model, attname, None)
    if field.extensions:
        if isinstance(attr, DeferredAttribute) and all(
            callable(getattr(e, "passes_unchanged", None)) for e in field.extensions
        ):
            return _passed_through(attname, field.extensions)
        return None
    if isinstance(attr, ForwardManyToOneDescriptor):
        return _cached_object(attr)
    if isinstance(attr, ReverseManyToOneDescriptor):  # many-to-many descriptors included
        # a plain list: connections and paginated lists take arguments, refused above
        return _prefetched_rows(attname) if field.is_list else None
    if attr is None:
        return _annotation(attname)
    return None
