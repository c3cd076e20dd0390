"""Allow ``python -m soc2wizard``."""

from soc2wizard.cli import main

raise SystemExit(main())
