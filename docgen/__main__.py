"""`python -m docgen` is the same as the `docgen` command."""

from docgen.cli.app import main

main()
