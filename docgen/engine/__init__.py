"""Rows to notices: validate each row, build its context, plan the run (pass 1) and
write it (pass 2: in one process or several, into files or a zip), with the results,
the stale-notice scan and every row's deadlines (``schedule``)."""
