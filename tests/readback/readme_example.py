"""The README's `docgen status` example: a small season merged, then edited as a team
leaves it (a box changed in Word, a [●] still open, the narrative rewritten, a notice
not yet written, one row filed). ``test_readme_example`` runs the README's command on it."""

from __future__ import annotations

from pathlib import Path

from tests.readback.season import edit, season, set_box, set_paragraph

COMMAND = "docgen status notices registrants.xlsx --today 2026-11-12"


def build(folder: Path) -> None:
    """``registrants.xlsx`` and ``notices/`` in ``folder``, as the README's example has them."""
    folder.mkdir(parents=True, exist_ok=True)
    _, _, notices = season(folder)
    edit(notices[2], set_box("Yes", False, 0))  # Part IV (2) answered No in Word
    edit(notices[2], set_box("Yes", True, 1), author="Jane Roe")
    edit(notices[6], set_paragraph("The audit is not complete.", "The audit of the "
                                   "subsidiary in Lyon is not complete."), author="Sam Poe",
         when="2026-11-11T09:05:00Z")
    notices[5].unlink()  # Delta's notice is not written yet
