"""Saved column mappings ("presets"), kept as one shop setting so the next import of the same
kind of file needs no clicks.

The setting ``import_presets`` holds ``{name: {"kind": ..., "columns": {folded header: field}}}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from crm_desktop.models.changes import Entity
from crm_desktop.models.errors import NotFound, ValidationError
from crm_desktop.models.excel.fields import FIELDS_BY_KIND
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.rules.validation import clean_text
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.shop_settings import read_setting, write_setting

PRESETS_KEY = "import_presets"
MAX_PRESETS = 50


@dataclass(frozen=True)
class ImportPreset:
    """A saved mapping: its name, the import kind and {folded header text: field key}."""

    name: str
    kind: str
    columns: Mapping[str, str]


class PresetService(Service):
    """List, save and delete import presets; saving is part of the owner's import job."""

    def list(self, kind: str | None = None) -> list[ImportPreset]:
        """Saved presets by name, of ``kind`` when given."""
        with self._read("data.bulk_load") as session:
            stored = read_setting(session, PRESETS_KEY) or {}
        presets = [
            ImportPreset(name, str(body.get("kind", "customers")), dict(body.get("columns", {})))
            for name, body in sorted(stored.items())
        ]
        return [p for p in presets if kind is None or p.kind == kind]

    def save(self, name: str, mapping: ColumnMapping) -> ImportPreset:
        """Save (or replace) the preset ``name`` from the mapping the user settled on."""
        clean = clean_text(name, "preset", 40)
        if clean is None:
            raise ValidationError(
                "invalid.preset",
                "请给这个列对应方案起个名字。",
                "Give the column mapping a name.",
                field="preset",
            )
        columns = mapping.as_preset()
        known = {f.key for f in FIELDS_BY_KIND[mapping.kind]}
        columns = {header: key for header, key in columns.items() if key in known}
        with self._action("import.preset_save", Entity.SETTING, "data.bulk_load") as rec:
            stored = dict(read_setting(rec.session, PRESETS_KEY) or {})
            if clean not in stored and len(stored) >= MAX_PRESETS:
                raise ValidationError(
                    "invalid.preset",
                    f"最多保存 {MAX_PRESETS} 个方案，请先删掉不用的。",
                    f"At most {MAX_PRESETS} mappings can be saved; delete one first.",
                    field="preset",
                )
            stored[clean] = {"kind": mapping.kind, "columns": columns}
            write_setting(rec.session, PRESETS_KEY, stored)
            rec.after = {"preset": clean, "kind": mapping.kind, "columns": len(columns)}
        return ImportPreset(clean, mapping.kind, columns)

    def delete(self, name: str) -> None:
        """Remove the preset ``name``."""
        with self._action("import.preset_delete", Entity.SETTING, "data.bulk_load") as rec:
            stored = dict(read_setting(rec.session, PRESETS_KEY) or {})
            if name not in stored:
                raise NotFound(
                    "preset.missing",
                    f"没有名为“{name}”的方案。",
                    f"There is no mapping named {name!r}.",
                )
            del stored[name]
            write_setting(rec.session, PRESETS_KEY, stored)
            rec.before = {"preset": name}
