"""The one error type the office sees: its message is a Chinese sentence saying what to fix."""
from __future__ import annotations


class DubanError(ValueError):
    """Bad input from the office (file, date, config); str(error) is shown as it is."""


class ReadError(DubanError):
    """The file cannot be used at all; the message is one Chinese sentence for the office."""
