"""Benchmarks: each figure beside its floor measured in the same run (see ``python -m bench``).

The figures are for the program as installed, whose modules are compiled to bytecode once (pip
compiles them when it installs; a development checkout writes them on its first start). Where
``PYTHONDONTWRITEBYTECODE`` is set (as in CI and some sandboxes) nothing would be written and
every process the benchmarks start would compile the application's modules from source again,
a cost no user pays: so they are compiled here, once, when the benchmarks are loaded.
"""

import compileall
from pathlib import Path

compileall.compile_dir(Path(__file__).resolve().parent.parent / "app", quiet=1, workers=1)
