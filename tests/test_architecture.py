"""The public API is what __all__ says; lower layers never import higher ones."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
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
    "casus.models": ("casus.errors",),
    "casus.pipeline": ("casus.doc", "casus.errors", "casus.model"),
    "casus.resources": (
        "casus.datafiles", "casus.errors", "casus.gazetteer", "casus.lexicon",
        "casus.matcher", "casus.ontology", "casus.text",
    ),
    "casus.components": (
        "casus.datafiles", "casus.doc", "casus.errors", "casus.gazetteer", "casus.lexicon",
        "casus.matcher", "casus.model", "casus.models", "casus.ontology", "casus.pipeline",
        "casus.resources", "casus.text", "casus.components.syntax", "casus.components.events",
        "casus.components.claims",
    ),
    # The one syntax layer: events and claims read it, it reads neither.
    "casus.components.syntax": (
        "casus.components", "casus.datafiles", "casus.doc", "casus.errors", "casus.lexicon",
        "casus.matcher", "casus.model", "casus.models", "casus.text",
    ),
    "casus.components.events": (
        "casus.components.syntax", "casus.datafiles", "casus.doc", "casus.errors",
        "casus.lexicon", "casus.matcher", "casus.model", "casus.ontology", "casus.text",
    ),
    "casus.components.claims": (
        "casus.components.syntax", "casus.doc", "casus.model", "casus.text",
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
    "casus.store": (  # render: the escaping of its table, JSON and GDELT outputs
        "casus.runners", "casus.api", "casus.errors", "casus.model", "casus.ingest",
        "casus.datafiles", "casus.render", "casus.pipeline",
    ),
    "casus.scenarios": (  # api, ingest: a pack drafted from an article analyses it
        "casus.store", "casus.errors", "casus.model", "casus.ontology", "casus.datafiles",
        "casus.api", "casus.ingest", "casus.render",
        "casus.gazetteer",  # a pack's places are checked against the gazetteer's names
    ),
    "casus.evaluation": (  # dictionaries: eval petrarch imports the gold's dictionaries
        "casus.api", "casus.components", "casus.components.syntax", "casus.datafiles",
        "casus.dictionaries", "casus.doc", "casus.errors",
        "casus.gazetteer", "casus.ingest", "casus.lexicon", "casus.model", "casus.models",
        "casus.ontology",
        "casus.pipeline", "casus.resources", "casus.runners", "casus.text",
    ),
    "casus.dictionaries": (
        "casus.datafiles", "casus.errors", "casus.lexicon", "casus.ontology", "casus.text",
    ),
    "casus.bench": (  # it times the path of casus analyze: reading, analysis, rendering
        "casus.api", "casus.doc", "casus.ingest", "casus.model", "casus.pipeline",
        "casus.render", "casus.runners", "casus.store",
    ),
    "casus.web": (
        "casus.store", "casus.scenarios", "casus.render", "casus.api", "casus.errors",
        "casus.model",
    ),
    "casus.cli": (
        "casus.api", "casus.bench", "casus.dictionaries", "casus.errors", "casus.evaluation",
        "casus.ingest", "casus.model", "casus.pipeline", "casus.render", "casus.runners",
        "casus.store",
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
    assert _violations("casus.components.syntax.roles", {"casus.components.events.patterns"})
    assert _violations("casus.components.syntax.frames", {"casus.components.claims"})
    assert _violations("casus.components.claims", {"casus.components.events.coder"})
    assert _violations("casus.components.events.coder", {"casus.components.claims"})
    assert not _violations("casus.components.events.coder", {"casus.components.syntax.layer"})
    assert not _violations("casus.components.claims", {"casus.components.syntax.frames"})


def _import_graph() -> dict[str, set[str]]:
    """casus module -> the casus modules it imports (anywhere in it: at the top, under
    TYPE_CHECKING, or inside a function)."""
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
        graph[module.removesuffix(".__init__")] = _imports(path)
    return {m: {i for i in found if i in graph and i != m} for m, found in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = {stack.pop()}
            while module not in group:
                group.add(stack.pop())
            if len(group) > 1:
                found.append(frozenset(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


# An import cycle that predates this test, broken at run time by an import inside a
# function (workers.py imports batch.analyze_one when a worker starts). May only shrink.
_OLDER_CYCLES = {frozenset({"casus.runners.batch", "casus.runners.workers"})}


def test_no_import_cycles_among_casus_modules() -> None:
    cycles = set(_cycles(_import_graph()))
    assert cycles <= _OLDER_CYCLES, sorted(sorted(c) for c in cycles - _OLDER_CYCLES)
    assert cycles == _OLDER_CYCLES, "a cycle is gone: drop it from _OLDER_CYCLES"


def test_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]
    assert not _cycles({"a": {"b"}, "b": set()})


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


# -- grammatical word lists live in lexicons/grammar.yaml ------------------------------

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*'?")


def _english(text: object) -> bool:
    """A word ("of", "Northern", "its'"), not a code ("ASSAULT", "ELI")."""
    return (
        isinstance(text, str)
        and _WORD.fullmatch(text) is not None
        and not (len(text) > 1 and text.isupper())
    )


_LAYER_NAMES = frozenset({"__all__", "requires", "assigns"})
# Word lists defined in code before grammar.yaml existed, outside the syntax layer, the
# event coder and the claims: vocabulary and schema names of the actor, place, structure
# and language components, to move into their data files. This list may only shrink.
_OLDER_LISTS = frozenset(
    {
        ("actors.py", "LOCATIVES"),
        ("actors.py", "_RELATION_WORDS"),
        ("actors.py", "_FACILITY_WORDS"),
        ("actors.py", "_NAME_JOINERS"),
        ("actors.py", "_MODIFIER_WORDS"),
        ("actors.py", "_REGIONAL"),
        ("artifacts.py", "_ENGLISH_FUNCTION_WORDS"),
        ("places.py", "_BLOCKING_ACTORS"),
        ("places.py", "_GEO_WORDS"),
        ("places.py", "_INSTITUTIONS"),
        ("places.py", "_DISTRICT_AFTER"),
        ("places.py", "PLACE_NOUNS"),
        ("places.py", "_LOCATIVE_BEFORE"),
        ("places.py", "_FUNCTION_WORDS"),
        ("places.py", "_SPEECH_AFTER"),
        ("places.py", "_GEO_WORDS"),
        ("places.py", "_INSTITUTIONS"),
        ("places.py", "_ADMIN_AFTER"),
        ("places.py", "_PERSON_TITLES"),
        ("actors.py", "in {'country', 'igo', 'metonym', 'group'}"),
        ("structure.py", "in {'author', 'authors', 'by', 'byline'}"),
        ("structure.py", "_CAPITALISED_FUNCTION_WORDS"),
    }
)


def _literal_words(node: ast.expr) -> list[str]:
    """The lower-case English words of an inline list: a set, tuple or list literal,
    frozenset()/set()/tuple() of one, "a b c".split(), or a union of them."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        return _literal_words(node.args[0]) if node.func.id in {"frozenset", "set", "tuple"} else []
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        text = node.func.value
        if node.func.attr == "split" and isinstance(text, ast.Constant):
            return [w for w in str(text.value).split() if _english(w)]
        return []
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        return [v for v in values if isinstance(v, str) and _english(v)]
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) + _literal_words(node.right)
    return []


