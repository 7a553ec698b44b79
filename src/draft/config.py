"""The settings file: your profile, your defaults, your rules, your models, your server.

A TOML file at ``platformdirs.user_config_dir("draft")/config.toml`` (``$DRAFT_CONFIG``
or ``--config`` point elsewhere). It is validated when it is read: an unknown key or a
wrong value is one line naming the file and the key (exit 2).

Every value a run uses comes from the first of: a command-line option, the environment,
the notes file, this settings file, the built-in default. :func:`layered` resolves a
key that way and remembers where the value came from (``draft config show``).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from draft.errors import DraftError
from draft.sanitize import shorten

CONFIG_ENV = "DRAFT_CONFIG"
SECRET_KEYS = frozenset({"backend.api_key"})
# The environment variables that set a settings key (the layer between options and the notes).
ENVIRONMENT = {
    "defaults.model": "DRAFT_MODEL",
    "defaults.backend": "DRAFT_BACKEND",
    "backend.api_key": "DRAFT_API_KEY",
}


class ConfigError(DraftError):
    """The settings file is unreadable, not TOML, or has an unknown key or a wrong value."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    @field_validator("*")
    @classmethod
    def _plain_text(cls, value: Any, info: Any) -> Any:
        """Every text value is normalized as the notes are (control, bidi and invisible characters removed; a terminal
        escape is an error): it is printed, signed under drafts and written into .eml files (issue 17)."""
        if not isinstance(value, str):
            return value
        from draft.sanitize import InputError, normalize_text

        try:
            return normalize_text(value, info.field_name, multiline=info.field_name == "signature", keep_spacing=True)
        except InputError:
            raise PydanticCustomError("escape", "holds a terminal escape sequence (ANSI codes); remove it") from None


