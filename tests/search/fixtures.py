"""Search fixtures: one small Chinese corpus over four communities, and both backends."""

import contextlib
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.db import connection

from commonweal.search import sync
from commonweal.search.documents import index_document, remove_document
from commonweal.search.opensearch import client as os_client
from commonweal.tenants.services import community_suspend
from tests.fixtures import make_community, make_user

BACKENDS = ["postgres", "opensearch"]


@dataclass
class Corpus:
    communities: dict
    keys: dict  # short name → (community slug, kind, key)


# short name: (community, kind, key, title, body, category, lat, lng)
DOCUMENTS = {
    "F1": (
        "fengshu",
        "partner",
        "p1",
        "枫树社区邻里中心",
        "社区居民的公共空间，提供图书角和老年食堂。",
        "邻里服务",
        30.6000,
        104.1000,
    ),
    "F2": (
        "fengshu",
        "service_point",
        "sp1",
        "公交卡充值点",
        "便利店代办公交卡充值和水电缴费。",
        "便民服务",
        30.6010,
        104.1010,
    ),
    "F3": (
        "fengshu",
        "campaign",
        "c1",
        "老年食堂",
        "为高龄老人提供午餐。",
        "养老",
        30.6100,
        104.1100,
    ),
    "J1": (
        "jiahonglu",
        "partner_call",
        "pc1",
        "幸福老年食堂招募志愿者",
        "每周三上午帮厨。",
        "养老",
        30.6500,
        104.0500,
    ),
    "J2": (
        "jiahonglu",
        "partner",
        "p3",
        "佳宏路理发店",
        "社区匠人提供低偿理发，WiFi免费。",
        "便民服务",
        None,
        None,
    ),
    "C1": (
        "changning",
        "grant",
        "g1",
        "长宁社区微基金项目",
        "资助居民自治项目。",
        "微基金",
        31.2200,
        121.4200,
    ),
    # Never visible: a suspended community's item and a withdrawn (now private) item.
    "S1": ("heping", "partner", "p9", "和平社区老年食堂", "秘密名单", "养老", 30.6001, 104.1001),
    "W1": ("fengshu", "partner", "p8", "枫树秘密会所", "内部资料", "邻里服务", 30.6002, 104.1002),
}
COMMUNITIES = {
    "fengshu": {"name": "枫树社区", "district": "锦江区"},
    "jiahonglu": {"name": "佳宏路社区", "district": "锦江区"},
    "changning": {"name": "长宁社区", "district": "武侯区", "city": "上海市"},
    "heping": {"name": "和平社区", "district": "成华区"},
}


def load_corpus() -> Corpus:
    connection.set_schema_to_public()
    communities = {}
    for slug, fields in COMMUNITIES.items():
        communities[slug] = make_community(slug, **fields)
        # Provisioning may leave the connection on the new community's schema.
        connection.set_schema_to_public()
    keys = {}
    for short, (slug, kind, key, title, body, category, lat, lng) in DOCUMENTS.items():
        index_document(
            community=communities[slug],
            kind=kind,
            key=key,
            title=title,
            body=body,
            category=category,
            lat=lat,
            lng=lng,
            url=f"/{kind}/{key}/",
        )
        keys[short] = (slug, kind, key)
    remove_document(community=communities["fengshu"], kind="partner", key="p8")
    communities["heping"] = community_suspend(
        actor=make_user(), community=communities["heping"], reason="整改"
    )
    return Corpus(communities=communities, keys=keys)


def refresh() -> None:
    """Ship the outbox and make it searchable (real OpenSearch refreshes about once a second)."""
    if os_client.enabled():
        sync.run_sync(max_attempts=1)
        os_client.client().indices.refresh(index=os_client.alias())


@pytest.fixture(params=BACKENDS)
def backend(request, settings, db):
    """The backend under test; for OpenSearch, a fresh osmem clone on 127.0.0.1."""
    connection.set_schema_to_public()
    if request.param == "opensearch":
        clone = request.getfixturevalue("osmem_clone")
        settings.OPENSEARCH_URL = clone.url
    else:
        settings.OPENSEARCH_URL = ""
    return request.param


@pytest.fixture
def opensearch(settings, osmem_clone, db):
    settings.OPENSEARCH_URL = osmem_clone.url
    return osmem_clone


@pytest.fixture
def corpus(backend) -> Corpus:
    corpus = load_corpus()
    refresh()
    return corpus


class Outage:
    """A TCP proxy in front of OpenSearch that can be cut and restored: OpenSearch is
    unreachable while cut, and keeps its data (osmem lives in memory)."""

    def __init__(self, target_url: str):
        parsed = urlsplit(target_url)
        self.target = (parsed.hostname, parsed.port)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._listener = None
        self._sockets: list[socket.socket] = []
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would not on Linux.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self._sockets.clear()

    def _accept(self, listener) -> None:
        while True:
            try:
                downstream, _addr = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._sockets += [downstream, upstream]
            for a, b in ((downstream, upstream), (upstream, downstream)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()


def _pump(source, sink) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def _public_schema_first(db):
    """Search documents live in the public schema; a previous test may have left a community's."""
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()
