"""The LSH index over MinHash signatures: BANDS bands of ROWS values; two texts whose
signatures agree on every value of some band are candidates (then checked by similarity).

At 0.5 similarity a pair shares a band with probability 1 - (1 - 0.5**3)**42 = 99.6%, at
0.3 with 68%, at 0.05 (stories that merely share a topic) with 0.5%.

Why not datasketch's MinHashLSH: its dict-of-sets storage holds a Python set for each band
of each story, about 360 bytes each, so 576 MB at 100,000 stories with 16 bands. Here each
band key is a uint64 (the band number in the high half, the folded values in the low) in
one sorted array with the row it came from: 12 bytes a band, 50 MB at 100,000 stories with
42 bands. New keys wait in a small dict (up to PENDING stories' worth) and are merged in
bulk, so adding a story costs a few microseconds, not a re-sort; looking a story up costs
one binary search of its 42 keys (a cache miss or two each: ~40 us at 100,000 stories).
"""

from __future__ import annotations

import numpy as np

from desk.versions.shingles import distinct

BANDS, ROWS = 42, 3
PENDING = 2048  # stories whose keys wait in a dict before a merge into the sorted array
_FOLD = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9],
                 dtype=np.uint64)[:ROWS]
_BAND_NUMBERS = np.arange(BANDS, dtype=np.uint64) << np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)


def band_keys(signature: np.ndarray) -> np.ndarray:
    bands = signature[:BANDS * ROWS].reshape(BANDS, ROWS).astype(np.uint64)
    folded = (bands * _FOLD).sum(axis=1, dtype=np.uint64)
    return _BAND_NUMBERS | ((folded ^ (folded >> np.uint64(32))) & _LOW)


class BandIndex:
    def __init__(self, keys: np.ndarray | None = None, rows: np.ndarray | None = None):
        self._keys = np.empty(0, np.uint64) if keys is None else keys
        self._rows = np.empty(0, np.int32) if rows is None else rows
        # Keys not merged yet: each key's row (a list of rows once a second story shares
        # it: seldom, so no list is made for most), and every key and row in the order
        # added, for the merge.
        self._pending: dict[int, int | list[int]] = {}
        self._pending_keys: list[int] = []
        self._pending_rows: list[int] = []
        self._waiting = 0  # stories pending

    def add(self, row: int, keys: np.ndarray) -> None:
        added = keys.tolist()
        pending = self._pending
        for key in added:
            held = pending.setdefault(key, row)
            if held is not row:  # (setdefault hands back `row` itself for a new key)
                if type(held) is list:
                    held.append(row)
                else:
                    pending[key] = [held, row]
        self._pending_keys += added
        self._pending_rows += [row] * len(added)
        self._waiting += 1
        if self._waiting == PENDING:
            self._merge()

    def candidates(self, keys: np.ndarray) -> np.ndarray:
        """Rows sharing at least one band with `keys`."""
        found = []
        for key in keys.tolist():
            held = self._pending.get(key)
            if held is not None:
                if type(held) is list:
                    found += held
                else:
                    found.append(held)
        found = [np.array(found, np.int32)] if found else []
        if len(self._keys):
            low = np.searchsorted(self._keys, keys, "left")
            hit = self._keys[np.minimum(low, len(self._keys) - 1)] == keys
            if hit.any():  # rare for a new story: only then find where each run ends
                high = np.searchsorted(self._keys, keys[hit], "right")
                found += [self._rows[start:end] for start, end in
                          zip(low[hit].tolist(), high.tolist(), strict=True)]
        return distinct(np.concatenate(found)) if found else np.empty(0, np.int32)

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The whole index as (sorted keys, their rows), for saving."""
        self._merge()
        return self._keys, self._rows

    def _merge(self) -> None:
        if not self._pending:
            return
        keys = np.array(self._pending_keys, np.uint64)
        rows = np.array(self._pending_rows, np.int32)
        order = np.argsort(keys, kind="stable")
        keys, rows = keys[order], rows[order]
        at = np.searchsorted(self._keys, keys, "right")
        self._keys = np.insert(self._keys, at, keys)
        self._rows = np.insert(self._rows, at, rows)
        self._pending, self._waiting = {}, 0
        self._pending_keys, self._pending_rows = [], []
