"""What the test modules share, as plain functions and builders (the fixtures are in
``tests/conftest.py``); no test module imports another one.

- ``project``: the project's folders, the environment every test runs in, ``imag`` run in a
  separate process as a user would.
- ``rounds_kit``: a secretariat, its departments' "laptops" and real package files in between,
  through the core functions; ways to see that a register did not change.
- ``partnership_kit``: partnership rounds built on ``rounds_kit``.
- ``qt``: waiting for the window and the focus, typing, and the keyboard and screen-reader checks
  several screens' tests run.
"""
