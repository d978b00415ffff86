# Tredebot: slim Python, non-root, compiled catalogues, migrations at start, data in a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite+aiosqlite:////app/data/tredebot.db
WORKDIR /app

COPY requirements.lock pyproject.toml README.md ./
RUN pip install -r requirements.lock

COPY bot ./bot
COPY dialogs ./dialogs
COPY pso ./pso
COPY locales ./locales
RUN pip install --no-deps -e . \
    && pybabel compile -D messages -d locales \
    && useradd --create-home --uid 10001 tredebot \
    && mkdir -p /app/data && chown tredebot:tredebot /app/data

USER tredebot
VOLUME ["/app/data"]
EXPOSE 8080
# `tredebot run` applies the migrations before it starts polling or serving the webhook.
CMD ["tredebot", "run"]
