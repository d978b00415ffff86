"""Every SQL statement of the bot: small keyword-only functions, one module per aggregate.

Callers own the transaction: they run these inside `bot.db.transactions.read` or `write`
(sessions do not begin one by themselves, see `bot.db.engine`); only `reminders.claim_due` runs
its own. Statements are plain SQLModel/SQLAlchemy, the same on SQLite and PostgreSQL.

- `users`: the stored user, their activity and language, who is silent beyond the retention
  period; processed updates.
- `conversations`: every flow a user is in (the scan, a what-if, a hire, a consent, a
  campaign's creation), read with the user in one statement, moved by one guarded write.
- `results`: stored results.
- `campaigns`: campaigns and the attribution of owners to them.
- `organisations`: organisations, their staff members and staff invites.
- `consents`: owners' consent to be contacted.
- `reminders`: reminder rows and preferences; planning, cancelling, the atomic claim.
- `audit`: the audit trail.
- `web`: the dashboard's sign-in links and browser sessions.
- `statistics`: the grouped queries behind the campaign figures.
- `privacy`: a person's rows in every declared table, for their export and their erasure.
"""
