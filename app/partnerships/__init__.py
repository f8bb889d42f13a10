"""Evaluating the regional partnerships (no Qt): criteria sets, partnership rounds (through the
rounds' packages, import, conflicts and completeness) and their results."""
