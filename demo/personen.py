"""Names, addresses and BSNs for demo people: the regular demo, the 2016 scenario and the
national data draw from the same lists."""

from __future__ import annotations

from collections.abc import Iterator

VOORNAMEN_V = [
    "Maria",
    "Johanna",
    "Cornelia",
    "Anna",
    "Wilhelmina",
    "Elisabeth",
    "Geertruida",
    "Hendrika",
    "Adriana",
    "Petronella",
    "Trijntje",
    "Aaltje",
    "Fatima",
    "Ria",
    "Joke",
]
VOORNAMEN_M = [
    "Johannes",
    "Cornelis",
    "Hendrik",
    "Jan",
    "Pieter",
    "Willem",
    "Gerrit",
    "Jacobus",
    "Theodorus",
    "Adrianus",
    "Mohamed",
    "Kees",
    "Henk",
    "Frans",
    "Bram",
]
ACHTERNAMEN = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("van", "Dijk"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("", "Vermeulen"),
    ("van", "Beek"),
    ("El", "Idrissi"),
]
LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
STRATEN = [
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Lindelaan",
    "Julianastraat",
    "Beatrixlaan",
    "Schoolstraat",
    "Emmaplein",
    "Parkweg",
    "Wilhelminastraat",
]


def bsns(start: int) -> Iterator[str]:
    """Valid BSNs (elfproef) from ``start`` up, in order: per 8-digit prefix the one check
    digit that makes the weighted sum a multiple of 11, when it is a single digit. ``start``
    is a multiple of 10 (the demo's ranges are)."""
    prefix = start // 10
    while True:
        digits = f"{prefix:08d}"
        som = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = som % 11
        if check < 10:
            yield f"{digits}{check}"
        prefix += 1
