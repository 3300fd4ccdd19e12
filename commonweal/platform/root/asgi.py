"""The ASGI application `commonweal serve` runs (uvicorn).

Every view and middleware of ours is synchronous. Django's own ASGIHandler builds its
middleware chain for an async caller: each synchronous middleware is then adapted, and the
chain hops between the event loop and the request's thread several times per request (the
outer sync middlewares in one `sync_to_async`, back to the loop by `async_to_sync` for the
async-capable ones below, which run their `process_request`/`process_response` each by a
`sync_to_async` of its own, then the view by another). Profiled over HTTP (bench/
fund_webhooks.py, a webhook receipt), that hopping cost more CPU than the request's work.

So here the chain is built as under WSGI, synchronous from end to end, and run in ONE
`sync_to_async` call per request, in the request's own thread (thread-sensitive, as Django
runs it: the request's database connection is used from that thread alone). Every middleware
runs, in the same order, with the same request: only the thread hops between them go. An
async view, should one appear, still works (Django's sync handler runs it by
`async_to_sync`), at the cost of a hop.

Each request still gets a thread of its own (Django's `ThreadSensitiveContext`: one request's
thread-sensitive calls share a thread, requests overlap their database waits), but the
thread is taken from those earlier requests left idle instead of started and joined each
time (asgiref lets a context be given its executor, which it then does not shut down). A
reused thread is what a WSGI server's threads are: its database connection went back to the
pool when the last request on it finished (`request_finished`), and the tenant middleware
starts the next request on the public schema before choosing its community.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonweal.platform.kernel.settings")


# Idle request threads kept beyond this many are let go.
IDLE_THREADS = 32


class SyncChainASGIHandler(ASGIHandler):
    def __init__(self):
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self._idle: list[ThreadPoolExecutor] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        # One call at a time on one thread, as a ThreadSensitiveContext requires. Should a
        # cancelled request's call still be running when the thread is reused, the next
        # request's calls wait behind it: never two at once.
        executor = self._idle.pop() if self._idle else ThreadPoolExecutor(1, "request")
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            if len(self._idle) < IDLE_THREADS:
                self._idle.append(executor)
            else:
                executor.shutdown(wait=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_application() -> SyncChainASGIHandler:
    django.setup(set_prefix=False)
    return SyncChainASGIHandler()


application = get_application()
