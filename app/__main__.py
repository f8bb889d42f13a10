"""``python -m app`` does the same as the ``imag`` command."""

from app.cli.main import main

raise SystemExit(main())
