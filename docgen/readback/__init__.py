"""``docgen status``: which merged, edited notices are ready to file, and what stops
the others. :func:`status` (in :mod:`.run`) is the way in; the steps are
:mod:`.document` (read a notice leniently), :mod:`.layout` (where each field
stands), :mod:`.compare` (notice against row) and :mod:`.examine` (one notice,
in any process).
"""
