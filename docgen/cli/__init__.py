"""The command line: the only place typer and rich are imported. ``docgen.cli.app``
holds the commands; the console script is ``docgen.cli.app:main``."""


def main() -> None:
    """The console script (``docgen``): the commands load with :mod:`docgen.cli.app`."""
    from docgen.cli.app import main as run

    run()
