"""What wachtlijst announces to higher apps (signaalteam subscribes), without importing them.

``wachtlijst_gemeten`` is sent once per network after each daily measurement, inside the
measurement's transaction (receivers that write should use transaction.on_commit or be
idempotent). Keyword arguments: netwerk, peildatum, meting (WachtlijstMeting),
boven_drempel (bool) and redenen (list of Dutch sentences saying which thresholds).
"""

from django.dispatch import Signal

wachtlijst_gemeten = Signal()
