# Tredebot: slim Python, production dependencies only (no test tools, no stand-in, no tests),
# non-root, compiled catalogues, migrations at start, data in a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/tredebot.db
WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock

# Only the installed bot's packages (see [tool.setuptools.packages.find] in pyproject.toml).
COPY pyproject.toml README.md /tmp/tredebot/
COPY bot /tmp/tredebot/bot
COPY dialogs /tmp/tredebot/dialogs
COPY pso /tmp/tredebot/pso
COPY locales /tmp/tredebot/locales
# A regular (not editable) install; then the catalogues are compiled beside the installed .po
# files while site-packages is still writable (bot/i18n.py), so the non-root user only reads them.
RUN pip install --no-deps /tmp/tredebot \
    && rm -rf /tmp/tredebot \
    && python -m bot.i18n \
    && useradd --create-home --uid 10001 tredebot \
    && mkdir -p /app/data && chown tredebot:tredebot /app/data

USER tredebot
VOLUME ["/app/data"]
EXPOSE 8080
# `tredebot run` applies the migrations before it starts polling or serving the webhook.
CMD ["tredebot", "run"]
