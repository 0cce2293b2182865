"""Pausing cyclic garbage collection: nestable, thread-safe, always resumed."""
from __future__ import annotations

import gc
import threading

import pytest

from duban.gc_pause import paused_gc


def test_garbage_collection_pauses_nest_and_always_resume():
    assert gc.isenabled()
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), paused_gc():
        1 / 0
    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def other_session():
        with paused_gc():
            inside.set()
            release.wait(5)
    thread = threading.Thread(target=other_session)
    thread.start()
    inside.wait(5)
    with paused_gc():
        pass
    assert not gc.isenabled()  # this pause ended, the other session's has not
    release.set()
    thread.join()
    assert gc.isenabled()
