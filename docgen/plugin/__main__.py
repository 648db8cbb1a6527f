"""`python -m docgen.plugin [OUT.oxt]` builds the LibreOffice extension."""

import sys
from pathlib import Path

from docgen.plugin import build

print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "docgen.oxt")))
