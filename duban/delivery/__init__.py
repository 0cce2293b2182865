"""Reminders that reach people: group robots (钉钉, 企业微信, 飞书) and e-mail, configured by the office."""
