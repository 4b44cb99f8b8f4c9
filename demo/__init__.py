"""Demo data and seeding: a product of its own, on top of every domain app.

``seed_demo`` fills a database with the regular demo (one ``seed(context)`` per domain, in
demo.accounts, demo.netwerk, demo.inkoop, demo.casemanagement and demo.signaalteam, run
lowest app first), the 2016 scenario (demo.scenario) or the national-scale data of the
benchmark (demo.nationaal); ``demo_totp`` prints the demo beheerder's second factor. This
package may import any app; no domain app imports it (the import-linter contract in
pyproject.toml, checked by `make lint`). See docs/decisions/0012-demo-app.md.
"""
