"""What a run writes besides the notices: the combined document, PDFs (LibreOffice and
its profiles), the report, review e-mails, the calendar, the starter workbook, and
workbooks finished for Excel."""
