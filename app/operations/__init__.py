"""The core's operations on a register: every change goes through here, in one transaction,
and leaves its trace in the audit trail. The UI and the command line call these; neither writes
SQL of its own."""
