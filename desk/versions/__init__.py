"""One story, many versions: which earlier story a new text is a copy or near copy of.

Headless and store-free: it sees story ids and clean text, nothing else. `shingles` turns
a text into a MinHash signature over its word 3-shingles (datasketch's MinHash), `bands` is the LSH
index over those signatures, `groups` puts each story in the group of the earlier story it
is a near copy of (or a group of its own), and saves that as a cache beside the store.
"""

from desk.versions.groups import COPY, NEAR, NEW, Known, Match, NearDuplicates, with_bands
from desk.versions.shingles import THRESHOLD, copy_text, signature, similarity, sketch

__all__ = ["COPY", "NEAR", "NEW", "THRESHOLD", "Known", "Match", "NearDuplicates", "copy_text",
           "signature", "similarity", "sketch", "with_bands"]
