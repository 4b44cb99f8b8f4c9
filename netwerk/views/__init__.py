"""Pages of the netwerk app, one module per subdomain: ``partijen`` (network list and
dashboard, settings, partners, population upload), ``plannen`` (meerjarenplan, sections,
workflow, jaarplannen and actions), ``doelen`` (goals, indicators, measured values) and
``gesprekken`` (voortgangsgesprekken and afspraken). netwerk/urls.py names the module of
each view."""
