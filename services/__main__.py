"""`python -m services` is the `tocsin` command."""

from services.cli import main

main()
