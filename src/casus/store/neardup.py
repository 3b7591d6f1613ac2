"""Near-duplicate articles: a wire story republished with small edits.

Each article gets a MinHash signature of its word shingles (:func:`signature`, computed
where the article was analysed); an LSH index over the stored signatures finds the
earlier articles a new one copies. Both come from ``datasketch``.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

__all__ = ["NUM_PERM", "SHINGLE", "shingles", "signature", "unpack"]

NUM_PERM = 128
"""Permutations per signature: the Jaccard estimate's standard error is about 0.04."""
SHINGLE = 5
"""Words per shingle."""
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """The article's overlapping runs of :data:`SHINGLE` lower-cased words (the whole
    text as one shingle when it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> bytes:
    """The MinHash signature of ``text``'s shingles, as bytes (for a BLOB column)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    minhash.update_batch(sorted(shingles(text)))
    return bytes(minhash.hashvalues.astype("<u8").tobytes())


def unpack(blob: bytes) -> MinHash:
    """The :class:`MinHash` of a stored signature."""
    values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, scheme="affine32")
