"""`python -m docgen.plugin [OUT.oxt]` builds the LibreOffice extension."""

import sys
from pathlib import Path

from docgen.errors import DocgenError, UsageError
from docgen.plugin import build

USAGE = ("usage: python -m docgen.plugin [OUT.oxt]\n"
         "Build the docgen LibreOffice extension (default docgen.oxt); same as "
         "'docgen plugin build --out OUT.oxt'.")

arguments = sys.argv[1:]
if arguments[:1] in (["-h"], ["--help"]):
    print(USAGE)
    raise SystemExit(0)
if len(arguments) > 1 or (arguments and arguments[0].startswith("-")):
    print(USAGE, file=sys.stderr)
    raise SystemExit(2)
try:
    print(build(Path(arguments[0] if arguments else "docgen.oxt")))
except (DocgenError, OSError) as exc:
    print(f"Error: {exc}", file=sys.stderr)
    raise SystemExit(2 if isinstance(exc, UsageError) else 1) from None
