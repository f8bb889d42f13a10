"""The spreadsheets: the register, the departments, a round's status, a department's answers."""
