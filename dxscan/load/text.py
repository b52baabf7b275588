"""What parsing one file gives, whichever its format: the data, its duplicate keys, a way back from
a pointer to a line (`parse` reads JSON, `yaml_text` YAML), and the budget for shared nodes."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any


class ParseError(Exception):
    """The text is not JSON or YAML; carries the 1-based line and column where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class DuplicateKey:
    tokens: tuple[str, ...]
    key: str
    line: int
    column: int


@dataclass
class ParsedText:
    """One file's data, its format, and a way back from a pointer to a line."""

    data: Any
    format: str  # "json" or "yaml"
    duplicates: list[DuplicateKey] = field(default_factory=list)
    _json: Any = None  # parse.JsonPositions
    _yaml: Any = None  # yaml_text.YamlPositions
    _line_starts: list[int] | None = None
    _text: str = ""

    @property
    def text(self) -> str:
        return self._text

    def position(self, tokens: tuple[str, ...]) -> tuple[int, int]:
        """1-based (line, column) of the deepest existing node along `tokens`."""
        if self.format == "yaml":
            return self._yaml.position(tokens)
        return self._offset_to_line_column(self._json.offset(tokens))

    def positions(self, many_tokens: list[tuple[str, ...]]) -> list[tuple[int, int]]:
        """`position` of each of these. JSON finds their offsets in one pass over the text and
        turns them into lines in one more, in the order of the text."""
        if self.format == "yaml":
            return [self._yaml.position(tokens) for tokens in many_tokens]
        if len(many_tokens) < 2:
            return [self.position(tokens) for tokens in many_tokens]
        offsets = self._json.offsets(many_tokens)
        where = self._lines_and_columns(offsets)
        return [where[offset] for offset in offsets]

    def _lines_and_columns(self, offsets: list[int]) -> dict[int, tuple[int, int]]:
        """(line, column) of each offset, counting the newlines between one offset and the next
        in C (`str.count`) instead of listing every line's start: the 20x Stripe copy's text is
        one line of 53 MB (its 44,000 offsets are columns of line 1 at once), and a
        pretty-printed text of that size has millions of lines."""
        text = self._text
        first_break = text.find("\n")
        if first_break == -1 or first_break >= max(offsets):  # all on the first line: a generated, compact text
            return {offset: (1, offset + 1) for offset in offsets}
        where: dict[int, tuple[int, int]] = {}
        line, line_start, previous = 1, 0, 0
        for offset in sorted(set(offsets)):
            newlines = text.count("\n", previous, offset)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", previous, offset) + 1
            where[offset] = (line, offset - line_start + 1)
            previous = offset
        return where

    def forget_text(self) -> None:
        """Let go of the text and the position index (a few objects, freed at once), for a process
        that keeps the data until it exits (`scan.pipeline`); `position` cannot answer after it."""
        self._text, self._json, self._yaml, self._line_starts = "", None, None, None

    def _offset_to_line_column(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1


# Aliases share one object, but every later stage walks the document as a tree: a 1.2 KB "billion
# laughs" (nine anchors, each mapping naming the previous one nine times) is 387 million nodes to
# them. A document may expand to this many times its own nodes (and at least EXPANSION_FLOOR more).
EXPANSION_MULTIPLE = 10
EXPANSION_FLOOR = 100_000


class ExpansionError(ParseError):
    """Shared nodes (YAML aliases, a file inlined many times) expand past the budget."""


def expansion_limit(own: int) -> int:
    return max(EXPANSION_MULTIPLE * own, own + EXPANSION_FLOOR)


def tree_size(data: Any) -> tuple[int, int | None]:
    """(nodes stored, nodes in the tree every walk sees), counting each key and value; shared
    objects are stored once but walked once per place they appear. The walked size is None when
    an object contains itself (a recursive alias), which no walk would finish.

    One pass over the stored objects, remembering each container's walked size by identity."""
    sizes: dict[int, int] = {}
    open_now: set[int] = set()
    own = 0
    pending: list[tuple[Any, bool]] = [(data, False)]
    while pending:
        node, finished = pending.pop()
        key = id(node)
        if finished:
            open_now.discard(key)
            children = node.values() if isinstance(node, dict) else node
            sizes[key] = 1 + len(node) * isinstance(node, dict) + sum(
                sizes.get(id(child), 1) if isinstance(child, (dict, list)) else 1 for child in children)
            continue
        if key in sizes:
            continue
        if key in open_now:
            return own, None
        open_now.add(key)
        own += 1 + (len(node) if isinstance(node, dict) else 0)
        pending.append((node, True))
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                pending.append((child, False))
            else:
                own += 1
    return own, sizes[id(data)] if isinstance(data, (dict, list)) else 1
