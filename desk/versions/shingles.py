"""A text's MinHash signature over its word 3-shingles, and the similarity of two.

Words are lowercased and split at punctuation, so a copy re-typed with other quote marks
or spacing is the same text. Each word is hashed once (crc32) and a shingle's hash is
folded from its three word hashes with numpy, which is what keeps a signature at about a
tenth of a millisecond; datasketch's MinHash permutes and minimises them.
"""

from __future__ import annotations

import re
import zlib
from functools import cache

import numpy as np

SHINGLE = 3
PERMUTATIONS = 128
# Measured by bench/versions.py on a set built from the BBC corpus (copies with 1, 5 and
# 20 words changed, paragraphs dropped or reordered, another headline; BBC's own follow-up
# stories on the same events as the stories that must stay apart): the estimated Jaccard
# similarity of word 3-shingles at which a story joins an earlier one's group ...
THRESHOLD = 0.40
# ... or the share of the smaller text's shingles found in the larger at which one is held
# whole in the other (paragraphs dropped or added).
CONTAINED = 0.80

_ASCII_PUNCTUATION = bytes.maketrans(
    b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", b" " * 32)
_OTHER_PUNCTUATION = re.compile(r"[\u2010-\u2027\u00ab\u00bb\u00a0\u2032\u2033]")
_FOLD = (np.uint32(0x01000193), np.uint32(0x9E3779B1))


def words(text: str) -> list[bytes]:
    if not text.isascii():
        text = _OTHER_PUNCTUATION.sub(" ", text)
    return text.lower().encode("utf-8").translate(_ASCII_PUNCTUATION).split()


def shingle_hashes(text: str) -> np.ndarray:
    """One uint32 for each run of SHINGLE words (a shorter text: one for all its words)."""
    hashes = np.fromiter(map(zlib.crc32, words(text)), dtype=np.uint32)
    if len(hashes) < SHINGLE:
        return np.array([np.bitwise_xor.reduce(hashes)] if len(hashes) else [], np.uint32)
    end = len(hashes) - SHINGLE + 1
    folded = hashes[:end].copy()
    for offset in range(1, SHINGLE):
        folded = folded * _FOLD[offset - 1] + hashes[offset:end + offset]
    return folded


def sketch(text: str) -> tuple[np.ndarray, int]:
    """The text's MinHash signature (PERMUTATIONS uint32 values) and its count of distinct
    shingles (for telling one text held whole in another)."""
    shingles = np.unique(shingle_hashes(text))
    minhash = _minhash()(num_perm=PERMUTATIONS, hashfunc=int, permutations=_permutations(),
                         scheme="affine32")
    minhash.update_batch(shingles.tolist())
    return minhash.hashvalues, len(shingles)


@cache
def _minhash() -> type:
    """datasketch's MinHash, imported on first use: the package takes ~0.4 s to import
    (scipy with it), which a process that is handed its sketches never pays."""
    from datasketch import MinHash

    return MinHash


@cache
def _permutations() -> np.ndarray:
    return _minhash()(num_perm=PERMUTATIONS, seed=1, scheme="affine32").permutations


def signature(text: str) -> np.ndarray:
    return sketch(text)[0]


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets, from their signatures."""
    return float(np.count_nonzero(first == second)) / len(first)
