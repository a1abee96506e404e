"""Typed reading of a parsed TOML document, with errors that point at a line.

tomllib reports a position only for syntax errors. A value that parses but makes no sense
(a minimum above its maximum, a missing source) still needs a line number, or the clinic
admin is left searching the file; so `key_lines` finds where each key is written by
scanning the text, tracking `[table]` and `[[array]]` headers.
"""

import re
import tomllib
from collections.abc import Iterator, Mapping

from mesoclinic.domain.errors import ProtocolError

Key = tuple[str, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SYNTAX_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_SYNTAX_AT_END = re.compile(r"\s*\(at end of document\)$")


def _read_key(text: str) -> tuple[Key, str] | None:
    """Split a (dotted) key from the start of `text`; None if it does not start with one.

    Quoted keys are taken verbatim, escapes included: protocol files do not need them.
    """
    parts: list[str] = []
    rest = text.lstrip()
    while True:
        if rest[:1] in ('"', "'"):
            end = rest.find(rest[0], 1)
            if end < 0:
                return None
            parts.append(rest[1:end])
            rest = rest[end + 1 :].lstrip()
        else:
            match = _BARE_KEY.match(rest)
            if match is None:
                return None
            parts.append(match.group())
            rest = rest[match.end() :].lstrip()
        if not rest.startswith("."):
            return tuple(parts), rest
        rest = rest[1:].lstrip()


def key_lines(text: str) -> dict[Key, int]:
    """The first line (1-based) where each table header or key is written, by full path.

    Array-of-tables entries get their index as a path part: the second `[[a]]` is ("a", "1").
    """
    found: dict[Key, int] = {}
    table: Key = ()
    array_sizes: dict[Key, int] = {}
    open_multiline: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if open_multiline is not None:
            # Inside a multi-line string a line like `a = 1` is text, not a key.
            if line.count(open_multiline) % 2 == 1:
                open_multiline = None
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            header = _read_key(line[2:])
            if header is not None:
                name = header[0]
                index = array_sizes.get(name, 0)
                array_sizes[name] = index + 1
                table = (*name, str(index))
                found.setdefault(name, number)
                found.setdefault(table, number)
            continue
        if line.startswith("["):
            header = _read_key(line[1:])
            if header is not None:
                table = header[0]
                found.setdefault(table, number)
            continue
        key = _read_key(line)
        if key is None or not key[1].startswith("="):
            continue
        found.setdefault((*table, *key[0]), number)
        value = key[1][1:]
        for quotes in ('"""', "'''"):
            if value.count(quotes) % 2 == 1:
                open_multiline = quotes
    return found


def line_of(lines: Mapping[Key, int], path: Key) -> int | None:
    """The line of `path`, or of its nearest written parent (a missing key is reported at
    the table that should hold it; a value inside an inline table at that table's line)."""
    for length in range(len(path), 0, -1):
        prefix = path[:length]
        if prefix in lines:
            return lines[prefix]
        # A table only implied by a deeper header ([a.b.c] implies a.b).
        deeper = [line for key, line in lines.items() if key[:length] == prefix]
        if deeper:
            return min(deeper)
    return None


def syntax_error(err: tomllib.TOMLDecodeError, text: str, path: str) -> ProtocolError:
    """Turn tomllib's "Invalid value (at line 3, column 9)" into path:3: reason."""
    message = str(err)
    position = _SYNTAX_POSITION.search(message)
    if position is not None:
        line: int | None = int(position.group(1))
        detail = f"{message[: position.start()]} at column {position.group(2)}"
    elif _SYNTAX_AT_END.search(message) is not None:
        line = max(1, len(text.splitlines()))
        detail = f"{_SYNTAX_AT_END.sub('', message)} at the end of the file"
    else:
        line, detail = None, message
    return ProtocolError(path, line, f"TOML syntax error: {detail}")


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class TomlDocument:
    """The text of one file, for locating keys and making errors about it."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self._lines = key_lines(text)

    def error(self, at: Key, reason: str) -> ProtocolError:
        return ProtocolError(self.path, line_of(self._lines, at), reason)


class TomlTable:
    """One table of the document, read with type checks.

    It remembers which keys were read, so `finish()` can refuse keys nobody reads: a typo
    such as `mx = 15` must fail loudly, not leave the maximum silently unset.
    """

    def __init__(self, document: TomlDocument, data: Mapping[str, object], path: Key) -> None:
        self.document = document
        self.path = path
        self._data = data
        self._known: dict[str, None] = {}  # insertion-ordered set

    @property
    def name(self) -> str:
        return ".".join(self.path) if self.path else "the top level"

    def dotted(self, key: str) -> str:
        return ".".join((*self.path, key))

    def error(self, reason: str, key: str | None = None) -> ProtocolError:
        return self.document.error(self.path if key is None else (*self.path, key), reason)

    def has(self, key: str) -> bool:
        # Asking about a key makes it a known one, so `finish()` lists it as expected.
        self._known[key] = None
        return key in self._data

    def names(self) -> list[str]:
        self._known.update(dict.fromkeys(self._data))
        return list(self._data)

    def _get(self, key: str) -> object:
        self._known[key] = None
        if key not in self._data:
            if not self.path:
                raise self.error(f"missing table [{key}]")
            raise self.error(f"{self.name} is missing '{key}'")
        return self._data[key]

    def _wrong_type(self, key: str, wanted: str, value: object) -> ProtocolError:
        return self.error(f"{self.dotted(key)} must be {wanted}, not {_kind_of(value)}", key)

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._wrong_type(key, "text in quotes", value)
        if not value.strip():
            raise self.error(f"{self.dotted(key)} must not be empty", key)
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def flag(self, key: str, default: bool | None = None) -> bool:
        """A true/false value; required unless a default is given."""
        if default is not None and not self.has(key):
            return default
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._wrong_type(key, "true or false", value)
        return value

    def whole_number(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong_type(key, "a whole number", value)
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._wrong_type(key, "a list of texts", value)
        return tuple(str(v) for v in value)

    def table(self, key: str) -> "TomlTable":
        value = self._get(key)
        if not isinstance(value, dict):
            raise self._wrong_type(key, "a table", value)
        return TomlTable(self.document, value, (*self.path, key))

    def optional_table(self, key: str) -> "TomlTable | None":
        return self.table(key) if self.has(key) else None

    def subtables(self) -> Iterator[tuple[str, "TomlTable"]]:
        """Every entry, each of which must be a table, in file order."""
        for key in self.names():
            yield key, self.table(key)

    def finish(self) -> None:
        unknown = [key for key in self._data if key not in self._known]
        if unknown:
            expected = ", ".join(self._known) or "nothing"
            raise self.error(
                f"unknown key '{unknown[0]}' in {self.name}; expected: {expected}", unknown[0]
            )
