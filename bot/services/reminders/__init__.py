"""Follow-up reminders: rows in the database (bot/db/repositories/reminders.py), sent by a loop
inside the bot process (bot/jobs/reminders.py).

- `window`: the hours and days reminders may be sent in, and spreading over an opening.
- `holidays`: the public holidays on which reminders wait.
- `events`: what plans and cancels reminders (a scan started or ended, opting in, switching).
- `content`: what each reminder says and which buttons it carries, and what comes after it.
- `delivery`: one claimed reminder from the decision to its settlement (sent, moved, failed).
- `preferences`: what an owner chooses about reminders.
"""
