"""Each story in a group: its own, or the group of the earlier story it is a near copy of.

A story the index already holds (the same id: the same normalised text) is an exact copy.
Otherwise its signature's LSH candidates are compared with it, and the most similar one
that is near names its group: near means a Jaccard similarity at or over the threshold, or
one text held almost whole in the other (CONTAINED: a copy with paragraphs dropped, an
update with paragraphs added), estimated from the similarity and the two shingle counts.
Signatures are kept as their low 16 bits: two different values agree there once in 65,536,
which moves a similarity by 0.00002, and halves the memory again (26 MB at 100,000 stories).

The index is a cache: `save` writes it beside the store (temp file, fsync, rename) and
`load` gives None when the file is missing or unreadable, so the caller rebuilds it from
the store's stories.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from desk.versions.bands import BandIndex, band_keys
from desk.versions.shingles import CONTAINED, PERMUTATIONS, THRESHOLD, sketch

COPY, NEAR, NEW = "copy", "near", "new"
FORMAT = 1
# A text's sketch (signature, shingle count), with its band keys when they were made
# already (with_bands): a story is looked up, then held, and its keys are made once.
Known = tuple[np.ndarray, int] | tuple[np.ndarray, int, np.ndarray]


def with_bands(known: Known) -> tuple[np.ndarray, int, np.ndarray]:
    """`known` with its band keys (made now unless it has them)."""
    return known if len(known) == 3 else (*known, band_keys(known[0]))  # type: ignore


@dataclass(frozen=True, slots=True)
class Match:
    """What a text is: a COPY of story `of`, a NEAR copy of it, or NEW (its own group)."""

    kind: str
    group: str  # the id of the group's first story
    of: str | None = None
    similarity: float = 0.0


class NearDuplicates:
    def __init__(self, threshold: float = THRESHOLD, contained: float = CONTAINED) -> None:
        self.threshold = threshold
        self.contained = contained
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._groups: list[int] = []  # row -> row of its group's first story
        self._signatures = np.empty((1024, PERMUTATIONS), np.uint16)
        self._sizes = np.empty(1024, np.int32)  # distinct shingles of each text
        self._bands = BandIndex()

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._row_of

    def find(self, text: str, story_id: str | None = None, *,
             known: Known | None = None) -> Match:
        """What `text` is to the stories held, without adding it."""
        if story_id in self._row_of:
            row = self._row_of[story_id]
            return Match(COPY, self._ids[self._groups[row]], story_id, 1.0)
        return self._best(*with_bands(sketch(text) if known is None else known))

    def add(self, story_id: str, text: str, *,
            known: Known | None = None) -> Match:
        """Hold the story in the group of the story it is a near copy of (or its own) and
        say what it is; an exact copy is not held twice. `known` is the text's sketch
        (signature, shingle count) when the caller has it already."""
        if story_id in self._row_of:
            return self.find(text, story_id)
        full, size, keys = with_bands(sketch(text) if known is None else known)
        match = self._best(full, size, keys)
        row = self._hold(story_id, full, size, keys)
        self._groups.append(self._row_of[match.group] if match.kind == NEAR else row)
        return match if match.kind == NEAR else Match(NEW, story_id)

    def hold(self, story_id: str, text: str, group: str, *,
             known: Known | None = None) -> None:
        """Hold the story in the group of story `group` (its own when that is not held),
        whatever it is near: the caller has placed it already (desk.arrivals), so its
        candidates are not looked up again. An exact copy is not held twice."""
        if story_id in self._row_of:
            return
        first = self._groups[self._row_of[group]] if group in self else len(self._ids)
        self._hold(story_id, *with_bands(sketch(text) if known is None else known))
        self._groups.append(first)

    def _hold(self, story_id: str, full: np.ndarray, size: int, keys: np.ndarray) -> int:
        """A new row for the story (its group is the caller's to append)."""
        row = len(self._ids)
        if row == len(self._signatures):
            self._signatures = np.concatenate([self._signatures, np.empty_like(self._signatures)])
            self._sizes = np.concatenate([self._sizes, np.empty_like(self._sizes)])
        self._signatures[row] = full.astype(np.uint16)
        self._sizes[row] = size
        self._ids.append(story_id)
        self._row_of[story_id] = row
        self._bands.add(row, keys)
        return row

    def group_of(self, story_id: str) -> str:
        return self._ids[self._groups[self._row_of[story_id]]]

    def groups(self) -> dict[str, list[str]]:
        """Every group of more than one story: its first story's id -> all its ids, in order."""
        members: dict[int, list[str]] = {}
        for row, group in enumerate(self._groups):
            members.setdefault(group, []).append(self._ids[row])
        return {self._ids[group]: ids for group, ids in members.items() if len(ids) > 1}

    def _best(self, full: np.ndarray, size: int, keys: np.ndarray) -> Match:
        rows = self._bands.candidates(keys)
        if not len(rows):
            return Match(NEW, "")
        jaccard = (self._signatures[rows] == full.astype(np.uint16)).sum(axis=1) / PERMUTATIONS
        sizes = self._sizes[rows]
        # |A & B| = J (|A| + |B|) / (1 + J); held whole: |A & B| over the smaller set.
        contained = jaccard * (sizes + size) / ((1 + jaccard) * np.maximum(
            np.minimum(sizes, size), 1))
        near = (jaccard >= self.threshold) | (contained >= self.contained)
        if not near.any():
            return Match(NEW, "")
        best = int(np.argmax(np.where(near, jaccard, -1.0)))
        row = int(rows[best])
        return Match(NEAR, self._ids[self._groups[row]], self._ids[row],
                     float(jaccard[best]))

    # -- the cache -----------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> None:
        keys, rows = self._bands.arrays()
        temp = Path(f"{path}.tmp")
        with open(temp, "wb") as handle:
            np.savez(handle, format=np.array([FORMAT]),
                     threshold=np.array([self.threshold, self.contained]),
                     ids=np.array(self._ids, dtype="S64"), groups=np.array(self._groups, np.int32),
                     signatures=self._signatures[:len(self._ids)],
                     sizes=self._sizes[:len(self._ids)], keys=keys, rows=rows)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> NearDuplicates | None:
        """The index saved at `path`, or None if there is none or it cannot be used (another
        format or other thresholds: its groups were made by other rules)."""
        try:
            with np.load(path, allow_pickle=False) as saved:
                if (int(saved["format"][0]) != FORMAT
                        or saved["threshold"].tolist() != [THRESHOLD, CONTAINED]):
                    return None
                index = cls()
                index._ids = [value.decode("ascii") for value in saved["ids"]]
                index._groups = saved["groups"].tolist()
                index._signatures = saved["signatures"].copy()
                index._sizes = saved["sizes"].copy()
                index._bands = BandIndex(saved["keys"].copy(), saved["rows"].copy())
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
        count = len(index._ids)
        if not len(index._signatures) == len(index._sizes) == len(index._groups) == count:
            return None
        if not count:
            index._signatures = np.empty((1024, PERMUTATIONS), np.uint16)
            index._sizes = np.empty(1024, np.int32)
        index._row_of = {story_id: row for row, story_id in enumerate(index._ids)}
        return index
