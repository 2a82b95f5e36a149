"""A fresh install works: every import is a declared dependency, the lock pins them, the package imports whole."""

import ast
import re
import subprocess
import sys
import textwrap
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _third_party_imports() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("worker/**/*.py"), *ROOT.glob("schemas/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in {"worker", "schemas"}}


def _locked(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    assert "--hash=sha256:" in text
    return {_norm(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", text, re.M)}


def test_every_import_is_a_declared_dependency() -> None:
    # Optional model extras (`pip install '.[fr,ru]'`) count: their imports are lazy and checked first.
    extras = [r for group, reqs in PROJECT["optional-dependencies"].items() if group != "test" for r in reqs]
    declared = {_norm(Requirement(r).name) for r in [*PROJECT["dependencies"], *extras]}
    owners = packages_distributions()
    undeclared = {name: owners.get(name) for name in _third_party_imports()
                  if not declared & {_norm(d) for d in owners.get(name, [])}}
    assert undeclared == {}


def test_the_lock_files_pin_every_requirement_within_its_range() -> None:
    for lock, requirements in (("main.lock", PROJECT["dependencies"]),
                               ("test.lock", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"])):
        pins = _locked(lock)
        for line in requirements:
            requirement = Requirement(line)
            version = pins.get(_norm(requirement.name))
            assert version is not None, f"{requirement.name} is not in {lock}"
            assert requirement.specifier.contains(version, prereleases=True), (lock, line, version)


def test_the_image_installs_from_the_lock() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements/main.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile


def test_the_installed_package_imports_whole_and_parses_html(tmp_path: Path) -> None:
    # Run from an empty directory so the installed package is imported, not this source tree
    # (in CI that is the non-editable install the README's test command made).
    script = textwrap.dedent("""
        import importlib, pkgutil, sys, worker, schemas
        for package in (worker, schemas):
            for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
                if not info.name.endswith("__main__"):
                    importlib.import_module(info.name)
        from worker.stages.parse.html import extract_html
        html = ("<html><head><title>Ministers meet</title></head><body><article><h1>Ministers meet</h1>"
                + "<p>The ministers of Italy and Azerbaijan met in Baku on Monday to discuss trade.</p>" * 5
                + "</article></body></html>")
        extracted = extract_html(html)
        assert extracted is not None and any("Baku" in p for p in extracted.paragraphs), extracted
        print(worker.__file__)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("worker/__init__.py")
