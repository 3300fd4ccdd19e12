from django.db import migrations, models

import commonweal.tenants.validators


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="community",
            name="time_zone",
            field=models.CharField(
                default="Asia/Shanghai",
                help_text="IANA name, e.g. Asia/Shanghai or Asia/Urumqi.",
                max_length=64,
                validators=[commonweal.tenants.validators.validate_time_zone],
                verbose_name="time zone",
            ),
        ),
    ]
