from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "commonweal.platform.audit"
    label = "audit"
    verbose_name = _("Audit log (操作日志)")

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from commonweal.platform.audit.services import record_admin_change, record_mutation
        from commonweal.platform.kernel.graphql.mutations import mutation_applied

        # Django admin writes a LogEntry for each change it saves; the audit copies it.
        post_save.connect(record_admin_change, sender=LogEntry, dispatch_uid="audit.admin")
        # Every GraphQL mutation that succeeded, inside its transaction.
        mutation_applied.connect(record_mutation, dispatch_uid="audit.graphql")
