"""soc2wizard: a desktop SOC 2 readiness wizard for small companies."""

__version__ = "0.1.0"
