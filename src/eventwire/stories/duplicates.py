"""Near-duplicate documents and sentences copied across outlets, by MinHash and LSH (datasketch).

A wire story reposted by ten sites is one report, not ten; a paragraph lifted
into another article, or "spun" by swapping names ("Russia" becomes "Russian
Federation"), is a copy of its first appearance. Each new text is compared with
the ones already indexed; when it matches, it is linked to the earliest one
(`copy_of`), so chains of copies all point at the original.

Signatures are kept as bytes so the store can persist them and rebuild an
index when a later run starts (incremental ingest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

MINHASH_SCHEME = "affine32"  # 32-bit hash values: a signature is num_perm * 4 bytes
MINHASH_SEED = 1

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CopyRule:
    """How texts are compared: shingle size, signature length and the similarity that makes a copy."""

    shingle_words: int
    num_perm: int
    lsh_threshold: float  # Jaccard at which LSH proposes a candidate (recall side)
    min_jaccard: float  # estimated Jaccard that makes a copy...
    min_containment: float  # ...or the share of the shorter text's shingles found in the other
    min_shared: int  # shingles two texts must share at least, so short stock phrases never match
    min_words: int  # texts shorter than this are not compared at all


# Whole articles: 5-word shingles ignore shared stock phrases; 0.8 links reposts with a changed
# headline, a dateline or a trailing line of furniture, not two reports of the same event.
DOCUMENT_RULE = CopyRule(shingle_words=5, num_perm=128, lsh_threshold=0.7, min_jaccard=0.8,
                         min_containment=0.9, min_shared=20, min_words=40)
# Sentences: word pairs survive a name swap ("Russia" -> "Russian Federation" changes two or three
# pairs of twenty); containment catches a sentence reused inside a longer one. Eight words and six
# shared pairs keep "officials said on Tuesday" from counting as a copy.
SENTENCE_RULE = CopyRule(shingle_words=2, num_perm=64, lsh_threshold=0.3, min_jaccard=0.5,
                         min_containment=0.6, min_shared=6, min_words=8)


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def shingles(text: str, size: int) -> set[str]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


@dataclass(frozen=True)
class Signature:
    """A text's MinHash and its number of distinct shingles (for containment estimates)."""

    minhash: LeanMinHash
    size: int

    def to_bytes(self) -> bytes:
        return np.asarray(self.minhash.hashvalues, dtype=np.uint32).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Signature:
        values = np.frombuffer(data, dtype=np.uint32)
        return cls(LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=MINHASH_SCHEME), size)


@dataclass(frozen=True)
class CopyMatch:
    original: str  # key of the earliest text this one copies
    similarity: float  # estimated Jaccard or containment, whichever made it a copy


def estimated_overlap(a: Signature, b: Signature) -> tuple[float, float, float]:
    """(Jaccard, containment of the smaller in the larger, shared shingles), estimated from the MinHashes."""
    jaccard = float(a.minhash.jaccard(b.minhash))
    shared = jaccard * (a.size + b.size) / (1 + jaccard)
    return jaccard, shared / max(1, min(a.size, b.size)), shared


@dataclass
class CopyIndex:
    """An LSH index of the texts seen so far, each key linked to the original it copies (or itself)."""

    rule: CopyRule
    lsh: MinHashLSH
    signatures: dict[str, Signature] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict)
    permutations: object = None

    @classmethod
    def empty(cls, rule: CopyRule) -> CopyIndex:
        template = MinHash(num_perm=rule.num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        return cls(rule, MinHashLSH(threshold=rule.lsh_threshold, num_perm=rule.num_perm),
                   permutations=template.permutations)

    def signature(self, text: str) -> Signature | None:
        """None when the text is too short to compare."""
        if len(words(text)) < self.rule.min_words:
            return None
        pieces = shingles(text, self.rule.shingle_words)
        minhash = MinHash(num_perm=self.rule.num_perm, seed=MINHASH_SEED, permutations=self.permutations,
                          scheme=MINHASH_SCHEME)
        minhash.update_batch([p.encode("utf-8") for p in pieces])
        return Signature(LeanMinHash(minhash), len(pieces))

    def find_copy(self, signature: Signature, exclude: set[str] | frozenset[str] = frozenset()) -> CopyMatch | None:
        """The earliest-indexed original whose text this one copies, skipping keys in `exclude`."""
        best: CopyMatch | None = None
        for key in self.lsh.query(signature.minhash):
            if key in exclude:
                continue
            jaccard, containment, shared = estimated_overlap(signature, self.signatures[key])
            if shared < self.rule.min_shared:
                continue
            if jaccard >= self.rule.min_jaccard or containment >= self.rule.min_containment:
                original = self.originals.get(key, key)
                similarity = round(min(1.0, max(jaccard, containment)), 3)
                if best is None or (similarity, original) > (best.similarity, best.original):
                    best = CopyMatch(original, similarity)
        return best

    def add(self, key: str, signature: Signature, original: str | None = None) -> None:
        if key in self.signatures:
            return
        self.lsh.insert(key, signature.minhash)
        self.signatures[key] = signature
        if original is not None:
            self.originals[key] = original
