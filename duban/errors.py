"""The one error type the office sees: its message is a Chinese sentence saying what to fix."""
from __future__ import annotations


class DubanError(ValueError):
    """Bad input from the office (file, date, config); str(error) is shown as it is."""


class ReadError(DubanError):
    """The file cannot be used at all; the message is one Chinese sentence for the office."""


class ColumnsNeeded(ReadError):
    """No sheet showed which column is the task or the unit: the office is asked to choose them.

    sheets: per sheet, its name, layout key and columns (letter, header, first values, best guess);
    found: the sentence saying which columns were found and which is missing (the message without the
    command line's hint).
    """

    def __init__(self, message: str, sheets: list[dict], found: str = ""):
        super().__init__(message)
        self.sheets = sheets
        self.found = found or message

    def __reduce__(self):  # pickled across the page's cache like any other error
        return (type(self), (str(self), self.sheets, self.found))
