"""The staff dashboard: a small server-rendered web application served by the bot's own
process (bot/web/app.py). Its logic is in bot/services/dashboard.py; nothing below the web
layer imports this package (an import-linter contract)."""
