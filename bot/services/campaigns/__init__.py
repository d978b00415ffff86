"""Outreach: staff roles, campaigns and their deep links, attribution, statistics, consent."""
