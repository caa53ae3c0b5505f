"""Serve stored public pages before Django's stack (ASGI).

An anonymous GET of a path that has a snapshot is answered from memory: the stored body
and headers, a strong ETag, Last-Modified, Cache-Control, and 304 when the reader's
If-None-Match matches. Everything else (a session cookie, a query string, a path with
no snapshot) goes to Django unchanged. The index of snapshots is re-read at most every
``PODIUM_SNAPSHOT_TTL`` seconds, so a page replaced by another worker is served here
within that time; bodies are fetched once per ETag.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import format_datetime
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from podium.snapshots.models import PublicSnapshot

Index = dict[tuple[str, str], str]  # (path, language) -> etag


class SnapshotCache:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self.index: Index = {}
        self.read_at = float("-inf")
        self.bodies: dict[str, tuple[bytes, list[list[str]], str]] = {}
        self.reading = asyncio.Lock()

    def _read_index(self) -> Index:
        with request_connection():
            rows = list(PublicSnapshot.objects.values_list("path", "language", "etag"))
        return {(path, language): etag for path, language, etag in rows}

    def _read_body(self, path: str, language: str) -> tuple[str, bytes, list[list[str]], str]:
        with request_connection():
            found = PublicSnapshot.objects.filter(path=path, language=language).first()
        if found is None:
            return "", b"", [], ""
        modified = format_datetime(found.rendered_at, usegmt=True)
        return found.etag, bytes(found.body), found.headers, modified

    async def _fresh_index(self) -> None:
        """Re-read the index once its time is up: one read for all the requests waiting
        (a crowd after a quiet second would otherwise read it once each, in turn)."""
        if time.monotonic() - self.read_at < self.ttl:
            return
        async with self.reading:
            if time.monotonic() - self.read_at >= self.ttl:
                self.index = await sync_to_async(self._read_index)()
                self.read_at = time.monotonic()

    async def lookup(self, path: str, language: str):
        await self._fresh_index()
        etag = self.index.get((path, language))
        if etag is None:
            return None
        if etag not in self.bodies:
            found, body, headers, modified = await sync_to_async(self._read_body)(path, language)
            if not found:
                return None
            self.bodies = {k: v for k, v in self.bodies.items() if k in self.index.values()}
            self.bodies[found] = (body, headers, modified)
            etag = found
        body, headers, modified = self.bodies[etag]
        return etag, body, headers, modified


@contextmanager
def request_connection() -> Iterator[None]:
    """A read as Django brackets a request: a connection that died or aged out is
    replaced before, and one past its age is closed after, so the fast path never keeps
    a connection beyond what CONN_MAX_AGE allows."""
    close_old_connections()
    try:
        yield
    finally:
        close_old_connections()


def reader_language(headers: dict[bytes, bytes]) -> str:
    """The language Django's locale middleware would pick for an anonymous reader."""
    cookie = headers.get(b"cookie", b"").decode("latin-1")
    for part in cookie.split(";"):
        name, _, value = part.strip().partition("=")
        if name == settings.LANGUAGE_COOKIE_NAME and value:
            try:
                return translation.get_supported_language_variant(value)
            except LookupError:
                break
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _ in parse_accept_lang_header(accept):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _has_session(headers: dict[bytes, bytes]) -> bool:
    cookie = headers.get(b"cookie", b"").decode("latin-1")
    return any(
        part.strip().startswith(settings.SESSION_COOKIE_NAME + "=") for part in cookie.split(";")
    )


class SnapshotFastPath:
    """ASGI middleware in front of Django: see the module docstring."""

    def __init__(self, app: Any, ttl: float | None = None) -> None:
        self.app = app
        self.cache = SnapshotCache(settings.PODIUM_SNAPSHOT_TTL if ttl is None else ttl)
        self.cache_control = f"public, max-age={settings.PODIUM_SNAPSHOT_MAX_AGE}"

    async def __call__(self, scope, receive, send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or scope.get("query_string")
        ):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        # A signed-in reader sees personal parts; an htmx request asks for a fragment.
        if _has_session(headers) or b"hx-request" in headers:
            return await self.app(scope, receive, send)
        found = await self.cache.lookup(scope["path"], reader_language(headers))
        if found is None:
            return await self.app(scope, receive, send)
        etag, body, stored, modified = found
        common = [
            (b"etag", etag.encode()),
            (b"last-modified", modified.encode()),
            (b"cache-control", self.cache_control.encode()),
        ]
        if etag in _etags(headers.get(b"if-none-match", b"")):
            vary = [(b"vary", v.encode("latin-1")) for k, v in stored if k.lower() == "vary"]
            await send({"type": "http.response.start", "status": 304, "headers": common + vary})
            await send({"type": "http.response.body", "body": b""})
            return None
        start = [(k.lower().encode(), v.encode("latin-1")) for k, v in stored] + common
        start.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": start})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
        return None


def _etags(header: bytes) -> set[str]:
    text = header.decode("latin-1")
    return {tag.strip().removeprefix("W/") for tag in text.split(",") if tag.strip()}
