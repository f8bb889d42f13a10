"""Tests of the exchange package file (``app/exchange/``) against hostile and mutated input."""
