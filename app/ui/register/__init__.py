"""The register page: the measures table and its model, the measure editor, a measure's
history, and the reference data (departments, instruments)."""
