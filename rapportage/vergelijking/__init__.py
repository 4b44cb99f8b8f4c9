"""The national comparison (issue #16, decision 0026): the networks side by side per quarter,
for the signaalteam, the beheerder and the insurers (their region).

Per network, on the quarter's peildatum (the day after the quarter, the NZa peildatum) and
over the quarter itself:

- waiting: the number waiting, waiting 6 weeks or longer, the median and p90 of the NZa wait
  (wachtlijst.landelijk, the national inventory: the same selectors, the same suppression);
- started within 4 and 6 weeks (adjusted wait), of those taken into care in the quarter
  (wachtlijst.landelijk as well);
- clients per fte against the network's caseload norm: clients in care on the peildatum
  (wachtlijst.selectors.in_zorg_op, the NZa "in zorg") over the fte of its active casemanagers;
- reach: clients in care against the expected number of people with dementia living at home
  (inkoop.selectors.verwachte_mensen_met_dementie: 65+ inhabitants of the werkgebied × the
  network's prevalence, as the capacity page computes it);
- outcome scores: the average score per outcome measure of the measurements in the quarter.

Completeness of the providers' deliveries is not part of it yet (built elsewhere).
"""
