"""The life cycle of client data under the AVG (docs/decisions/0017-bewaartermijnen.md):
destroying a record (``vernietigen``), the retention terms and their daily job
(``bewaartermijnen``), the request for destruction with four eyes (``verzoeken``), and who
looked at a client's data (``toegang``: the inzage report and the coordinator's access view).
"""
