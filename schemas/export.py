"""Write every event's JSON Schema to `schemas/json/`, for consumers in other languages.

Run `python -m schemas.export`; a test fails when the files and the models disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from schemas.events import AnyEvent

OUT = Path(__file__).parent / "json"


def schemas() -> dict[str, dict[str, Any]]:
    """File name to JSON Schema: one file per event type, plus the union of all of them."""
    union: dict[str, Any] = TypeAdapter(AnyEvent).json_schema()
    files = {"event.schema.json": union}
    for name, definition in union.get("$defs", {}).items():
        if definition.get("properties", {}).get("type", {}).get("const") == name:
            files[f"{name}.schema.json"] = {"$defs": union["$defs"], **definition}
    return files


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, schema in schemas().items():
        (OUT / name).write_text(render(schema), "utf-8")


if __name__ == "__main__":
    main()
