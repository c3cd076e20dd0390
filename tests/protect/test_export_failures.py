"""A full disk or unwritable folder during export leaves the earlier file intact and says why."""

from __future__ import annotations

import errno
import os
import tempfile

import pytest

from soc2wizard import services
from soc2wizard.domain.errors import Soc2Error


def _fail(code):
    def raise_(*a, **k):
        raise OSError(code, os.strerror(code))

    return raise_


@pytest.mark.parametrize("kind", ["export_csv", "export_json", "export_pdf"])
def test_full_disk_keeps_the_earlier_export(workspace, tmp_path, monkeypatch, kind):
    """ENOSPC while exporting: the earlier export is byte-for-byte as it was; the message says 'No space'."""
    out = tmp_path / f"plan.{kind.split('_')[1]}"
    out.write_bytes(b"the earlier export")
    monkeypatch.setattr(os, "replace", _fail(errno.ENOSPC))
    with pytest.raises(Soc2Error, match="No space left on device"):
        getattr(services, kind)(workspace, out)
    monkeypatch.undo()
    assert out.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_read_only_folder_export_says_why(encrypted, tmp_path, monkeypatch):
    """An export into a folder that cannot be written names the folder and the reason, and writes nothing."""
    monkeypatch.setattr(tempfile, "mkstemp", _fail(errno.EROFS))
    with pytest.raises(Soc2Error, match="Read-only file system"):
        services.export_csv(encrypted, tmp_path / "out.csv")
    monkeypatch.undo()
    assert not (tmp_path / "out.csv").exists()
