"""Outreach: staff roles and organisations, campaign figures (with small cells suppressed),
their chart and CSV, and the campaign's QR code and poster. Storage is in bot/db/repositories."""
