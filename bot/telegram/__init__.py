"""Talking to the Bot API: the bot's HTTP client, surviving Telegram's errors, the webhook."""
