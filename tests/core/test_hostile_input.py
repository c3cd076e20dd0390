"""Hostile and broken input at every door: one validator per record, one line per error, no file left."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from soc2wizard import cli, services
from soc2wizard.domain.errors import FieldError


def _png(width: int, height: int, *, noise: bool = False) -> bytes:
    import random

    from PIL import Image

    buf = io.BytesIO()
    if noise:  # does not compress: cutting the file cuts pixels
        img = Image.frombytes("RGB", (width, height), random.Random(1).randbytes(width * height * 3))
    else:
        img = Image.new("RGB", (width, height), (20, 90, 160))
    img.save(buf, "PNG")
    return buf.getvalue()


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("soc2wizard: error: ") and "Traceback" not in err, err
    return err


@pytest.fixture
def dump(demo) -> dict:
    return services.dump_workspace(demo)


def _restore(doc: dict, tmp_path: Path, capsys) -> str:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(doc))
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    assert cli.main(["new", str(out / "r.soc2"), "--from-json", str(src)]) == 1
    assert list(out.iterdir()) == []  # a failed command leaves no file
    return _one_line_error(capsys)


# --- JSON restore: the same validators as the app --------------------------------


def test_restore_refuses_not_applicable_without_a_reason(dump, tmp_path, capsys):
    """A not-applicable control without a reason is refused by a restore, as in the app."""
    doc = copy.deepcopy(dump)
    doc["control_states"][0].update(status="not_applicable", na_reason="")
    err = _restore(doc, tmp_path, capsys)
    assert "control_states[0].na_reason" in err and "say why" in err


def test_restore_refuses_a_logo_over_5_mb(dump, tmp_path, capsys):
    """A 6 MB logo is refused by a restore, as in the app."""
    import base64

    doc = copy.deepcopy(dump)
    doc["firm_logo"] = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * (6 * 1024 * 1024)).decode()
    err = _restore(doc, tmp_path, capsys)
    assert "firm_logo" in err and "at most 5 MB" in err


def test_restore_refuses_evidence_over_the_limit(dump, tmp_path, capsys, monkeypatch):
    """The 50 MB limit of the app applies to a restore (lowered here to 1 MB to keep the test quick)."""
    import base64
    import hashlib

    monkeypatch.setattr(services.evidence, "MAX_EVIDENCE_BYTES", 1024 * 1024)
    big = b"x" * (2 * 1024 * 1024)
    doc = copy.deepcopy(dump)
    doc["evidence"][0].update(
        kind="file",
        url=None,
        content_base64=base64.b64encode(big).decode(),
        sha256=hashlib.sha256(big).hexdigest(),
        size=len(big),
    )
    err = _restore(doc, tmp_path, capsys)
    assert "evidence[0].content_base64" in err and "2.0 MB; files up to 1 MB" in err


def test_restore_refuses_an_incomplete_custom_control(dump, tmp_path, capsys):
    """Only id, title and criteria: refused naming the first missing field, rather than breaking checklists later."""
    doc = copy.deepcopy(dump)
    doc["custom_controls"] = [{"id": "X-1", "title": "Half a control", "criteria": ["CC1.1"]}]
    err = _restore(doc, tmp_path, capsys)
    assert "custom_controls[0].category: is missing" in err


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: d["control_states"][0].update(due_date="2027-13-45"), "control_states[0].due_date"),
        (lambda d: d["control_states"][0].update(owner=5), "control_states[0].owner: must be text"),
        (lambda d: d["scope"].append({"kind": "system", "name": 7}), "name: must be text"),
        (
            lambda d: d["custom_controls"].append({"id": 3, "title": "T", "criteria": ["CC1.1"]}),
            "custom_controls[0].id: must be text",
        ),
        (lambda d: d.update(activity="lots"), "activity: must be a list"),
    ],
)
def test_bad_values_in_a_restore_are_one_line(dump, tmp_path, capsys, change, words):
    """Bad dates, wrong types and bad custom controls in a restore are one line naming the JSON path."""
    doc = copy.deepcopy(dump)
    change(doc)
    assert words in _restore(doc, tmp_path, capsys)


@pytest.mark.parametrize("option", ["--from-json", "--answers"])
def test_json_nested_100000_deep_is_one_line(tmp_path, capsys, option):
    """JSON nested 100,000 levels deep is one line, not a RecursionError traceback."""
    src = tmp_path / "deep.json"
    src.write_text("[" * 100_000 + "]" * 100_000)
    assert cli.main(["new", str(tmp_path / "x.soc2"), option, str(src)]) == 1
    assert "nested too deeply" in _one_line_error(capsys)
    assert not (tmp_path / "x.soc2").exists()


def test_bad_json_is_one_line_with_its_position(tmp_path, capsys):
    """A JSON syntax error names its line and column in one line."""
    src = tmp_path / "bad.json"
    src.write_text('{"format": "soc2wizard-workspace/1",,}')
    assert cli.main(["new", str(tmp_path / "x.soc2"), "--from-json", str(src)]) == 1
    assert "line 1, column" in _one_line_error(capsys)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_new_on_a_full_disk_is_one_line_and_leaves_no_file(tmp_path):
    """With the file size limited (as a full disk would), `new` says it could not write and leaves nothing."""
    import resource
    import signal

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    r = subprocess.run(
        [sys.executable, "-m", "soc2wizard", "new", str(tmp_path / "x.soc2"), "--name", "Full Disk Co"],
        capture_output=True,
        text=True,
        preexec_fn=small_disk,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "could not be written" in r.stderr and "nothing was created" in r.stderr
    assert list(tmp_path.iterdir()) == []


# --- images ----------------------------------------------------------------------


def test_a_truncated_png_logo_is_refused(workspace):
    """A PNG cut in half is refused on entry instead of breaking every later PDF export."""
    good = _png(300, 100, noise=True)
    with pytest.raises(FieldError, match="not a readable PNG or JPEG"):
        services.set_firm_logo(workspace, good[: len(good) // 2])
    assert services.firm_logo(workspace) is None


def test_a_small_png_declaring_12000_pixels_square_is_refused_before_decoding(workspace):
    """A few KB that would decode to 12,000 × 12,000 pixels (0.4 GB) is refused by its header."""
    bomb = _png(12_000, 12_000)
    assert len(bomb) < 1_000_000
    with pytest.raises(FieldError, match=r"12,000 × 12,000 pixels; a logo may be at most 4,000 × 4,000"):
        services.set_firm_logo(workspace, bomb)


def test_a_good_logo_is_kept_and_exported(workspace, tmp_path):
    """A sound logo is kept and the PDF export works with it."""
    services.set_firm_logo(workspace, _png(400, 120))
    assert services.get_settings(workspace).has_logo
    services.export_pdf(workspace, tmp_path / "plan.pdf")
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


# --- settings, import and protect on the command line ------------------------------


def test_settings_command_sets_firm_assessor_logo_and_names_the_actor(workspace, tmp_path, capsys):
    """`settings` sets the firm, assessor and logo, and the log names the --actor."""
    path = workspace.path
    workspace.close()
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(200, 80))
    argv = ["settings", str(path), "--firm", "Ωmega Advisory", "--assessor", "Dana Reyes", "--logo", str(logo)]
    assert cli.main([*argv, "--actor", "script"]) == 0
    out = capsys.readouterr().out
    assert "Ωmega Advisory" in out and "Dana Reyes" in out and "Logo:                yes" in out
    with services.open_workspace(path, read_only=True) as s:
        assert services.activity(s, 1)[0].actor == "script"


def test_settings_command_refuses_a_broken_logo_and_changes_nothing(workspace, tmp_path, capsys):
    """`settings --logo` with a broken image fails in one line and changes no byte."""
    path = workspace.path
    workspace.close()
    before = path.read_bytes()
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(200, 80, noise=True)[:20_000])
    assert cli.main(["settings", str(path), "--firm", "X", "--logo", str(logo)]) == 1
    assert "--logo" in _one_line_error(capsys)
    assert path.read_bytes() == before


def test_import_command_applies_all_lines_or_none(workspace, tmp_path, capsys):
    """`import --csv` applies a good file and refuses a bad one whole, keeping the earlier import."""
    path = workspace.path
    cid = services.checklist(workspace)[0].control.id
    workspace.close()
    good = tmp_path / "good.csv"
    good.write_text(f'Control ID,Owner,Notes\n{cid},Dana,"\'=SUM(A1) is text"\n', encoding="utf-8")
    assert cli.main(["import", str(path), "--csv", str(good)]) == 0
    assert "1 control changed" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(f'Control ID,Owner\n{cid},"Sam\n{cid},Lee\n', encoding="utf-8")
    assert cli.main(["import", str(path), "--csv", str(bad)]) == 1
    assert "line 2" in _one_line_error(capsys)
    with services.open_workspace(path, read_only=True) as s:
        assert services.control_state(s, cid).owner == "Dana"
        assert services.control_state(s, cid).notes == "=SUM(A1) is text"


def test_protect_command_encrypts_changes_and_decrypts(workspace, monkeypatch, capsys):
    """`protect` encrypts, re-keys and decrypts, leaving a file that verifies."""
    path = workspace.path
    workspace.close()
    monkeypatch.delenv("SOC2WIZARD_PASSPHRASE", raising=False)
    monkeypatch.setenv("SOC2WIZARD_NEW_PASSPHRASE", "first passphrase")
    assert cli.main(["protect", str(path), "--encrypt"]) == 0
    assert not path.read_bytes().startswith(b"SQLite format 3")
    monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", "first passphrase")
    monkeypatch.setenv("SOC2WIZARD_NEW_PASSPHRASE", "second passphrase")
    assert cli.main(["protect", str(path), "--change-passphrase"]) == 0
    monkeypatch.setenv("SOC2WIZARD_PASSPHRASE", "second passphrase")
    assert cli.main(["protect", str(path), "--decrypt"]) == 0
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert "no longer encrypted" in capsys.readouterr().out
    assert cli.main(["verify", str(path)]) == 0
