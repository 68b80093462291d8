"""Read classified lines with a look ahead, as the segmenter needs."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from .lines import _Item


class _Peekable:
    """Lines to read, with a look ahead.

    A list (a whole page, classified at once) is read by index, which is
    cheaper than pulling from a generator; any other iterable is read lazily.
    """

    def __new__(cls, items: Iterable[_Item]) -> _Peekable:
        if isinstance(items, list) and cls is _Peekable:
            return _ListPeekable(items)
        return super().__new__(cls)

    def __init__(self, items: Iterable[_Item]) -> None:
        self._items = iter(items)
        self._ahead: deque[_Item] = deque()

    def peek(self, index: int) -> _Item | None:
        while len(self._ahead) <= index:
            item = next(self._items, None)
            if item is None:
                return None
            self._ahead.append(item)
        return self._ahead[index]

    def pop(self) -> _Item | None:
        return self._ahead.popleft() if self._ahead else next(self._items, None)


class _ListPeekable(_Peekable):
    def __init__(self, items: list[_Item]) -> None:
        self._list = items
        self._next = 0

    def peek(self, index: int) -> _Item | None:
        at = self._next + index
        return self._list[at] if at < len(self._list) else None

    def pop(self) -> _Item | None:
        at = self._next
        if at >= len(self._list):
            return None
        self._next = at + 1
        return self._list[at]
