"""The members area's shape (members/__init__.py): feature folders that depend on each
other one way, read from the imports of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import members

ROOT = Path(members.__file__).parent

# Shared by every feature: the models, the vocabulary, the access layer, the emails.
FOUNDATION = {
    "access",
    "avatar_access",
    "avatars",
    "dashboard_cache",
    "emails",
    "enums",
    "models",
    "search",
    "tasks",
}
# From the bottom up: a feature may use those before it, never one after it.
FEATURES = [
    "notifications",
    "accounts",
    "directory",
    "profiles",
    "onboarding",
    "conversations",
    "requests",
    "privacy",
    "moderation",
    "impact",
    "dashboards",
    "demo",
]
# What Django and Wagtail load by name; they may use everything, nothing uses them.
ENTRY_POINTS = {"apps", "urls", "wagtail_hooks", "templatetags", "management", "migrations"}


def _part_of(module: str) -> str:
    """``members.requests.views`` → ``requests``; ``members.models.profiles`` → ``models``."""
    return module.split(".")[1] if module.count(".") else ""


def _imports() -> list[tuple[str, str, str]]:
    """(importing module, imported module, imported name) for every import of members."""
    found = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if parts[-1] == "__init__" else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join([*base, target] if target else base)
                if target == "members" or target.startswith("members."):
                    for alias in node.names:
                        sub = f"{target}.{alias.name}"
                        named = sub if (ROOT.parent / sub.replace(".", "/")).exists() else target
                        found.append((module, named, alias.name))
            elif isinstance(node, ast.Import):
                found += [
                    (module, alias.name, "")
                    for alias in node.names
                    if alias.name.startswith("members.")
                ]
    return found


def test_every_part_of_members_is_known():
    parts = {
        path.stem if path.is_file() else path.name
        for path in ROOT.iterdir()
        if path.name not in {"__init__.py", "__pycache__"}
        and (path.suffix == ".py" or (path / "__init__.py").exists())
    }
    assert parts == FOUNDATION | set(FEATURES) | ENTRY_POINTS


def test_features_depend_on_each_other_one_way():
    rank = {name: index for index, name in enumerate(FEATURES)}
    upward = []
    for module, imported, _name in _imports():
        source, target = _part_of(module), _part_of(imported)
        if source == target or source in ENTRY_POINTS or not target:
            continue
        if target in ENTRY_POINTS:
            upward.append(f"{module} → {imported} (an entry point)")
        elif source in FOUNDATION and target not in FOUNDATION:
            upward.append(f"{module} → {imported} (the foundation uses a feature)")
        elif source in rank and target in rank and rank[target] > rank[source]:
            upward.append(f"{module} → {imported}")
    assert upward == []


def test_no_private_name_crosses_a_feature():
    crossing = [
        f"{module} → {imported}.{name}"
        for module, imported, name in _imports()
        if name.startswith("_") and _part_of(module) != _part_of(imported)
    ]
    assert crossing == []
