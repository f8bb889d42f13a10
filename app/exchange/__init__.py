"""Exchange packages: the files that carry a round to a department and its return back.

:mod:`app.exchange.container` reads and writes the file itself (a zip with a manifest, a
signature or MAC, and a payload that may be encrypted), safely and without trusting it;
:mod:`app.exchange.schema` checks manifests and payloads against the format's JSON Schema
(``exchange-format.schema.json``). What a package means for the register
is the business of :mod:`app.rounds`. The format is described in ``docs/exchange-format.md``.
"""
