"""Follow-up reminders: rows in the database, sent by a dispatcher loop inside the bot process.

- `clock`: injectable time, so tests move through months without sleeping.
- `window`: the hours and days reminders may be sent in, and spreading over an opening.
- `store`: planning, cancelling and the atomic claim (SQLite immediate transaction, PostgreSQL
  FOR UPDATE SKIP LOCKED).
- `content`: what each reminder says and which buttons it carries, and what comes after it.
- `dispatcher`: the loop, the rate limits and Telegram's errors.
"""
