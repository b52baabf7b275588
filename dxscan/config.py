"""Configuration: `.dxscan.yaml`, or `[tool.dxscan]` in `pyproject.toml`, found upward from the
spec, or named with --config. Every key is checked: a typo is an error naming file and key."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxscan.catalogue import DIMENSIONS, SEVERITIES, Rule, catalogue

TOP_KEYS = ("rules", "weights", "ignore", "fail-on", "fail-under", "preview")
RULE_KEYS = ("severity", "enabled", "options")
IGNORE_KEYS = ("rule", "pointer", "reason")
FAIL_ON = (*SEVERITIES, "none")


class ConfigError(Exception):
    """`invalid config (FILE): WHAT` - the CLI prints it and exits with code 2."""

    def __init__(self, source: str, message: str):
        super().__init__(f"invalid config ({source}): {message}")


@dataclass(frozen=True)
class Ignore:
    rule: str
    pointer: str
    reason: str


@dataclass(frozen=True)
class Config:
    source: str | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    ignores: tuple[Ignore, ...] = ()
    fail_on: str = "error"
    fail_under: float | None = None
    preview: bool = False  # preview rules (not yet shown precise) are scored at their own severity

    def enabled(self, rule_id: str) -> bool:
        return self.rules.get(rule_id, {}).get("enabled", True)

    def severity(self, rule_id: str, default: str) -> str:
        return self.rules.get(rule_id, {}).get("severity", default)

    def options(self, rule_id: str) -> dict[str, Any]:
        return self.rules.get(rule_id, {}).get("options", {})

    def weight(self, dimension: str) -> float:
        return self.weights.get(dimension, 1.0)

    def rule_severity(self, rule: Rule) -> str:
        """A preview rule is reported at info unless preview rules are on or its severity is set here."""
        default = "info" if rule.preview and not self.preview else rule.severity
        return self.severity(rule.id, default)

    def rule_weight(self, rule: Rule) -> float:
        """A rule's points: none for unscored rules, nor for preview rules unless preview rules are on."""
        if not rule.scored or (rule.preview and not self.preview):
            return 0.0
        return rule.weight

    def ignored(self, rule_id: str, pointer: str) -> bool:
        return any(
            (ignore.rule in ("*", rule_id)) and fnmatch.fnmatchcase(pointer, ignore.pointer)
            for ignore in self.ignores
        )


def find_config(spec_path: str) -> Path | None:
    """The nearest `.dxscan.yaml` or pyproject.toml with [tool.dxscan], from the spec's folder up."""
    start = Path.cwd() if spec_path == "-" else Path(spec_path).resolve().parent
    for folder in (start, *start.parents):
        candidate = folder / ".dxscan.yaml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(pyproject: Path) -> bool:
    import tomllib  # here and in _read, not at the top: most scans find no pyproject.toml (2 ms)

    try:
        return "dxscan" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    raw = _read(path)
    return parse_config(raw, str(path))


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), f"cannot read: {error}") from None
    if path.suffix == ".toml":
        import tomllib

        try:
            return tomllib.loads(text).get("tool", {}).get("dxscan", {})
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(str(path), f"not TOML: {error}") from None
    import yaml  # here, not at the top: a scan without a YAML config or spec never imports it (12 ms)

    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(str(path), f"not YAML{where}") from None


def parse_config(raw: Any, source: str) -> Config:
    if not isinstance(raw, dict):
        raise ConfigError(source, "the top level must be a mapping")
    _no_unknown(raw, TOP_KEYS, source, "option")
    fail_on = raw.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise ConfigError(source, f"'fail-on' must be one of {', '.join(FAIL_ON)}, not '{fail_on}'")
    return Config(
        source=source,
        rules=_rules(raw.get("rules") or {}, source),
        weights=_weights(raw.get("weights") or {}, source),
        ignores=_ignores(raw.get("ignore") or [], source),
        fail_on=fail_on,
        fail_under=_score(raw.get("fail-under"), source),
        preview=_flag(raw.get("preview", False), "preview", source),
    )


def _no_unknown(raw: dict[str, Any], allowed: tuple[str, ...], source: str, what: str, where: str = "") -> None:
    for key in raw:
        if key not in allowed:
            raise ConfigError(source, f"unknown {what} '{key}'{where}; expected one of {', '.join(allowed)}")


def _rules(raw: Any, source: str) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise ConfigError(source, "'rules' must map rule ids to a severity, 'off', or settings")
    known = catalogue()
    rules = {}
    for rule_id, setting in raw.items():
        if rule_id not in known:
            raise ConfigError(source, f"unknown rule '{rule_id}' in 'rules' (see `dxscan rules`)")
        rules[rule_id] = _rule_setting(rule_id, setting, source, known[rule_id])
    return rules


def _rule_setting(rule_id: str, setting: Any, source: str, rule: Rule) -> dict[str, Any]:
    if setting in ("off", False):
        return {"enabled": False}
    if isinstance(setting, str):
        setting = {"severity": setting}
    if not isinstance(setting, dict):
        raise ConfigError(source, f"rule '{rule_id}' takes 'off', a severity, or a mapping")
    _no_unknown(setting, RULE_KEYS, source, "key", f" for rule '{rule_id}'")
    if "severity" in setting and setting["severity"] not in SEVERITIES:
        raise ConfigError(source, f"severity of rule '{rule_id}' must be one of {', '.join(SEVERITIES)}")
    options = setting.get("options") or {}
    if not isinstance(options, dict):
        raise ConfigError(source, f"'options' of rule '{rule_id}' must be a mapping")
    for option in options:
        if option not in rule.options and option not in rule.retired_options:
            known = ", ".join(rule.options) or "none"
            raise ConfigError(source, f"unknown option '{option}' for rule '{rule_id}' (known: {known})")
    current = {option: value for option, value in options.items() if option in rule.options}
    return {**setting, "options": current}


def _weights(raw: Any, source: str) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise ConfigError(source, "'weights' must map dimensions to numbers")
    _no_unknown(raw, DIMENSIONS, source, "dimension", " in 'weights'")
    for dimension, weight in raw.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
            raise ConfigError(source, f"weight of '{dimension}' must be a number >= 0")
    return {dimension: float(weight) for dimension, weight in raw.items()}


def _ignores(raw: Any, source: str) -> tuple[Ignore, ...]:
    if not isinstance(raw, list):
        raise ConfigError(source, "'ignore' must be a list of {rule, pointer, reason}")
    ignores = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or "rule" not in item:
            raise ConfigError(source, f"ignore[{index}] needs at least 'rule'")
        _no_unknown(item, IGNORE_KEYS, source, "key", f" in ignore[{index}]")
        if item["rule"] != "*" and item["rule"] not in catalogue():
            raise ConfigError(source, f"unknown rule '{item['rule']}' in ignore[{index}]")
        ignores.append(Ignore(item["rule"], str(item.get("pointer", "*")), str(item.get("reason", ""))))
    return tuple(ignores)


def _flag(value: Any, key: str, source: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(source, f"'{key}' must be true or false")
    return value


def _score(value: Any, source: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ConfigError(source, "'fail-under' must be a number from 0 to 100")
    return float(value)
