"""What the user sees: callback data, texts and keyboards. No database, no Bot API calls."""
