"""The optional compiled build. Everything else about the package is in pyproject.toml.

With TOCSIN_COMPILE=1, a wheel built from this tree holds the classifier's modules compiled
to C extensions by mypyc (from their type hints; the same code, about a third faster). A
deployment builds that wheel (see the Dockerfile and `make bench`); a checkout installed for
development (`pip install -e .`) stays plain Python, so that an edit to a module is what runs.
"""

import os

from setuptools import setup

# The classifier's pure core, where a dispatch spends its time. `gazetteer.py` stays Python:
# its pickled cache must load into the same classes whether or not the rest is compiled.
COMPILED = [f"services/classify/{name}.py" for name in
            ("extract", "grammar", "tries", "openings", "dates", "numbers", "places", "sentences")]

ext_modules = []
if os.environ.get("TOCSIN_COMPILE") == "1":
    from mypyc.build import mypycify

    ext_modules = mypycify(COMPILED, opt_level="3")

setup(ext_modules=ext_modules)
