"""Photos of a project's progress (进展照片): posted with the update from the project's page or
`postProjectUpdate`, at most 9, shown under the update, served as the project is seen; a
refused photo refuses the update and leaves nothing, no file either."""

import io

from django.db import connection
from django.test import Client, TestCase
from PIL import Image

from commonweal.governance.needs.models import ProjectUpdate
from commonweal.governance.needs.services import projects as project_services
from commonweal.governance.photos import services as photo_services
from commonweal.governance.photos.models import Photo
from commonweal.platform.kernel.roles import Role
from tests.fixtures import StatementsRun, gql, host_of
from tests.governance.needs.fixtures import chosen_project
from tests.governance.photos.fixtures import jpeg_with_gps, stored_files, upload
from tests.operations import global_id
from tests.partners.fixtures import in_schema

POST = (
    "mutation($id: ID!, $photos: [Upload!]) { postProjectUpdate(id: $id, text: $text,"
    " photos: $photos) { update { text photos { url thumbnailUrl width height } }"
    " errors { code field message } } }"
)


def committing():
    """Files are written when a write commits; a test's transaction never does."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _get(community, path, user=None):
    return _client(user).get(path, HTTP_HOST=host_of(community))


def _post(community, path, data, user=None):
    with committing():
        return _client(user).post(path, data, HTTP_HOST=host_of(community))


def _photos(count, size=(40, 30)):
    return [upload(jpeg_with_gps(size), f"现场{i}.jpg") for i in range(count)]


def _post_update(client, project, photos, text="座椅已安装"):
    query = POST.replace("$text", '"' + text + '"')
    with committing():
        return client.execute(
            query, {"id": global_id("NeedsProject", project.pk), "photos": photos}
        )


def _update_with_photos(community, people, project, count=1):
    with in_schema(community), committing():
        update = project_services.project_update_post(
            actor=people.representative, community=community, project=project, text="已完成一半"
        )
        for photo in _photos(count):
            photo_services.photo_add_to_update(
                actor=people.representative,
                roles={Role.PARTNER_REPRESENTATIVE},
                update=update,
                upload=photo,
            )
        return update


def test_the_partner_posts_progress_with_photos_from_the_page_and_everyone_sees_them(
    fengshu, people, media_root
):
    project = chosen_project(fengshu, people)
    # the partner's representative finds the form, with its photo field, on the project page
    page = _get(fengshu, project.path, people.representative).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="photos"' in page

    posted = _post(
        fengshu,
        project.path,
        {"text": "座椅已安装两张", "photos": _photos(2)},
        people.representative,
    )

    assert (posted.status_code, posted["Location"]) == (302, project.path)
    with in_schema(fengshu):
        update = ProjectUpdate.objects.get()
        photos = list(update.photos.all())
    assert update.text == "座椅已安装两张"
    assert [(p.width, p.height, p.uploaded_by_id) for p in photos] == [
        (40, 30, people.representative.pk)
    ] * 2
    assert len(stored_files(media_root)) == 4  # each photo and its thumbnail
    # anyone reading the project sees the thumbnails under the update, and may open them
    public = _get(fengshu, project.path).content.decode()
    update_row = public[public.index(f'id="update-{update.pk}"') :]
    assert all(f'src="{p.thumbnail_path}"' in update_row for p in photos)
    served = _get(fengshu, photos[0].path)
    assert (served.status_code, served["Content-Type"]) == (200, "image/jpeg")
    stored = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert dict(stored.getexif()) == {}  # no GPS position, no camera
    # the partner may remove them from the page
    assert public.count("/remove/") == 0
    assert (
        _get(fengshu, project.path, people.representative).content.decode().count("/remove/") == 2
    )


def test_more_than_nine_photos_on_the_page_are_refused_and_nothing_is_posted(
    fengshu, people, media_root
):
    project = chosen_project(fengshu, people)

    refused = _post(
        fengshu, project.path, {"text": "座椅已安装", "photos": _photos(10)}, people.representative
    )

    assert refused.status_code == 200
    assert "最多 9 张照片" in refused.content.decode()
    with in_schema(fengshu):
        assert (ProjectUpdate.objects.count(), Photo.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_a_file_that_is_no_photo_refuses_the_update_on_the_page(fengshu, people, media_root):
    project = chosen_project(fengshu, people)
    files = [*_photos(1), upload(b"%PDF-1.4 not a photo", "说明.jpg")]

    refused = _post(
        fengshu, project.path, {"text": "座椅已安装", "photos": files}, people.representative
    )

    assert refused.status_code == 200
    with in_schema(fengshu):
        assert (ProjectUpdate.objects.count(), Photo.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_progress_with_photos_over_graphql_lists_their_urls(fengshu, people, media_root):
    project = chosen_project(fengshu, people)

    posted = _post_update(gql(fengshu, people.representative), project, _photos(2))

    with in_schema(fengshu):
        pks = list(Photo.objects.order_by("pk").values_list("pk", flat=True))
    host = f"http://{host_of(fengshu)}"
    assert posted == {
        "data": {
            "postProjectUpdate": {
                "update": {
                    "text": "座椅已安装",
                    "photos": [
                        {
                            "url": f"{host}/photos/{pk}/",
                            "thumbnailUrl": f"{host}/photos/{pk}/thumbnail/",
                            "width": 40,
                            "height": 30,
                        }
                        for pk in pks
                    ],
                },
                "errors": [],
            }
        }
    }
    assert len(stored_files(media_root)) == 4
    # and the public project lists them under its update
    read = gql(fengshu).execute(
        "{ needsProjects(first: 25) { edges { node { updates { text"
        " photos(first: 9) { url } } } } } }"
    )
    (node,) = read["data"]["needsProjects"]["edges"]
    assert node["node"]["updates"] == [
        {"text": "座椅已安装", "photos": [{"url": f"{host}/photos/{pk}/"} for pk in pks]}
    ]


def test_ten_photos_over_graphql_are_refused_with_their_code_and_nothing_changes(
    fengshu, people, media_root
):
    project = chosen_project(fengshu, people)

    refused = _post_update(gql(fengshu, people.representative), project, _photos(10))

    assert refused == {
        "data": {
            "postProjectUpdate": {
                "update": None,
                "errors": [
                    {
                        "code": "TOO_MANY_PHOTOS",
                        "field": "photos",
                        "message": "这里最多可以附 9 张照片。",
                    }
                ],
            }
        }
    }
    with in_schema(fengshu):
        assert (ProjectUpdate.objects.count(), Photo.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_a_file_that_is_no_photo_over_graphql_refuses_the_update(fengshu, people, media_root):
    project = chosen_project(fengshu, people)

    refused = _post_update(
        gql(fengshu, people.representative),
        project,
        [*_photos(1), upload(b"GIF89a not really", "动图.gif", "image/gif")],
    )

    assert refused["data"]["postProjectUpdate"]["update"] is None
    assert [e["code"] for e in refused["data"]["postProjectUpdate"]["errors"]] == [
        "PHOTO_NOT_AN_IMAGE"
    ]
    with in_schema(fengshu):
        assert (ProjectUpdate.objects.count(), Photo.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_a_photo_of_another_communitys_project_is_not_found(fengshu, jiahonglu, people):
    update = _update_with_photos(fengshu, people, chosen_project(fengshu, people))
    with in_schema(fengshu):
        photo = update.photos.get()
    # the photo's path, asked on another community's host, by its own admin
    other_admin = _member(jiahonglu, Role.ADMIN)

    for path in (photo.path, photo.thumbnail_path):
        assert _get(jiahonglu, path, other_admin).status_code == 404
        assert _get(jiahonglu, path).status_code == 404
    # nor can it be removed from there, and it stays
    assert _post(jiahonglu, f"/photos/{photo.pk}/remove/", {}, other_admin).status_code == 404
    with in_schema(fengshu):
        assert Photo.objects.filter(pk=photo.pk).exists()


def test_a_photo_is_served_only_while_its_project_may_be_seen(fengshu, people, monkeypatch):
    # Projects are public in their community (`needs.selectors.projects`); the photos of their
    # updates follow that rule, whatever it says: here it is made to hide every project.
    from commonweal.governance.needs import selectors as need_selectors
    from commonweal.governance.needs.models import Project

    update = _update_with_photos(fengshu, people, chosen_project(fengshu, people))
    with in_schema(fengshu):
        photo = update.photos.get()
    assert _get(fengshu, photo.path).status_code == 200

    monkeypatch.setattr(need_selectors, "projects", lambda: Project.objects.none())

    assert _get(fengshu, photo.path).status_code == 404
    assert _get(fengshu, photo.thumbnail_path, people.staff).status_code == 404


def test_the_partner_removes_a_photo_of_progress_and_a_resident_cannot(fengshu, people, media_root):
    project = chosen_project(fengshu, people)
    update = _update_with_photos(fengshu, people, project, count=2)
    with in_schema(fengshu):
        first, second = update.photos.all()

    # a resident may not: refused, and both stay
    assert _post(fengshu, f"/photos/{first.pk}/remove/", {}, people.resident).status_code == 403
    # the office may, and comes back to the project's page
    removed = _post(fengshu, f"/photos/{first.pk}/remove/", {}, people.staff)

    assert (removed.status_code, removed["Location"]) == (302, project.path)
    with in_schema(fengshu):
        assert list(update.photos.values_list("pk", flat=True)) == [second.pk]
    assert len(stored_files(media_root)) == 2


def test_the_project_page_costs_the_same_for_one_update_with_a_photo_and_five(fengshu, people):
    project = chosen_project(fengshu, people)
    _update_with_photos(fengshu, people, project)
    client = _client(people.representative)

    def statements():
        with StatementsRun(connection) as run:
            assert client.get(project.path, HTTP_HOST=host_of(fengshu)).status_code == 200
        return len(run)

    few = statements()
    for _ in range(4):
        _update_with_photos(fengshu, people, project, count=2)
    assert statements() == few


def test_a_page_of_projects_with_their_updates_photos_costs_the_same_for_one_and_three(
    fengshu, people
):
    query = (
        "{ needsProjects(first: 10) { edges { node { title updates { text"
        " photos(first: 9) { url width } } } } } }"
    )
    client = gql(fengshu)
    _update_with_photos(fengshu, people, chosen_project(fengshu, people), count=2)

    def statements():
        with StatementsRun(connection) as run:
            answer = client.execute(query)
        assert "errors" not in answer, answer
        return len(run), [
            len(u["photos"])
            for e in answer["data"]["needsProjects"]["edges"]
            for u in e["node"]["updates"]
        ]

    one = statements()
    for _ in range(2):
        project = chosen_project(fengshu, people)
        _update_with_photos(fengshu, people, project, count=1)
        _update_with_photos(fengshu, people, project, count=3)
    three = statements()

    assert one[1] == [2] and sorted(three[1]) == [1, 1, 2, 3, 3]
    assert one[0] == three[0]


def test_asking_fewer_photos_of_an_update_gives_the_oldest(fengshu, people):
    update = _update_with_photos(fengshu, people, chosen_project(fengshu, people), count=3)
    with in_schema(fengshu):
        oldest = update.photos.order_by("uploaded_at", "pk")[:2]
        expected = [f"http://{host_of(fengshu)}/photos/{p.pk}/" for p in oldest]

    answer = gql(fengshu).execute(
        "{ needsProjects(first: 1) { edges { node { updates { photos(first: 2) { url } } } } } }"
    )

    (edge,) = answer["data"]["needsProjects"]["edges"]
    assert [p["url"] for p in edge["node"]["updates"][0]["photos"]] == expected


def _member(community, role):
    from tests.fixtures import make_member

    return make_member(community, role, name="别的社区书记")
