import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

# Category codes of the apps that index items, for rows written before names were indexed
# (new rows get the label from the app itself).
_LABELS = (
    "commonweal.welfaremap.categories.ServiceCategory",
    "commonweal.partners.registry.models.OrganisationKind",
)


def _category_labels() -> dict:
    import importlib

    labels = {}
    for path in _LABELS:
        module_name, _, name = path.rpartition(".")
        try:
            choices = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError):
            continue
        labels.update({value: label for value, label in choices.choices})
    return labels


def fill_terms(apps, schema_editor):
    from commonweal.search.documents import names_of, terms_of

    labels = _category_labels()
    SearchDocument = apps.get_model("search", "SearchDocument")
    rows = SearchDocument.objects.select_related("community").order_by("pk")
    for document in rows.iterator(chunk_size=500):
        names = names_of(
            kind=document.kind,
            category=document.category,
            category_name=labels.get(document.category, ""),
            community_name=document.community.name,
        )
        terms = terms_of(document.title, document.body, document.tags, names)
        for name, value in terms.items():
            setattr(document, name, value)
        document.save(update_fields=list(terms))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_terms_geo_sync_state"),
        ("tenants", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="searchdocument", name="search_document_terms"),
        migrations.RemoveField(model_name="searchdocument", name="document"),
        migrations.AddField(
            model_name="searchdocument",
            name="name_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="document",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.SearchVector(
                            "title_terms", config="simple", weight="A"
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "name_terms", config="simple", weight="B"
                        ),
                        django.contrib.postgres.search.SearchConfig("simple"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "body_terms", config="simple", weight="D"
                    ),
                    django.contrib.postgres.search.SearchConfig("simple"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunPython(fill_terms, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["document"], name="search_document_terms"
            ),
        ),
    ]
