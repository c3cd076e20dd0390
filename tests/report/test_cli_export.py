"""'soc2wizard export' and 'new --from-json': files written, exit codes, messages."""

from __future__ import annotations

import pytest

from soc2wizard import services
from soc2wizard.cli import main

from .conftest import pdf_pages


@pytest.fixture
def ws_file(workspace):
    """The path of a closed workspace file."""
    path = workspace.path
    workspace.close()
    return path


def test_export_writes_every_format(ws_file, tmp_path, capsys):
    """One command writes the PDF, CSV, XLSX and JSON, and says so."""
    outs = {k: tmp_path / f"plan.{k}" for k in ("pdf", "csv", "xlsx", "json")}
    code = main(
        ["export", str(ws_file), "--date", "2026-11-26", *[a for k, p in outs.items() for a in (f"--{k}", str(p))]]
    )
    assert code == 0
    assert all(p.exists() and p.stat().st_size > 0 for p in outs.values())
    said = capsys.readouterr().out
    assert f"Wrote {outs['pdf']}" in said and "controls" in said
    assert "Acme Health" in pdf_pages(outs["pdf"])[0]


def test_export_needs_an_output(ws_file, capsys):
    """Without --pdf/--csv/--xlsx/--json it is a usage error (exit 2)."""
    assert main(["export", str(ws_file)]) == 2
    assert "at least one of --pdf" in capsys.readouterr().err


def test_export_errors_exit_1_and_name_the_file(ws_file, tmp_path, capsys):
    """A missing workspace or an impossible output path is a user error (exit 1) naming it."""
    assert main(["export", str(tmp_path / "nope.soc2"), "--csv", str(tmp_path / "x.csv")]) == 1
    assert "nope.soc2: no such file" in capsys.readouterr().err
    assert main(["export", str(ws_file), "--pdf", str(tmp_path / "missing" / "x.pdf")]) == 1
    assert "the folder" in capsys.readouterr().err
    assert main(["export", str(ws_file), "--csv", str(tmp_path / "x.csv"), "--password", "pw"]) == 1
    assert "--password protects a PDF" in capsys.readouterr().err


def test_export_password_from_the_environment(ws_file, tmp_path, monkeypatch):
    """SOC2WIZARD_PDF_PASSWORD protects the PDF without putting the password on the command line."""
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("pyaes")
    monkeypatch.setenv("SOC2WIZARD_PDF_PASSWORD", "s3cret")
    assert main(["export", str(ws_file), "--pdf", str(tmp_path / "p.pdf")]) == 0
    reader = pypdf.PdfReader(str(tmp_path / "p.pdf"))
    assert reader.is_encrypted and reader.decrypt("s3cret")


def test_export_help_documents_the_password(capsys):
    """--help explains --password and the environment variable."""
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "--password" in out and "SOC2WIZARD_PDF_PASSWORD" in out and "--from-json" in out


def test_new_from_json_restores_and_refuses_bad_dumps(ws_file, tmp_path, capsys):
    """'new --from-json' restores a dump; a bad one exits 1 naming the JSON path and leaves no file."""
    assert main(["export", str(ws_file), "--json", str(tmp_path / "d.json")]) == 0
    assert main(["new", str(tmp_path / "r.soc2"), "--from-json", str(tmp_path / "d.json")]) == 0
    assert "Restored" in capsys.readouterr().out
    with services.open_workspace(tmp_path / "r.soc2") as r:
        assert services.get_answers(r).company.name == "Acme Health"
    (tmp_path / "bad.json").write_text('{"format": "soc2wizard-workspace/1", "answers": {"format": 1}}')
    assert main(["new", str(tmp_path / "b.soc2"), "--from-json", str(tmp_path / "bad.json")]) == 1
    assert "answers.format" in capsys.readouterr().err
    assert not (tmp_path / "b.soc2").exists()
    with pytest.raises(SystemExit) as usage:  # --from-json is one of the mutually exclusive sources
        main(["new", str(tmp_path / "c.soc2"), "--from-json", "x.json", "--name", "X"])
    assert usage.value.code == 2
