"""Chromium at 390×844: a resident prepares and downloads their data, then closes their
account (a wrong password first)."""

import threading

import pytest
from django.db import connection

from commonweal.platform.kernel.roles import Role
from tests.browser import page, screenshot, sign_in_as, url  # noqa: F401
from tests.fixtures import PASSWORD, make_community, make_member, run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def yulin():
    community = make_community("yulin", name="玉林社区")
    yield community
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{community.schema_name}" CASCADE')


def _in_a_thread(fn) -> None:
    worker = threading.Thread(target=fn)
    worker.start()
    worker.join()


def _tap_heights(page, selector) -> list[float]:  # noqa: F811
    return [box["height"] for box in (e.bounding_box() for e in page.query_selector_all(selector))]


def test_my_data_downloaded_and_the_account_closed_from_a_phone(live_server, page, yulin):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    resident = make_member(yulin, Role.RESIDENT, name="居民小周")
    sign_in_as(page, yulin, resident)

    # 我的 links to 我的个人信息
    page.goto(url(live_server, "/me/", yulin))
    page.get_by_role("link", name="我的个人信息").click()
    page.wait_for_url("**/me/data/")
    screenshot(page, "privacy-my-data")

    # the download is prepared by the job queue, then linked
    page.get_by_role("button", name="准备下载").click()
    page.wait_for_url("**/me/data/")
    assert "正在准备您的下载" in page.locator("main").inner_text()
    _in_a_thread(run_worker)  # Playwright's event loop runs in this one
    page.reload()
    link = page.get_by_role("link", name="下载（zip 压缩包）")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("my-data-")
    screenshot(page, "privacy-my-data-ready")
    assert min(_tap_heights(page, "main button, main a.button, main a.row")) >= 44

    # closing the account: a wrong password is refused, the right one closes it
    page.get_by_role("link", name="注销账号…").click()
    page.get_by_label("您的密码").fill("not mine")
    page.get_by_label("我明白账号将被注销，且无法恢复").check()
    page.get_by_role("button", name="注销并删除个人信息").click()
    assert "密码不正确。" in page.locator("main").inner_text()
    screenshot(page, "privacy-erase-refused")
    page.get_by_label("您的密码").fill(PASSWORD)
    page.get_by_label("我明白账号将被注销，且无法恢复").check()
    page.get_by_role("button", name="注销并删除个人信息").click()
    assert "您的账号已注销" in page.locator("main").inner_text()
    screenshot(page, "privacy-erased")
    resident.refresh_from_db()
    assert (resident.is_active, resident.display_name.startswith("已注销用户 #")) == (False, True)
