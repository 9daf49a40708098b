"""One settings tree: the packaged defaults (svodka/data/settings.toml) < a user file (--config)
< the environment (SVODKA_<SECTION>_<NAME>) < flags (--set section.name=value). Each setting is
a module's constant; ``apply`` sets them, so the stages read them as they always did."""
from __future__ import annotations

import copy
import importlib
import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from svodka.errors import SvodkaError

PACKAGED = Path(__file__).parent / "data" / "settings.toml"
# (section, name) -> the module constant it sets
BINDINGS = {
    ("grouping", "event_weights"): ("svodka.cluster.scoring", "EVENT_WEIGHTS"),
    ("grouping", "event_threshold"): ("svodka.cluster.scoring", "EVENT_THRESHOLD"),
    ("grouping", "story_weights"): ("svodka.cluster.scoring", "STORY_WEIGHTS"),
    ("grouping", "story_threshold"): ("svodka.cluster.scoring", "STORY_THRESHOLD"),
    ("grouping", "event_max_days"): ("svodka.cluster.scoring", "EVENT_MAX_DAYS"),
    ("grouping", "story_max_days"): ("svodka.cluster.scoring", "STORY_MAX_DAYS"),
    ("grouping", "mention_max_days"): ("svodka.cluster.scoring", "MENTION_MAX_DAYS"),
    ("grouping", "mention_penalty"): ("svodka.cluster.scoring", "MENTION_PENALTY"),
    ("extraction", "site_memory_pages"): ("svodka.pipeline", "SITE_MEMORY_PAGES"),
    ("briefs", "max_quotes"): ("svodka.brief", "MAX_QUOTES"),
    ("briefs", "max_entities"): ("svodka.brief", "MAX_ENTITIES"),
    ("briefs", "timeline_per_date"): ("svodka.brief.timeline", "PER_DATE"),
}


@lru_cache(maxsize=1)
def _packaged() -> dict[str, dict[str, Any]]:
    with open(PACKAGED, "rb") as f:
        return tomllib.load(f)


def default(section: str, name: str) -> Any:
    """A packaged default (a fresh copy: a module may keep a dict of its own)."""
    return copy.deepcopy(_packaged()[section][name])


def settings(user: Path | None = None, env: dict[str, str] | None = None, flags: list[str] = ()) -> dict:
    """The merged tree; an unknown section or name, or a value of another type, is an error that
    names where it came from."""
    tree = copy.deepcopy(_packaged())
    if user is not None:
        try:
            with open(user, "rb") as f:
                _merge(tree, tomllib.load(f), str(user))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SvodkaError(f"--config {user}: cannot read it as TOML ({exc})") from exc
    env = os.environ if env is None else env
    for (section, name) in BINDINGS:
        key = f"SVODKA_{section}_{name}".upper()
        if key in env:
            _merge(tree, {section: {name: _value(env[key], key)}}, key)
    for flag in flags:
        path, sep, raw = flag.partition("=")
        section, dot, name = path.strip().partition(".")
        if not sep or not dot:
            raise SvodkaError(f"--set {flag}: write it as section.name=value, e.g. grouping.event_threshold=0.3")
        _merge(tree, {section: {name: _value(raw, f"--set {flag}")}}, f"--set {flag}")
    return tree


def apply(tree: dict) -> None:
    """Set every bound module constant to the tree's value (dicts updated in place, so a module
    that imported one sees the change)."""
    for (section, name), (module, attr) in BINDINGS.items():
        value, target = tree[section][name], importlib.import_module(module)
        current = getattr(target, attr)
        if isinstance(current, dict):
            current.clear()
            current.update(value)
        else:
            setattr(target, attr, value)


def in_force(section: str) -> dict[str, Any]:
    """The values a section's bound constants hold now (as `apply` left them)."""
    return {name: getattr(importlib.import_module(module), attr)
            for (sec, name), (module, attr) in BINDINGS.items() if sec == section}


def _value(raw: str, where: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError as exc:
        raise SvodkaError(f"{where}: '{raw}' is no value (write 0.3, 2, or {{ text = 0.4 }})") from exc


def _merge(tree: dict, given: dict, where: str) -> None:
    for section, values in given.items():
        if section not in tree or not isinstance(values, dict):
            raise SvodkaError(f"{where}: no settings section '{section}' (there are {', '.join(sorted(tree))})")
        for name, value in values.items():
            if name not in tree[section]:
                raise SvodkaError(f"{where}: no setting '{section}.{name}' (there are "
                                  f"{', '.join(sorted(tree[section]))})")
            old = tree[section][name]
            if isinstance(old, dict) and (not isinstance(value, dict) or set(value) - set(old)):
                raise SvodkaError(f"{where}: {section}.{name} takes the keys {', '.join(old)}")
            if not isinstance(old, dict) and (not isinstance(value, (int, float)) or isinstance(value, bool)
                                              or (isinstance(old, int) and not float(value).is_integer())):
                kind = "a whole number" if isinstance(old, int) else "a number"
                raise SvodkaError(f"{where}: {section}.{name} is {kind}, not {value!r}")
            tree[section][name] = {**old, **value} if isinstance(old, dict) else type(old)(value)
