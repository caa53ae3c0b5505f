"""A plain HTTP GET for the tests that read a real server (the ASGI demo) as a reader's
client would: the status, the headers and the body, an error status included."""

from __future__ import annotations

import urllib.error
import urllib.request


def http_get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
