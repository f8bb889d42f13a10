"""IMAG register: the measures of Saxony's International Strategy, their rounds and reports.

Everything below ``app`` except ``app.ui`` is the core: it imports no Qt, so it can be used from
the command line, from tests and from scripts without a display.
"""

__version__ = "0.1.0"
