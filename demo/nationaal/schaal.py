"""How much data a scale builds: the national picture of the issue, or a tiny copy of its
shape for the CI smoke test (`seed_demo --scale klein`)."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Schaal:
    """Targets of one scale. ``clienten`` is exact; the others are reached within a few
    percent, because they follow from generated histories (a client who died in 2022 does
    not come back for a second aanmelding)."""

    naam: str
    netwerken: int  # the largest network first, then the other demo networks, then by size
    clienten: int
    aanmeldingen: int
    trajecten: int
    casemanagers: int
    organisaties: int
    contactmomenten: int
    metingen: int
    signalen: int
    vastgestelde_rapporten: int  # networks with an adopted report for insurers to download

    @property
    def aanmeldingen_per_client(self) -> float:
        return self.aanmeldingen / self.clienten

    @property
    def trajecten_per_aanmelding(self) -> float:
        return self.trajecten / self.aanmeldingen

    @property
    def contacten_per_client(self) -> float:
        return self.contactmomenten / self.clienten

    @property
    def metingen_per_client(self) -> float:
        return self.metingen / self.clienten

    def met_clienten(self, clienten: int) -> Schaal:
        """The same shape for another number of clients (``--clients N``): the counts that
        grow with the number of clients follow it; networks and organisations stay."""
        factor = clienten / self.clienten
        return replace(
            self,
            clienten=clienten,
            aanmeldingen=round(self.aanmeldingen * factor),
            trajecten=round(self.trajecten * factor),
            casemanagers=max(self.netwerken * 3, round(self.casemanagers * factor)),
            contactmomenten=round(self.contactmomenten * factor),
            metingen=round(self.metingen * factor),
        )


SCHALEN = {
    "national": Schaal(
        naam="national",
        netwerken=70,
        clienten=300_000,
        aanmeldingen=330_000,
        trajecten=260_000,
        casemanagers=3_000,
        organisaties=1_200,
        contactmomenten=5_000_000,
        metingen=600_000,
        signalen=500,
        vastgestelde_rapporten=8,
    ),
    "klein": Schaal(
        naam="klein",
        netwerken=3,
        clienten=2_000,
        aanmeldingen=2_200,
        trajecten=1_733,
        casemanagers=20,
        organisaties=50,
        contactmomenten=33_000,
        metingen=4_000,
        signalen=30,
        vastgestelde_rapporten=2,
    ),
}
