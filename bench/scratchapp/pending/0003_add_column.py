from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("scratchapp", "0002_add_column")]

    operations = [
        migrations.AddField(
            model_name="servicepoint",
            name="wechat_id",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
    ]
