"""The demo loader: a host, donations, a grant call, the canteen's revenue share; idempotent."""

import importlib

from django.db import connection

from commonweal.ledger.models import Entry
from commonweal.microfund import demo
from commonweal.microfund.hosts.models import FiscalHost
from commonweal.microfund.models import Donation, RevenueReport, RevenueShareAgreement
from commonweal.microfund.services import fund_accounts
from commonweal.tenants.demo import DEMO_LOADERS
from commonweal.tenants.demo_data import DEMO_COMMUNITIES
from tests.fixtures import make_community


def test_demo_loads_once_and_balances(db):
    data = next(d for d in DEMO_COMMUNITIES if d["slug"] == "duyuanjie")
    connection.set_schema_to_public()  # an earlier test may have left a community's
    community = make_community("duyuanjie", name="督院街社区")
    connection.set_tenant(community)
    for loader in DEMO_LOADERS:  # the partners' demo first: the canteen is one of them
        importlib.import_module(loader).load(community, data)
    entries = Entry.objects.count()
    demo.load(community, data)
    assert Entry.objects.count() == entries
    assert FiscalHost.objects.get().name == "成都市锦江区慈善会"
    assert Donation.objects.count() == 6
    assert RevenueReport.objects.filter(status="settled").count() == 1
    agreement = RevenueShareAgreement.objects.select_related("partnership__organisation").get()
    assert (agreement.partner_name, agreement.partnership.organisation.legal_name) == (
        "乡村基",
        "乡村基",
    )
    balances = fund_accounts.fund_account()
    assert balances.balance > 0
