"""``soc2wizard.services`` loads its modules on first use, and still offers every public name."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import soc2wizard.services as services

INIT = Path(services.__file__)


def _imported_for_typing() -> dict[str, str]:
    """Name -> module, as the ``if TYPE_CHECKING:`` imports of services/__init__.py say."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    return {
        a.asname or a.name: node.module or ""
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for a in node.names
    }


def test_the_lazy_table_the_typing_imports_and_all_agree() -> None:
    typed = _imported_for_typing()
    assert services._WHERE == typed  # a name added to one and not the other is caught here
    assert sorted(services.__all__) == sorted(typed)
    assert len(services.__all__) == len(set(services.__all__))


def test_every_public_name_is_the_object_its_module_defines() -> None:
    import importlib

    for name, module in services._WHERE.items():
        assert getattr(services, name) is getattr(importlib.import_module(module), name), name


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(services, "no_such_call")
    try:
        from soc2wizard.services import no_such_call  # noqa: F401
    except ImportError as exc:
        assert "no_such_call" in str(exc)
    else:
        raise AssertionError("an unknown name was imported")


def test_importing_services_loads_no_module_until_a_name_is_used() -> None:
    code = textwrap.dedent("""
        import sys
        import soc2wizard.services as services
        loaded = {m for m in sys.modules if m.startswith("soc2wizard.services.")}
        assert loaded == set(), loaded
        services.portfolio_csv  # loads services.portfolio, whose name is also a function's
        assert callable(services.portfolio), services.portfolio
        from soc2wizard.services import estimate, portfolio
        assert callable(portfolio) and callable(estimate)
        assert "soc2wizard.services.deliverables" not in sys.modules
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert out.stdout.strip() == "ok", out.stderr
