"""`python -m services.api [OPTIONS]`: the same as `tocsin serve`."""

import typer

from services.api.command import serve

typer.run(serve)
