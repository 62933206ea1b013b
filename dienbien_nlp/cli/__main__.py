"""``python -m dienbien_nlp.cli``."""

from .main import main

main()
