# Jobs live in the public schema next to the data that enqueues them, so enqueueing shares the
# caller's transaction: a rolled-back change leaves no job behind.
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
PROCRASTINATE_WORKER_DEFAULTS = {"install_signal_handlers": True}
