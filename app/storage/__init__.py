"""Opening, checking, migrating, locking and backing up the register file. No Qt here."""
