"""Deadlines: when each report, its Form 12b-25 and the extension are due.

* :mod:`~docgen.deadlines.rules` — the SEC's rules by era, and the three dates of a row;
* :mod:`~docgen.deadlines.business_days` — Rule 0-3's business days: federal holidays
  and the SEC's closures (``data/sec_closures.csv``);
* :mod:`~docgen.deadlines.schedule` — every row's dates, as `docgen deadlines` and
  ``--report`` give them;
* :mod:`~docgen.deadlines.view` — how `docgen deadlines` prints them.
"""

from docgen.deadlines.rules import (
    EXTENSION_DAYS,
    FORM_SINCE,
    RULES,
    Deadlines,
    Rule,
    Step,
    compute,
    explain,
    rule_for,
    status,
)

__all__ = ["EXTENSION_DAYS", "FORM_SINCE", "RULES", "Deadlines", "Rule", "Step", "compute",
           "explain", "rule_for", "status"]
