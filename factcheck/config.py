"""Settings from flags, the environment and a configuration file, and where each one came from.

Precedence: a flag > an environment variable > the configuration file > the default. The file is
`.factcheck.toml` (top-level keys) or the `[tool.factcheck]` table of `pyproject.toml`, found by
walking up from the first input's directory and stopping at the first folder that has factcheck
settings, or at the repository root (a folder with `.git` or `.hg`). Keys are kebab-case, like the
flags. Light imports only: this runs before every command."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from factcheck.errors import FactcheckError

CONFIG_FILE = ".factcheck.toml"
PYPROJECT = "pyproject.toml"
REPOSITORY_MARKERS = (".git", ".hg")
FAIL_ON_LEVELS = ("contested", "unverified", "never")
BIDI_MODES = ("auto", "visual", "logical")
# How a matched report's stance is read: the rules and the learned model, or the rules alone.
STANCE_MODES = ("model", "rules")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")

Source = Literal["default", "file", "env", "flag"]


@dataclass(frozen=True)
class Key:
    name: str  # as written in the file (kebab-case)
    kind: Literal["path", "paths", "str", "int", "fraction", "bool", "table"]
    default: Any
    flag: str | None
    env: str | None = None
    choices: Callable[[], tuple[str, ...]] | None = None


def _format_names() -> tuple[str, ...]:
    from factcheck.formats import FORMAT_NAMES  # light: the renderers load on demand

    return tuple(FORMAT_NAMES)


KEYS: dict[str, Key] = {
    key.name: key
    for key in (
        Key("corpus", "path", None, "--corpus", "FACTCHECK_CORPUS"),
        Key("index", "path", None, "--index", "FACTCHECK_INDEX"),
        Key("format", "str", "rich", "--format", "FACTCHECK_FORMAT", _format_names),
        Key("fail-on", "str", "contested", "--fail-on", "FACTCHECK_FAIL_ON", lambda: FAIL_ON_LEVELS),
        Key("rules", "paths", (), "--rules"),
        Key("window", "int", 30, "--window", "FACTCHECK_WINDOW"),
        Key("min-worthiness", "fraction", 0.0, "--min-worthiness", "FACTCHECK_MIN_WORTHINESS"),
        Key("stance", "str", "model", "--stance", "FACTCHECK_STANCE", lambda: STANCE_MODES),
        Key("fields", "table", {}, "--field"),
        Key("bidi", "str", "auto", "--bidi", "FACTCHECK_BIDI", lambda: BIDI_MODES),
        Key("offline", "bool", False, "--offline/--no-offline", "FACTCHECK_OFFLINE"),
        Key("timeout", "int", 10, "--timeout", "FACTCHECK_TIMEOUT"),
        Key(
            "allow-private-urls",
            "bool",
            False,
            "--allow-private-urls/--no-allow-private-urls",
            "FACTCHECK_ALLOW_PRIVATE_URLS",
        ),
        Key("max-bytes", "int", 20 * 2**20, "--max-bytes", "FACTCHECK_MAX_BYTES"),
        Key("baseline", "path", None, "--baseline", "FACTCHECK_BASELINE"),
        Key("quiet", "bool", False, "--quiet/--no-quiet", "FACTCHECK_QUIET"),
        Key("color", "bool", True, "--color/--no-color", "NO_COLOR"),  # NO_COLOR set: color = false
    )
}


@dataclass(frozen=True)
class Setting:
    value: Any
    source: Source
    origin: str | None  # the file, the environment variable or the flag; None for a default

    def label(self) -> str:
        return self.source if self.origin is None else f"{self.source} {self.origin}"


@dataclass(frozen=True)
class Config:
    file: Path | None
    settings: dict[str, Setting]

    def __getitem__(self, name: str) -> Any:
        return self.settings[name].value

    def document(self) -> dict[str, Any]:
        """`factcheck config --format json`."""
        return {
            "config_file": str(self.file) if self.file else None,
            "settings": {
                name: {"value": _plain(s.value), "source": s.source, "origin": s.origin}
                for name, s in self.settings.items()
            },
        }

    def text(self) -> str:
        """`factcheck config`: one `key = value  # source` line per setting."""
        lines = [f"# configuration file: {self.file or 'none'}"]
        width = max(len(f"{name} = {_shown(s.value)}") for name, s in self.settings.items())
        for name, s in self.settings.items():
            lines.append(f"{f'{name} = {_shown(s.value)}':<{width}}  # {s.label()}")
        return "\n".join(lines)


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _shown(value: Any) -> str:
    import json

    return "none" if value is None else json.dumps(_plain(value), ensure_ascii=False)


def start_directory(inputs: list[str] | None, cwd: Path | None = None) -> Path:
    """Where discovery starts: the first input's folder (the folder itself for a folder input);
    the current directory for standard input, URLs and no input."""
    cwd = cwd or Path.cwd()
    if not inputs or inputs[0] == "-" or "://" in inputs[0]:
        return cwd
    path = cwd / Path(inputs[0]).expanduser()
    return path if path.is_dir() else path.parent


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration at or above `start`: (file, its factcheck table)."""
    directory = start.absolute()
    for folder in (directory, *directory.parents):
        dedicated = folder / CONFIG_FILE
        if dedicated.is_file():
            return dedicated, _read_toml(dedicated)
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("factcheck")
            if table is not None:
                if not isinstance(table, dict):
                    raise FactcheckError(f"{pyproject}: [tool.factcheck] must be a table")
                return pyproject, table
        if any((folder / marker).exists() for marker in REPOSITORY_MARKERS):
            return None  # the repository root: settings above it belong to something else
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise FactcheckError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise FactcheckError(f"{path}: cannot read ({exc.strerror})") from None


