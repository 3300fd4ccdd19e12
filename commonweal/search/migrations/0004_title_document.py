import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_name_terms"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector(
                    "title_terms", config="simple"
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
    ]
