"""How many machine instructions `classify()` executes per dispatch: a figure that, unlike a
rate, does not move with the host's speed, so that a change can be judged in one run.

Runs the classifier under valgrind's callgrind (`apt-get install valgrind`; not needed for
anything else), counting only the classification loop: once with no dispatch and once with
`-n` of them, the difference divided by `-n`. The same three sets as `classify.py`: the seed,
the team's long-form dispatches and the dense stress set.

    .venv/bin/python benchmarks/instructions.py [-n 20] [--json]

Run so, it counts the plain Python checkout; `.venv-bench/bin/python benchmarks/instructions.py`, after
`make bench`, counts the compiled build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from typing import Any

from classify import DEFAULT_SIZE, SETS, build_sets, classifier_build

from schemas.dispatch import Dispatch
from services.classify.extract import classify
from services.classify.gazetteer import load_gazetteer

WARM_UP = 20


def _dispatches(which: str, count: int) -> list[Dispatch]:
    """The first `count` dispatches of one of `classify.py`'s sets."""
    sets = build_sets(count, DEFAULT_SIZE, (which,))
    if which not in sets:
        raise SystemExit(f"no {which} set here (the seed is read from ../shared/seeds)")
    return sets[which]


def child(which: str, count: int) -> None:
    """Classify `count` dispatches with callgrind counting only that loop."""
    gazetteer = load_gazetteer()
    dispatches = _dispatches(which, count + WARM_UP)
    for dispatch in dispatches[:WARM_UP]:
        classify(dispatch, gazetteer)
    timed = dispatches[WARM_UP:]
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
    for dispatch in timed:
        classify(dispatch, gazetteer)
    subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)


def collected(which: str, count: int) -> int:
    """Instructions callgrind counted in a child classifying `count` dispatches."""
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null",
               sys.executable, __file__, "--child", which, "-n", str(count)]
    # A fixed hash seed: set and dict orders, hence the work done, are the same every run.
    run = subprocess.run(command, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        raise SystemExit(f"no count from callgrind:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def measure(count: int) -> dict[str, Any]:
    results = {}
    for which in build_sets(1, DEFAULT_SIZE):
        per_dispatch = (collected(which, count) - collected(which, 0)) / count
        results[which] = round(per_dispatch / 1e6, 3)
    return {"dispatches": count, "classifier": classifier_build(), "python": sys.executable,
            "million_instructions_per_dispatch": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=20, help="dispatches counted (default 20)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--child", choices=SETS, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child, arguments.n)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    report = measure(arguments.n)
    if arguments.json:
        print(json.dumps(report))
        return
    print(f"classifier: {report['classifier']}, on {report['python']}")
    for which, value in report["million_instructions_per_dispatch"].items():
        print(f"{which:8} {value:.3f} M instructions per dispatch ({report['dispatches']} counted)")


if __name__ == "__main__":
    main()
