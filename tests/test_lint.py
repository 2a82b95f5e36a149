"""ruff and mypy run clean on the code, as the style guide requires."""

import subprocess
import sys

from tests.helpers import ROOT


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "worker", "schemas", "tests"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_mypy_is_clean():
    result = subprocess.run([sys.executable, "-m", "mypy", "worker", "schemas"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]
