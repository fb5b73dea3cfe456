"""The layers contract (import-linter, run by `make lint`) holds, and it does catch an upward
import: the same check on a copy of the code with one import added from communities to news."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The packages the contract covers, as pyproject.toml declares them.
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def copy_of_the_code(destination):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, destination / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")


def lint_imports(directory):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(directory)},
    )


@pytest.fixture
def code_copy(tmp_path):
    copy_of_the_code(tmp_path)
    return tmp_path


def test_the_layers_contract_is_kept(code_copy):
    result = lint_imports(code_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract_even_inside_a_function(code_copy):
    models = code_copy / "communities" / "models.py"
    models.write_text(
        models.read_text(encoding="utf-8")
        + "\n\ndef latest_news():\n    from news.models import NewsPage\n\n    return NewsPage\n",
        encoding="utf-8",
    )
    result = lint_imports(code_copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "communities.models -> news.models" in result.stdout
