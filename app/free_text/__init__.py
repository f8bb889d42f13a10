"""Polish and Czech versions of the measures' free text (comment, next steps, reason): their
states, the translation memory, the translation packages for the liaison offices."""
