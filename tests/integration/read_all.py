"""Prints every signal tocsin reads from the examples, the corpora and the seed, one JSON
line each, and first the file the classifier was loaded from. Run by test_compiled_build.py
once against the plain checkout and once against the compiled wheel."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from services.classify import extract
from services.classify.extract import classify
from services.classify.gazetteer import load_gazetteer
from services.ingest.formats import parse_text
from services.ingest.normalize import to_dispatch

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ("dev", "heldout", "longdev", "longform")
SOURCES = [*sorted((ROOT / "examples").glob("*.jsonl")),
           *(ROOT / "tests" / "corpus" / f"{name}.jsonl" for name in CORPORA)]
SEED = ROOT.parent / "shared" / "seeds" / "aleppo-siege-fr.txt"


def records() -> list[dict[str, object]]:
    found = [json.loads(line) for path in SOURCES
             for line in path.read_text("utf-8").splitlines() if line.strip()]
    if SEED.exists():
        found.append(parse_text(SEED.read_text("utf-8")) | {"id": "seed"})
    return found


def main() -> None:
    gazetteer = load_gazetteer()
    print(extract.__file__)
    for record in records():
        fields = {key: record[key] for key in ("id", "language", "published", "text", "title", "url")
                  if key in record}
        dispatch = to_dispatch(fields | {"source": "test"})
        for signal in classify(dispatch, gazetteer):
            print(signal.model_dump_json())
    sys.stdout.flush()


if __name__ == "__main__":
    main()
