"""The Merkle tree, its proofs and signed checkpoints: RFC 6962's answers, every honest
proof verifies, every altered one fails, and a note signed by one key opens only with it."""

from __future__ import annotations

import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from podium.rules.transparency import (
    BAD_KEY,
    EMPTY_ROOT,
    NOT_SIGNED_BY,
    SIGNATURE_FAILS,
    CheckFailed,
    Checkpoint,
    Subtrees,
    consistency_proof,
    entry_hash,
    inclusion_proof,
    leaf_hash,
    main,
    node_hash,
    open_checkpoint,
    parse_verifier_key,
    sign_checkpoint,
    tree_root,
    verifier_key,
    verify_consistency,
    verify_entries,
    verify_inclusion,
)

# RFC 6962's test leaves, as the Certificate Transparency implementations use them.
RFC_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657"]
RFC_LEAVES.append("606162636465666768696a6b6c6d6e6f")
RFC_ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}


def _leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(b"\x00" + i.to_bytes(4, "big")).digest() for i in range(n)]


def _reference_root(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1's recursion, written as the RFC states it."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


def test_tree_root_rfc6962_vectors():
    leaves = [leaf_hash(data) for data in RFC_LEAVES]

    roots = {n: tree_root(leaves[:n]).hex() for n in RFC_ROOTS}

    assert roots == RFC_ROOTS


def test_tree_root_empty_is_the_hash_of_nothing():
    assert tree_root([]) == hashlib.sha256(b"").digest()


@given(st.integers(min_value=0, max_value=300))
def test_tree_root_equals_the_recursive_definition(n):
    leaves = _leaves(n)

    assert tree_root(leaves) == _reference_root(leaves)


@given(st.data())
def test_inclusion_proof_verifies_for_every_leaf_and_size(data):
    size = data.draw(st.integers(min_value=1, max_value=200))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    leaves = _leaves(size + 5)
    root = tree_root(leaves[:size])

    proof = inclusion_proof(leaves, index, size)

    assert verify_inclusion(leaf=leaves[index], index=index, size=size, proof=proof, root=root)


@given(st.data())
def test_inclusion_proof_fails_for_another_leaf_index_or_hash(data):
    size = data.draw(st.integers(min_value=2, max_value=200))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    other = data.draw(st.integers(min_value=0, max_value=size - 1).filter(lambda i: i != index))
    leaves = _leaves(size)
    root = tree_root(leaves)
    proof = inclusion_proof(leaves, index, size)
    altered = [*proof]
    altered[data.draw(st.integers(min_value=0, max_value=len(proof) - 1))] = b"\x00" * 32

    assert not verify_inclusion(leaf=leaves[other], index=index, size=size, proof=proof, root=root)
    assert not verify_inclusion(leaf=leaves[index], index=other, size=size, proof=proof, root=root)
    assert not verify_inclusion(
        leaf=leaves[index], index=index, size=size, proof=altered, root=root
    )
    assert not verify_inclusion(
        leaf=leaves[index], index=index, size=size, proof=proof, root=tree_root(leaves[1:])
    )


@given(st.data())
def test_consistency_proof_verifies_for_every_pair_of_sizes(data):
    new = data.draw(st.integers(min_value=1, max_value=200))
    old = data.draw(st.integers(min_value=1, max_value=new))
    leaves = _leaves(new)

    proof = consistency_proof(leaves, old, new)

    assert verify_consistency(
        old=old,
        new=new,
        old_root=tree_root(leaves[:old]),
        new_root=tree_root(leaves),
        proof=proof,
    )


@given(st.data())
def test_consistency_proof_fails_when_an_old_leaf_was_rewritten(data):
    new = data.draw(st.integers(min_value=2, max_value=200))
    old = data.draw(st.integers(min_value=1, max_value=new - 1))
    rewritten = data.draw(st.integers(min_value=0, max_value=old - 1))
    leaves = _leaves(new)
    old_root = tree_root(leaves[:old])
    leaves[rewritten] = hashlib.sha256(b"forged").digest()  # the ledger after a rewrite

    proof = consistency_proof(leaves, old, new)

    assert not verify_consistency(
        old=old, new=new, old_root=old_root, new_root=tree_root(leaves), proof=proof
    )


def test_proofs_refuse_sizes_beyond_the_leaves():
    leaves = _leaves(4)

    with pytest.raises(CheckFailed, match="entry 5 is not among the first 4 entries"):
        inclusion_proof(leaves, 4, 4)
    with pytest.raises(CheckFailed, match="sizes 3 and 5 are not 0 < old <= new"):
        consistency_proof(leaves, 3, 5)


def _signed(size: int = 3, name: str = "contest.example/ledger") -> tuple[str, Checkpoint, str]:
    private = Ed25519PrivateKey.generate()
    checkpoint = Checkpoint(origin=name, size=size, root=tree_root(_leaves(size)))
    note = sign_checkpoint(checkpoint, name=name, private_key=private)
    return note, checkpoint, str(verifier_key(name, private.public_key()))


def test_checkpoint_signed_then_opened_with_its_key():
    note, checkpoint, key = _signed()

    opened = open_checkpoint(note, parse_verifier_key(key))

    assert opened == checkpoint
    assert note.startswith(f"contest.example/ledger\n3\n{checkpoint.body.split()[2]}\n\n\u2014 ")


def test_checkpoint_altered_size_fails_its_signature():
    note, _, key = _signed(size=3)
    forged = note.replace("\n3\n", "\n2\n", 1)

    with pytest.raises(CheckFailed) as refused:
        open_checkpoint(forged, parse_verifier_key(key))

    assert str(refused.value) == SIGNATURE_FAILS.format(name="contest.example/ledger")


def test_checkpoint_signed_by_another_key_is_not_opened():
    note, _, _ = _signed()
    _, _, other_key = _signed()
    key = parse_verifier_key(other_key)

    with pytest.raises(CheckFailed) as refused:
        open_checkpoint(note, key)

    assert str(refused.value) == NOT_SIGNED_BY.format(name=key.name, key_id=key.key_id.hex())


@pytest.mark.parametrize(
    "text", ["", "name+1234", "name+zz+AAAA", "na me+00000000+AAAA", "name+00000000+AAAA"]
)
def test_verifier_key_malformed_is_refused(text):
    with pytest.raises(CheckFailed) as refused:
        parse_verifier_key(text)

    assert str(refused.value).startswith(("verifier key:", "key name"))


def test_verifier_key_with_a_wrong_key_id_is_refused():
    _, _, key = _signed()
    name, key_id, encoded = key.split("+", 2)
    wrong = f"{name}+{(int(key_id, 16) ^ 1):08x}+{encoded}"

    with pytest.raises(CheckFailed) as refused:
        parse_verifier_key(wrong)

    assert str(refused.value) == BAD_KEY


def _export(contents: list[str]) -> list[dict[str, object]]:
    rows, previous = [], "0" * 64
    for seq, content in enumerate(contents, start=1):
        hash_ = entry_hash(previous, content)
        rows.append({"seq": seq, "prev_hash": previous, "hash": hash_, "content": content})
        previous = hash_
    return rows


def _checkpoint_of(rows: list[dict[str, object]], size: int) -> Checkpoint:
    leaves = [leaf_hash(str(row["hash"])) for row in rows[:size]]
    return Checkpoint(origin="o", size=size, root=tree_root(leaves))


def test_verify_entries_counts_what_lies_beyond_the_checkpoint():
    rows = _export([json.dumps({"seq": n}) for n in range(1, 8)])
    rows[2]["content"] = None  # embargoed: only its hash is exported

    report = verify_entries(rows, _checkpoint_of(rows, 5))

    assert (report.ok, report.checked, report.beyond) == (True, 6, 2)


def test_verify_entries_detects_a_rewrite_a_truncation_and_a_rechain():
    rows = _export([f"entry {n}" for n in range(1, 8)])
    checkpoint = _checkpoint_of(rows, 6)
    rechained = _export([*(f"entry {n}" for n in range(1, 4)), "forged", "entry 5", "entry 6"])
    edited = [dict(row) for row in rows]
    edited[1]["content"] = "entry two"

    assert verify_entries(rechained, checkpoint).reason == (
        "the first 6 entries do not have the checkpoint's root hash"
    )
    assert verify_entries(rows[:5], checkpoint).reason == (
        "the export holds 5 entries; the checkpoint covers 6"
    )
    assert verify_entries(edited, checkpoint).reason == (
        "entry 2: its content does not hash to its hash"
    )


def test_standalone_verifier_checks_files(tmp_path, capsys):
    name = "contest.example/ledger"
    private = Ed25519PrivateKey.generate()
    key = str(verifier_key(name, private.public_key()))
    rows = _export([f"entry {n}" for n in range(1, 6)])
    leaves = [leaf_hash(str(row["hash"])) for row in rows]
    older = Checkpoint(origin=name, size=2, root=tree_root(leaves[:2]))
    newer = Checkpoint(origin=name, size=5, root=tree_root(leaves))
    files = {
        "older": sign_checkpoint(older, name=name, private_key=private),
        "newer": sign_checkpoint(newer, name=name, private_key=private),
        "entries": "".join(json.dumps(row) + "\n" for row in rows),
        "inclusion": json.dumps(
            {
                "size": 5,
                "entry": rows[3],
                "proof": [h.hex() for h in inclusion_proof(leaves, 3, 5)],
            }
        ),
        "consistency": json.dumps(
            {"from": 2, "to": 5, "proof": [h.hex() for h in consistency_proof(leaves, 2, 5)]}
        ),
    }
    for file, text in files.items():
        (tmp_path / file).write_text(text)
    args = ["--key", key, "--checkpoint", str(tmp_path / "newer")]
    checks = ["--entries", str(tmp_path / "entries"), "--inclusion", str(tmp_path / "inclusion")]
    checks += ["--consistency", str(tmp_path / "consistency"), "--older", str(tmp_path / "older")]

    status = main([*args, *checks])

    assert status == 0
    assert capsys.readouterr().out.splitlines() == [
        f"checkpoint: {name}, 5 entries, signature ok",
        "entries: the first 5 match the checkpoint (5 with content hashed);"
        " 0 after it are not covered",
        "inclusion: entry 4 is in the first 5 entries",
        "consistency: the 5 entries extend the earlier 2",
    ]
    (tmp_path / "entries").write_text(files["entries"].replace("entry 3", "entry III"))
    assert main([*args, "--entries", str(tmp_path / "entries")]) == 1
    assert capsys.readouterr().err == "FAILED: entry 3: its content does not hash to its hash\n"
    assert main(["--key", "nonsense", "--checkpoint", str(tmp_path / "newer")]) == 2
    assert capsys.readouterr().err == f"error: {BAD_KEY}\n"


@given(st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=6), st.data())
def test_kept_subtrees_of_a_growing_tree_give_the_same_proofs(sizes, data):
    leaves: list[bytes] = []
    all_leaves = _leaves(max(sizes))
    kept = Subtrees(leaves, kept=4)

    for size in sorted(sizes):  # the ledger grows between requests
        leaves.extend(all_leaves[len(leaves) : size])
        index = data.draw(st.integers(min_value=0, max_value=size - 1))
        old = data.draw(st.integers(min_value=1, max_value=size))

        assert kept.root(0, size) == tree_root(leaves)
        assert inclusion_proof(leaves, index, size, subtrees=kept) == inclusion_proof(
            leaves, index, size
        )
        assert consistency_proof(leaves, old, size, subtrees=kept) == consistency_proof(
            leaves, old, size
        )
