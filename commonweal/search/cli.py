"""`commonweal search sync | reindex | lag | template`."""

import json

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def run(args) -> int:
    from django.conf import settings

    from commonweal.search import sync

    console = Console(stderr=True)
    if args.action == "template":
        from commonweal.search.opensearch.template import TEMPLATE

        print(json.dumps(TEMPLATE, ensure_ascii=False, indent=2))
        return 0
    if args.action == "lag":
        lag = sync.lag()
        state = sync.state()
        console.print(
            f"OpenSearch 同步进度 / sync: shipped ≤ {lag.shipped_version}, newest {lag.max_version}"
            f", behind {lag.versions_behind} version(s), {lag.pending} document(s) pending"
        )
        if state.last_error:
            console.print(f"[red]last error: {state.last_error}[/red]")
        return 0
    if not settings.OPENSEARCH_URL:
        console.print("[red]OPENSEARCH_URL is not set: search runs on PostgreSQL alone.[/red]")
        return 1
    if args.action == "sync":
        with console.status("同步 / syncing…"):
            report = sync.run_sync(batch=args.batch)
        console.print(
            f"shipped {report.shipped} (indexed {report.indexed}, deleted {report.deleted}, "
            f"already there {report.stale}) in {report.batches} batch(es); mark {report.mark}"
        )
        return 0
    with Progress(
        TextColumn("重建索引 / reindex"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("reindex", total=None)
        report = sync.reindex(
            batch=args.batch,
            on_start=lambda total: progress.update(task, total=total),
            on_progress=lambda count: progress.advance(task, count),
        )
    console.print(
        f"index {report.index}: copied {report.copied}, replayed {report.replayed}, "
        f"mark {report.mark}; retired {', '.join(report.previous) or 'nothing'}"
    )
    return 0
