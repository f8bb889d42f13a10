"""Data safety in the window: the recovery dialog at start, the read-only banner, the Backups
dialog and the Help menu."""
