"""Outreach: staff roles and organisations, campaign figures (with small cells suppressed) and
their CSV. Their chart, the campaign's QR code and poster are drawn in the drawing worker
(bot/pictures). Storage is in bot/db/repositories."""
