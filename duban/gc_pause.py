"""Cyclic garbage collection paused around work that creates many objects at once (stdlib only)."""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def paused_gc():
    """Cyclic garbage collection paused while a register is read and analysed (nestable, thread-safe).

    Reading and analysing create many objects at once (a list per row in the python-calamine fallback, a
    string per distinct cell, the JSON pieces); every few hundred of them the collector would walk every
    object alive, again and again (a tenth of the time at 100,000 rows). Reference counting still frees
    everything as usual; only cycles wait until the pause ends.
    """
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
