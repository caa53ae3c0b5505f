"""A page that uses a CSP nonce, for the test that such a page is never stored
(tests/foundation/test_content_security_policy.py); Podium itself has none."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def nonced(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')


urlpatterns = [path("nonce/", nonced)]
