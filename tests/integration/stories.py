"""A long run made from the examples: each story retold in later years.

Shifting a dispatch's publication date by whole 400-day steps moves every relative date in
it along ("depuis le 5 juillet" resolves against the new date), so each copy is the same
story in another year, with its own ids and its own alerts.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from services.ingest.sources import read_paths

STEP_DAYS = 400


def retold(examples: Path, copies: int) -> list[dict[str, Any]]:
    """`copies` retellings of every example dispatch that has a record (JSON Lines)."""
    originals = [item.record for item in read_paths([examples])
                 if item.record is not None and "id" in item.record]
    records = []
    for copy in range(copies):
        for original in originals:
            published = str(original["published"])
            day = date.fromisoformat(published[:10]) + timedelta(days=STEP_DAYS * copy)
            records.append({**original, "id": f"{original['id']}-r{copy}",
                            "published": day.isoformat() + published[10:]})
    return records


def write_jsonl(records: list[dict[str, Any]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path
