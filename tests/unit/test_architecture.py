"""The house's floors: imports flow one way, from the factory down to the settings, and no two
modules import each other, however indirectly. Read from the source, lazy imports included."""

import ast
from pathlib import Path

from tests.support.apps import ROOT

# Lowest first. A module may import its own floor's modules or any floor below, never above.
FLOORS = (
    ("app.config", "app.parts", "app.invisible"),
    ("app.db", "app.sealing", "app.mail", "app.queue", "app.email_address"),
    ("app.content",),
    ("app.i18n",),
    ("app.web",),
    ("app.views",),
    ("app.contact", "app.staff", "app.push"),
    ("app.delivery",),
    ("app.stack", "app.cli", "app", "app.server", "app.queue_worker"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(name: str) -> bool:
    return (ROOT / name.replace(".", "/") / "__init__.py").exists()


def is_module(name: str) -> bool:
    return is_package(name) or (ROOT / (name.replace(".", "/") + ".py")).exists()


def imports_of(path: Path) -> set[str]:
    """The app's modules that the file at `path` imports."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if is_module(target) else base)
    return {target for target in found if target == "app" or target.startswith("app.")}


def floor_of(name: str) -> int:
    matches = [
        (len(prefix), floor)
        for floor, prefixes in enumerate(FLOORS)
        for prefix in prefixes
        if name == prefix or name.startswith(prefix + ".")
    ]
    assert matches, f"{name} is on no floor: add it to FLOORS"
    return max(matches)[1]


def import_graph() -> dict[str, set[str]]:
    return {
        module_name(path): imports_of(path)
        for path in sorted((ROOT / "app").rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def test_no_import_runs_back_up_a_floor():
    upward = [
        f"{importer} -> {imported}"
        for importer, targets in import_graph().items()
        for imported in targets
        if floor_of(imported) > floor_of(importer)
    ]
    assert upward == []


def test_no_module_imports_itself_through_others():
    graph = import_graph()
    circles = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        for target in graph.get(module, ()):
            if target in path:
                circle = path[path.index(target) :]
                start = circle.index(min(circle))
                circles.add(circle[start:] + circle[:start])
            elif target not in done:
                visit(target, (*path, target))
        done.add(module)

    done: set[str] = set()
    for module in graph:
        visit(module, (module,))
    # A package's __init__ importing its own modules is how a package is put together.
    circles = {c for c in circles if not all(m.startswith(c[0] + ".") for m in c[1:])}
    assert sorted(" -> ".join(c) for c in circles) == []


def test_no_module_is_hidden_behind_another_of_its_name():
    # `from .contact import views as contact` made the package contact look like its views.
    hidden = []
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    parent = (node.module or "").rsplit(".", 1)[-1]
                    if alias.asname and alias.asname == parent:
                        hidden.append(f"{path.relative_to(ROOT)}: {alias.name} as {alias.asname}")
    assert hidden == []
