"""Cleaning: the raw cells of a register as canonical values (text, dates, statuses, deadline forms)."""