def _inline_word_lists(tree: ast.AST) -> list[tuple[str, int]]:
    """(name, line) of each assignment or membership test ("in {...}") with 4+ words."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            name = ast.unparse(target)
            if name not in _LAYER_NAMES and len(_literal_words(node.value)) >= 4:
                found.append((name, node.lineno))
        elif isinstance(node, ast.Compare):
            for op, right in zip(node.ops, node.comparators, strict=True):
                if isinstance(op, ast.In | ast.NotIn) and len(_literal_words(right)) >= 4:
                    found.append((f"in {ast.unparse(right)}", node.lineno))
    return found


def test_no_inline_word_lists_in_components() -> None:
    """Function words belong in lexicons/grammar.yaml (read into a Grammar), not in code."""
    seen: set[tuple[str, str]] = set()
    for path in sorted((SRC / "components").rglob("*.py")):
        for name, line in _inline_word_lists(ast.parse(path.read_text("utf-8"))):
            if (path.name, name) in _OLDER_LISTS:
                seen.add((path.name, name))
                continue
            raise AssertionError(f"{path}:{line}: {name} lists words: move it to grammar.yaml")
    assert seen == _OLDER_LISTS, (
        f"gone from the code, drop from _OLDER_LISTS: {_OLDER_LISTS - seen}"
    )


def test_inline_word_list_check_catches_lists() -> None:
    code = """
A = frozenset("of in at from".split())
B = ("accus", "blam", "suspect", "charg")
C = {"a", "b", ",", ";"}
requires = ("segments", "actors", "places", "dates")
def f(word):
    return word in {"he", "she", "it", "they"}
"""
    found = [name for name, _ in _inline_word_lists(ast.parse(code))]
    assert found == ["A", "B", "in {'he', 'she', 'it', 'they'}"]
