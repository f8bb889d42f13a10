"""The Qt front end: the only package that imports PySide6."""

# The register's storage, models and operations load before PySide6 does: PySide6 hooks every
# import after its own (its ``__feature__`` check reads each new module's source), which made
# importing SQLAlchemy and the models a fifth slower at every start.
import app.catalogue.loader
import app.operations.measures
import app.operations.register_view
import app.storage.register  # noqa: F401
