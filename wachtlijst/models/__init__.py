from .meting import Drempel, WachtlijstMelding, WachtlijstMeting
from .nza import KwartaalOnveranderlijk, KwartaalStatus, NzaKwartaal, NzaKwartaalRegel
from .nza_cyclus import NzaAanlevering, NzaHerinnering, NzaPortaalAanlevering, RegelBron

__all__ = [
    "Drempel",
    "KwartaalOnveranderlijk",
    "KwartaalStatus",
    "NzaAanlevering",
    "NzaHerinnering",
    "NzaKwartaal",
    "NzaKwartaalRegel",
    "NzaPortaalAanlevering",
    "RegelBron",
    "WachtlijstMelding",
    "WachtlijstMeting",
]
