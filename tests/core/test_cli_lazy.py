"""The command line loads a command's module only for that command (the app's start-up loads none)."""

from __future__ import annotations

import subprocess
import sys

from soc2wizard import cli


def test_the_table_of_command_modules_is_the_registry() -> None:
    registry = cli.load_commands()
    listed = [name for names in cli.COMMAND_MODULES.values() for name in names]
    assert sorted(listed) == sorted(registry)  # every registered command, each once
    for module, names in cli.COMMAND_MODULES.items():
        for name in names:
            assert registry[name][2].__module__ == f"soc2wizard.cli.{module}", name


def test_help_lists_every_command(capsys) -> None:  # noqa: ANN001
    try:
        cli.main(["--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    registry = cli.load_commands()
    at = [out.index(f"  soc2wizard {name} ") for name in cli._MODULE_OF]
    assert at == sorted(at)  # in the table's order, whichever command a process ran first
    for name, (help_, _, _) in registry.items():
        assert f"soc2wizard {name}" in out and help_ in out


def test_starting_the_app_or_one_command_loads_only_what_it_needs() -> None:
    code = (
        "import sys\n"
        "import soc2wizard.cli as cli\n"
        "cli._gui_parser().parse_args(['demo.soc2'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('soc2wizard.cli.')))\n"
        "cli.load_commands(['snapshot'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('soc2wizard.cli.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "['soc2wizard.cli._base']"
    assert out[1] == "['soc2wizard.cli._base', 'soc2wizard.cli.year']"


def test_an_unknown_command_names_the_commands(capsys) -> None:  # noqa: ANN001
    try:
        code = cli.main(["sumary"])
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown command or file 'sumary'" in err and "summary" in err and "sync" in err