class Profile(_Section):
    """Who you are: the sign-off uses ``name`` when the notes give no sender, ``signature`` goes under it."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    signature: str | None = Field(default=None, description="a block printed under your name (several lines)")
    country: str | None = None

    @field_validator("email")
    @classmethod
    def _one_address(cls, value: str | None) -> str | None:
        """The .eml's From: one plain address, as the notes' 'email:' is (nothing that could add a header)."""
        from draft.errors import NotesError
        from draft.notes import _email_address

        try:
            return _email_address(value.strip()) if value else value
        except NotesError:
            raise PydanticCustomError("address", "must be one address such as alex@example.com") from None
    working_days: str | None = Field(default=None, description="the days you send on: mon-fri (default), mon-sat, tue-sat, sun-thu, every day")

    @field_validator("working_days")
    @classmethod
    def _weekdays(cls, value: str | None) -> str | None:
        from draft.dates import DateError, parse_working_days

        try:
            parse_working_days(value)
        except DateError as error:
            raise PydanticCustomError("working_days", error.problem.replace("{", "(").replace("}", ")")) from None
        return value


class Defaults(_Section):
    """The defaults of ``draft --notes``; each option on the command line wins."""

    model: str | None = Field(default=None, description="a name from 'draft models', an alias, or a path")
    backend: str | None = Field(default=None, description="URL of an OpenAI-compatible server (e.g. http://127.0.0.1:8080/v1)")
    tone: Literal["formal", "neutral", "warm"] | None = None
    kind: str | None = None
    threads: int | None = Field(default=None, ge=1, le=64)
    attempts: int | None = Field(default=None, ge=1, le=10)


class Rules(_Section):
    disabled: list[str] = Field(default_factory=list, description="rule ids switched off for good")
    folder: Path | None = Field(default=None, description="a folder of your own rule files")


class Models(_Section):
    aliases: dict[str, str] = Field(default_factory=dict, description="short name -> model name or path")
    folders: list[Path] = Field(default_factory=list, description="more folders to look for .gguf files in")


class Backend(_Section):
    """The server behind ``--backend``: what discovery cannot find out, or should not have to."""

    api_key: str | None = Field(default=None, description="sent as a bearer token; never printed ($DRAFT_API_KEY wins)")
    model: str | None = Field(default=None, description="the model name the server expects (default: the first it lists)")
    n_params: int | None = Field(default=None, ge=1, description="the model's parameter count (chooses the strategy)")
    n_ctx: int | None = Field(default=None, ge=256)
    timeout: float = Field(default=120.0, gt=0, le=3600, allow_inf_nan=False,
                           description="seconds one answer may take, the whole of it (at most 3600)")
    logprobs: bool | None = Field(default=None, description="the server returns log-probabilities (default: probe)")
    n: bool | None = Field(default=None, description="the server returns several completions per request (default: probe)")
    grammar: bool | None = Field(default=None, description="the server accepts a grammar or JSON schema (default: probe)")
    echo: bool | None = Field(default=None, description="the server echoes the prompt with its log-probabilities (default: probe)")


class History(_Section):
    enabled: bool = True  # the follow-up history (draft sent); --no-history skips one run


class Config(_Section):
    profile: Profile = Field(default_factory=Profile)
    defaults: Defaults = Field(default_factory=Defaults)
    rules: Rules = Field(default_factory=Rules)
    models: Models = Field(default_factory=Models)
    backend: Backend = Field(default_factory=Backend)
    history: History = Field(default_factory=History)


def config_path(option: Path | str | None = None, environ: dict[str, str] | None = None) -> Path:
    """``--config``, else ``$DRAFT_CONFIG``, else the platform's config folder."""
    environ = os.environ if environ is None else environ
    if option:
        return Path(option).expanduser()
    if environ.get(CONFIG_ENV):
        return Path(environ[CONFIG_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("draft")) / "config.toml"


def _dotted(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location)


def parse_config(text: str, path: Path) -> Config:
    """Validate the TOML text of a settings file; the first problem is one line naming the file and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"is not valid TOML ({error})", path) from None
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        key = _dotted(first["loc"]) or "(top level)"
        problem = "unknown key" if first["type"] == "extra_forbidden" else first["msg"].lower()
        raise ConfigError(f"{key}: {problem}", path) from None


def load_config(path: Path) -> Config:
    """The settings in ``path``; a missing file is the built-in defaults."""
    text = read_settings_text(path)
    return Config() if text is None else parse_config(text, path)


def read_settings_text(path: Path) -> str | None:
    """The settings file's text (None when there is none yet): a regular file of at most 1 MB, never a pipe or a
    device (one guarded reader, draft.files)."""
    from draft.files import read_text

    return read_text(path, ConfigError, "a settings file", missing_ok=True)


def leaf_keys(model: type[BaseModel] = Config, prefix: str = "") -> list[str]:
    """Every dotted key the settings file accepts, in file order."""
    keys = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys += leaf_keys(annotation, f"{prefix}{name}.")
        else:
            keys.append(f"{prefix}{name}")
    return keys


def get_value(config: Config, key: str) -> Any:
    section, _, name = key.partition(".")
    return getattr(getattr(config, section), name)


def _is_set(value: Any) -> bool:
    return value not in (None, [], {}, "")


class Sourced(BaseModel):
    """A value and where it came from: 'option', 'environment ($NAME)', 'notes', the settings file's path, or 'built-in'."""

    key: str
    value: Any
    source: str

    def shown(self) -> str:
        value = "********" if self.key in SECRET_KEYS and self.value else self.value
        if isinstance(value, Path):
            value = str(value)
        return f"{self.key} = {'(not set)' if value is None else repr(value)}" + f"  # {self.source}"


def layered(
    key: str, config: Config, path: Path, *, option: Any = None, notes: Any = None, environ: dict[str, str] | None = None,
) -> Sourced:
    """``key``'s value from the first layer that sets it: option, environment, notes, settings file, built-in."""
    environ = os.environ if environ is None else environ
    if _is_set(option):
        return Sourced(key=key, value=option, source="option")
    variable = ENVIRONMENT.get(key)
    if variable and environ.get(variable):
        return Sourced(key=key, value=environ[variable], source=f"environment (${variable})")
    if _is_set(notes):
        return Sourced(key=key, value=notes, source="notes")
    value = get_value(config, key)
    default = get_value(Config(), key)
    if value != default:
        return Sourced(key=key, value=value, source=str(path))
    return Sourced(key=key, value=value, source="built-in")


def show(config: Config, path: Path, environ: dict[str, str] | None = None) -> list[Sourced]:
    """Every key with its value and origin (options and notes belong to a run, so they are not shown here)."""
    return [layered(key, config, path, environ=environ) for key in leaf_keys()]


def _coerce(key: str, raw: str) -> Any:
    """A command-line VALUE as the type the key expects: TOML syntax where it parses, else the plain string."""
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    if key in ("rules.disabled", "models.folders") and isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if key == "models.aliases" and isinstance(value, str):
        raise ConfigError(f"{key}: set one alias at a time: draft config set models.aliases.NAME MODEL")
    if isinstance(value, (int, float, bool)) and _expects_text(key):
        value = raw
    return value


def _expects_text(key: str) -> bool:
    section, _, name = key.partition(".")
    annotation = Config.model_fields[section].annotation.model_fields[name].annotation
    return str in getattr(annotation, "__args__", (annotation,))


def set_value(path: Path, key: str, raw: str) -> Config:
    """Set a dotted ``key`` in the settings file, keeping its comments; validated before it is written."""
    import tomlkit

    parts = key.split(".")
    is_alias = _known_key(key, path)
    document = _read_document(path)
    value = raw if is_alias else _coerce(key, raw)
    table = document
    for depth, part in enumerate(parts[:-1], start=1):
        if part not in table:
            table[part] = tomlkit.table()
        elif not isinstance(table[part], dict):  # 'profile = "x"': the section is a plain value, not a table
            raise ConfigError(f"{'.'.join(parts[:depth])}: is a value ({shorten(table[part])}), not a table; "
                              f"remove that line ('draft config edit'), then set {key}", path)
        table = table[part]
    table[parts[-1]] = str(value) if isinstance(value, Path) else value
    return _write_document(path, document)


def unset_value(path: Path, key: str) -> bool:
    """Remove a dotted ``key`` from the settings file (its built-in default applies again), keeping the comments;
    False when the file does not set it."""
    parts = key.split(".")
    _known_key(key, path)
    if not path.exists():
        return False
    document = _read_document(path)
    table = document
    for part in parts[:-1]:
        if part not in table or not isinstance(table[part], dict):
            return False
        table = table[part]
    if parts[-1] not in table:
        return False
    del table[parts[-1]]
    _write_document(path, document)
    return True


def _known_key(key: str, path: Path) -> bool:
    """Refuse a key the settings do not have; True for one alias (models.aliases.NAME)."""
    parts = key.split(".")
    known = leaf_keys()
    is_alias = len(parts) == 3 and parts[:2] == ["models", "aliases"]
    if key not in known and not is_alias:
        raise ConfigError(f"unknown key {key!r}; keys are: {', '.join(known)}", path)
    return is_alias


def _read_document(path: Path) -> Any:
    """The settings file as a TOML document that keeps its comments (empty when there is no file yet)."""
    import tomlkit

    try:
        return tomlkit.parse(read_settings_text(path) or "")
    except (OSError, UnicodeDecodeError):
        raise ConfigError("cannot be read", path) from None
    except tomlkit.exceptions.ParseError as error:
        raise ConfigError(f"is not valid TOML ({error})", path) from None


def _write_document(path: Path, document: Any) -> Config:
    """Validate ``document`` and replace the settings file with it (whole, never half-written)."""
    import tomlkit

    new_text = tomlkit.dumps(document)
    config = parse_config(new_text, path)
    from draft.writing import write_file

    target = path.resolve() if path.is_symlink() else path  # a settings file kept elsewhere (dotfiles) stays a link
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"cannot be written ({error.strerror})", path) from None
    write_file(target, new_text, overwrite=True, mode=0o600)  # it may hold backend.api_key: readable by you only
    return config


