"""The gettext catalogues: ``<locale>/LC_MESSAGES/messages.po``. Data, not code.

A package only so that setuptools installs the catalogues with the bot and the bot finds them the
same way in a checkout, an editable install and a wheel (see bot/i18n.py).
"""
