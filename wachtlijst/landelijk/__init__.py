"""The national inventory of waitlists (landelijke inventarisatie): per network on a
peildatum the number waiting, the waits, the number over the norm and the share started
within the norm in the quarter before, grouped by size of the waitlist, with totals.

- selectors.py: the figures (three queries for the whole inventory);
- permissions.py: who sees the inventory and which networks in it;
- forms.py, views.py, exports.py, urls.py: the page ("wachtlijst" namespace) and its files;
- api.py: a network's waitlist and the inventory in the API.
"""
