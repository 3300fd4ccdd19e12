from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("scratchapp", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="website",
            field=models.URLField(blank=True, default=""),
        ),
    ]
