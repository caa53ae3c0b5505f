"""Checking the ledger from outside: a Merkle tree over its entries, signed checkpoints,
and the proofs a third party verifies without the database.

The tree is RFC 6962's (Certificate Transparency, kept in RFC 9162): leaf i is
``SHA-256(0x00 || hash of entry i+1)`` (the entry's chain hash, see
``podium.rules.ledger_chain``), an inner node ``SHA-256(0x01 || left || right)``, and a
tree of n leaves splits at the largest power of two below n. An **inclusion proof**
shows that one entry is among the first ``size`` entries a root commits to; a
**consistency proof** shows that the tree of ``new`` entries extends the tree of ``old``
entries, so nothing the old root covered was rewritten, removed or reordered since.

A **checkpoint** is the signed statement "the first SIZE entries of ORIGIN have root R",
written as a signed note in the format of Go's ``golang.org/x/mod/sumdb/note`` and the
transparency-dev checkpoints, so existing tools read it::

    podium.example.org/ledger
    1234
    <root hash, base64>

    — podium.example.org/ledger <base64 of key id (4 bytes) and Ed25519 signature>

The verifier key is ``NAME+KEYID+BASE64(0x01 || public key)``, the key id the first four
bytes of ``SHA-256(NAME || "\\n" || 0x01 || public key)``.

This file imports nothing but the standard library and ``cryptography``: a third party
downloads it and runs it (``python verify_ledger.py --help``, see ``main``).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01  # the note format's algorithm byte for Ed25519
EMPTY_ROOT = hashlib.sha256(b"").digest()
SIGNATURE_PREFIX = "\u2014 "  # an em dash and a space start each signature line

BAD_KEY = "verifier key: expected NAME+KEYID+KEY, as the ledger page shows it"
BAD_KEY_NAME = "key name {name!r}: must be non-empty, without spaces or '+'"
BAD_NOTE = "checkpoint: {reason}"
NOT_SIGNED_BY = "checkpoint: no signature by {name} with key id {key_id}"
SIGNATURE_FAILS = "checkpoint: the signature by {name} does not verify"
BAD_INDEX = "proof: entry {index} is not among the first {size} entries"
BAD_SIZES = "proof: sizes {old} and {new} are not 0 < old <= new"


class CheckFailed(ValueError):
    """A checkpoint, key or proof is malformed or does not verify."""


# -- the tree --------------------------------------------------------------------------


def leaf_hash(entry_hash_hex: str) -> bytes:
    """The tree's leaf for an entry, from the entry's chain hash (64 hex digits)."""
    return hashlib.sha256(b"\x00" + bytes.fromhex(entry_hash_hex)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_root(leaves: Sequence[bytes]) -> bytes:
    """The root of the tree over ``leaves`` (RFC 6962's MTH), in one pass.

    Perfect subtrees are merged as they fill (the sizes on the stack are the binary digits
    of the count), then folded from the right, which is the same split as the recursion.
    """
    stack: list[tuple[int, bytes]] = []
    for leaf in leaves:
        size, node = 1, leaf
        while stack and stack[-1][0] == size:
            size, node = size * 2, node_hash(stack.pop()[1], node)
        stack.append((size, node))
    if not stack:
        return EMPTY_ROOT
    root = stack[-1][1]
    for _, node in reversed(stack[:-1]):
        root = node_hash(node, root)
    return root


class Subtrees:
    """Roots of the subtrees of a growing list of leaves, keeping those of the perfect
    subtrees of ``kept`` leaves or more: they never change once their leaves exist, so a
    server answers each further proof with a few dozen hashes instead of a whole tree."""

    def __init__(self, leaves: Sequence[bytes], kept: int = 64) -> None:
        self.leaves = leaves
        self.kept = kept
        self.perfect: dict[tuple[int, int], bytes] = {}

    def root(self, low: int, high: int) -> bytes:
        """The root of the tree over ``leaves[low:high]``."""
        n = high - low
        if n < self.kept:
            return tree_root(self.leaves[low:high])
        if n & (n - 1):  # not a power of two: split as RFC 6962 does
            k = _split(n)
            return node_hash(self.root(low, low + k), self.root(low + k, high))
        found = self.perfect.get((low, n))
        if found is None:
            half = n // 2
            found = node_hash(self.root(low, low + half), self.root(low + half, high))
            self.perfect[(low, n)] = found
        return found


def inclusion_proof(
    leaves: Sequence[bytes], index: int, size: int, *, subtrees: Subtrees | None = None
) -> list[bytes]:
    """The audit path of leaf ``index`` (from 0) in the tree of the first ``size`` leaves."""
    if not 0 <= index < size <= len(leaves):
        raise CheckFailed(BAD_INDEX.format(index=index + 1, size=size))
    _subtree = (subtrees or Subtrees(leaves, kept=len(leaves) + 1)).root
    path: list[bytes] = []
    low, high = 0, size
    while high - low > 1:
        k = _split(high - low)
        if index < low + k:
            path.append(_subtree(low + k, high))
            high = low + k
        else:
            path.append(_subtree(low, low + k))
            low += k
    return path[::-1]  # leaf upwards


def consistency_proof(
    leaves: Sequence[bytes], old: int, new: int, *, subtrees: Subtrees | None = None
) -> list[bytes]:
    """The proof that the tree of the first ``new`` leaves extends that of the first ``old``."""
    if not 0 < old <= new <= len(leaves):
        raise CheckFailed(BAD_SIZES.format(old=old, new=new))
    _subtree = (subtrees or Subtrees(leaves, kept=len(leaves) + 1)).root
    proof: list[bytes] = []
    low, high, whole = 0, new, True
    m = old
    while m != high - low:
        k = _split(high - low)
        if m <= k:
            proof.append(_subtree(low + k, high))
            high = low + k
        else:
            proof.append(_subtree(low, low + k))
            low, m, whole = low + k, m - k, False
    if not whole:
        proof.append(_subtree(low, high))
    return proof[::-1]


def verify_inclusion(
    *, leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` take ``leaf`` at ``index`` to ``root``?"""
    if not 0 <= index < size:
        return False
    fn, sn, node = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            node = node_hash(node, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and node == root


def verify_consistency(
    *, old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does ``proof`` show the tree of ``new`` extends that of ``old``?"""
    if not 0 < old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old root is itself a node of the new tree
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    old_node = new_node = path[0]
    for sibling in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            old_node, new_node = node_hash(sibling, old_node), node_hash(sibling, new_node)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            new_node = node_hash(new_node, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and old_node == old_root and new_node == new_root


# -- checkpoints -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    @property
    def body(self) -> str:
        return f"{self.origin}\n{self.size}\n{_b64(self.root)}\n"

    @property
    def root_hex(self) -> str:
        return self.root.hex()


@dataclass(frozen=True, slots=True)
class VerifierKey:
    name: str
    key_id: bytes
    public_key: bytes

    def __str__(self) -> str:
        return f"{self.name}+{self.key_id.hex()}+{_b64(bytes([ED25519]) + self.public_key)}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def _check_name(name: str) -> None:
    if not name or "+" in name or any(c.isspace() for c in name):
        raise CheckFailed(BAD_KEY_NAME.format(name=name))


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> VerifierKey:
    _check_name(name)
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return VerifierKey(name=name, key_id=key_id(name, raw), public_key=raw)


def parse_verifier_key(text: str) -> VerifierKey:
    parts = text.strip().split("+", 2)  # base64 may hold a "+" too
    if len(parts) != 3:
        raise CheckFailed(BAD_KEY)
    name, key_id_hex, encoded = parts
    _check_name(name)
    try:
        given_id, raw = bytes.fromhex(key_id_hex), _unb64(encoded)
    except (ValueError, binascii.Error):
        raise CheckFailed(BAD_KEY) from None
    if len(raw) != 33 or raw[0] != ED25519 or given_id != key_id(name, raw[1:]):
        raise CheckFailed(BAD_KEY)
    return VerifierKey(name=name, key_id=given_id, public_key=raw[1:])


def sign_checkpoint(checkpoint: Checkpoint, *, name: str, private_key: Ed25519PrivateKey) -> str:
    """The signed note: the body, a blank line, one signature line."""
    key = verifier_key(name, private_key.public_key())
    signature = private_key.sign(checkpoint.body.encode())
    return f"{checkpoint.body}\n{SIGNATURE_PREFIX}{name} {_b64(key.key_id + signature)}\n"


def open_checkpoint(note: str, key: VerifierKey) -> Checkpoint:
    """The checkpoint a signed note states, once its signature by ``key`` verifies."""
    body, separator, signatures = note.partition("\n\n")
    if not separator or not signatures.endswith("\n"):
        raise CheckFailed(BAD_NOTE.format(reason="no blank line before the signatures"))
    body += "\n"
    for line in signatures.splitlines():
        if not line.startswith(SIGNATURE_PREFIX):
            raise CheckFailed(BAD_NOTE.format(reason=f"not a signature line: {line!r}"))
        name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
        try:
            signed = _unb64(encoded)
        except (ValueError, binascii.Error):
            raise CheckFailed(BAD_NOTE.format(reason=f"bad signature: {line!r}")) from None
        if name != key.name or signed[:4] != key.key_id:
            continue  # someone else's signature: a note may carry several
        try:
            Ed25519PublicKey.from_public_bytes(key.public_key).verify(signed[4:], body.encode())
        except InvalidSignature:
            raise CheckFailed(SIGNATURE_FAILS.format(name=name)) from None
        return _parse_body(body)
    raise CheckFailed(NOT_SIGNED_BY.format(name=key.name, key_id=key.key_id.hex()))


def _parse_body(body: str) -> Checkpoint:
    lines = body.split("\n")
    if len(lines) < 4:
        raise CheckFailed(BAD_NOTE.format(reason="expected origin, size and root hash lines"))
    origin, size_text, root_text = lines[:3]
    if not size_text.isdigit() or (size_text.startswith("0") and size_text != "0"):
        raise CheckFailed(BAD_NOTE.format(reason=f"size {size_text!r} is not a whole number"))
    try:
        root = _unb64(root_text)
    except (ValueError, binascii.Error):
        root = b""
    if len(root) != 32:
        raise CheckFailed(BAD_NOTE.format(reason="the root hash is not 32 bytes of base64"))
    return Checkpoint(origin=origin, size=int(size_text), root=root)


# -- exported entries ------------------------------------------------------------------


def entry_hash(prev_hash: str, content: str) -> str:
    """An entry's chain hash (the same function as podium.rules.ledger_chain's)."""
    return hashlib.sha256((prev_hash + content).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class EntriesReport:
    ok: bool
    reason: str
    checked: int  # entries whose content was given and hashed
    beyond: int  # entries after the checkpoint, which it does not cover


def verify_entries(entries: Iterable[dict[str, object]], checkpoint: Checkpoint) -> EntriesReport:
    """Check exported entries (``seq``, ``prev_hash``, ``hash`` and, where public,
    ``content``) against a checkpoint: numbered from 1 without gaps, each linked to the one
    before, each given content hashing to its hash, and the first ``size`` of them having
    the checkpoint's root."""
    leaves: list[bytes] = []
    previous, checked = "0" * 64, 0
    for count, entry in enumerate(entries, start=1):
        seq, prev_hash, hash_ = entry.get("seq"), entry.get("prev_hash"), entry.get("hash")
        fault = None
        if seq != count:
            fault = f"entry {count}: the export gives seq {seq}"
        elif prev_hash != previous:
            fault = f"entry {seq}: prev_hash does not match the previous entry's hash"
        elif not isinstance(hash_, str) or len(hash_) != 64:
            fault = f"entry {seq}: no hash"
        elif isinstance(content := entry.get("content"), str):
            if entry_hash(previous, content) != hash_:
                fault = f"entry {seq}: its content does not hash to its hash"
            checked += 1
        if fault:
            return EntriesReport(ok=False, reason=fault, checked=checked, beyond=0)
        assert isinstance(hash_, str)
        leaves.append(leaf_hash(hash_))
        previous = hash_
    if len(leaves) < checkpoint.size:
        reason = f"the export holds {len(leaves)} entries; the checkpoint covers {checkpoint.size}"
        return EntriesReport(ok=False, reason=reason, checked=checked, beyond=0)
    if tree_root(leaves[: checkpoint.size]) != checkpoint.root:
        reason = f"the first {checkpoint.size} entries do not have the checkpoint's root hash"
        return EntriesReport(ok=False, reason=reason, checked=checked, beyond=0)
    beyond = len(leaves) - checkpoint.size
    return EntriesReport(ok=True, reason="", checked=checked, beyond=beyond)


def proof_hashes(items: Iterable[object]) -> list[bytes]:
    """Proof hashes as the API gives them (hex strings)."""
    try:
        return [bytes.fromhex(str(item)) for item in items]
    except ValueError:
        raise CheckFailed("proof: the hashes must be hex") from None


# -- the standalone verifier -----------------------------------------------------------


def _read(source: str) -> str:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=30) as response:
            return response.read().decode()  # type: ignore[no-any-return]
    with open(source, encoding="utf-8") as file:
        return file.read()


def _entries(source: str) -> Iterator[dict[str, object]]:
    """Entries from a file of JSON lines (``podium ledger export``) or from the API's pages
    (``/api/ledger/entries``), following each page's ``next`` address."""
    if not source.startswith(("http://", "https://")):
        for line in _read(source).splitlines():
            if line.strip():
                yield json.loads(line)
        return
    address: str | None = source
    while address:
        page = json.loads(_read(address))
        yield from page["entries"]
        address = urllib.parse.urljoin(address, page["next"]) if page.get("next") else None


def main(argv: Sequence[str] | None = None) -> int:
    """Verify a checkpoint, and exported entries or a proof against it.

    Exit 0 when everything verifies, 1 when something does not, 2 on unusable input.
    """
    parser = argparse.ArgumentParser(
        prog="verify_ledger.py", description="Check a Podium ledger checkpoint and its proofs."
    )
    parser.add_argument("--key", required=True, help="the verifier key the ledger page shows")
    parser.add_argument("--checkpoint", required=True, help="a signed checkpoint (file or URL)")
    parser.add_argument("--entries", help="exported entries (JSON lines, file or URL)")
    parser.add_argument("--inclusion", help="an inclusion proof from the API (file or URL)")
    parser.add_argument("--content", help="with --inclusion: the entry's content, to hash")
    parser.add_argument("--consistency", help="a consistency proof from the API (file or URL)")
    parser.add_argument("--older", help="with --consistency: the older signed checkpoint")
    args = parser.parse_args(argv)
    try:
        key = parse_verifier_key(args.key)
        checkpoint = open_checkpoint(_read(args.checkpoint), key)
        print(f"checkpoint: {checkpoint.origin}, {checkpoint.size} entries, signature ok")
        failures = [
            *(_check_entries(args.entries, checkpoint) if args.entries else []),
            *(_check_inclusion(args, checkpoint) if args.inclusion else []),
            *(_check_consistency(args, key, checkpoint) if args.consistency else []),
        ]
    except (CheckFailed, OSError, ValueError, KeyError, TypeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _check_entries(source: str, checkpoint: Checkpoint) -> list[str]:
    report = verify_entries(_entries(source), checkpoint)
    if not report.ok:
        return [report.reason]
    print(
        f"entries: the first {checkpoint.size} match the checkpoint "
        f"({report.checked} with content hashed); {report.beyond} after it are not covered"
    )
    return []


def _check_inclusion(args: argparse.Namespace, checkpoint: Checkpoint) -> list[str]:
    proof = json.loads(_read(args.inclusion))
    entry = proof["entry"]
    if args.content is not None:
        with open(args.content, encoding="utf-8") as file:
            content = file.read()
        if entry_hash(entry["prev_hash"], content) != entry["hash"]:
            return [f"entry {entry['seq']}: the given content does not hash to its hash"]
    elif isinstance(given := entry.get("content"), str) and (
        entry_hash(entry["prev_hash"], given) != entry["hash"]
    ):
        return [f"entry {entry['seq']}: its content does not hash to its hash"]
    if proof["size"] != checkpoint.size:
        return [f"the proof is for {proof['size']} entries; the checkpoint has {checkpoint.size}"]
    included = verify_inclusion(
        leaf=leaf_hash(entry["hash"]),
        index=int(entry["seq"]) - 1,
        size=checkpoint.size,
        proof=proof_hashes(proof["proof"]),
        root=checkpoint.root,
    )
    if not included:
        return [f"entry {entry['seq']} is not in the ledger the checkpoint commits to"]
    print(f"inclusion: entry {entry['seq']} is in the first {checkpoint.size} entries")
    return []


def _check_consistency(args: argparse.Namespace, key: VerifierKey, newer: Checkpoint) -> list[str]:
    if not args.older:
        raise CheckFailed("--consistency needs --older, the earlier signed checkpoint")
    older = open_checkpoint(_read(args.older), key)
    proof = json.loads(_read(args.consistency))
    if (proof["from"], proof["to"]) != (older.size, newer.size):
        return [f"the proof is from {proof['from']} to {proof['to']}, not the checkpoints' sizes"]
    consistent = verify_consistency(
        old=older.size,
        new=newer.size,
        old_root=older.root,
        new_root=newer.root,
        proof=proof_hashes(proof["proof"]),
    )
    if not consistent:
        return [f"the ledger of {newer.size} entries does not extend that of {older.size}"]
    print(f"consistency: the {newer.size} entries extend the earlier {older.size}")
    return []


if __name__ == "__main__":
    sys.exit(main())
