"""The command line interface (``imag``). Imports no Qt unless the GUI is started."""
