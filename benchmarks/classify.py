"""How fast tocsin reads dispatches: `classify()` on seed-sized dispatches, one core.

Three sets of seed-sized dispatches (~3.8 KB), each timed on its own:
- seed: the seed itself (read from ../shared/seeds when it is beside the checkout);
- longform: the annotated set `tests/corpus/longform.jsonl`, twelve full-length agency
  dispatches written by the team, French and English, with the seed's length and its mix of
  facts, quotes, reactions and background;
- dense: per language, the short texts of examples/ and of the development corpus laid end to
  end to the seed's size, built at run time: a stress set, with more facts and more hard
  negatives per kilobyte than a real dispatch.
In the same run, a bare single-pass scan of the same texts with one compiled alternation of
every trigger word gives the floor: what a keyword spotter pays to look at the text at all.

    .venv/bin/python benchmarks/classify.py [-n 500] [--repeat 3] [--cpu 0] [--json]

Run so, it measures the plain Python checkout; `make bench` runs it on the compiled build a
deployment runs (see setup.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from schemas.dispatch import Dispatch
from services.classify import extract
from services.classify.evaluation import DISPATCH_FIELDS
from services.classify.extract import classify
from services.classify.gazetteer import Gazetteer, load_gazetteer
from services.classify.languages import TABLES
from services.ingest.formats import parse_text
from services.ingest.normalize import to_dispatch

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "aleppo-siege-fr.txt"
LONGFORM = ROOT / "tests" / "corpus" / "longform.jsonl"
SOURCES = [*sorted((ROOT / "examples").glob("*.jsonl")), ROOT / "tests" / "corpus" / "dev.jsonl"]
DEFAULT_SIZE = 3800
WARM_UP = 200


def seed_dispatch() -> Dispatch | None:
    """The seed, if it is beside this checkout."""
    if not SEED.exists():
        return None
    return to_dispatch(parse_text(SEED.read_text("utf-8")) | {"source": "AFP", "id": "seed"})


def texts_by_language() -> dict[str, list[tuple[str, str]]]:
    """(published, text) of every example and development dispatch, by language."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in SOURCES:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found.setdefault(record["language"], []).append(
                    (str(record["published"])[:10], record["text"]))
    return found


def seed_set(count: int) -> list[Dispatch]:
    """`count` copies of the seed, each with an id of its own (none if it is not here)."""
    seed = seed_dispatch()
    if seed is None:
        return []
    return [seed.model_copy(update={"id": f"seed-{number}"}) for number in range(count)]


def longform_set(count: int) -> list[Dispatch]:
    """`count` of the team's full-length dispatches, taking turns."""
    records = [json.loads(line) for line in LONGFORM.read_text("utf-8").splitlines()
               if line.strip()]
    return [to_dispatch({name: records[number % len(records)].get(name) for name in DISPATCH_FIELDS}
                        | {"id": f"longform-{number}"}) for number in range(count)]


def dense_set(count: int, size: int) -> list[Dispatch]:
    """`count` dispatches of about `size` characters: texts of one language laid end to end,
    each dispatch starting one text further on so that no two are alike."""
    rounds = _concatenations(texts_by_language(), size)
    made: list[Dispatch] = []
    for number in range(count):
        language, published, text = next(rounds)
        made.append(to_dispatch({"id": f"dense-{number}", "source": "bench",
                                 "language": language, "published": published, "text": text}))
    return made


SETS = ("seed", "longform", "dense")


def build_sets(count: int, size: int, names: tuple[str, ...] = SETS) -> dict[str, list[Dispatch]]:
    """The sets named, `count` dispatches each (no seed set if the seed is not here)."""
    builders = {"seed": lambda: seed_set(count), "longform": lambda: longform_set(count),
                "dense": lambda: dense_set(count, size)}
    sets = {name: builders[name]() for name in names}
    return {name: dispatches for name, dispatches in sets.items() if dispatches}


def _concatenations(pools: dict[str, list[tuple[str, str]]], size: int) -> Iterator[tuple[str, str, str]]:
    offset = 0
    while True:
        for language, texts in sorted(pools.items()):
            parts: list[str] = []
            index = offset
            while sum(len(part) + 2 for part in parts) < size:
                parts.append(texts[index % len(texts)][1])
                index += 1
            yield language, texts[offset % len(texts)][0], "\n\n".join(parts)
        offset += 1


