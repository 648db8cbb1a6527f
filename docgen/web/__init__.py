"""``docgen serve``'s page and API (``app``), its guards, jobs and server, and the Office
add-in manifest: a door onto the same library as the command line."""
