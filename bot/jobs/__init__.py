"""Work beside the handlers, started and stopped with polling or the webhook: the reminder loop
(`reminders`), housekeeping (`housekeeping`: retention and clean-up) and the PDF worker process
(`documents`); `install.install_jobs` sets them up for a dispatcher. Jobs call the services;
handlers and services never import a job (the PDF worker reaches the result handler as
dispatcher data, `report_pdf`).

Nothing is imported here: the PDF worker process imports `bot.jobs.documents` through this
package, and should not load aiogram and the services to make a PDF.
"""
