"""Child process: commit N edits to a workspace, then stop without closing it (os._exit).

Prints one line per committed edit. With ``--keep-open`` it waits on stdin
instead of exiting, so a test can act while the writer holds the file.
"""

from __future__ import annotations

import os
import sys

from soc2wizard import services


def main(path: str, count: int, keep_open: bool) -> None:
    s = services.open_workspace(path, passphrase=os.environ.get("CHILD_PASSPHRASE") or None)
    s.repo.db.execute("PRAGMA wal_autocheckpoint = 0")  # every edit stays in the WAL
    controls = [r.control.id for r in services.checklist(s)]
    for n in range(count):
        services.update_control(s, controls[n % len(controls)], notes=f"edit {n} " + "x" * 300, owner=f"owner {n}")
        print(f"committed {n}", flush=True)
    if keep_open:
        sys.stdin.readline()
    os._exit(0)  # no close, no checkpoint: as if killed


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), "--keep-open" in sys.argv)
