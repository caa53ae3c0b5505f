"""The Content-Security-Policy every page is sent with: the same on a public page, a
signed-in page and a stored snapshot (no nonce anywhere), a hash for each chart's own
<style> on the dashboard, and what /api/docs adds for swagger-ui. The browser checks that
the pages keep to it (tests/browser/test_csp_in_browser.py)."""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from csp.constants import NONCE
from django.test import Client
from django.urls import reverse

from podium.csp import source_hash
from podium.site.snapshots import edition_paths
from podium.snapshots import store
from podium.snapshots.models import PublicSnapshot

pytestmark = pytest.mark.django_db

PODIUM = Path(__file__).resolve().parents[2] / "podium"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SVG = "{http://www.w3.org/2000/svg}"


def _directives(policy: str) -> dict[str, str]:
    return dict(part.split(" ", 1) for part in policy.split("; "))


def test_policy_on_an_anonymous_public_page_is_the_sites(client):
    response = client.get(reverse("dashboard:home"))

    assert response["Content-Security-Policy"] == POLICY
    assert response["X-Frame-Options"] == "DENY"  # as frame-ancestors 'none' says


def test_policy_on_a_signed_in_page_is_the_same_with_no_nonce(client_as, users):
    response = client_as(users["organiser"]).get(reverse("registration:review"))

    assert 'hx-headers=\'{"X-CSRFToken": ' in response.content.decode()  # signed in
    assert response["Content-Security-Policy"] == POLICY


def test_policy_on_the_api_docs_lets_swagger_ui_draw_its_data_images(client):
    response = client.get("/api/docs")
    html = response.content.decode()

    assert _directives(response["Content-Security-Policy"]) == {
        **_directives(POLICY),
        "img-src": "'self' data:",
    }
    assert re.findall(r'<script src="([^"]+)"', html) == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert re.findall(r'(?:href|src)="(https?:[^"]+)"', html) == []


def test_dashboard_policy_allows_each_charts_style_by_its_hash(client):
    response = client.get(reverse("dashboard:dashboard"))
    drawn = re.findall(r"<svg\b.*?</svg>", response.content.decode(), re.DOTALL)

    # An XML parser reads each chart's <style> as the browser does (``&gt;`` is ``>``).
    styles = [
        style.text or ""
        for svg in drawn
        for style in ElementTree.fromstring(svg).iter(f"{SVG}style")
    ]
    assert len(styles) == len(response.context["charts"])
    assert _directives(response["Content-Security-Policy"]) == {
        **_directives(POLICY),
        "style-src": " ".join(["'self'", *(source_hash(text) for text in styles)]),
    }


def test_each_stored_page_carries_the_policy_its_live_page_is_sent_with():
    store.refresh(edition_paths())

    for path in edition_paths():
        stored = dict(PublicSnapshot.objects.get(path=path, language="zh-hans").headers)
        live = Client(headers={"accept-language": "zh-hans"}).get(path)
        policy = stored["Content-Security-Policy"]
        assert (path, policy) == (path, live["Content-Security-Policy"])
        assert (path, "'nonce-" in policy) == (path, False)


def test_a_page_whose_policy_names_a_nonce_is_not_stored(settings):
    settings.ROOT_URLCONF = "tests.foundation.nonce_urls"
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}
    }
    live = Client().get("/nonce/")
    nonce = re.fullmatch(r'<script nonce="([^"]+)">1</script>', live.content.decode())[1]

    store.refresh(["/nonce/"])

    assert (
        live["Content-Security-Policy"] == f"default-src 'self'; script-src 'self' 'nonce-{nonce}'"
    )
    assert PublicSnapshot.objects.filter(path="/nonce/").count() == 0


# What a template may not contain: a <script> that runs its own text (a data block, type
# application/json, runs nothing), an on…= handler, a style attribute or element.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|\son[a-z]+\s*="
    r"|\sstyle\s*="
    r"|<style\b"
)


def test_no_template_carries_inline_script_or_style():
    found = [
        f"{path.relative_to(PODIUM)}: {match.group(0)}"
        for path in sorted(PODIUM.glob("**/templates/**/*.html"))
        for match in INLINE.finditer(path.read_text())
    ]

    assert found == []
