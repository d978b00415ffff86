"""The bot's logic, below the handlers: scan, results and what-if, consent, campaigns,
reminders, privacy, the dashboard. Services own their transactions, import no handler and build
no SQL: they call bot/db/repositories."""
