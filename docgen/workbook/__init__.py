"""Reading the registrants workbook: the streaming .xlsx reader (``xlsx``), Excel's
conventions (``excel``), rows and cells by column (``reader``), and the rows a run
chooses (``selection``)."""
