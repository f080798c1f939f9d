"""The layers of the architecture, checked on the import statements of every module.

records and errors (pipeline.core) < readers, segmentation < extractors < running, output,
scoring < the CLI. A module may import only from its own layer or those below.
"""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

LAYERS = [
    ("pipeline.core",),
    ("pipeline.readers", "pipeline.words", "pipeline.segment", "pipeline.unwrap", "pipeline.tables", "pipeline.data",
     "pipeline.withheld"),
    ("extractors",),
    ("pipeline.gold", "pipeline.scoring", "pipeline.view", "pipeline.output", "pipeline.runner", "pipeline.evaluate",
     "pipeline.baselines", "pipeline.manifest", "pipeline.stores", "pipeline.executors", "pipeline.progress",
     "pipeline.extras", "pipeline.training"),
    ("pipeline.cli",),
]


def _layer(module: str) -> int | None:
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name for name in names if name.split(".")[0] in ("pipeline", "extractors")}


def test_every_module_has_a_layer() -> None:
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for package in ("pipeline", "extractors") for p in (ROOT / package).rglob("*.py")]
    assert [m for m in modules if m != "pipeline" and _layer(m) is None] == []


def test_every_module_imports_only_downwards() -> None:
    violations = []
    for package in ("pipeline", "extractors"):
        for path in (ROOT / package).rglob("*.py"):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            own = _layer(module)
            if own is None or module == "pipeline":
                continue
            for imported in _imports(path):
                other = _layer(imported)
                if imported != "pipeline" and other is not None and other > own:
                    violations.append(f"{module} imports {imported}")
    assert violations == []


def test_core_imports_nothing_of_the_project() -> None:
    for path in (ROOT / "pipeline" / "core").rglob("*.py"):
        assert {i for i in _imports(path) if not i.startswith("pipeline.core")} == set(), path
