"""The offline checkers the tests run, installed from npm by ``make test`` (see package.json)."""

import shutil
from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require(path):
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run 'npm ci' (make test does) to install the checkers.")
    return path


def java():
    found = shutil.which("java")
    if found is None:
        raise RuntimeError("The Nu HTML checker needs Java (e.g. Debian's default-jre-headless).")
    return found
