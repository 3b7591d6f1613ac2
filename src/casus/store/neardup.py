"""Near-duplicate articles: a wire story republished with small edits.

Each article gets a MinHash signature of its word shingles (:func:`signature`, computed
where the article was analysed); an LSH index over the stored signatures finds the
earlier articles a new one copies (:class:`NearDuplicateIndex`). Both come from
``datasketch``.

A copy is linked to its *original*: the earliest stored article it resembles, or, when
that one is itself a copy, the root it was linked to; chains always point at the root.
An article is never a copy of itself or of another version of the same key (an
updated story is a new version, not a republication).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from .db import Store

__all__ = [
    "CANDIDATE_THRESHOLD",
    "NUM_PERM",
    "SHINGLE",
    "THRESHOLD",
    "NearDuplicateIndex",
    "relink",
    "shingles",
    "signature",
    "unpack",
]

NUM_PERM = 128
"""Permutations per signature: the Jaccard estimate's standard error is about 0.04."""
SHINGLE = 5
"""Words per shingle."""
THRESHOLD = 0.5
"""The estimated Jaccard similarity of two articles' shingles from which the later is a
copy of the earlier. A wire story republished with a few words changed keeps 0.7 to
0.9 of its 5-word shingles (each edit breaks at most five); two outlets' own accounts
of one event, even quoting the same official, share well under 0.2. 0.5 also keeps a
copy whose outlet added a paragraph of its own or cut the story's tail."""
CANDIDATE_THRESHOLD = 0.4
"""The similarity the LSH index is tuned for (datasketch chooses 32 bands of 4 rows):
below :data:`THRESHOLD`, so that a pair at 0.5 is a candidate with probability 0.87, at
0.6 with 0.99 and at 0.7 always; each candidate's estimate is then checked against
:data:`THRESHOLD`."""
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


def _lean(blob: bytes) -> LeanMinHash:
    """A stored signature as a :class:`LeanMinHash` (no permutations: a tenth of the
    memory of a :class:`MinHash`, and all the index needs)."""
    values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
    return LeanMinHash(seed=1, hashvalues=values, scheme="affine32")


class NearDuplicateIndex:
    """The articles' signatures in an LSH index, and the links already made.

    Build it with :meth:`load`; :meth:`link` then links newly stored articles as they
    arrive (inside the caller's transaction) and :meth:`forget` drops replaced ones.
    The index lives in memory: after a transaction rolls back, load it again.
    """

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
        self._articles: dict[str, tuple[int, str, LeanMinHash]] = {}
        """Indexed article id to (seq, key, signature)."""
        self._roots: dict[str, str] = {}
        """A linked copy's id to its original's."""

    @classmethod
    def load(cls, store: Store) -> NearDuplicateIndex:
        """The index of every stored signature, with the stored links."""
        index = cls()
        with index._lsh.insertion_session() as session:
            for article_id, seq, key, blob in _signatures(store, None):
                signature = _lean(blob)
                index._articles[article_id] = (seq, key, signature)
                session.insert(article_id, signature, check_duplication=False)
        rows = store.query("SELECT article_id, original_id FROM near_duplicates")
        index._roots = {str(copy): str(original) for copy, original in rows}
        return index

    def __len__(self) -> int:
        return len(self._articles)

    def link(self, store: Store, article_ids: Sequence[str]) -> int:
        """Link each of ``article_ids`` (stored, with their seq) that copies an earlier
        article to its original, in arrival order, and index it; how many were linked."""
        rows: list[tuple[str, str, float]] = []
        for article_id, seq, key, blob in _signatures(store, article_ids):
            signature = _lean(blob)
            if article_id not in self._roots:
                found = self._original(seq, key, signature)
                if found is not None:
                    original, similarity = found
                    self._roots[article_id] = original
                    rows.append((article_id, original, similarity))
            if article_id not in self._articles:
                self._articles[article_id] = (seq, key, signature)
                self._lsh.insert(article_id, signature, check_duplication=False)
        store.insert("near_duplicates", rows)
        return len(rows)

    def forget(self, article_ids: Iterable[str]) -> None:
        """Drop replaced articles from the index, and the links from or to them (the
        ingest deletes their ``near_duplicates`` rows)."""
        gone = set(article_ids)
        for article_id in sorted(gone):
            if self._articles.pop(article_id, None) is not None:
                self._lsh.remove(article_id)
        self._roots = {
            copy: original
            for copy, original in self._roots.items()
            if copy not in gone and original not in gone
        }

    def _original(self, seq: int, key: str, signature: LeanMinHash) -> tuple[str, float] | None:
        """The original an article of arrival ``seq`` copies, and their similarity; or
        None. Candidates are earlier articles of another key whose estimated similarity
        reaches :data:`THRESHOLD`; the earliest wins, and a copy stands for its root."""
        matches: list[tuple[int, str]] = []
        for candidate in self._lsh.query(signature):
            other_seq, other_key, other = self._articles[candidate]
            if other_seq < seq and other_key != key and signature.jaccard(other) >= THRESHOLD:
                matches.append((other_seq, candidate))
        if not matches:
            return None
        earliest = min(matches)[1]
        root = self._roots.get(earliest, earliest)
        indexed = self._articles.get(root)
        similarity = signature.jaccard(indexed[2] if indexed else self._articles[earliest][2])
        return root, float(similarity)


def relink(store: Store) -> int:
    """Delete every near-duplicate link and link all stored articles again, in arrival
    order (what incremental links in the same order give); how many were linked."""
    store.con.execute("DELETE FROM near_duplicates")
    index = NearDuplicateIndex()
    return index.link(store, _all_ids(store))


def _all_ids(store: Store) -> list[str]:
    rows = store.query(
        "SELECT m.article_id FROM minhashes m JOIN articles a ON a.id = m.article_id"
        " ORDER BY a.seq, m.article_id"
    )
    return [str(row[0]) for row in rows]


def _signatures(
    store: Store, article_ids: Sequence[str] | None
) -> list[tuple[str, int, str, bytes]]:
    """(article id, seq, key, signature) of the given stored articles (all when None),
    in arrival order."""
    where = "" if article_ids is None else "WHERE m.article_id IN (SELECT unnest($1::VARCHAR[]))"
    params: list[object] = [] if article_ids is None else [list(article_ids)]
    rows = store.query(
        "SELECT m.article_id, a.seq, a.key, m.signature FROM minhashes m"
        f" JOIN articles a ON a.id = m.article_id {where} ORDER BY a.seq, m.article_id",
        params,
    )
    return [(str(aid), int(seq), str(key), bytes(blob)) for aid, seq, key, blob in rows]
