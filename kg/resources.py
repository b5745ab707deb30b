"""Where the data files are: inside the installed wheel, or in the checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``ontology`` or ``queries``).

    A wheel carries them as ``kg/_data/<name>``; an editable install or a
    plain checkout has them at the top of the repository.
    """
    packaged = resources.files("kg") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"data folder {name!r} not found; is stakeholder-kg installed correctly?")


def ontology_file(name: str) -> Path:
    return data_dir("ontology") / name


def queries_dir() -> Path:
    return data_dir("queries")
