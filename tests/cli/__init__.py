"""Tests of the command line (``app/cli/``): its structure and its commands as a user meets them,
including whole rounds run from the command line on several data folders."""
