"""Loads the shipped criteria and control catalogs by name."""

from soc2wizard.catalog.loader import CatalogError, load_catalog, validate

__all__ = ["CatalogError", "load_catalog", "validate"]
