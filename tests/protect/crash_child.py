"""Child process for test_crash: many edits, printing 'committed N' after each returned call."""

from __future__ import annotations

import sys

from soc2wizard import services


def main(path: str) -> None:
    s = services.open_workspace(path)
    controls = [r.control.id for r in services.checklist(s)]
    n = 0
    while True:
        cid = controls[n % len(controls)]
        services.update_control(s, cid, notes=f"edit {n}", owner=f"owner {n}")
        if n % 7 == 0:
            services.add_evidence_bytes(s, cid, name=f"e{n}.txt", content=(f"evidence {n} " * 200).encode())
        print(f"committed {n}", flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1])
