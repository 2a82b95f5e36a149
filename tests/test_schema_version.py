"""CI guard: a breaking change to a published JSON Schema fails unless the major version is bumped.

Each major version has a committed baseline snapshot in schemas/baseline/<name>-v<major>.schema.json.
Breaking means: a property removed or renamed, its type changed, a required property made
optional or a new one required, or an enum value dropped. After a major bump, snapshot the new
baseline: `cp schemas/article.schema.json schemas/baseline/article-v2.schema.json` (and so on).
"""

import copy
import json
from typing import Any

import pytest

from schemas import SCHEMA_FILES, SCHEMA_VERSION, render_schemas
from schemas.export import SCHEMA_DIR

BASELINE_DIR = SCHEMA_DIR / "baseline"
MAJOR = SCHEMA_VERSION.split(".", 1)[0]
Schema = dict[str, Any]


def baseline_path_for(name: str, major: str = MAJOR) -> Any:
    return BASELINE_DIR / name.replace(".schema.json", f"-v{major}.schema.json")


def _resolve(node: Schema, root: Schema) -> Schema:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _branches(node: Schema, root: Schema) -> list[Schema]:
    node = _resolve(node, root)
    if "anyOf" in node or "oneOf" in node:
        return [b for sub in node.get("anyOf", node.get("oneOf", [])) for b in _branches(sub, root)]
    return [node]


def _types(node: Schema, root: Schema) -> set[str]:
    found: set[str] = set()
    for branch in _branches(node, root):
        kind = branch.get("type")
        if "const" in branch:
            kind = type(branch["const"]).__name__
        found.update(kind if isinstance(kind, list) else [kind or "any"])
    return found


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Every change from `old` to `new` that can break a consumer or producer of `old`."""
    problems: list[str] = []
    _compare(old, old, new, new, "$", problems, set())
    return problems


def _compare(old: Schema, old_root: Schema, new: Schema, new_root: Schema, path: str,
             problems: list[str], seen: set[str]) -> None:
    if path in seen:
        return
    seen.add(path)
    if _types(old, old_root) != _types(new, new_root):
        problems.append(f"{path}: type {sorted(_types(old, old_root))} -> "
                        f"{sorted(_types(new, new_root))}")
        return
    old_enum = {v for b in _branches(old, old_root) for v in b.get("enum", [])}
    new_enum = {v for b in _branches(new, new_root) for v in b.get("enum", [])}
    if old_enum - new_enum:
        problems.append(f"{path}: enum values removed {sorted(old_enum - new_enum)}")
    old_objects = [b for b in _branches(old, old_root) if "properties" in b]
    new_objects = [b for b in _branches(new, new_root) if "properties" in b]
    for old_obj, new_obj in zip(old_objects, new_objects, strict=False):
        _compare_object(old_obj, old_root, new_obj, new_root, path, problems, seen)
    for kind, key in (("items", "items"), ("values", "additionalProperties")):
        old_sub = [b[key] for b in _branches(old, old_root) if isinstance(b.get(key), dict)]
        new_sub = [b[key] for b in _branches(new, new_root) if isinstance(b.get(key), dict)]
        if old_sub and new_sub:
            _compare(old_sub[0], old_root, new_sub[0], new_root, f"{path}[{kind}]", problems, seen)


def _compare_object(old: Schema, old_root: Schema, new: Schema, new_root: Schema, path: str,
                    problems: list[str], seen: set[str]) -> None:
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    for name in sorted(old_required - new_required):
        problems.append(f"{path}.{name}: no longer required")
    for name in sorted(new_required - old_required):
        problems.append(f"{path}.{name}: newly required")
    for name, old_prop in old["properties"].items():
        if name == "schema_version":
            continue  # it changes with every version by design
        if name not in new["properties"]:
            problems.append(f"{path}.{name}: removed or renamed")
            continue
        _compare(old_prop, old_root, new["properties"][name], new_root, f"{path}.{name}",
                 problems, seen)


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_no_breaking_change_within_the_major_version(name: str) -> None:
    baseline = baseline_path_for(name)
    assert baseline.exists(), (
        f"no baseline for schema major version {MAJOR}: after bumping the major version, "
        f"snapshot it with `cp schemas/{name} {baseline.relative_to(SCHEMA_DIR.parent)}`"
    )
    problems = breaking_changes(json.loads(baseline.read_text("utf-8")),
                                json.loads(render_schemas()[name]))
    assert not problems, (
        f"{name} has breaking changes against the v{MAJOR} baseline; bump the major version "
        f"of SCHEMA_VERSION in schemas/models.py (now {SCHEMA_VERSION}) and snapshot a new "
        "baseline:\n  " + "\n  ".join(problems)
    )


# The detector itself, on real mutations of the current article schema.

@pytest.fixture
def article() -> Schema:
    return json.loads(render_schemas()["article.schema.json"])


def test_detector_accepts_an_identical_schema(article: Schema) -> None:
    assert breaking_changes(article, copy.deepcopy(article)) == []


def test_detector_accepts_a_new_optional_field(article: Schema) -> None:
    new = copy.deepcopy(article)
    new["properties"]["audience"] = {"type": "string"}
    new["$defs"]["Entity"]["properties"]["wikidata"] = {"type": "string"}
    assert breaking_changes(article, new) == []


def test_detector_flags_a_removed_required_field(article: Schema) -> None:
    new = copy.deepcopy(article)
    del new["properties"]["language"]
    new["required"].remove("language")
    assert breaking_changes(article, new) == ["$.language: no longer required",
                                              "$.language: removed or renamed"]


def test_detector_flags_a_renamed_nested_field(article: Schema) -> None:
    new = copy.deepcopy(article)
    country = new["$defs"]["Country"]
    country["properties"]["alpha2"] = country["properties"].pop("iso2")
    country["required"] = ["alpha2" if r == "iso2" else r for r in country["required"]]
    problems = breaking_changes(article, new)
    assert "$.countries[items].iso2: removed or renamed" in problems
    assert "$.countries[items].alpha2: newly required" in problems


def test_detector_flags_a_changed_type(article: Schema) -> None:
    new = copy.deepcopy(article)
    new["properties"]["word_count"] = {"type": "string"}
    assert breaking_changes(article, new) == ["$.word_count: type ['integer'] -> ['string']"]


def test_detector_flags_a_dropped_enum_value(article: Schema) -> None:
    new = copy.deepcopy(article)
    entity_type = new["$defs"]["Entity"]["properties"]["type"]
    entity_type["enum"] = [v for v in entity_type["enum"] if v != "PLACE"]
    assert breaking_changes(article, new) == ["$.entities[items].type: enum values removed "
                                              "['PLACE']"]


def test_exported_ids_carry_the_version() -> None:
    for text in render_schemas().values():
        assert f"/schemas/{SCHEMA_VERSION}/" in json.loads(text)["$id"]
