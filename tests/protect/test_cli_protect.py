"""Command line: new --encrypt, verify, and encrypted files in other commands."""

from __future__ import annotations

import sqlite3

import pytest

from soc2wizard import cli, services

from .conftest import PASS


def test_new_encrypt_from_environment_then_verify(tmp_path, monkeypatch, capsys):
    """`new --encrypt` takes SOC2WIZARD_PASSPHRASE; `verify` then reports the file ok."""
    path = tmp_path / "e.soc2"
    monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", PASS)
    assert cli.main(["new", str(path), "--name", "Enc Co", "--encrypt"]) == 0
    assert "(encrypted)" in capsys.readouterr().out
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert cli.main(["verify", str(path)]) == 0
    assert "integrity ok" in capsys.readouterr().out


def test_new_encrypt_without_passphrase_or_terminal_fails_cleanly(tmp_path, capsys):
    """With no passphrase and no terminal, `new --encrypt` says how to give one and creates nothing."""
    assert cli.main(["new", str(tmp_path / "e.soc2"), "--name", "X", "--encrypt"]) == 1
    assert "SOC2WIZARD_PASSPHRASE" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_new_encrypt_prompts_twice_and_refuses_a_mismatch(tmp_path, monkeypatch, capsys):
    """At a terminal the passphrase is asked twice; two different answers create nothing."""
    answers = iter([PASS, PASS + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    assert cli.main(["new", str(tmp_path / "e.soc2"), "--name", "X", "--encrypt"]) == 1
    assert "differ" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_other_commands_ask_for_the_passphrase_at_a_terminal(encrypted, monkeypatch, capsys):
    """`verify` on an encrypted file with no passphrase at hand asks for it at the terminal."""
    path = encrypted.path
    encrypted.close()
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or PASS)
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    assert cli.main(["verify", str(path)]) == 0
    assert asked and "e.soc2" not in asked[0] and "secret.soc2" in asked[0]


def test_verify_lists_mismatch_and_exits_1(workspace, capsys):
    """`verify` exits 1 and lists each evidence file whose bytes changed."""
    cid = services.checklist(workspace)[0].control.id
    e = services.add_evidence_bytes(workspace, cid, name="policy.pdf", content=b"v1")
    path = workspace.path
    workspace.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE evidence SET content = x'00' WHERE id = ?", [e.id])
    conn.commit()
    conn.close()
    assert cli.main(["verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert "policy.pdf" in err and e.sha256 in err


def test_help_documents_the_passphrase_variable(capsys):
    """The main --help names SOC2WIZARD_PASSPHRASE and the verify command."""
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "SOC2WIZARD_PASSPHRASE" in out and "verify" in out


def test_a_typed_passphrase_stays_out_of_the_environment(encrypted, monkeypatch, capsys):
    """The passphrase typed at the prompt opens the file but is never put where child processes would inherit it."""
    import os
    import subprocess
    import sys

    path = encrypted.path
    encrypted.close()
    seen_by_child: list[str] = []
    real_run = subprocess.run

    def ask(prompt: str = "") -> str:
        # a helper process started now (as the keychain's are) sees the environment as it is
        r = real_run(
            [sys.executable, "-c", "import os; print(os.environ.get('SOC2WIZARD_PASSPHRASE', ''))"],
            capture_output=True,
            text=True,
        )
        seen_by_child.append(r.stdout.strip())
        return PASS

    monkeypatch.setattr("getpass.getpass", ask)
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    assert cli.main(["summary", str(path)]) == 0
    assert "SOC 2 plan for" in capsys.readouterr().out
    assert "SOC2WIZARD_PASSPHRASE" not in os.environ
    r = real_run(
        [sys.executable, "-c", "import os; print(os.environ.get('SOC2WIZARD_PASSPHRASE', ''))"],
        capture_output=True,
        text=True,
    )
    assert r.stdout.strip() == "" and seen_by_child == [""]


def test_a_wrong_typed_passphrase_does_not_blame_the_environment(encrypted, monkeypatch, capsys):
    """A wrong typed passphrase is reported as such, not as coming from SOC2WIZARD_PASSPHRASE."""
    path = encrypted.path
    encrypted.close()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "not the passphrase")
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    assert cli.main(["summary", str(path)]) == 1
    err = capsys.readouterr().err
    assert "wrong passphrase" in err and "SOC2WIZARD_PASSPHRASE" not in err


def test_summary_and_export_work_while_the_app_holds_the_encrypted_file(encrypted, monkeypatch, tmp_path, capsys):
    """The app has the encrypted workspace open with edits in its WAL: read-only commands still work."""
    services.update_profile(encrypted, employees=77)
    monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", PASS)
    assert cli.main(["summary", str(encrypted.path), "--json"]) == 0
    assert '"company"' in capsys.readouterr().out
    assert cli.main(["export", str(encrypted.path), "--json", str(tmp_path / "d.json")]) == 0
    import json

    assert json.loads((tmp_path / "d.json").read_text())["answers"]["company"]["employees"] == 77
    services.update_profile(encrypted, employees=78)  # the app's session is still the writer


def test_the_keychain_never_sees_a_passphrase_in_the_environment(monkeypatch):
    """While the keychain is asked (its helpers inherit the environment), no passphrase variable is set."""
    import os

    import keyring

    from soc2wizard import secrets

    seen: list[str | None] = []

    def get_password(service, key):
        seen.append(os.environ.get("SOC2WIZARD_PASSPHRASE"))
        return None

    monkeypatch.setattr(keyring, "get_password", get_password)
    monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", PASS)
    assert secrets.KeyringSecrets().get("some-workspace") is None
    assert seen == [None]
    assert os.environ["SOC2WIZARD_PASSPHRASE"] == PASS  # the script's setting is back afterwards
