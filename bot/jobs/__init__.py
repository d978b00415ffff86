"""Work beside the handlers, started and stopped with polling or the webhook: the reminder loop
(`reminders`) and housekeeping (`housekeeping`: retention and clean-up); `install.install_jobs`
sets them up for a dispatcher, with the drawing worker process (bot/runtime/drawing.py). Jobs
call the services; handlers and services never import a job.
"""
