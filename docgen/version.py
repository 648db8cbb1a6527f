"""docgen's version, on the ground floor: the face, the template cache and the page read it."""

__version__ = "0.1.0"
