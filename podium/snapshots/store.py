"""Public pages rendered once, when what they show changes, and kept as bytes.

A snapshot is exactly what Django answers an anonymous reader in one language (body and
headers), made by running the request through the site's own middleware and view, so a
stored page can never differ from the live one. Only a 200 that sets no cookie and whose
Content-Security-Policy names no nonce is kept: anything else (an embargoed page, a
redirect) stays dynamic. podium.snapshots.fastpath serves the bytes before Django's stack.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.utils import translation

from podium import clock
from podium.oncommit import AfterCommit, OffRequest
from podium.snapshots.models import PublicSnapshot

log = logging.getLogger(__name__)
T = TypeVar("T")

# The response headers a snapshot keeps (the server adds length, ETag and caching).
KEPT_HEADERS = {
    "content-type",
    "content-disposition",
    "content-language",
    "vary",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-security-policy",
}


# A page whose policy carries a per-request nonce is never stored (see _render).
NONCE_SOURCE = "'nonce-"

REQUEST_LOG = logging.getLogger("django.request")


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


# What the pages of one batch of renders read alike, read once (see read_once).
_batch: ContextVar[dict[Hashable, object] | None] = ContextVar("snapshot_batch", default=None)


def read_once(key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or while a batch of snapshots renders, what it gave the first time in
    that batch: a published results table is one read for its page, its JSON and its
    downloads in every language, not twelve. Nothing is written between the renders of a
    batch but the snapshots themselves, so the first read stands for them all."""
    memo = _batch.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[return-value]


def refresh(paths: Iterable[str]) -> None:
    """Render each path in every language now and keep it; a path that is not a plain
    public page any more (not 200, or it would set a cookie) loses its snapshot."""
    token = _batch.set({})
    try:
        _refresh(paths)
    finally:
        _batch.reset(token)


def _refresh(paths: Iterable[str]) -> None:
    handler = BaseHandler()
    handler.load_middleware(is_async=False)
    for path in paths:
        for language in languages():
            response = _render(handler, path, language)
            if response is None:
                PublicSnapshot.objects.filter(path=path, language=language).delete()
                continue
            body = response.content
            headers = [[k, v] for k, v in response.items() if k.lower() in KEPT_HEADERS]
            etag = strong_etag(body)
            kept = PublicSnapshot.objects.filter(path=path, language=language)
            if kept.filter(etag=etag, headers=headers).exists():
                continue  # the same bytes: its ETag and Last-Modified stay as they were
            PublicSnapshot.objects.update_or_create(
                path=path,
                language=language,
                defaults={
                    "body": body,
                    "headers": headers,
                    "etag": etag,
                    "rendered_at": clock.now(),
                },
            )


def refresh_on_commit(paths: Iterable[str]) -> None:
    """Render after the change commits: never a snapshot of what was rolled back. The
    paths of one transaction are rendered once however many writes named them (an
    import of a thousand projects re-renders the home page once)."""
    _after_commit.ask(dict.fromkeys(paths))


def _render_asked(paths: dict[str, None]) -> None:
    if not _paused:
        renderer.hand_over(paths)


_after_commit: AfterCommit[str, None] = AfterCommit(_render_asked)
_paused = 0


@contextmanager
def rendering_paused() -> Iterator[None]:
    """No rendering on commit inside (building a whole edition): the caller renders
    everything once afterwards (podium.site.snapshots.refresh_all)."""
    global _paused
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1


def _refresh_handed_over(paths: dict[str, None]) -> None:
    try:
        refresh(sorted(paths))
    except Exception:  # a page that fails to render keeps its previous bytes
        log.exception("snapshots: rendering %s failed", sorted(paths))


# Renders off the request: a change commits, the user's answer leaves, and one thread per
# process renders what the commits named, each path once however many changes arrived
# meanwhile; readers get the previous bytes until then. PODIUM_SNAPSHOT_RENDER=inline
# renders at once in the committing thread (a tool that must see its pages before it
# exits); off renders nothing on commit (the tests, but those that serve pages over HTTP).
renderer: OffRequest[str, None] = OffRequest(
    "podium-snapshots", _refresh_handed_over, mode=lambda: settings.PODIUM_SNAPSHOT_RENDER
)


def forget(paths: Iterable[str]) -> None:
    PublicSnapshot.objects.filter(path__in=list(paths)).delete()


def _render(handler: BaseHandler, path: str, language: str) -> HttpResponse | None:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    request = RequestFactory().get(
        path,
        secure=settings.SECURE_SSL_REDIRECT,
        headers={"host": hosts[0] if hosts else "localhost", "accept-language": language},
    )
    # The locale middleware activates the reader's language in this thread: put the
    # caller's back (this may run inside another request, after its commit). A page
    # that is not there (no current edition yet) is an answer here, not a warning.
    with translation.override(translation.get_language()), _quiet(REQUEST_LOG):
        response = handler.get_response(request)
    if isinstance(response, StreamingHttpResponse) or not isinstance(response, HttpResponse):
        return None
    if response.status_code != 200 or response.cookies:
        return None
    if NONCE_SOURCE in response.get("Content-Security-Policy", ""):
        # A nonce is for one response; kept and served to every reader it would be known
        # to all of them, and the policy's protection with it.
        log.warning("snapshots: %s carries a CSP nonce, so it stays dynamic", path)
        return None
    return response
