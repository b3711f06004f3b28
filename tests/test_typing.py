"""Types are checked: mypy runs over app/ in `make lint`; these tests keep what it relies on in place."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"


def test_public_functions_declare_their_return_type() -> None:
    missing = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
                if node.returns is None:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not missing, "public functions without a return annotation:\n" + "\n".join(missing)


def test_mypy_settings_stay_strict() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["files"] == ["app"]
    assert config["disallow_untyped_defs"] is True
    assert config["disallow_incomplete_defs"] is True
    assert config["check_untyped_defs"] is True
    assert "ignore-without-code" in config["enable_error_code"]
    assert not config.get("ignore_errors") and not config.get("ignore_missing_imports")
    for override in config.get("overrides", []):
        # Only third-party modules without types may be skipped; app code is never exempt.
        assert set(override) == {"module", "ignore_missing_imports"}, override
        assert not any(module == "app" or module.startswith("app.") for module in override["module"]), override
