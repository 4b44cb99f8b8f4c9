import pytest

from inkoop import realisatie


@pytest.fixture
def realisatie_bron(monkeypatch):
    """Replace the supplier of the realisation figures (inkoop.realisatie) for one test;
    ``realisatie_bron(None)`` is a project where no app supplies them."""

    def use(bron):
        monkeypatch.setattr(realisatie, "_bron", bron)

    return use
