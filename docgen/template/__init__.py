"""The Word template: read safely, compiled once, rendered per notice within bounds.

* :mod:`~docgen.template.safety` — what docgen refuses before reading a template;
* :mod:`~docgen.template.structure` — where its tags sit in the Word XML;
* :mod:`~docgen.template.render` — compile once, render one notice's parts;
* :mod:`~docgen.template.jinja_env` — the sandboxed Jinja environment and its escaping;
* :mod:`~docgen.template.limits` — what one notice may cost;
* :mod:`~docgen.template.fastrender` — templates of values and ``if`` blocks, without Jinja;
* :mod:`~docgen.template.docxzip` — the package, copied as compressed bytes;
* :mod:`~docgen.template.properties` — each notice's own document properties.
"""
