"""The client's address, as login throttling counts it."""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address the server decided on: the peer, or, when the peer is a proxy named in
    PODIUM_TRUSTED_PROXIES, the client that proxy forwarded for (uvicorn rewrites the
    peer before Django sees it). X-Forwarded-For is never read here: any client can
    send one, and a new value per guess would dodge every lockout."""
    return request.META.get("REMOTE_ADDR") or None
