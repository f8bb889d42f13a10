"""Evaluation rounds (no Qt), the same code for every kind of round (:mod:`app.rounds.kinds`
says what differs): the secretariat's side (:mod:`app.rounds.secretariat`: create, issue,
import, conflicts, completeness, close), the department's side (:mod:`app.rounds.workspace`:
open a round package, answer, export the return) and the frozen snapshot of a closed round
(:mod:`app.rounds.snapshot`)."""
