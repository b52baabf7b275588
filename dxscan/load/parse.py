"""Text -> data plus a position index, for one file.

JSON goes through the standard library's C parser, which also reports duplicate keys through its
pairs hook, and positions are found lazily (JsonPositions); YAML goes through PyYAML's C composer and a
small constructor of our own, so node marks give positions. A YAML parser on JSON text costs 50
times more (docs/performance.md), so the format is sniffed first.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

_SPACE = re.compile(r"[ \t\n\r]*")


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
    _json: JsonPositions | None = None
    _yaml_root: Any = None
    _line_starts: list[int] | None = None
    _text: str = ""

    @property
    def text(self) -> str:
        return self._text

    def position(self, tokens: tuple[str, ...]) -> tuple[int, int]:
        """1-based (line, column) of the deepest existing node along `tokens`."""
        if self.format == "yaml":
            return _yaml_position(self._yaml_root, tokens)
        return self._offset_to_line_column(self._json.offset(tokens))

    def prepare(self, many_tokens: list[tuple[str, ...]]) -> None:
        """Get ready to answer `position` for each of these: JSON indexes them in one pass."""
        if self.format == "json" and len(many_tokens) > 1:
            self._json.prepare(many_tokens)

    def _offset_to_line_column(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1


def parse_text(text: str, filename: str) -> ParsedText:
    """Parse JSON or YAML text. Raises ParseError with a line where the parser gives one."""
    text = text.removeprefix("\ufeff")
    if text.lstrip()[:1] in ("{", "["):
        return _parse_json(text)
    return _parse_yaml(text)


def _parse_json(text: str) -> ParsedText:
    repeated: list[tuple[dict[str, Any], str]] = []
    strings: dict[str, str] = {}  # one object per distinct string value (keys already are)
    same = strings.setdefault

    def build_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """A mapping whose string values are shared: GitHub's spec holds 139,000 of them but only
        13,000 distinct ones (types, formats, `$ref`s, repeated descriptions), a third of the
        memory the parsed document takes; sharing costs no measurable time."""
        mapping = {key: same(value, value) if value.__class__ is str else value for key, value in pairs}
        if len(mapping) != len(pairs):
            repeated.extend((mapping, key) for key in _repeated_keys(pairs))
        return mapping

    try:
        data = json.loads(text, object_pairs_hook=build_object)
    except json.JSONDecodeError as error:
        without_comments = _blank_comments(text)
        if without_comments != text:  # JSON with comments (tsconfig's dialect): read with the comments blanked
            return _parse_json(without_comments)
        return _parse_not_json(text, error)
    except RecursionError:
        raise ParseError("invalid JSON: nested too deeply") from None
    parsed = ParsedText(data, "json", _json=JsonPositions(text), _text=text)
    parsed.duplicates = [_json_duplicate(parsed, data, mapping, key) for mapping, key in repeated]
    return parsed


# A JSON string, or a // or /* */ comment outside one.
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/', re.DOTALL)


def _blank_comments(text: str) -> str:
    """The text with each comment replaced by spaces (its newlines kept), so every line and column
    stays where it was."""
    def blank(match: re.Match[str]) -> str:
        found = match.group()
        return found if found.startswith('"') else re.sub(r"[^\n]", " ", found)

    return _STRING_OR_COMMENT.sub(blank, text) if "/" in text else text


def _repeated_keys(pairs: list[tuple[str, Any]]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for key, _ in pairs:
        if key in seen:
            repeated.append(key)
        seen.add(key)
    return repeated


def _parse_not_json(text: str, error: json.JSONDecodeError) -> ParsedText:
    """JSON is YAML, so a document that only YAML accepts (comments, trailing commas in flow
    style) is given to YAML before it is called broken."""
    try:
        return _parse_yaml(text)
    except ExpansionError:
        raise
    except ParseError:
        raise ParseError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from None


def _json_duplicate(parsed: ParsedText, data: Any, mapping: dict[str, Any], key: str) -> DuplicateKey:
    tokens = _find_object(data, mapping)
    offset = parsed._json.last_key_offset(tokens, key)
    line, column = parsed._offset_to_line_column(offset)
    return DuplicateKey(tokens, key, line, column)


def _find_object(data: Any, target: Any) -> tuple[str, ...]:
    """The tokens that lead to `target` (by identity); () when not found."""
    pending: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while pending:
        node, tokens = pending.pop()
        if node is target:
            return tokens
        if isinstance(node, dict):
            pending.extend((value, tokens + (key,)) for key, value in node.items())
        elif isinstance(node, list):
            pending.extend((value, tokens + (str(i),)) for i, value in enumerate(node))
    return ()


class JsonPositions:
    """Finds where a pointer lands in JSON text, lazily: a container's members are indexed the
    first time a lookup passes through it, and values in between are skipped at C speed with the
    standard library's scanner. A finding needs a handful of containers, not all 300,000."""

    def __init__(self, text: str):
        self._text = text
        self._scan = json.scanner.make_scanner(json.JSONDecoder())
        self._members: dict[int, dict[str, list[tuple[int, int]]]] = {}
        self._elements: dict[int, list[int]] = {}
        self._ends: dict[int, int] = {}  # container offset -> offset just after it

    def offset(self, tokens: tuple[str, ...]) -> int:
        """Offset of the key (for a member) or value (for an element) of the deepest existing node."""
        value_at = self._skip_space(0)
        found_at = value_at
        for token in tokens:
            step = self._step(value_at, token)
            if step is None:
                break
            found_at, value_at = step
        return found_at

    def prepare(self, many_tokens: list[tuple[str, ...]]) -> None:
        """Index every container along these paths in one pass over the text.

        Looked up one by one, each level's index skips its members' values with the C scanner,
        which parses them: the text under the root is parsed again for every level of depth
        (0.2 s for 3,000 findings on Stripe's spec). Walking the paths together, a value is either
        skipped once (no path enters it) or indexed on the way (a path does).
        """
        needed: dict[str, dict] = {}
        for tokens in many_tokens:
            branch = needed
            for token in tokens:
                branch = branch.setdefault(token, {})
        start = self._skip_space(0)
        if start < len(self._text) and needed:
            self._index_along(start, needed)

    def _index_along(self, start: int, needed: dict[str, dict]) -> int:
        """Index the container at `start` and, recursively, its members named in `needed`;
        returns the offset just after the container."""
        text = self._text
        opener, closer = text[start], "}" if text[start] == "{" else "]"
        members: dict[str, list[tuple[int, int]]] = {}
        elements: list[int] = []
        index = self._skip_space(start + 1)
        while text[index] != closer:
            if opener == "{":
                key, after_key = json.decoder.scanstring(text, index + 1)
                value_at = self._skip_space(self._skip_space(after_key) + 1)
                members.setdefault(key, []).append((index, value_at))
            else:
                key, value_at = str(len(elements)), index
                elements.append(index)
            below = needed.get(key)
            if value_at in self._ends:  # indexed already: jump over it
                end = self._ends[value_at]
            elif below and text[value_at] in "{[":
                end = self._index_along(value_at, below)
            else:
                _, end = self._scan(text, value_at)
            index = self._skip_space(end)
            if text[index] == ",":
                index = self._skip_space(index + 1)
        if opener == "{":
            self._members[start] = members
        else:
            self._elements[start] = elements
        self._ends[start] = index + 1
        return index + 1

    def last_key_offset(self, tokens: tuple[str, ...], key: str) -> int:
        value_at = self._value_offset(tokens)
        if value_at is None or self._text[value_at] != "{":
            return self.offset(tokens)
        occurrences = self._object_members(value_at).get(key)
        return occurrences[-1][0] if occurrences else value_at

    def _value_offset(self, tokens: tuple[str, ...]) -> int | None:
        value_at = self._skip_space(0)
        for token in tokens:
            step = self._step(value_at, token)
            if step is None:
                return None
            value_at = step[1]
        return value_at

    def _step(self, value_at: int, token: str) -> tuple[int, int] | None:
        opener = self._text[value_at] if value_at < len(self._text) else ""
        if opener == "{":
            occurrences = self._object_members(value_at).get(token)
            return occurrences[0] if occurrences else None
        if opener == "[" and token.isdigit():
            elements = self._array_elements(value_at)
            if int(token) < len(elements):
                return elements[int(token)], elements[int(token)]
        return None

    def _object_members(self, start: int) -> dict[str, list[tuple[int, int]]]:
        if start not in self._members:
            self._index_along(start, {})
        return self._members[start]

    def _array_elements(self, start: int) -> list[int]:
        if start not in self._elements:
            self._index_along(start, {})
        return self._elements[start]

    def _skip_space(self, index: int) -> int:
        return _SPACE.match(self._text, index).end()


