"""The reports page: choosing a report and exporting it as PDF."""
