"""The Content-Security-Policy beside its settings: the hash that allows an inline <style>
a library writes, and the header written in a fixed order.

The policy itself is CONTENT_SECURITY_POLICY in podium.settings (django-csp writes it on
every response): scripts and styles from the site's own files, nothing inline, no eval.
A public page is stored once and served as the same bytes with the same header to every
reader (podium.snapshots), so the policy carries no per-request nonce: where a library
writes a stylesheet into its own output (pygal, inside each chart's SVG), that <style> is
allowed by the hash of its text, which belongs to the bytes and stays true in the stored
page as it is in the live one.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)


def source_hash(text: str) -> str:
    """The CSP source that allows an inline element whose text is ``text``."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def style_hashes(markup: str) -> list[str]:
    """The source of each <style> element in ``markup``, in order, each once. A browser
    hashes the element's text as parsed, so character references count as what they
    stand for (pygal writes ``a &gt; b`` for the child combinator)."""
    texts = (html.unescape(found) for found in STYLE_ELEMENT.findall(markup))
    return list(dict.fromkeys(source_hash(text) for text in texts))


def allow_inline_styles(response: HttpResponse, markups: Iterable[str]) -> HttpResponse:
    """Add to the response's ``style-src`` the hash of every <style> in ``markups`` (the
    fragments the page drew in: no nonce, so the page can be stored as it is)."""
    hashes = [source for markup in markups for source in style_hashes(markup)]
    if hashes:
        # django-csp's per-response update, as its csp_update decorator sets it.
        response._csp_update = {"style-src": list(dict.fromkeys(hashes))}  # type: ignore[attr-defined]
    return response


def _in_settings_order(policy: str) -> str:
    order = list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    parts = [part.strip() for part in policy.split(";") if part.strip()]

    def rank(part: str) -> tuple[int, str]:
        name = part.split(" ", 1)[0]
        return (order.index(name) if name in order else len(order), name)

    return "; ".join(sorted(parts, key=rank))


class OrderedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, writing the directives in the order the settings list
    them. django-csp joins them in the order of a set of strings, which differs from one
    process to the next; a stored page's headers must be the same bytes whichever process
    rendered it (podium.snapshots compares them to keep a page's Last-Modified)."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if HEADER in response:
            response[HEADER] = _in_settings_order(response[HEADER])
        return response
