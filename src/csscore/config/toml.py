"""Finding and reading csscore's TOML configuration (matrices, taxonomy, CSAs, plans).

Configuration shipped with csscore lives in the package ``csscore.builtin`` (the repository's
``config/`` folder) and is read with :mod:`importlib.resources`. Anywhere a name is accepted, a
path to the user's own file is accepted too: ``--matrix morile-csp`` or ``--matrix ./mine.toml``.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from csscore.errors import ConfigError, CsscoreError, Problem, did_you_mean
from csscore.inputs import note_read

#: Largest configuration file csscore will read (bytes).
MAX_CONFIG_BYTES = 5 * 1024 * 1024

KINDS = ("matrices", "taxonomy", "csa", "plans", "evidence")


@dataclass(frozen=True)
class ConfigSource:
    """The text of one configuration file and where it came from."""

    name: str  # the file's display name: 'morile-csp (built in)' or the path given
    text: str
    sha256: str


def available(kind: str) -> list[str]:
    """Names of the built-in configuration files of one kind, sorted."""
    folder = resources.files("csscore.builtin") / kind
    if not folder.is_dir():
        return []
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def _looks_like_path(ref: str, exists: bool = True) -> bool:
    """Whether ``ref`` is a path, not a built-in name: it ends in ``.toml`` or holds a folder
    separator, or (``exists``) it names a file of the working folder."""
    if ref.endswith(".toml") or "/" in ref or "\\" in ref:
        return True
    if not exists:
        return False
    try:
        return Path(ref).is_file()
    except (OSError, ValueError):  # a name the system cannot look up is no file
        return False


def unknown_name(kind: str, ref: str, also: Sequence[str] = (), exists: bool = True) -> str | None:
    """Why ``ref`` names no built-in configuration of ``kind``, with a did-you-mean or the list of
    names (``also``: names the caller accepts beside them, ``none``), or None when it is one of
    them or a path: the one rule for a built-in name, given on the command line or in a file.
    On the command line a file of the working folder is a path (``exists``); in a file only a
    name ending in ``.toml`` or holding a folder separator is, so a mistyped name in a file does
    not depend on the folder the command runs in."""
    names = available(kind)
    if ref in names or ref in also or _looks_like_path(ref, exists):
        return None
    listed = ", ".join(names) + "".join(f", or {a}" for a in also)
    hint = did_you_mean(ref, [*names, *also]) or f" (available: {listed})"
    return f"no built-in {kind} file named {ref!r}{hint}"


def name_problem(
    kind: str,
    ref: str,
    file: str,
    key: str,
    row: int | None = None,
    also: Sequence[str] = (),
) -> Problem | None:
    """The problem of a file whose ``key`` (at ``row``) names a built-in ``kind`` that does not
    exist (:func:`unknown_name`), placed at that file and key, or None."""
    message = unknown_name(kind, ref, also, exists=False)
    return Problem(file, message, row, key) if message else None


def read_config(kind: str, ref: str, also: Sequence[str] = ()) -> ConfigSource:
    """Read configuration ``ref`` of ``kind``: a built-in name or a path to a TOML file;
    ``also``: names the caller accepts beside the built-in ones (``none``), suggested with
    them."""
    if _looks_like_path(ref):
        path = Path(ref)
        try:
            if not path.is_file():
                raise ConfigError.at(ref, "no such file")
            size = path.stat().st_size
            if size > MAX_CONFIG_BYTES:
                raise ConfigError.at(
                    ref, f"file is {size:,} bytes; the limit is {MAX_CONFIG_BYTES:,} bytes"
                )
            note_read(path)
            data = path.read_bytes()
        except OSError as exc:  # a name too long, a file not readable
            raise ConfigError.at(ref, f"cannot read file: {exc.strerror or exc}") from None
        name = ref
    else:
        if ref not in available(kind):
            message = unknown_name(kind, ref, also) or f"no built-in {kind} file named {ref!r}"
            raise ConfigError.at(ref, message)
        data = (resources.files("csscore.builtin") / kind / f"{ref}.toml").read_bytes()
        name = f"{ref} (built in)"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError.at(name, f"not UTF-8 text (byte {exc.start})") from None
    return ConfigSource(name, text, hashlib.sha256(data).hexdigest())


def parse_toml(source: ConfigSource) -> dict[str, object]:
    """Parse a configuration file's TOML, turning syntax errors into a located one-line error."""
    return loads_toml(source.text, source.name)


def loads_toml(text: str, file: str, error: type[CsscoreError] = ConfigError) -> dict[str, object]:
    """Parse TOML text; every way it can fail becomes one ``error`` naming ``file``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error.at(file, f"TOML syntax error: {exc}") from None
    except RecursionError:
        raise error.at(file, "TOML nested too deeply") from None
    except ValueError:  # int() refuses a number of more than 4,300 digits
        raise error.at(file, "TOML holds a number too long to read") from None


def key_path(*parts: str | int) -> str:
    """A TOML key path for messages: key_path('factors', 2, 'scale') -> 'factors[2].scale'."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
