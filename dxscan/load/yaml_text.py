"""YAML text -> data plus a position index (`parse.parse_text` sends YAML here, and only then is
PyYAML imported)."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

import yaml

from dxscan.load.text import DuplicateKey, ExpansionError, ParsedText, ParseError, expansion_limit, tree_size

# libyaml (PyYAML's C parser) reads the text; its events are turned into dicts and lists by one
# loop here, without composing PyYAML's node tree. The tree held a node object and two marks per
# value: scanning a document of 10^6 keys took 2.8 times the memory and twice the CPU of the same
# document as JSON (benchmarks/yaml_cost.py; 1.03x and 1.18x now). What positions need is kept in
# YamlPositions instead, a few compact arrays.

class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1's implicit types without timestamps: OpenAPI values stay JSON values
    (`version: 2024-05-01` is a string)."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_RESOLVER = _Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
}
try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # a PyYAML built without libyaml: the same events, slower
    _Parser = yaml.SafeLoader
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_MISSING = object()


def _scalar(tag: str, text: str) -> Any:
    """A scalar's value: ints, floats, booleans and nulls as YAML 1.1 constructs them; strings and
    unknown tags as the text."""
    construct = _SCALAR_TAGS.get(tag)
    if construct is None:
        return text
    try:
        return construct(yaml.ScalarNode(tag, text))
    except (ValueError, yaml.YAMLError):
        return text


def _plain_scalar(text: str) -> Any:
    """The value of an untagged plain scalar (`200`, `true`, `~`, `string`). No implicit type
    but the timestamp (left out) allows a space, and the words (`false`, `null`) have at most five
    letters: descriptions and names skip the regular expressions."""
    if " " in text or text[:1] not in _RESOLVER.yaml_implicit_resolvers or (len(text) > 5 and text[0].isalpha()):
        return text
    return _scalar(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)), text)


class YamlPositions:
    """Where each mapping key and sequence item of a YAML document starts, in a few arrays: per
    entry (a key or an item) its key text, its mark and the entry before it in its container; per
    container whether it is a mapping, its last entry and the entry it hangs from. Which container
    an entry's value is gets worked out on the first lookup (aliases recorded as they come).

    A lookup walks the entries as a walk over PyYAML's composed nodes would: a key matches by its
    text as written (`~`, `'200'`), the first of duplicate keys wins, `<<` is a key like any other,
    and an alias leads to (and is placed at) the node it names."""

    def __init__(self) -> None:
        self.keys: list[str | None] = []  # per entry: a mapping key's text; None for items and complex keys
        self.marks = array("q")  # per entry: line << 32 | column, 0-based
        self.previous = array("i")  # per entry: the entry before it in its container, or -1
        self.is_mapping = bytearray()  # per container
        self.lasts = array("i")  # per container: its last entry, or -1
        self.owners = array("i")  # per container: the entry whose value it is (-1 for the root)
        self.aliases: dict[int, int] = {}  # entry -> the container an alias there names
        self.root_mark = 0
        self.root = -1  # the root container, or -1 when the document is a scalar
        self._children: array[int] | None = None  # per entry: the container its value is, or -1
        self._members: dict[int, dict[str, int] | list[int]] = {}

    def position(self, tokens: tuple[str, ...]) -> tuple[int, int]:
        """1-based (line, column) of the deepest node along `tokens`."""
        if self._children is None:
            self._children = self._find_children()
        mark, container = self.root_mark, self.root
        for token in tokens:
            entry = self._entry(container, token) if container >= 0 else -1
            if entry < 0:
                break
            mark, container = self.marks[entry], self._children[entry]
        return (mark >> 32) + 1, (mark & 0xFFFFFFFF) + 1

    def _find_children(self) -> array[int]:
        children = array("i", [-1]) * len(self.marks)
        for number, owner in enumerate(self.owners):
            if owner >= 0:
                children[owner] = number
        for entry, number in self.aliases.items():
            children[entry] = number
        return children

    def _entry(self, container: int, token: str) -> int:
        members = self._members.get(container)
        if members is None:
            members = self._members[container] = self._index(container)
        if members.__class__ is dict:
            return members.get(token, -1)
        if token.isascii() and token.isdigit() and int(token) < len(members):
            return members[int(token)]
        return -1

    def _index(self, container: int) -> dict[str, int] | list[int]:
        """A container's entries, indexed the first time a lookup passes through it: by key (the
        first of duplicates) for a mapping, in order for a sequence."""
        entries = []
        entry = self.lasts[container]
        while entry >= 0:
            entries.append(entry)
            entry = self.previous[entry]
        entries.reverse()
        if not self.is_mapping[container]:
            return entries
        members: dict[str, int] = {}
        for entry in entries:
            key = self.keys[entry]
            if key is not None:
                members.setdefault(key, entry)
        return members


# The frame of a container being built: a list, indexed by these. PENDING is what the container
# being built inside it is for: its next key (a complex key) or a merge (`<<: {...}` or `<<: [...]`).
_CONTAINER, _IS_MAP, _WANT_KEY, _KEY, _PENDING, _LAST, _NUMBER, _MERGED, _FLOW = range(9)
_FOR_KEY, _FOR_MERGE = 1, 2


class _YamlReader:
    """Builds plain dicts and lists from the parser's events. Mapping keys become strings, as in
    JSON, so `200:` and `"200":` are the same response; aliases share one object; merge keys
    merge (explicit keys win, wherever they are). Records duplicate keys, whether an alias named a
    container, and where the first alias is."""

    def __init__(self) -> None:
        self.positions = YamlPositions()
        self.duplicates: list[DuplicateKey] = []
        self.shared = False
        self.first_alias: tuple[int | None, int | None] = (None, None)
        self._anchors: dict[str, tuple[Any, int, int, str | None]] = {}  # name -> value, mark, container, key text
        self._stack: list[list[Any] | None] = []
        self._strings: dict[str, str] = {}  # one object per distinct string, as for JSON

    def read(self, next_event: Callable[[], Any]) -> Any:
        """The document's data, from its events (libyaml's order: one document in a stream).

        The common events (a plain key, a scalar value, an item) are handled inline: this loop is
        most of the time YAML takes, and a method call per event was a third of it."""
        root: Any = _MISSING
        documents = 0
        stack, plain = self._stack, {}  # plain: a plain scalar's text -> its value, for this file
        same = self._strings.setdefault
        positions = self.positions
        add_key, add_mark, add_previous = positions.keys.append, positions.marks.append, positions.previous.append
        marks = positions.marks
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        top: list[Any] | None = None
        while True:
            event = next_event()
            kind = event.__class__
            if kind is scalar_event:
                text, tag = event.value, event.tag
                if tag is None or tag == "!":
                    if event.implicit[0]:
                        value = plain.get(text, _MISSING)
                        if value is _MISSING:
                            value = plain[text] = _plain_scalar(text)
                        is_null, is_merge = value is None, text == "<<"
                    else:
                        value, is_null, is_merge = same(text, text), False, False
                else:
                    value, is_null, is_merge = _scalar(tag, text), tag == _NULL, tag == _MERGE
                if event.anchor is not None:
                    self._scalar_anchor(event, value, is_null)
                if top is not None and top[_IS_MAP] and not top[_WANT_KEY]:  # a mapping's value: no mark needed
                    if top[_PENDING]:
                        self._merge(top, value)
                    else:
                        top[_CONTAINER][top[_KEY]] = value
                        top[_WANT_KEY] = True
                    continue
                mark = event.start_mark
                at = mark.line << 32 | mark.column
                if top is None:
                    root, positions.root_mark = value, at
                    continue
                if top[_IS_MAP]:
                    text = value if value.__class__ is str else same(text, text)
                    add_key(text)
                    add_mark(at)
                    add_previous(top[_LAST])
                    top[_LAST] = len(marks) - 1
                    key = "null" if is_null else text
                    if is_merge or key in top[_CONTAINER]:
                        self._key(top, key, at, is_merge)
                    else:
                        top[_WANT_KEY], top[_KEY] = False, key
                else:
                    top[_CONTAINER].append(value)
                    add_key(None)
                    add_mark(at)
                    add_previous(top[_LAST])
                    top[_LAST] = len(marks) - 1
            elif kind is mapping_start or kind is sequence_start:
                is_map = kind is mapping_start
                new = self._start(top, event, is_map)
                if top is None:
                    root = new
                stack.append(top)
                top = [new, is_map, True, None, 0, -1, len(positions.is_mapping) - 1, None, event.flow_style]
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                finished, flow = top[_CONTAINER], top[_FLOW]
                positions.lasts[top[_NUMBER]] = top[_LAST]
                top = stack.pop()
                if top is not None and top[_PENDING]:
                    self._end(top, finished, flow)
            elif kind is yaml.AliasEvent:
                self._alias(top, event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise ParseError("invalid YAML: expected a single document, but found another", *_one_based(event.start_mark))
            elif kind is yaml.StreamEndEvent:
                if root is _MISSING:
                    raise ParseError("the file is empty")
                return root

    def _scalar_anchor(self, event: Any, value: Any, is_null: bool) -> None:
        text = value if value.__class__ is str else self._strings.setdefault(event.value, event.value)
        mark = event.start_mark
        self._anchors[event.anchor] = (value, mark.line << 32 | mark.column, -1, "null" if is_null else text)

    def _key(self, top: list[Any], key: str, at: int, is_merge: bool) -> None:
        """A key has arrived in the mapping of `top` (its entry added already)."""
        top[_WANT_KEY] = False
        if is_merge:
            top[_PENDING] = _FOR_MERGE
            return
        top[_KEY] = key
        if key not in top[_CONTAINER]:
            return
        merged = top[_MERGED]
        if merged is not None and key in merged:
            merged.discard(key)  # an explicit key over a merged one: what merging is for
            return
        self.duplicates.append(DuplicateKey(self._tokens(), key, (at >> 32) + 1, (at & 0xFFFFFFFF) + 1))

    def _value(self, top: list[Any], value: Any, at: int, child: int) -> int:
        """A container or an alias's target has arrived in `top`'s container: the entry it hangs from."""
        if not top[_IS_MAP]:
            top[_CONTAINER].append(value)
            return self._add_entry(top, None, at)
        if top[_PENDING] == _FOR_MERGE:
            if value is not _NEW:
                self._merge(top, value)
        else:
            top[_CONTAINER][top[_KEY]] = value
            top[_WANT_KEY] = True
        return top[_LAST]

    def _start(self, top: list[Any] | None, event: Any, is_map: bool) -> dict[str, Any] | list[Any]:
        new: dict[str, Any] | list[Any] = {} if is_map else []
        positions = self.positions
        number = len(positions.is_mapping)
        positions.is_mapping.append(is_map)
        positions.lasts.append(-1)
        mark = event.start_mark
        at = mark.line << 32 | mark.column
        if event.anchor is not None:
            self._anchors[event.anchor] = (new, at, number, None)
        if top is None:
            positions.root, positions.root_mark = number, at
            owner = -1
        elif top[_IS_MAP] and top[_WANT_KEY]:
            self._add_entry(top, None, at)  # a complex key: its text is known at its end
            top[_PENDING] = _FOR_KEY
            owner = -1  # the entry leads to the key's value, not to the key
        else:
            owner = self._value(top, _NEW if top[_PENDING] == _FOR_MERGE else new, at, number)
        positions.owners.append(owner)
        return new

    def _end(self, top: list[Any], finished: dict[str, Any] | list[Any], flow: bool | None) -> None:
        """The container built for `top`'s complex key or merge is complete."""
        if top[_PENDING] == _FOR_MERGE:
            self._merge(top, finished)
            return
        top[_PENDING] = 0
        self._key(top, _complex_key(finished, flow), self.positions.marks[top[_LAST]], False)

    def _alias(self, top: list[Any] | None, event: Any) -> None:
        found = self._anchors.get(event.anchor)
        if found is None or top is None:
            raise ParseError(f"invalid YAML: found undefined alias {event.anchor!r}", *_one_based(event.start_mark))
        if self.first_alias == (None, None):
            self.first_alias = _one_based(event.start_mark)
        value, at, number, key_text = found
        self.shared = self.shared or number >= 0
        if top[_IS_MAP] and top[_WANT_KEY]:
            self._add_entry(top, key_text, at)
            self._key(top, key_text if key_text is not None else _complex_key(value, True), at, False)
            return
        entry = self._value(top, value, at, number)
        if number >= 0:
            self.positions.aliases[entry] = number

    def _merge(self, top: list[Any], value: Any) -> None:
        """`<<: value`: the keys of each mapping named that the mapping lacks so far."""
        top[_PENDING] = 0
        top[_WANT_KEY] = True
        mapping = top[_CONTAINER]
        if top[_MERGED] is None:
            top[_MERGED] = set()
        merged = top[_MERGED]
        for source in value if value.__class__ is list else [value]:
            if source.__class__ is not dict:
                continue
            for key, item in source.items():
                if key not in mapping:
                    mapping[key] = item
                    merged.add(key)

    def _add_entry(self, top: list[Any], text: str | None, at: int) -> int:
        positions = self.positions
        positions.keys.append(text)
        positions.marks.append(at)
        positions.previous.append(top[_LAST])
        top[_LAST] = len(positions.marks) - 1
        return top[_LAST]

    def _tokens(self) -> tuple[str, ...]:
        """The tokens that lead to the mapping being built (for a merged source: to the mapping
        it merges into)."""
        tokens: list[str] = []
        frames = self._stack[1:]  # the first is None: above the root
        for index, frame in enumerate(frames):
            if frame[_PENDING] or (index and not frame[_IS_MAP] and frames[index - 1][_PENDING] == _FOR_MERGE):
                continue
            tokens.append(frame[_KEY] if frame[_IS_MAP] else str(len(frame[_CONTAINER]) - 1))
        return tuple(tokens)


