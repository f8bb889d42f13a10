"""The strategy catalogue: versioned data files in ``resources/catalogue`` and their loader."""
