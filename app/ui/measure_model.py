"""The register's measures as a Qt table model (read from the core, never written with SQL)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.i18n import N_, Translator
from app.models import labels
from app.models.enums import Status, TrafficLight

COLUMNS = (
    ("code", N_("Code")),
    ("title", N_("Title")),
    ("instrument", N_("Instrument")),
    ("lead_department", N_("Lead department")),
    ("status", N_("Status")),
    ("traffic_light", N_("Traffic light")),
    ("progress", N_("Progress")),
    ("updated_at", N_("Last change")),
)
LIGHT_COLOURS = {
    TrafficLight.GREEN.value: QColor("#2e7d32"),
    TrafficLight.AMBER.value: QColor("#b26a00"),
    TrafficLight.RED.value: QColor("#c62828"),
}
Index = QModelIndex | QPersistentModelIndex


class MeasureTableModel(QAbstractTableModel):
    """Rows are export records (:func:`app.operations.queries.measure_record`)."""

    def __init__(self, tr: Translator, records: list[dict[str, Any]]) -> None:
        super().__init__()
        self._tr = tr
        self._records = records

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._tr.gettext(COLUMNS[section][1])
        return None

    def _title(self, record: dict[str, Any]) -> str:
        lang = self._tr.lang
        translated = record.get(f"title_{lang}") if lang in ("pl", "cs") else None
        if lang in ("pl", "cs") and not translated:
            return f"[DE] {record['title_de']}"
        return str(translated or record["title_de"])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "title":
                return self._title(record)
            if key == "status":
                return labels.status(self._tr, Status(record["status"]))
            if key == "traffic_light":
                light = record["traffic_light"]
                return labels.traffic_light(self._tr, TrafficLight(light) if light else None)
            if key == "progress":
                return "" if record["progress"] is None else f"{record['progress']} %"
            if key == "updated_at":
                return str(record["updated_at"])[:10]
            value = record.get(key)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.DecorationRole and key == "traffic_light":
            return LIGHT_COLOURS.get(record["traffic_light"] or "")
        if role == Qt.ItemDataRole.ToolTipRole and key == "title":
            return record["title_de"]
        return None
