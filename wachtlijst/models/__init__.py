from .meting import Drempel, WachtlijstMelding, WachtlijstMeting
from .nza import KwartaalOnveranderlijk, KwartaalStatus, NzaKwartaal, NzaKwartaalRegel

__all__ = [
    "Drempel",
    "KwartaalOnveranderlijk",
    "KwartaalStatus",
    "NzaKwartaal",
    "NzaKwartaalRegel",
    "WachtlijstMelding",
    "WachtlijstMeting",
]
