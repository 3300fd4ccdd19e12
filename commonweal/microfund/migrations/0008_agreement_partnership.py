import django.db.models.deletion
from django.db import migrations, models


def link_partnerships(apps, schema_editor):
    """Name each agreement's partnership: by the credit code it recorded, else by a partner
    organisation of exactly its partner name (when only one such partnership exists here).
    An agreement left unmatched keeps its credit code in its partner name."""
    Agreement = apps.get_model("microfund", "RevenueShareAgreement")
    Partnership = apps.get_model("partners", "Partnership")
    for agreement in Agreement.objects.filter(partnership__isnull=True):
        code = agreement.partner_organisation_id
        found = Partnership.objects.none()
        if code:
            found = Partnership.objects.filter(organisation__credit_code=code)
        if not found.exists():
            found = Partnership.objects.filter(organisation__legal_name=agreement.partner_name)
        if found.count() == 1:
            agreement.partnership = found.get()
        elif code:
            agreement.partner_name = f"{agreement.partner_name}（{code}）"[:120]
        agreement.save(update_fields=["partnership", "partner_name"])


class Migration(migrations.Migration):
    """Revenue-share agreements name the partner's partnership in this community, instead of a
    name and a typed credit code."""

    dependencies = [
        ("microfund", "0007_donation_evidence"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="revenueshareagreement",
            name="partnership",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="partners.partnership",
                verbose_name="partner",
            ),
        ),
        migrations.RunPython(link_partnerships, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="revenueshareagreement",
            name="partner_organisation_id",
        ),
    ]
