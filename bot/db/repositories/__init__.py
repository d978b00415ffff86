"""Every SQL statement of the bot: small keyword-only functions, one module per aggregate."""
