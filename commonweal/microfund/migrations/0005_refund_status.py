import django.db.models.deletion
from django.db import migrations, models

STATUS_CHOICES = [
    ("pending", "Awaiting the payment service"),
    ("succeeded", "Refunded"),
    ("failed", "Refused by the payment service"),
]


class Migration(migrations.Migration):
    """Refunds get a status: online ones wait, pending, for the provider's answer (asked by a
    job after commit). Every refund recorded before had its entry, so it succeeded."""

    dependencies = [
        ("microfund", "0004_platform_references_without_constraints"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="refund",
            options={"ordering": ["created_at", "id"]},
        ),
        migrations.AddField(
            model_name="refund",
            name="failure",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="refund",
            name="status",
            field=models.CharField(choices=STATUS_CHOICES, default="succeeded", max_length=10),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="refund",
            name="status",
            field=models.CharField(choices=STATUS_CHOICES, default="pending", max_length=10),
        ),
        migrations.AlterField(
            model_name="refund",
            name="entry",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="refund",
                to="microfund.entry",
            ),
        ),
        migrations.AddConstraint(
            model_name="refund",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("entry__isnull", False), ("status", "succeeded")),
                    models.Q(
                        models.Q(("status", "succeeded"), _negated=True), ("entry__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="refund_entry_iff_succeeded",
            ),
        ),
    ]
