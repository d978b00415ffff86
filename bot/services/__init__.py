"""The bot's logic, below the handlers: scan, results and what-if, consent, campaigns,
reminders, privacy. Services own their transactions and import no handler."""
