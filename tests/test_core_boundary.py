"""The README's promise: acecore never imports Streamlit, so all of it runs from a command line."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import acecore

ROOT = Path(__file__).resolve().parent.parent


def test_no_acecore_module_imports_streamlit() -> None:
    modules = [f"acecore.{m.name}" for m in pkgutil.iter_modules(acecore.__path__) if m.name != "__main__"]
    assert len(modules) > 15
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
