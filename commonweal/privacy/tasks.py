from procrastinate.contrib.django import app

from commonweal.platform.kernel.jobs import platform_task


@platform_task(retry=3)
def build_export(*, export_id: int) -> None:
    from commonweal.privacy.services.exports import export_build

    export_build(export_id)


@app.periodic(cron="17 * * * *", periodic_id="privacy-closures")
@platform_task()
def close_due_communities(*, timestamp: int | None = None) -> None:
    from commonweal.privacy.services.closures import closures_run_due

    closures_run_due()


@app.periodic(cron="23 3 * * *", periodic_id="privacy-exports-purge")
@platform_task()
def purge_expired_exports(*, timestamp: int | None = None) -> int:
    from commonweal.privacy.services.exports import exports_purge_expired

    return exports_purge_expired()
