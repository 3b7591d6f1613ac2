"""The public API is what __all__ says; lower layers never import higher ones."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import casus

SRC = Path(casus.__file__).parent


def _modules() -> list[str]:
    names = ["casus"]
    for info in pkgutil.walk_packages([str(SRC)], prefix="casus."):
        if not info.name.endswith(".__main__"):
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


def _is_module(name: str) -> bool:
    parts = name.split(".")
    if parts[0] != "casus":
        return False
    base = SRC.joinpath(*parts[1:])
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


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
            for alias in node.names:  # "from casus import bench" imports casus.bench
                candidate = f"{module}.{alias.name}"
                found.add(candidate if _is_module(candidate) else module)
    return found


# The layers, bottom up, and what each may import besides itself. A module belongs to the
# first entry whose prefix it matches. store, scenarios and web are the layers to come:
# their rows say now where they will sit.
LAYERS: dict[str, tuple[str, ...]] = {
    "casus.errors": (),
    "casus.model": (),
    "casus.text": (),
    "casus.datafiles": ("casus.errors",),
    "casus.matcher": ("casus.text",),
    "casus.ontology": ("casus.datafiles", "casus.errors"),
    "casus.lexicon": ("casus.datafiles", "casus.doc", "casus.errors", "casus.matcher"),
    "casus.gazetteer": ("casus.datafiles", "casus.errors", "casus.lexicon", "casus.text"),
    "casus.doc": ("casus.model", "casus.text"),
    "casus.pipeline": ("casus.doc", "casus.errors", "casus.model"),
    "casus.resources": (
        "casus.datafiles", "casus.errors", "casus.gazetteer", "casus.lexicon",
        "casus.matcher", "casus.ontology", "casus.text",
    ),
    "casus.components": (
        "casus.datafiles", "casus.doc", "casus.errors", "casus.gazetteer", "casus.lexicon",
        "casus.matcher", "casus.model", "casus.ontology", "casus.pipeline", "casus.resources",
        "casus.text",
    ),
    "casus.ingest": ("casus.datafiles", "casus.errors", "casus.model", "casus.text"),
    "casus.render": ("casus.errors", "casus.model", "casus.text"),
    "casus.api": (
        "casus.components", "casus.doc", "casus.errors", "casus.gazetteer", "casus.ingest",
        "casus.lexicon", "casus.model", "casus.pipeline", "casus.resources",
    ),
    "casus.runners": (
        "casus.api", "casus.errors", "casus.ingest", "casus.model", "casus.pipeline",
    ),
    "casus.store": ("casus.runners", "casus.api", "casus.errors", "casus.model", "casus.ingest"),
    "casus.scenarios": ("casus.store", "casus.errors", "casus.model", "casus.ontology"),
    "casus.evaluation": (
        "casus.api", "casus.components", "casus.datafiles", "casus.doc", "casus.errors",
        "casus.gazetteer", "casus.ingest", "casus.lexicon", "casus.model", "casus.ontology",
        "casus.pipeline", "casus.resources", "casus.runners", "casus.text",
    ),
    "casus.dictionaries": (
        "casus.datafiles", "casus.errors", "casus.lexicon", "casus.ontology", "casus.text",
    ),
    "casus.bench": (  # it times the path of casus analyze: reading, analysis, rendering
        "casus.api", "casus.doc", "casus.ingest", "casus.model", "casus.pipeline",
        "casus.render", "casus.runners",
    ),
    "casus.web": (
        "casus.store", "casus.scenarios", "casus.render", "casus.api", "casus.errors",
        "casus.model",
    ),
    "casus.cli": (
        "casus.api", "casus.bench", "casus.dictionaries", "casus.errors", "casus.evaluation",
        "casus.ingest", "casus.model", "casus.render", "casus.runners", "casus.store",
        "casus.scenarios", "casus.web",
    ),
    "casus.__main__": ("casus.cli",),
    "casus": (
        "casus.api", "casus.doc", "casus.errors", "casus.ingest", "casus.model",
        "casus.pipeline", "casus.runners",
    ),
}  # fmt: skip


def _layer(module: str) -> str:
    if module == "casus":
        return "casus"
    for layer in sorted(LAYERS, key=len, reverse=True):
        if module == layer or module.startswith(layer + "."):
            return layer
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def _violations(module: str, imports: set[str]) -> list[str]:
    own = _layer(module)
    allowed = {own, *LAYERS[own]}
    wrong = []
    for imported in sorted(imports):
        if imported.startswith("casus") and _layer(imported) not in allowed:
            wrong.append(f"{module} ({own}) imports {imported} ({_layer(imported)})")
    return wrong


def test_imports_follow_the_layers() -> None:
    for path in SRC.rglob("*.py"):
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        assert not _violations(module, _imports(path))


def test_layer_check_catches_a_wrong_direction() -> None:
    assert _violations("casus.model", {"casus.cli"})
    assert _violations("casus.components.events.coder", {"casus.runners.batch"})
    assert _violations("casus.ingest.reader", {"casus.components.actors"})
    assert _violations("casus.render.markdown", {"casus.api"})
    assert not _violations("casus.runners.batch", {"casus.api", "casus.ingest"})


def test_library_does_not_print_or_exit() -> None:
    for path in SRC.rglob("*.py"):
        if "cli" in path.parts or path.name == "__main__.py":
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
