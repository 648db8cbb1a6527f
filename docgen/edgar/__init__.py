"""EDGAR output: a finished notice as the HTML (or ASCII) document EDGAR accepts."""
