"""The public API is what __all__ says; lower layers never import higher ones."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import casus

SRC = Path(casus.__file__).parent
# Modules a library module may never import: the CLI is the top of the stack.
TOP_LAYER = {"casus.cli", "casus.__main__"}


def _modules() -> list[str]:
    names = ["casus"]
    for info in pkgutil.walk_packages([str(SRC)], prefix="casus."):
        if info.name not in {"casus.__main__"}:
            names.append(info.name)
    return names


def test_public_names_exist() -> None:
    for name in casus.__all__:
        assert hasattr(casus, name), name


def test_every_module_declares_all_and_it_is_true() -> None:
    for name in _modules():
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{name} has no __all__"
        for item in exported:
            assert hasattr(module, item), f"{name}.__all__ lists missing {item}"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_nothing_imports_the_cli() -> None:
    for path in SRC.rglob("*.py"):
        if path.name in {"cli.py", "__main__.py"}:
            continue
        assert not (_imports(path) & TOP_LAYER), f"{path} imports the CLI"


def test_library_does_not_print_or_exit() -> None:
    for path in SRC.rglob("*.py"):
        if path.name in {"cli.py", "__main__.py", "bench.py"}:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"print", "exit"}, f"{path}:{node.lineno}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert not (
                    isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "sys"
                    and node.func.attr == "exit"
                ), f"{path}:{node.lineno}"


def test_modules_stay_small() -> None:
    for path in SRC.rglob("*.py"):
        lines = len(path.read_text("utf-8").splitlines())
        assert lines <= 650, f"{path} has {lines} lines"
