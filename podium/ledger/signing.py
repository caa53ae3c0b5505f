"""The installation's Ed25519 key, which signs the ledger's checkpoints.

Generated once into the data directory (``ledger_signing_key``, PKCS #8 PEM, readable by
its owner only) and kept: every checkpoint ever published is checked against its public
half, so losing or replacing the file makes earlier checkpoints unverifiable with the
new key. Back it up with the database.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings

from podium.rules.transparency import VerifierKey, verifier_key

KEY_FILE = "ledger_signing_key"
NOT_ED25519 = "{path}: holds a key that is not Ed25519"


def _key_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def _created(path: Path) -> None:
    """Write a new key unless another process got there first (O_EXCL)."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


@cache
def signing_key() -> Ed25519PrivateKey:
    path = _key_path()
    if not path.exists():
        _created(path)
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise RuntimeError(NOT_ED25519.format(path=path.name))
    return key


def origin() -> str:
    """The name the checkpoints are signed under (PODIUM_LEDGER_ORIGIN)."""
    return str(settings.PODIUM_LEDGER_ORIGIN)


def installation_verifier_key() -> VerifierKey:
    """What a third party needs to check this installation's checkpoints."""
    return verifier_key(origin(), signing_key().public_key())
