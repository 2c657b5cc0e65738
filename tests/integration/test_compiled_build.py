"""The compiled build a deployment runs (setup.py with TOCSIN_COMPILE=1: the classifier's
modules through mypyc) reads every dispatch exactly as the plain Python checkout does."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ_ALL = Path(__file__).with_name("read_all.py")


def _read_all(python_path: Path) -> list[str]:
    """The classifier's file, then every signal read from the examples, corpora and seed."""
    env = os.environ | {"PYTHONPATH": str(python_path), "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, str(READ_ALL)], env=env, capture_output=True,
                          text=True, check=True, timeout=300)
    return done.stdout.splitlines()


@pytest.fixture(scope="module")
def compiled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled wheel, built from this checkout and unpacked as a site folder."""
    folder = tmp_path_factory.mktemp("compiled")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(folder), str(ROOT)],
                   env=os.environ | {"TOCSIN_COMPILE": "1"}, check=True, timeout=600)
    (wheel,) = folder.glob("tocsin-*.whl")
    site = folder / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return site


@pytest.mark.compiled
def test_compiled_wheel_holds_the_classifier_as_extensions(compiled_site: Path) -> None:
    compiled = {path.name.split(".")[0] for path in
                (compiled_site / "services" / "classify").glob("*.so")}
    assert {"extract", "grammar", "places", "dates", "sentences"} <= compiled
    assert "gazetteer" not in compiled  # its pickled cache loads into plain classes


@pytest.mark.compiled
def test_compiled_classifier_reads_the_same_signals_as_the_plain_one(compiled_site: Path) -> None:
    compiled_file, *compiled = _read_all(compiled_site)
    plain_file, *plain = _read_all(ROOT)
    assert compiled_file.endswith(".so") and compiled_file.startswith(str(compiled_site))
    assert plain_file == str(ROOT / "services" / "classify" / "extract.py")
    assert len(plain) > 200  # 230 signals when this was written
    assert compiled == plain
