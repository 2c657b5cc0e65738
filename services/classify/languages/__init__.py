"""Language knowledge as data: one module of constants per language, one mapping to reach them.

Adding a language is adding a module with the same names and registering it in `TABLES`.
"""

from types import ModuleType

from services.classify.languages import en, fr

TABLES: dict[str, ModuleType] = {"fr": fr, "en": en}
