"""SEC knowledge, pure: the forms and the workbook's columns (``schema``), the
deadline rules by era (``deadlines``), Rule 0-3's business days, the filing checks a
row's answers get, and EDGAR's submission types and file names. Imports nothing above
the ground floor."""
