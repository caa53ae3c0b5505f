"""The published results over real HTTP, through the ASGI fast path in front of Django
(the demo's published semi-final): the stored bytes with a strong ETag, 304 on a match,
each language its own page, and nothing stored for an embargoed or signed-in read."""

import pytest

from podium.snapshots.models import PublicSnapshot
from tests.http_get import http_get

# What a change commits is stored at once, as a server's renderer stores it soon after.
pytestmark = pytest.mark.usefixtures("snapshots_inline")


def test_the_published_page_is_served_with_a_strong_etag_and_304(asgi_demo):
    url = f"{asgi_demo}/results/2/leader/"

    status, headers, body = http_get(url)
    again = http_get(url, **{"If-None-Match": headers["etag"]})
    other_language = http_get(url, **{"Accept-Language": "en"})

    stored = PublicSnapshot.objects.get(path="/results/2/leader/", language="zh-hans")
    assert (status, body, headers["etag"]) == (200, bytes(stored.body), stored.etag)
    assert headers["cache-control"] == "public, max-age=30"
    assert "last-modified" in headers
    assert (again[0], again[2]) == (304, b"")
    assert other_language[1]["etag"] != headers["etag"]
    assert '<html lang="en"' in other_language[2].decode()


def test_an_embargoed_or_signed_in_read_is_not_a_snapshot(asgi_demo):
    embargoed = http_get(f"{asgi_demo}/results/3/leader/")  # the final: not published
    signed_in = http_get(f"{asgi_demo}/results/2/leader/", Cookie="sessionid=whatever")

    assert (embargoed[0], "etag" in embargoed[1]) == (200, False)
    assert 'id="embargo"' in embargoed[2].decode()
    assert (signed_in[0], "etag" in signed_in[1]) == (200, False)


def test_the_edition_pages_are_served_from_their_snapshots(asgi_demo):
    for path in ("/", "/wall/", "/schedule/", "/schedule/draws/", "/live/", "/dashboard/"):
        status, headers, body = http_get(f"{asgi_demo}{path}")
        stored = PublicSnapshot.objects.get(path=path, language="zh-hans")

        assert (path, status, headers.get("etag")) == (path, 200, stored.etag)
        assert body == bytes(stored.body)
        assert "set-cookie" not in {k.lower() for k in headers}


def test_a_host_step_replaces_the_live_page_as_it_commits(asgi_demo):
    from podium.live import services
    from tests.people import organiser
    from tests.scenario import reset_track

    panel = reset_track().panel
    before = http_get(f"{asgi_demo}/live/")

    services.host_next(actor=organiser(), panel=panel)
    after = http_get(f"{asgi_demo}/live/")

    assert after[1]["etag"] != before[1]["etag"]
    assert after[2] == bytes(PublicSnapshot.objects.get(path="/live/", language="zh-hans").body)


def test_an_htmx_request_for_the_wall_gets_its_fragment_not_the_page(asgi_demo):
    page = http_get(f"{asgi_demo}/wall/")
    fragment = http_get(f"{asgi_demo}/wall/", **{"HX-Request": "true"})

    assert "etag" not in fragment[1]
    assert b"<html" in page[2]
    assert b"<html" not in fragment[2]
