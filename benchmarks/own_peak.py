"""Run a command and write its own peak RSS (KiB) to a file: ``own_peak.py OUT CMD...``.

A child's ``ru_maxrss`` counts the memory of the process that forked it until it
calls exec (Linux keeps the larger of the two), so a command started straight from
a benchmark that has grown to 50 MB reports at least 50 MB, whatever it uses
itself. Started from this small process instead, it reports its own peak.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    out, command = sys.argv[1], sys.argv[2:]
    pid = os.fork()
    if pid == 0:
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    with open(out, "w") as file:
        file.write(str(usage.ru_maxrss))
    sys.exit(os.waitstatus_to_exitcode(status))
