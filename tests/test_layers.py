"""The import-linter contracts of pyproject.toml (the layers core → orgs → accounts → business modules, and no import
between siblings of one layer) hold for the code, and catch a module that breaks them.

Each violation is written into a temporary copy of the Python sources, never into the working tree, and
``lint-imports`` runs there exactly as ``scripts/test.sh`` runs it on the real tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _packages() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["root_packages"])


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "pyproject.toml"], cwd=tree, env={"PYTHONPATH": str(tree), "PATH": ""},
        capture_output=True, text=True, timeout=300, check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python sources of every layered package and the contracts, copied (no templates, data or migrations)."""
    if not LINT_IMPORTS.exists():
        pytest.skip("lint-imports 未安装：运行 make setup（dev 依赖含 import-linter）")
    copy = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for package in _packages():
        shutil.copytree(ROOT / package, copy / package, ignore=lambda folder, names: [
            n for n in names if not (n.endswith(".py") or (Path(folder) / n).is_dir()) or n in ("__pycache__", "templates", "static")
        ])
    return copy


def _probe(tree: Path, module: str, line: str) -> Path:
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(f'"""A deliberate violation for the test."""\n\n{line}\n', encoding="utf-8")
    return path


def test_the_code_keeps_the_contracts(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # core is the lowest layer: it may not know the org tree, accounts or any business module.
        ("core.layer_probe", "from mediation.models import Dispute  # noqa", "core is not allowed to import mediation"),
        ("core.layer_probe", "import accounts.scope  # noqa", "core is not allowed to import accounts"),
        # orgs sits below accounts (the scope resolver is registered by accounts, never imported by orgs).
        ("orgs.layer_probe", "from accounts.models import Membership  # noqa", "orgs is not allowed to import accounts"),
        # a shared registry sits below the case modules that declare into it.
        ("documents.layer_probe", "from people.models import Person  # noqa", "documents is not allowed to import people"),
        # the case module that receives a conversion sits above its source: consultation may not reach back.
        ("consultation.layer_probe", "from legalaid.models import Application  # noqa", "consultation is not allowed to import legalaid"),
        # siblings of one layer are independent of each other.
        ("dashboard.layer_probe", "import supervision.warnings  # noqa", "dashboard is not allowed to import supervision"),
    ],
)
def test_an_upward_or_sibling_import_breaks_the_contract_naming_the_module(tree: Path, module: str, line: str, broken: str) -> None:
    probe = _probe(tree, module, line)
    try:
        result = _lint(tree)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert broken in result.stdout
    assert f"{module} -> " in result.stdout  # the report names the offending module and its import