def merge_run_options(options: dict[str, Any], config: Config, path: Path, known_kinds: list[str], environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The command line's options with the gaps filled: environment, then the settings file, then built-in defaults.

    (The notes' layer is applied once they are read: :func:`personalize`.)
    """
    environ = os.environ if environ is None else environ
    merged = dict(options)
    kind = merged.get("kind") or config.defaults.kind or "thank-you"
    if kind not in known_kinds:
        raise ConfigError(f"defaults.kind: unknown kind {kind!r} (kinds: {', '.join(known_kinds)})", path)
    merged["kind"] = kind
    merged["attempts"] = merged.get("attempts") or config.defaults.attempts or 3
    merged["threads"] = merged.get("threads") or config.defaults.threads
    merged["backend"] = layered("defaults.backend", config, path, option=merged.get("backend"), environ=environ).value
    merged["disable"] = tuple(dict.fromkeys([*(merged.get("disable") or ()), *config.rules.disabled]))
    return merged


def rule_settings(config: Config, disable: tuple[str, ...] = (), rules_dirs: tuple[Path, ...] = ()) -> tuple[frozenset[str], tuple[Path, ...]]:
    """The rules a command checks against, as the main command takes them: the ids ``--disable`` and the settings'
    ``rules.disabled`` switch off, and the folders ``--rules`` gives followed by the settings' ``rules.folder``."""
    disabled = frozenset([*disable, *config.rules.disabled])
    return disabled, tuple(rules_dirs) + ((config.rules.folder,) if config.rules.folder else ())


def personalize(notes: Any, config: Config, *, email: bool) -> Any:
    """The notes with the profile's name as the sender when they name none, its signature block under emails, and
    its phone number (a voicemail leaves it)."""
    update = {}
    if not notes.sender and config.profile.name:
        update["sender"] = config.profile.name
    sender = notes.sender or config.profile.name
    if email and config.profile.signature and sender:
        update["signature"] = signature_block(config.profile.signature, sender)
    if config.profile.phone and not notes.phone:
        update["phone"] = config.profile.phone
    return notes.model_copy(update=update) if update else notes


def signature_block(signature: str, sender: str) -> str | None:
    """The block printed under the sender's name: the signature without its first line when that line is the
    name already printed above it (a signature is often written name first), and without blank edges."""
    lines = signature.strip("\n").splitlines()
    if lines and " ".join(lines[0].split()).casefold() == " ".join(sender.split()).casefold():
        lines = lines[1:]
    return "\n".join(lines).strip("\n") or None


def file_tone(notes: Any, config: Config) -> str | None:
    """The settings' tone applies only when the notes say nothing about tone (the notes come first)."""
    return None if (notes.tone or notes.industry) else config.defaults.tone


def api_key(config: Config, environ: dict[str, str] | None = None) -> str | None:
    environ = os.environ if environ is None else environ
    return environ.get("DRAFT_API_KEY") or config.backend.api_key


__all__ = [
    "Config", "ConfigError", "Sourced", "api_key", "config_path", "file_tone", "layered", "leaf_keys", "load_config",
    "merge_run_options", "parse_config", "personalize", "rule_settings", "set_value", "show", "unset_value",
]
