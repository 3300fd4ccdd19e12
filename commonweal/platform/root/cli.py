"""The `commonweal` command: serve, worker, migrate, demo, and Django's own commands."""

import argparse
import os
import subprocess
import sys


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonweal.platform.kernel.settings")
    import django

    django.setup()


def cmd_migrate(args) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from commonweal.tenants import spares
    from commonweal.tenants.migrate import migrate_communities, migrate_public, prepare_template
    from commonweal.tenants.models import Community

    console = Console(stderr=True)
    with console.status("迁移公共模式 / migrating the public schema…"):
        migrate_public()
    with console.status("迁移社区模板 / migrating the community template…"):
        applied, _snapshot = prepare_template()
    console.print(f"模板 / template: {len(applied)} migration(s) applied")
    total = Community.objects.count()
    with Progress(
        TextColumn("社区 / communities"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not total,
    ) as progress:
        task = progress.add_task("migrate", total=total)
        report = migrate_communities(
            workers=args.workers, on_progress=lambda schema, ok: progress.advance(task)
        )
    console.print(
        f"communities: {report.communities} — up to date {report.unchanged}, "
        f"fast {report.fast}, executor {report.slow}, failed {len(report.failures)}"
    )
    for schema, error in sorted(report.failures.items()):
        console.print(f"[red]✗ {schema}: {error}[/red]")
    if spares.wanted():
        with console.status("备用模式 / making spare schemas for onboarding…"):
            dropped, made = spares.refresh()
        if dropped or made:
            console.print(f"spare schemas: {made} made, {dropped} of an older template dropped")
    return 1 if report.failures else 0


def cmd_demo(args) -> int:
    from commonweal.tenants.demo import ensure_demo, print_credentials

    print_credentials(ensure_demo(), port=getattr(args, "port", None))
    return 0


def cmd_worker(args) -> int:
    from django.core.management import call_command

    call_command("procrastinate", "worker")
    return 0


def _exit_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so `finally` blocks and atexit (which stops the
    embedded PostgreSQL) run; uvicorn re-raises the signal to this handler after shutdown."""
    import signal

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def _record_public_port(port: int) -> None:
    """In development, links name the port this server listens on (the worker started below
    inherits it); in production the proxy in front decides, so nothing is recorded."""
    from django.conf import settings

    if settings.DEBUG and not settings.PUBLIC_PORT:
        settings.PUBLIC_PORT = str(port)
        os.environ["COMMONWEAL_PUBLIC_PORT"] = str(port)


def _serve_as_app_role() -> None:
    """On the embedded server, migrations and the demo ran as its superuser, which owns the
    schemas; from here on this process, the web workers and the job worker connect as
    `commonweal_app` (no DDL, no TRUNCATE, no ledger rewrites). With DATABASE_URL the
    deployment chose its role (infra/db/roles.sql; `commonweal check` reports a wrong one)."""
    from django.conf import settings
    from django.db import connections

    from commonweal.platform.kernel.database import APP_ROLE, EMBEDDED_FLAG, ensure_app_role
    from commonweal.tenants.provisioning import snapshot_template

    if not os.environ.get(EMBEDDED_FLAG):
        return
    # Provisioning reads the template's snapshot, which the app role may not write: make sure
    # the one for the template as migrated exists while the owner is still connected (`migrate`
    # made it already; then this is one SELECT).
    snapshot_template()
    url = ensure_app_role(os.environ["DATABASE_URL"], settings.TEMPLATE_SCHEMA_NAME)
    os.environ["DATABASE_URL"] = url  # uvicorn's worker processes and the job worker
    default = connections["default"]
    if hasattr(default, "close_pool"):
        default.close_pool()
    connections.close_all()
    for entry in (settings.DATABASES["default"], default.settings_dict):
        entry.update(USER=APP_ROLE, PASSWORD="")


def cmd_serve(args) -> int:
    import uvicorn

    _exit_on_sigterm()
    _record_public_port(args.port)
    if cmd_migrate(argparse.Namespace(workers=None)):
        return 1
    cmd_demo(args)
    _serve_as_app_role()
    worker = None
    if not args.no_worker:
        # The worker joins this process's database (DATABASE_URL was exported on start).
        worker = subprocess.Popen([sys.executable, "-m", "commonweal.platform.root.cli", "worker"])
    from commonweal.tenants.links import platform_url

    print(f"\n平台 / platform: {platform_url()}", flush=True)
    try:
        uvicorn.run(
            "commonweal.platform.root.asgi:application",
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            # The C parser and event loop (pinned dependencies): named, not "auto", so a
            # deployment missing them fails at start instead of serving on the slower ones.
            http="httptools",
            loop="uvloop",
        )
    finally:
        if worker:
            worker.terminate()
            worker.wait(10)
    return 0


def cmd_search(args) -> int:
    from commonweal.search.cli import run

    return run(args)


def cmd_backup(args) -> int:
    from pathlib import Path

    from commonweal.tenants.backup import dump_community
    from commonweal.tenants.models import Community

    dump_community(Community.objects.get(slug=args.slug), Path(args.file))
    return 0


def cmd_restore(args) -> int:
    from pathlib import Path

    from commonweal.tenants.backup import restore_community
    from commonweal.tenants.models import Community

    restore_community(Community.objects.get(slug=args.slug), Path(args.file), replace=args.replace)
    return 0


def cmd_check(args) -> int:
    """Django's deploy checks plus the database role (commonweal/platform/kernel/checks.py)."""
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=True, databases=["default"])
    except SystemCheckError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def cmd_manage(args) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["commonweal manage", *args.rest])
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="commonweal", description="社区治理合伙人平台 Commonweal")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser(
        "serve", help="migrate, load demo communities, run web server and worker"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-worker", action="store_true")
    serve.add_argument(
        "--workers", type=int, default=1, help="web server processes (uvicorn workers)"
    )
    serve.set_defaults(func=cmd_serve)
    migrate = sub.add_parser("migrate", help="migrate the public schema, template and communities")
    migrate.add_argument("--workers", type=int, default=None)
    migrate.set_defaults(func=cmd_migrate)
    sub.add_parser("demo", help="create the demo communities").set_defaults(func=cmd_demo)
    sub.add_parser("worker", help="run background jobs").set_defaults(func=cmd_worker)
    search = sub.add_parser("search", help="search index: sync, reindex, lag")
    search.add_argument("action", choices=["sync", "reindex", "lag", "template"])
    search.add_argument("--batch", type=int, default=None)
    search.set_defaults(func=cmd_search)
    backup = sub.add_parser("backup", help="dump one community's schema to a file")
    backup.add_argument("slug")
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="restore one community's schema from a file")
    restore.add_argument("slug")
    restore.add_argument("file")
    restore.add_argument("--replace", action="store_true", help="drop the current schema first")
    restore.set_defaults(func=cmd_restore)
    sub.add_parser(
        "check", help="deploy checks: settings, and the database role the app connects as"
    ).set_defaults(func=cmd_check)
    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    args = parser.parse_args(argv)
    _setup_django()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
