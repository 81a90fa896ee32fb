"""A text's MinHash signature over its word 3-shingles, and the similarity of two.

Words are lowercased and split at punctuation, so a copy re-typed with other quote marks
or spacing is the same text. Each word is hashed once (crc32) and a shingle's hash is
folded from its three word hashes with numpy, which is what keeps a signature at about a
tenth of a millisecond; they are then permuted and minimised as datasketch's MinHash does.
"""

from __future__ import annotations

import re
import zlib
from functools import cache
from pathlib import Path

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


def copy_text(headline: str, paragraphs: list[str] | tuple[str, ...]) -> str:
    """The text a story is grouped by: its clean headline and paragraphs."""
    return "\n\n".join([headline, *paragraphs])


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
    for offset in range(1, SHINGLE):  # in place: no new array each step
        folded *= _FOLD[offset - 1]
        folded += hashes[offset:end + offset]
    return folded


def sketch(text: str) -> tuple[np.ndarray, int]:
    """The text's MinHash signature (PERMUTATIONS uint32 values) and its count of distinct
    shingles (for telling one text held whole in another)."""
    shingles = distinct(shingle_hashes(text))
    if not len(shingles):
        return np.full(PERMUTATIONS, _EMPTY, np.uint32), 0
    multipliers, offsets = _permutations()
    # one row a permutation, one column a shingle: each minimum runs along a row in memory
    values = np.multiply.outer(multipliers, _murmur_mix(shingles))
    values += offsets
    return values.min(axis=1), len(shingles)


def distinct(values: np.ndarray) -> np.ndarray:
    """np.unique's answer for a story's few hundred values in a sixth of its time (numpy 2's
    np.unique hashes them: ~60 us a story, where a sort and a compare take ~10), and with
    no import of numpy.ma on its first call (~20 ms)."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) \
        else ordered


# datasketch's MinHash (scheme "affine32", seed 1), value for value (tests/versions
# check it against datasketch): written out here because importing datasketch imports
# scipy, ~0.5 s in every process that reads inbox files, for a dozen lines of numpy.
_EMPTY = np.uint32(0xFFFFFFFF)
_MIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


def _murmur_mix(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch applies to each value first."""
    shift1, multiplier1, shift2, multiplier2 = _MIX
    values = values ^ (values >> shift1)  # a new array; then in place
    values *= multiplier1
    values ^= values >> shift2
    values *= multiplier2
    values ^= values >> shift1
    return values


# The affine permutations h -> a * h + b (mod 2**32), odd a: datasketch's, as it draws them
# with seed 1 (tests/versions/test_minhash.py draws them again). Kept drawn: numpy.random
# takes ~6 ms to import, in every process that reads inbox files, before its first sketch.
PERMUTATIONS_FILE = Path(__file__).with_name("permutations.npy")  # [multipliers, offsets]


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    multipliers, offsets = np.load(PERMUTATIONS_FILE)
    return multipliers, offsets[:, None]  # a column: added to each permutation's row


def signature(text: str) -> np.ndarray:
    return sketch(text)[0]


def similarity(first: np.ndarray, second: np.ndarray) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets, from their signatures."""
    return float(np.count_nonzero(first == second)) / len(first)