def floor_pattern() -> re.Pattern[str]:
    """One alternation of every trigger word of every language: the bare keyword scan."""
    words = {stem.lower() for table in TABLES.values() for stems in table.CUES.values()
             for stem in stems}
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                      + ")")


def timed(work: Callable[[Dispatch], object], dispatches: list[Dispatch]) -> tuple[float, list[int]]:
    """Seconds for the whole list, and nanoseconds for each dispatch."""
    each: list[int] = []
    clock = time.perf_counter_ns
    gc.collect()  # start clean; collections during the run are part of the cost
    start = clock()
    for dispatch in dispatches:
        before = clock()
        work(dispatch)
        each.append(clock() - before)
    total = (clock() - start) / 1e9
    return total, each


def measure(name: str, work: Callable[[Dispatch], object], dispatches: list[Dispatch],
            repeat: int) -> dict[str, Any]:
    for dispatch in dispatches[:WARM_UP]:
        work(dispatch)
    rates: list[float] = []
    each: list[int] = []
    for _ in range(repeat):
        total, times = timed(work, dispatches)
        rates.append(len(dispatches) / total)
        each += times
    each.sort()
    return {
        "name": name,
        "dispatches": len(dispatches),
        "repeats": repeat,
        "per_second_median": round(statistics.median(rates)),
        "per_second_runs": [round(rate) for rate in rates],
        "p50_us": round(each[len(each) // 2] / 1000, 1),
        "p99_us": round(each[min(len(each) - 1, int(len(each) * 0.99))] / 1000, 1),
        "mean_kb": round(sum(len(d.text) for d in dispatches) / len(dispatches) / 1000, 2),
    }


def machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"nproc": os.cpu_count(), "cpu": model or platform.processor(),
            "python": platform.python_version(), "interpreter": sys.executable,
            "classifier": classifier_build(), "load_average": list(os.getloadavg())}


def classifier_build() -> str:
    """Which build of the classifier runs: the figures differ by about a third."""
    return "compiled (mypyc)" if extract.__file__.endswith(".so") else "plain Python"


def run(count: int, repeat: int, size: int) -> dict[str, Any]:
    gazetteer: Gazetteer = load_gazetteer()
    pattern = floor_pattern()
    results = []
    for name, dispatches in build_sets(count, size).items():
        signals = sum(len(classify(d, gazetteer)) for d in dispatches)
        results += [
            measure(f"classify, {name}", lambda d: classify(d, gazetteer), dispatches, repeat)
            | {"signals_per_dispatch": round(signals / len(dispatches), 2)},
            measure(f"regex floor, {name}", lambda d: list(pattern.finditer(d.text.lower())),
                    dispatches, repeat),
        ]
    return {"machine": machine(), "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "results": results}


def print_table(report: dict[str, Any]) -> None:
    info = report["machine"]
    print(f"{info['nproc']} CPUs, {info['cpu']}, Python {info['python']} ({info['interpreter']}), "
          f"load {', '.join(f'{x:.2f}' for x in info['load_average'])}")
    print(f"classifier: {info['classifier']}")
    print(f"{'what':22} {'dispatches':>10} {'KB':>5} {'signals':>7} {'per second':>11} "
          f"{'p50 µs':>9} {'p99 µs':>9}  runs")
    for row in report["results"]:
        signals = row.get("signals_per_dispatch", "")
        print(f"{row['name']:22} {row['dispatches']:>10} {row['mean_kb']:>5} {signals:>7} "
              f"{row['per_second_median']:>11,} {row['p50_us']:>9} {row['p99_us']:>9}  "
              f"{row['per_second_runs']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="dispatches in each set (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="runs over the dispatches; the "
                        "median rate is reported (default 3)")
    parser.add_argument("--size", type=int, default=0, help="characters per built dispatch "
                        "(default: the seed's, else 3800)")
    parser.add_argument("--cpu", type=int, default=None, help="pin the process to this CPU")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    arguments = parser.parse_args()
    if arguments.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {arguments.cpu})
    seed = seed_dispatch()
    size = arguments.size or (len(seed.text) if seed is not None else DEFAULT_SIZE)
    report = run(arguments.n, arguments.repeat, size)
    if arguments.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
