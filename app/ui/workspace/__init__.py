"""The department's workspace ("My returns"): the screen, its export and proposal dialogs, the
answer form for a measure and the assessment form for a partnership."""
