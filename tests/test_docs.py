"""The contributor docs say what the code does: the README's count of built-in roles, and docs/adding-a-module.md —
self-contained (no path outside the repository), every file it names exists, its layer diagram is the import-linter
contract, and every declaration module it lists is one the platform discovers."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from accounts.roles import DEFAULT_ROLES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "adding-a-module.md").read_text(encoding="utf-8")
ENGLISH = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def test_readme_counts_the_built_in_roles():
    assert f"内置 {len(DEFAULT_ROLES)} 个角色" in README
    assert f"{ENGLISH[len(DEFAULT_ROLES)]} built-in roles" in README
    for spec in DEFAULT_ROLES:
        assert spec.name in README


def test_the_module_guide_points_to_nothing_outside_the_repository():
    assert "../" not in GUIDE
    assert not re.search(r"(?<![\w.<>])/(?:work|home|tmp|usr)/", GUIDE)


def test_every_file_the_module_guide_names_exists():
    named = set(re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.(?:py|toml|sh|md|lock))`", GUIDE))
    assert named, "the guide names no file"
    assert not [path for path in named if not (ROOT / path).exists()]


def test_the_module_guide_draws_the_layers_of_the_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    drawn = re.search(r"## 1\. Layers.*?```\n(.*?)```", GUIDE, re.S)[1]  # type: ignore[index]
    rows = [re.split(r"\s{2,}", line.strip())[0] for line in drawn.strip().splitlines()]
    business = contracts["business-modules"]["layers"]
    assert rows[1:1 + len(business)] == business
    assert [rows[0], *rows[1 + len(business):]] == [layer for layer in contracts["platform-layers"]["layers"] if ":" not in layer]


def test_every_declaration_module_in_the_guide_is_discovered_by_the_platform():
    listed = set(re.findall(r"^\| `<app>/(\w+)\.py` \|", GUIDE, re.M))
    sources = "\n".join(path.read_text(encoding="utf-8") for path in ROOT.glob("*/*.py"))
    sources += "\n".join(path.read_text(encoding="utf-8") for path in ROOT.glob("core/management/commands/*.py"))
    discovered = set(re.findall(r'app_module(?:s|_pairs)\("(\w+)"\)', sources))
    assert listed == discovered