# --- YAML -------------------------------------------------------------------------------------

class _Loader(yaml.CSafeLoader):
    """The C loader without YAML 1.1's timestamp resolution: OpenAPI values stay JSON values.

    Resolving a plain scalar's tag runs a list of regular expressions in Python, and it was a
    third of the time on DigitalOcean's 2,900 files; the same words (`type`, `string`,
    `description`) come back thousands of times, so answers are remembered per process."""

    _resolved: ClassVar[dict[tuple[type, str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or len(value) > 64:
            return super().resolve(kind, value, implicit)
        key = (kind, value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
        return tag


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}

_SCALAR_TAGS = {
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:null": "construct_yaml_null",
}


def _parse_yaml(text: str) -> ParsedText:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error) from None
    except yaml.YAMLError as error:
        raise ParseError(f"invalid YAML: {str(error).splitlines()[0]}") from None
    finally:
        loader.dispose()
    if node is None:
        raise ParseError("the file is empty")
    builder = _YamlBuilder(loader)
    data = builder.build(node, ())
    if builder.shared:
        _check_alias_budget(data, text)
    return ParsedText(data, "yaml", builder.duplicates, _yaml_root=node, _text=text)


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


def _check_alias_budget(data: Any, text: str) -> None:
    own, walked = tree_size(data)
    if walked is not None and walked <= expansion_limit(own):
        return
    line, column = _first_alias(text)
    if walked is None:
        raise ExpansionError("YAML alias names a node that contains it (a recursive alias has no JSON form)", line, column)
    raise ExpansionError(f"YAML aliases expand {own:,} nodes to {walked:,}, over the limit of {expansion_limit(own):,}"
                         " (an alias bomb?); not read", line, column)


def _first_alias(text: str) -> tuple[int | None, int | None]:
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1, event.start_mark.column + 1
    return None, None


def _yaml_error(error: yaml.MarkedYAMLError) -> ParseError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "cannot parse"
    if mark is None:
        return ParseError(f"invalid YAML: {problem}")
    return ParseError(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1)


class _YamlBuilder:
    """Builds plain dicts/lists from composed nodes. Mapping keys become strings, as in JSON,
    so `200:` and `"200":` are the same response. Aliases share one object."""

    def __init__(self, loader: yaml.CSafeLoader):
        self._loader = loader
        self._built: dict[int, Any] = {}
        self.duplicates: list[DuplicateKey] = []
        self.shared = False  # an alias or merge key named a container built already

    def build(self, node: yaml.Node, tokens: tuple[str, ...]) -> Any:
        if id(node) in self._built:
            self.shared = True
            return self._built[id(node)]
        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, tokens)
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self._built[id(node)] = items
            items.extend(self.build(item, tokens + (str(i),)) for i, item in enumerate(node.value))
            return items
        return self._scalar(node)

    def _build_mapping(self, node: yaml.MappingNode, tokens: tuple[str, ...]) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        self._built[id(node)] = mapping
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._merge(mapping, value_node, tokens)
                continue
            key = _key_text(key_node)
            if key in mapping:
                mark = key_node.start_mark
                self.duplicates.append(DuplicateKey(tokens, key, mark.line + 1, mark.column + 1))
            mapping[key] = self.build(value_node, tokens + (key,))
        return mapping

    def _merge(self, mapping: dict[str, Any], value_node: yaml.Node, tokens: tuple[str, ...]) -> None:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            merged = self.build(source, tokens)
            if isinstance(merged, dict):
                for key, value in merged.items():
                    mapping.setdefault(key, value)

    def _scalar(self, node: yaml.Node) -> Any:
        method = _SCALAR_TAGS.get(node.tag)
        if method is None:
            return node.value
        try:
            return getattr(self._loader, method)(node)
        except (ValueError, yaml.YAMLError):
            return node.value


def _key_text(key_node: yaml.Node) -> str:
    if isinstance(key_node, yaml.ScalarNode):
        if key_node.tag == "tag:yaml.org,2002:null":
            return "null"
        return key_node.value
    return yaml.serialize(key_node).strip()


def _yaml_position(node: Any, tokens: tuple[str, ...]) -> tuple[int, int]:
    mark = node.start_mark
    for token in tokens:
        found = _yaml_child(node, token)
        if found is None:
            break
        mark, node = found
    return mark.line + 1, mark.column + 1


def _yaml_child(node: Any, token: str) -> tuple[Any, Any] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == token:
                return key_node.start_mark, value_node
        return None
    if isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
        item = node.value[int(token)]
        return item.start_mark, item
    return None
