"""The app's own folders (demo workspace, caches); SOC2WIZARD_HOME overrides them for tests."""

from __future__ import annotations

import os
from pathlib import Path


def app_home() -> Path:
    env = os.environ.get("SOC2WIZARD_HOME")
    if env:
        home = Path(env)
    else:
        from platformdirs import user_data_dir

        home = Path(user_data_dir("soc2wizard", "soc2wizard"))
    home.mkdir(parents=True, exist_ok=True)
    return home
