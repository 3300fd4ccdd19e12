import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


def fill_terms(apps, schema_editor):
    from commonweal.search.documents import terms_of

    SearchDocument = apps.get_model("search", "SearchDocument")
    for document in SearchDocument.objects.all().iterator():
        for name, value in terms_of(document.title, document.body, document.tags).items():
            setattr(document, name, value)
        document.save(update_fields=["title_terms", "body_terms", "exact_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE EXTENSION IF NOT EXISTS cube; CREATE EXTENSION IF NOT EXISTS earthdistance;",
            migrations.RunSQL.noop,
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="title_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="body_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="exact_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="document",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "title_terms", config="simple", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "body_terms", config="simple", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("simple"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["document"], name="search_document_terms"
            ),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["exact_key"], name="search_document_exact"),
        ),
        migrations.RunSQL(
            "CREATE INDEX search_document_earth ON search_searchdocument "
            "USING gist (ll_to_earth(lat, lng)) WHERE lat IS NOT NULL AND lng IS NOT NULL",
            "DROP INDEX IF EXISTS search_document_earth",
        ),
        migrations.CreateModel(
            name="SearchSyncState",
            fields=[
                ("name", models.CharField(max_length=32, primary_key=True, serialize=False)),
                ("index", models.CharField(blank=True, max_length=100)),
                ("shipped_version", models.BigIntegerField(default=0)),
                ("shipped_total", models.BigIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "search sync state",
                "verbose_name_plural": "search sync states",
            },
        ),
        migrations.RunPython(fill_terms, migrations.RunPython.noop),
    ]