def resolve(
    flags: Mapping[str, Any],
    start: Path,
    environ: Mapping[str, str] | None = None,
    ignore: tuple[str, ...] = (),
) -> Config:
    """Every setting with its source. `flags` maps key names to flag values, None meaning "not given";
    keys in `ignore` are left at their defaults whatever the file or environment say."""
    environ = os.environ if environ is None else environ
    found = find_config(start)
    file, table = found if found else (None, {})
    from_file = _check_table(file, table) if file else {}
    settings: dict[str, Setting] = {}
    for name, key in KEYS.items():
        flag = flags.get(name)
        if name in ignore:
            settings[name] = Setting(key.default, "default", None)
        elif flag is not None:
            settings[name] = Setting(_from_flag(key, flag), "flag", _flag_name(key, flag))
        elif (env := _from_env(key, environ)) is not None:
            settings[name] = Setting(env, "env", key.env)
        elif name in from_file:
            settings[name] = Setting(from_file[name], "file", str(file))
        else:
            settings[name] = Setting(key.default, "default", None)
    return Config(file, settings)


def _flag_name(key: Key, value: Any) -> str | None:
    """The flag as typed: --no-color for color = false."""
    if key.flag and "/" in key.flag:
        yes, no = key.flag.split("/")
        return yes if value else no
    return key.flag


def _suggestion(name: str) -> str:
    for candidate in (name.replace("_", "-"), name.lower().replace("_", "-")):
        if candidate in KEYS:
            return f" (did you mean '{candidate}'?)"
    return ""


def _check_table(file: Path, table: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, raw in table.items():
        key = KEYS.get(name)
        if key is None:
            raise FactcheckError(f"{file}: unknown key '{name}'{_suggestion(name)}")
        values[name] = _from_file(key, raw, file, f"{file}: '{name}'")
    return values


def _from_file(key: Key, raw: Any, file: Path, where: str) -> Any:
    folder = file.parent
    if key.kind == "path":
        _expect(isinstance(raw, str) and bool(raw), raw, where, "a path (a non-empty string)")
        return _path(raw, folder)
    if key.kind == "paths":
        _expect(
            isinstance(raw, list) and all(isinstance(item, str) and item for item in raw),
            raw,
            where,
            "a list of paths (strings)",
        )
        return tuple(_path(item, folder) for item in raw)
    if key.kind == "table":
        _expect(
            isinstance(raw, dict) and all(isinstance(v, str) and v for v in raw.values()),
            raw,
            where,
            'a table of field = "column" strings',
        )
        return dict(raw)
    if key.kind == "bool":
        _expect(isinstance(raw, bool), raw, where, "true or false")
        return raw
    if key.kind == "int":
        _expect(isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0, raw, where, "an integer ≥ 0")
        return raw
    if key.kind == "fraction":
        number = isinstance(raw, int | float) and not isinstance(raw, bool)
        _expect(number and 0 <= raw <= 1, raw, where, "a number from 0 to 1")
        return float(raw)
    _expect(isinstance(raw, str), raw, where, "a string")
    return _choice(key, raw, where)


def _from_env(key: Key, environ: Mapping[str, str]) -> Any:
    if key.env is None:
        return None
    raw = environ.get(key.env, "")
    if key.name == "color":  # https://no-color.org: set and not empty disables colour
        return False if raw else None
    if not raw:
        return None
    where = key.env
    if key.kind == "path":
        return Path(raw).expanduser()
    if key.kind == "bool":
        lowered = raw.strip().lower()
        _expect(lowered in (*_TRUE, *_FALSE), raw, where, "a boolean (1/0, true/false, yes/no, on/off)")
        return lowered in _TRUE
    if key.kind == "int":
        _expect(raw.strip().isdigit(), raw, where, "an integer ≥ 0")
        return int(raw)
    if key.kind == "fraction":
        value = _fraction(raw)
        _expect(value is not None, raw, where, "a number from 0 to 1")
        return value
    return _choice(key, raw, where)


def _fraction(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if 0 <= value <= 1 else None


def _from_flag(key: Key, value: Any) -> Any:
    if key.kind == "path":
        return Path(value)
    if key.kind == "paths":
        return tuple(Path(v) for v in value)
    if key.kind == "table":
        return _parse_fields(value)
    if key.kind == "str":
        return _choice(key, str(getattr(value, "value", value)), key.flag or key.name)
    return value


def _parse_fields(pairs: list[str]) -> dict[str, str]:
    """--field text=content → {"text": "content"}."""
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise FactcheckError(f"--field expects NAME=FIELD, got {pair!r}")
        fields[name.strip()] = column.strip()
    return fields


def _choice(key: Key, value: str, where: str) -> str:
    if key.choices is None:
        return value
    choices = key.choices()
    if value not in choices:
        if key.name == "format":
            raise FactcheckError(f"{where}: unknown format {value!r} (choose from {', '.join(choices)})")
        raise FactcheckError(f"{where}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def _expect(ok: bool, raw: Any, where: str, what: str) -> None:
    if not ok:
        raise FactcheckError(f"{where} must be {what}, got {type(raw).__name__} {raw!r}")


def _path(raw: str, folder: Path) -> Path:
    path = Path(raw).expanduser()
    return path if path.is_absolute() else folder / path