_NEW = object()  # a container that merges once complete


def _complex_key(key: Any, flow: bool | None) -> str:
    """A mapping or sequence used as a key, as text (`? [a, b]` -> `[a, b]`)."""
    return yaml.safe_dump(key, default_flow_style=flow, sort_keys=False).strip()


def _one_based(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def parse_yaml(text: str) -> ParsedText:
    parser = _Parser(text)
    reader = _YamlReader()
    try:
        data = reader.read(parser.get_event)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error) from None
    except yaml.YAMLError as error:
        raise ParseError(f"invalid YAML: {str(error).splitlines()[0]}") from None
    finally:
        parser.dispose()
    if reader.shared:
        _check_alias_budget(data, reader.first_alias)
    return ParsedText(data, "yaml", reader.duplicates, _yaml=reader.positions, _text=text)


def _check_alias_budget(data: Any, first_alias: tuple[int | None, int | None]) -> None:
    own, walked = tree_size(data)
    if walked is not None and walked <= expansion_limit(own):
        return
    if walked is None:
        raise ExpansionError("YAML alias names a node that contains it (a recursive alias has no JSON form)", *first_alias)
    raise ExpansionError(f"YAML aliases expand {own:,} nodes to {walked:,}, over the limit of {expansion_limit(own):,}"
                         " (an alias bomb?); not read", *first_alias)


def _yaml_error(error: yaml.MarkedYAMLError) -> ParseError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "cannot parse"
    if mark is None:
        return ParseError(f"invalid YAML: {problem}")
    return ParseError(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1)
