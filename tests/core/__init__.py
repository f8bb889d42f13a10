"""Tests of the core: the catalogue, the operations on measures, rounds and their kinds, paths,
translations, the glossary's terms and language formatting."""
