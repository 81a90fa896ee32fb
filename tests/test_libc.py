"""desk.libc finds a C library function by name, or says there is none."""

import sys

import pytest

from desk.libc import libc_function


def test_a_function_the_c_library_lacks_is_none():
    assert libc_function("desk_no_such_function") is None


def test_off_linux_there_is_none(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert libc_function("syncfs") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs and prctl are Linux's")
def test_on_linux_syncfs_and_prctl_are_found():
    assert libc_function("syncfs") is not None and libc_function("prctl") is not None
