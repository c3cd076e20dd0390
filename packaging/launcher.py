"""Entry point of the frozen app (PyInstaller runs this file)."""

from soc2wizard.cli import main

raise SystemExit(main())
