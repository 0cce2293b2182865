"""A sheet's cells by column (a grid), as the two ways of reading a workbook give them (stdlib only)."""
from __future__ import annotations


class Grid:
    """A sheet's cells by column from A1: Arrow text arrays (the fast read) or lists of values as read.

    The fast read (fastexcel) gives every cell as text, dates as ``2024-03-05 00:00:00``, and never
    makes a Python object per cell; the fallback read (python-calamine) gives Python values.
    """

    def __init__(self, columns: list, height: int):
        self.columns = columns  # each a pyarrow.Array of text or a list of values, ``height`` long
        self.height = height

    @classmethod
    def from_rows(cls, rows: list[list]) -> Grid:
        """Grid of rows as read (short rows padded with None)."""
        width = max(map(len, rows), default=0)
        padded = [row if len(row) == width else [*row, *[None] * (width - len(row))] for row in rows]
        return cls([list(column) for column in zip(*padded)], len(rows))

    @property
    def width(self) -> int:
        return len(self.columns)

    def column(self, index: int, start: int = 0):
        """One column from row start on."""
        column = self.columns[index]
        return column[start:] if start else column

    def value(self, row: int, column: int) -> object:
        """The value of one cell (0-based)."""
        cell = self.columns[column][row]
        return cell.as_py() if hasattr(cell, "as_py") else cell

    def head(self, count: int) -> list[list]:
        """The first count rows as lists of values."""
        columns = [c[:count].to_pylist() if hasattr(c, "to_pylist") else c[:count] for c in self.columns]
        return [list(row) for row in zip(*columns)] if columns else [[] for _ in range(min(count, self.height))]

    def truncated(self, height: int) -> Grid:
        """The first height rows."""
        return self if height >= self.height else Grid([c[:height] for c in self.columns], height)
