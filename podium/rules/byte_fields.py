"""Millions of short byte fields of one buffer, told apart without a Python object each.

A large A.csv has millions of rows but a few thousand distinct judges, projects and
affinity texts. Making a ``str`` per cell and a dict lookup per cell costs more than the
assignment's own solver, so fields are handled here as (start, length) spans of a byte
buffer: each is packed into 64-bit words, and a vectorised open-addressing hash table
numbers the distinct ones in order of first appearance. Only the distinct fields ever
become Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_WORD = 8
# _LOW_BYTES[n] keeps the low n bytes of a little-endian word.
_LOW_BYTES = np.array([(1 << (8 * n)) - 1 for n in range(_WORD)] + [2**64 - 1], np.uint64)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio: Fibonacci hashing
_SAMPLE = 65_536


@dataclass(frozen=True, slots=True)
class Distinct:
    """``codes[i]`` numbers field i's value; ``firsts[c]`` is the first field with code c."""

    codes: np.ndarray
    firsts: np.ndarray


def padded(data: bytes) -> np.ndarray:
    """The buffer's bytes with a word of zeros after them, so any field can be read whole."""
    return np.concatenate((np.frombuffer(data, np.uint8), np.zeros(_WORD, np.uint8)))


def distinct(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> Distinct:
    """Number the fields ``buffer[start:start + length]`` by value, first appearance first.

    ``buffer`` comes from ``padded``; equal bytes get equal codes, codes run 0, 1, ... in
    the order their value first appears."""
    words = _words(buffer, starts, lengths)
    count = len(starts)
    if not count:
        return Distinct(np.zeros(0, np.intp), np.zeros(0, np.intp))
    sample = _slot_codes(words, min(count, _SAMPLE), _bits_for(min(count, _SAMPLE)))
    seen = len(sample[1])
    # The table grows as it fills; a sample of all-distinct fields predicts all distinct.
    expected = count if seen == min(count, _SAMPLE) else seen
    slots, used = _slot_codes(words, count, _bits_for(expected))
    first = np.full(int(used.max()) + 1, count, np.intp)
    np.minimum.at(first, slots, np.arange(count))
    firsts = first[used]
    order = np.argsort(firsts, kind="stable")
    code_of = np.empty(len(first), np.intp)
    code_of[used[order]] = np.arange(len(used))
    return Distinct(code_of[slots], firsts[order])


def _words(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    """Each field as little-endian 64-bit words, zero past its end. Where the buffer holds
    a zero byte, a first word of lengths sets apart fields that differ only in those."""
    unaligned = np.ndarray((len(buffer) - _WORD + 1,), "<u8", buffer, strides=(1,))
    widest = int(lengths.max(initial=0))
    words = [lengths.astype(np.uint64)] if not buffer[:-_WORD].all() else []
    for offset in range(0, widest, _WORD):
        take = np.clip(lengths - offset, 0, _WORD)
        words.append(unaligned[np.minimum(starts + offset, len(unaligned) - 1)] & _LOW_BYTES[take])
    return words or [np.zeros(len(starts), np.uint64)]


def _bits_for(expected: int) -> int:
    return max(10, (4 * expected).bit_length())


def _slot_codes(words: list[np.ndarray], count: int, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Each of the first ``count`` fields' slot in a table of 2**bits, and the used slots.

    Linear probing, all fields at once: a field whose slot is empty claims it, one whose
    slot holds its value is done, the rest step to the next slot. All fields of one value
    move together, so each value ends in exactly one slot. The table grows when over half
    full, which keeps the probes short."""
    words = [word[:count] for word in words]
    while True:
        size = 1 << bits
        hashed = np.zeros(count, np.uint64)
        for word in words:
            hashed ^= word
            hashed *= _GOLDEN
            hashed ^= hashed >> np.uint64(29)
        hashed *= _GOLDEN
        slot = (hashed >> np.uint64(64 - bits)).astype(np.intp)
        holder = np.full(size, -1, np.intp)  # the field whose value the slot holds
        holder[slot[::-1]] = np.arange(count - 1, -1, -1)  # each slot's claim, any field
        pending = None  # all fields, without an index array for the first round
        while True:
            at = slot if pending is None else slot[pending]
            held = holder[at]
            if pending is not None:
                empty = held < 0
                if empty.any():
                    holder[at[empty]] = pending[empty]
                    held = holder[at]
            if np.count_nonzero(holder >= 0) * 2 > size:
                break
            same = np.ones(len(at), bool)
            for word in words:
                same &= word[held] == (word if pending is None else word[pending])
            pending = np.flatnonzero(~same) if pending is None else pending[~same]
            if not len(pending):
                return slot, np.flatnonzero(holder >= 0)
            slot[pending] = (slot[pending] + 1) & (size - 1)
        bits += 2
