"""The app's log: written where log_path says, rotated at MAX_BYTES with BACKUPS old files kept."""

from __future__ import annotations

import logging
from pathlib import Path

from soc2wizard import logs


def test_the_log_is_written_and_rotated(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup(tmp_path / "logs")
    try:
        assert logs.log_path() == path
        log = logging.getLogger("soc2wizard.test")
        for i in range(200):
            log.error("line %d of a message long enough to fill the file quickly", i)
        assert "line 199 of a message" in path.read_text(encoding="utf-8")
        assert path.stat().st_size <= 2_000
        kept = sorted(p.name for p in path.parent.iterdir())
        assert kept == [logs.LOG_NAME, *(f"{logs.LOG_NAME}.{n}" for n in range(1, logs.BACKUPS + 1))]
    finally:
        logging.getLogger("soc2wizard").removeHandler(logs._handler)  # type: ignore[arg-type]
        logs._handler.close()  # type: ignore[union-attr]
        logs._handler = None
