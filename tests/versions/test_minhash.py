"""desk's MinHash is datasketch's affine32 MinHash, value for value, without importing
datasketch (whose package pulls in scipy: ~0.5 s in every process that reads files)."""

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.versions.shingles import PERMUTATIONS, PERMUTATIONS_FILE, distinct, shingle_hashes, sketch

datasketch = pytest.importorskip("datasketch", reason="datasketch (the test extra) is the "
                                 "reference the signatures are checked against")


def reference(text: str) -> np.ndarray:
    shingles = np.unique(shingle_hashes(text))
    minhash = datasketch.MinHash(num_perm=PERMUTATIONS, seed=1, hashfunc=int,
                                 scheme="affine32")
    minhash.update_batch(shingles.tolist())
    return minhash.hashvalues


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc def ghi, jkl. “mno” pqr ’s")), max_size=400))
def test_signature_is_datasketchs(text):
    signature, count = sketch(text)
    assert signature.dtype == np.uint32
    assert np.array_equal(signature, reference(text))
    assert count == len(np.unique(shingle_hashes(text)))


def test_a_real_paragraph_and_an_empty_text():
    text = ("The minister said the plan would cut waiting times by half, and that "
            "hospitals would get the money in April, a year earlier than promised.")
    assert np.array_equal(sketch(text)[0], reference(text))
    assert np.array_equal(sketch("")[0], reference(""))
    assert sketch("")[1] == 0


def test_sketching_imports_no_datasketch_scipy_nor_numpy_random():
    """numpy.random alone takes ~6 ms to import: the permutations are kept drawn."""
    code = ("import sys; from desk.versions import sketch; sketch('one two three four'); "
            "print(sorted(m for m in ('datasketch', 'scipy', 'numpy.random') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_the_kept_permutations_are_datasketchs_draw():
    """datasketch's affine32 permutations, seed 1, drawn as it draws them: odd multipliers,
    then offsets."""
    draw = np.random.RandomState(1)
    multipliers = draw.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) \
        + np.uint32(1)
    offsets = draw.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    kept = np.load(PERMUTATIONS_FILE)
    assert kept.dtype == np.uint32
    assert np.array_equal(kept, [multipliers, offsets])


@given(st.lists(st.integers(0, 2**32 - 1), max_size=300))
def test_distinct_is_np_unique(values):
    array = np.array(values, np.uint32)
    assert np.array_equal(distinct(array), np.unique(array))


def test_finding_candidates_imports_no_numpy_ma():
    """np.unique imports numpy.ma on its first call (~20 ms, in an ingest's first batch):
    the band index's candidates come out of `distinct` instead."""
    code = ("import sys, numpy as np; from desk.versions.bands import BandIndex; "
            "index = BandIndex(); keys = np.arange(42, dtype=np.uint64); index.add(1, keys); "
            "index.add(2, keys); index._merge(); index.add(3, keys); index.candidates(keys); "
            "print('numpy.ma' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
